import { describe, expect, it } from 'vitest';
import { brierDecomposition, expectedCalibrationError, maximumCalibrationError, reliabilityDiagram, type Binning } from '../../src/calibration/index.js';
import { brierScore, wilsonInterval } from '../../src/calibration/metrics.js';
import { fixtures, maxDiff } from './fixtures.js';

const curves = fixtures.cases.filter((c) => c.curves).map((c) => [c.name, c] as const);
const withBrier = fixtures.cases.filter((c) => c.brier !== undefined).map((c) => [c.name, c] as const);
const BINNINGS: [Binning, 'uniform' | 'quantile'][] = [['equal-width', 'uniform'], ['equal-mass', 'quantile']];

describe(`reliability data equals scikit-learn ${fixtures.sklearn} calibration_curve (10 bins)`, () => {
  it.each(curves)('%s', (_name, c) => {
    for (const [binning, strategy] of BINNINGS) {
      const d = reliabilityDiagram(c.labels, c.scores, { bins: 10, binning });
      expect(maxDiff(d.bins.map((b) => b.meanPredicted), c.curves![strategy].prob_pred)).toBeLessThan(1e-12);
      expect(maxDiff(d.bins.map((b) => b.observed.value), c.curves![strategy].prob_true)).toBeLessThan(1e-12);
    }
  });

  it('puts a prediction on an edge in the lower bin, as numpy.searchsorted does', () => {
    const d = reliabilityDiagram([0, 1, 1], [0.5, 0.5, 0.7], { bins: 2 });
    expect(d.bins.map((b) => [b.lower, b.upper, b.count])).toEqual([[0, 0.5, 2], [0.5, 1, 1]]);
  });

  it('gives each bin its Wilson interval and reports the ECE and MCE of the same bins', () => {
    const c = fixtures.cases.find((x) => x.name === 'over_confident')!;
    const d = reliabilityDiagram(c.labels, c.scores, { bins: 15 });
    for (const b of d.bins) expect(b.observed).toEqual(wilsonInterval(Math.round(b.observed.value * b.count), b.count));
    expect(d.bins.reduce((s, b) => s + b.count, 0)).toBe(c.scores.length);
    expect(d.ece).toBeCloseTo(expectedCalibrationError(c.labels, c.scores, { bins: 15 }), 15);
    expect(d.mce).toBe(maximumCalibrationError(c.labels, c.scores, { bins: 15 }));
    expect([d.n, d.binCount, d.binning]).toEqual([c.scores.length, 15, 'equal-width']);
  });
});

describe('ECE and MCE', () => {
  it('are the mass-weighted mean and the largest gap of the bins', () => {
    // bins (0, 0.5] and (0.5, 1]: means 0.2 and 0.75 (weights 1, 1 and 1, 3), positive rates 0 and 1
    expect(expectedCalibrationError([0, 0, 1, 1], [0.1, 0.3, 0.6, 0.8], { bins: 2 })).toBeCloseTo(0.25, 15);
    expect(expectedCalibrationError([0, 0, 1, 1], [0.1, 0.3, 0.6, 0.8], { bins: 2, weights: [1, 1, 1, 3] })).toBeCloseTo((2 / 6) * 0.2 + (4 / 6) * 0.25, 15);
    expect(maximumCalibrationError([0, 0, 1, 1], [0.1, 0.3, 0.6, 0.8], { bins: 2 })).toBeCloseTo(0.3, 15);
  });

  it('with integer weights equal the ECE of the data with rows repeated (equal-width bins)', () => {
    const c = fixtures.cases.find((x) => x.name === 'over_confident')!;
    const weights = c.scores.map((_, i) => i % 4);
    const rep = (v: number[]) => v.flatMap((x, i) => Array<number>(weights[i]!).fill(x));
    expect(expectedCalibrationError(c.labels, c.scores, { weights })).toBeCloseTo(expectedCalibrationError(rep(c.labels), rep(c.scores)), 14);
    expect(maximumCalibrationError(c.labels, c.scores, { weights })).toBeCloseTo(maximumCalibrationError(rep(c.labels), rep(c.scores)), 14);
  });

  it('are 0 for predictions that equal the positive rate of their bin', () => {
    expect(expectedCalibrationError([0, 1, 0, 0, 0, 1, 1, 1], [0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 1, 1], { bins: 4 })).toBe(0);
  });
});

describe('the Brier decomposition', () => {
  it.each(withBrier)(`%s: the score equals sklearn's brier_score_loss; the binned identity holds`, (_name, c) => {
    const weights = c.weights ?? undefined;
    for (const [binning] of BINNINGS) {
      for (const bins of [1, 5, 10, 37]) {
        const d = brierDecomposition(c.labels, c.scores, { bins, binning, weights });
        expect(d.brier).toBeCloseTo(c.brier!, 14);
        expect(d.reliability - d.resolution + d.uncertainty + d.withinBinVariance - d.withinBinCovariance).toBeCloseTo(d.brier, 14);
      }
    }
  });

  it.each(withBrier)("%s: its score is brierScore's, to the bit, with and without the case's weights", (_name, c) => {
    for (const weights of [c.weights ?? undefined, undefined]) {
      const brier = brierScore(c.labels, c.scores, weights);
      for (const [binning] of BINNINGS) expect(brierDecomposition(c.labels, c.scores, { bins: 10, binning, weights }).brier).toBe(brier);
    }
    expect(brierScore(c.labels, c.scores, c.weights ?? undefined)).toBeCloseTo(c.brier!, 14);
  });

  it("is Murphy's three terms when each bin holds one prediction value", () => {
    const probs = [0.15, 0.15, 0.15, 0.45, 0.45, 0.85, 0.85, 0.85, 0.85];
    const labels = [0, 0, 1, 1, 0, 1, 1, 1, 0];
    const d = brierDecomposition(labels, probs, { bins: 10 });
    expect(d.withinBinVariance).toBeLessThan(1e-30);
    expect(Math.abs(d.withinBinCovariance)).toBeLessThan(1e-16);
    expect(d.reliability - d.resolution + d.uncertainty).toBeCloseTo(brierScore(labels, probs), 15);
    const base = 5 / 9;
    expect(d.uncertainty).toBeCloseTo(base * (1 - base), 15);
    // bins: 0.15 (1 of 3), 0.45 (1 of 2), 0.85 (3 of 4)
    expect(d.reliability).toBeCloseTo((3 * (0.15 - 1 / 3) ** 2 + 2 * (0.45 - 0.5) ** 2 + 4 * (0.85 - 0.75) ** 2) / 9, 15);
    expect(d.resolution).toBeCloseTo((3 * (1 / 3 - base) ** 2 + 2 * (0.5 - base) ** 2 + 4 * (0.75 - base) ** 2) / 9, 15);
  });

  it('has zero resolution and reliability with one bin predicting the base rate', () => {
    const d = brierDecomposition([0, 1, 1, 0], [0.5, 0.5, 0.5, 0.5], { bins: 1 });
    expect(d).toEqual({ brier: 0.25, reliability: 0, resolution: 0, uncertainty: 0.25, withinBinVariance: 0, withinBinCovariance: 0 });
  });
});
