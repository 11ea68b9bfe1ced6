import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accuracy, accuracyByConfidence, balancedAccuracy, brierScore, coverageAccuracyCurve, coverageAtAccuracy, logLoss, rocAuc, wilsonInterval } from '../../src/calibration/metrics.js';

interface Case { labels: number[]; probs: number[]; roc_auc: number; log_loss: number; brier: number; accuracy: number; balanced_accuracy: number; wilson: [number, number] }
const { cases } = JSON.parse(readFileSync(new URL('../fixtures/metrics/metrics.json', import.meta.url), 'utf8')) as { cases: Case[] };

describe('metrics equal scikit-learn 1.2.1 (fixtures from scripts/fixtures/metrics_fixtures.py)', () => {
  it.each(cases.map((c, i) => [i, c] as const))('case %i', (_i, c) => {
    expect(rocAuc(c.labels, c.probs)).toBeCloseTo(c.roc_auc, 12);
    expect(logLoss(c.labels, c.probs)).toBeCloseTo(c.log_loss, 12);
    expect(brierScore(c.labels, c.probs)).toBeCloseTo(c.brier, 12);
    const acc = accuracy(c.labels, c.probs);
    expect(acc.value).toBeCloseTo(c.accuracy, 12);
    expect(acc.lower).toBeCloseTo(c.wilson[0], 12);
    expect(acc.upper).toBeCloseTo(c.wilson[1], 12);
    expect(balancedAccuracy(c.labels, c.probs).value).toBeCloseTo(c.balanced_accuracy, 12);
  });
});

describe('the weighted Brier score', () => {
  it('is sum w (p - y)^2 / sum w, and mean((p - y)^2) without weights', () => {
    expect(brierScore([1, 0], [0.9, 0.2])).toBe(0.025);
    expect(brierScore([1, 0], [0.9, 0.2], [3, 1])).toBeCloseTo((3 * 0.1 ** 2 + 0.2 ** 2) / 4, 16);
    expect(brierScore([1, 0, 1], [0.9, 0.2, 0.3], [1, 1, 0])).toBe(brierScore([1, 0], [0.9, 0.2]));
  });
  it('with integer weights equals the score of the data with rows repeated', () => {
    const labels = [1, 0, 1, 0, 1];
    const probs = [0.8, 0.3, 0.45, 0.6, 0.99];
    const weights = [2, 1, 3, 0, 1];
    const rep = (v: number[]) => v.flatMap((x, i) => Array<number>(weights[i]!).fill(x));
    expect(brierScore(labels, probs, weights)).toBeCloseTo(brierScore(rep(labels), rep(probs)), 15);
  });
  it('with validate: false does not check, as logLoss does', () => {
    expect(brierScore([1, 0], [0.9, 0.2], Float32Array.of(3, 1), { validate: false })).toBe(brierScore([1, 0], [0.9, 0.2], [3, 1]));
    expect(brierScore([], [], undefined, { validate: false })).toBeNaN();
  });
});

describe('confidence buckets and the coverage-accuracy curve', () => {
  const labels = [1, 0, 1, 0, 1, 1];
  const probs = [0.95, 0.1, 0.6, 0.55, 0.45, 0.8];
  it('buckets by |2p - 1|', () => {
    const b = accuracyByConfidence(labels, probs, 2);
    // confidences 0.9, 0.8, 0.2, 0.1, 0.1, 0.6 -> bucket 1: 0.95, 0.1, 0.8 (all right); bucket 0: 0.6 right, 0.55 wrong, 0.45 wrong
    expect(b[1]!.accuracy!.value).toBe(1);
    expect(b[1]!.accuracy!.n).toBe(3);
    expect(b[0]!.accuracy!.value).toBeCloseTo(1 / 3, 12);
  });
  it('reports accuracy on the k most confident and the coverage reaching a target', () => {
    const curve = coverageAccuracyCurve(labels, probs);
    // 0.55 and 0.45 have confidences 0.1000...09 and 0.0999...98 in floating point: two points
    expect(curve.map((p) => [p.coverage, p.accuracy])).toEqual([[1 / 6, 1], [2 / 6, 1], [3 / 6, 1], [4 / 6, 1], [5 / 6, 4 / 5], [1, 4 / 6]]);
    expect(coverageAtAccuracy(curve, 0.9)).toBeCloseTo(4 / 6, 12);
    expect(coverageAtAccuracy(curve, 1.01)).toBe(0);
  });
});

describe('bad inputs are typed errors', () => {
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return (e as { code: string }).code;
    }
    return 'none';
  };
  it.each([
    ['a label that is not 0/1', () => accuracy([1, 2], [0.5, 0.5]), 'INVALID_PARAMETER'],
    ['a probability outside [0, 1]', () => logLoss([1, 0], [1.5, 0.5]), 'INVALID_PARAMETER'],
    ['a NaN probability', () => brierScore([1, 0], [NaN, 0.5]), 'INVALID_PARAMETER'],
    ['mismatched lengths', () => rocAuc([1, 0], [0.5]), 'LENGTH_MISMATCH'],
    ['no samples', () => accuracy([], []), 'INVALID_PARAMETER'],
    ['one class only for AUC', () => rocAuc([1, 1], [0.2, 0.3]), 'INVALID_PARAMETER'],
    ['k > n for Wilson', () => wilsonInterval(5, 4), 'INVALID_PARAMETER'],
  ])('%s', (_name, fn, expected) => expect(code(fn)).toBe(expected));
});
