/**
 * The combination: simplex weights against hand-solved cases, a brute-force grid over the simplex (scored by the
 * calibration module's logLoss) and the optimality conditions; logistic stacking against a hand-solved saturated
 * model and its first-order conditions; the failing-member rule by hand.
 */
import { describe, expect, it } from 'vitest';
import { logLoss } from '../../../src/calibration/metrics.js';
import { Rng } from '../../../src/core/rng.js';
import { combineRows, fitCombination, memberShares } from '../../../src/ensemble/combine/combination.js';
import { clippedLogit, fitStacking, sigmoid } from '../../../src/ensemble/combine/stacking.js';
import { fitSimplexWeights } from '../../../src/ensemble/combine/weights.js';

/** Three members of different quality on 600 rows: p = sigmoid(s * truth + noise) with the label drawn from truth. */
function members(seed: number): { probs: Float64Array[]; labels: Float64Array } {
  const rng = new Rng(seed);
  const n = 600;
  const labels = new Float64Array(n);
  const probs = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  for (let i = 0; i < n; i++) {
    const z = rng.normal();
    labels[i] = rng.uniform() < sigmoid(z) ? 1 : 0;
    probs[0]![i] = sigmoid(1.2 * z + 0.8 * rng.normal());
    probs[1]![i] = sigmoid(0.6 * z + 0.5 * rng.normal() + 0.3);
    probs[2]![i] = sigmoid(2.5 * z + 1.5 * rng.normal());
  }
  return { probs, labels };
}

function mixture(probs: readonly Float64Array[], w: readonly number[]): Float64Array {
  return Float64Array.from(probs[0]!, (_, i) => probs.reduce((s, p, k) => s + w[k]! * p[i]!, 0));
}

describe('fitSimplexWeights', () => {
  it('solves the hand case: constant members 0.8 and 0.2, 7 of 10 up -> 0.7 = 5/6 * 0.8 + 1/6 * 0.2', () => {
    const { weights } = fitSimplexWeights([new Float64Array(10).fill(0.8), new Float64Array(10).fill(0.2)], Float64Array.of(1, 1, 1, 1, 1, 1, 1, 0, 0, 0));
    expect(weights[0]).toBeCloseTo(5 / 6, 8);
    expect(weights[1]).toBeCloseTo(1 / 6, 8);
  });

  it('returns weights on the simplex, at least as good as a 0.005 grid over it (scored by logLoss)', () => {
    const { probs, labels } = members(3);
    const fit = fitSimplexWeights(probs, labels);
    expect(fit.weights.every((w) => w >= 0)).toBe(true);
    expect(fit.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(fit.logLoss).toBeCloseTo(logLoss(labels, mixture(probs, fit.weights)), 12);
    let best = { loss: Infinity, w: [0, 0, 0] };
    for (let a = 0; a <= 200; a++) {
      for (let b = 0; a + b <= 200; b++) {
        const w = [a / 200, b / 200, (200 - a - b) / 200];
        const loss = logLoss(labels, mixture(probs, w));
        if (loss < best.loss) best = { loss, w };
      }
    }
    expect(fit.logLoss).toBeLessThanOrEqual(best.loss + 1e-12);
    fit.weights.forEach((w, k) => expect(Math.abs(w - best.w[k]!)).toBeLessThan(0.01));
  });

  it('meets the optimality conditions: equal gradients on the support, no smaller one off it', () => {
    const { probs, labels } = members(8);
    const { weights } = fitSimplexWeights(probs, labels);
    const p = mixture(probs, weights);
    // L(w) = -(1/n) sum_i [y_i ln p_i + (1 - y_i) ln(1 - p_i)], p_i = sum_k w_k p_ki: dL/dw_k = -(1/n) sum_i p_ki (y_i / p_i - (1 - y_i) / (1 - p_i))
    const grad = probs.map((pk) => -pk.reduce((s, v, i) => s + (labels[i] === 1 ? v / p[i]! : -v / (1 - p[i]!)), 0) / labels.length);
    const support = weights.flatMap((w, k) => (w > 1e-6 ? [grad[k]!] : []));
    const level = Math.min(...support);
    support.forEach((g) => expect(g - level).toBeLessThan(1e-6));
    weights.forEach((w, k) => {
      if (w <= 1e-6) expect(grad[k]!).toBeGreaterThanOrEqual(level - 1e-9);
    });
  });

  it('never does worse than the best single member (a dominated member gets weight 0)', () => {
    const labels = Float64Array.from({ length: 200 }, (_, i) => i % 2);
    const perfect = Float64Array.from(labels, (y) => (y === 1 ? 0.9 : 0.1));
    const useless = new Float64Array(200).fill(0.5);
    const fit = fitSimplexWeights([useless, perfect], labels);
    expect(fit.weights).toEqual([0, 1]);
    expect(fit.logLoss).toBeCloseTo(logLoss(labels, perfect), 14);
  });

  it('is deterministic', () => {
    const { probs, labels } = members(5);
    expect(fitSimplexWeights(probs, labels)).toEqual(fitSimplexWeights(probs, labels));
  });
});

describe('fitStacking', () => {
  it('solves a hand-checked tiny case: a saturated model of three groups', () => {
    // Member logits (1, 0) on 4 rows with 3 up, (0, 1) on 4 rows with 1 up, (0, 0) on 2 rows with 1 up:
    // b = logit(1/2) = 0, b + a1 = logit(3/4) = ln 3, b + a2 = logit(1/4) = -ln 3.
    const s1 = sigmoid(1);
    const p1 = Float64Array.of(s1, s1, s1, s1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5);
    const p2 = Float64Array.of(0.5, 0.5, 0.5, 0.5, s1, s1, s1, s1, 0.5, 0.5);
    const y = Float64Array.of(1, 1, 1, 0, 1, 0, 0, 0, 1, 0);
    const fit = fitStacking([p1, p2], y, 0);
    expect(fit.intercept).toBeCloseTo(0, 9);
    expect(fit.coefficients[0]).toBeCloseTo(Math.log(3), 9);
    expect(fit.coefficients[1]).toBeCloseTo(-Math.log(3), 9);
    const combined = combineRows({ method: 'stacking', intercept: fit.intercept, coefficients: fit.coefficients }, [p1, p2], 10).probability;
    expect(Array.from(combined, (v) => Number(v.toFixed(9)))).toEqual([0.75, 0.75, 0.75, 0.75, 0.25, 0.25, 0.25, 0.25, 0.5, 0.5]);
  });

  it('zeroes the penalized gradient at its solution (l2 = 0.01)', () => {
    const { probs, labels } = members(4);
    const l2 = 0.01;
    const fit = fitStacking(probs, labels, l2);
    const n = labels.length;
    const g = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) {
      const x = [1, ...probs.map((p) => clippedLogit(p[i]!))];
      const r = sigmoid(fit.intercept + fit.coefficients.reduce((s, a, k) => s + a * x[k + 1]!, 0)) - labels[i]!;
      x.forEach((v, a) => (g[a] = g[a]! + (r * v) / n));
    }
    fit.coefficients.forEach((a, k) => (g[k + 1] = g[k + 1]! + l2 * a));
    g.forEach((v) => expect(Math.abs(v)).toBeLessThan(1e-9));
  });
});

describe('combineRows: the failing-member rule', () => {
  it('renormalises the weights of the members left (never reads a missing one as 0.5)', () => {
    const c = { method: 'weights', weights: [0.5, 0.3, 0.2] } as const;
    const out = combineRows(c, [Float64Array.of(0.9, 0.9, 0.9), Float64Array.of(0.1, NaN, 1.5), undefined], 3);
    expect(out.share[0]).toBeCloseTo(0.8, 15);
    expect(out.probability[0]).toBeCloseTo((0.5 * 0.9 + 0.3 * 0.1) / 0.8, 15);
    expect(Array.from(out.share.subarray(1))).toEqual([0.5, 0.5]);
    expect(Array.from(out.probability.subarray(1))).toEqual([0.9, 0.9]);
  });

  it('scales the logit sum of the members left for stacking', () => {
    const c = { method: 'stacking', intercept: 0.5, coefficients: [2, -1] } as const;
    const out = combineRows(c, [Float64Array.of(0.7), undefined], 1);
    expect(out.share[0]).toBeCloseTo(2 / 3, 15);
    expect(out.probability[0]).toBeCloseTo(sigmoid(0.5 + 1.5 * 2 * Math.log(0.7 / 0.3)), 14);
    const all = combineRows(c, [Float64Array.of(0.7), Float64Array.of(0.4)], 1);
    expect(all.probability[0]).toBeCloseTo(sigmoid(0.5 + 2 * Math.log(0.7 / 0.3) - Math.log(0.4 / 0.6)), 14);
  });

  it('gives NaN with share 0 when no member is left', () => {
    const out = combineRows({ method: 'weights', weights: [1] }, [undefined], 2);
    expect(Array.from(out.probability)).toEqual([NaN, NaN]);
    expect(Array.from(out.share)).toEqual([0, 0]);
  });

  it('memberShares: weights as they are, |coefficients| normalised', () => {
    expect(Array.from(memberShares({ method: 'weights', weights: [0.25, 0.75] }))).toEqual([0.25, 0.75]);
    expect(Array.from(memberShares({ method: 'stacking', intercept: 3, coefficients: [1, -3] }))).toEqual([0.25, 0.75]);
    expect(Array.from(memberShares({ method: 'stacking', intercept: 3, coefficients: [0, 0] }))).toEqual([0.5, 0.5]);
  });

  it('fitCombination dispatches on the method', () => {
    const { probs, labels } = members(2);
    expect(fitCombination('weights', probs, labels, 0)).toEqual({ method: 'weights', weights: fitSimplexWeights(probs, labels).weights });
    const s = fitStacking(probs, labels, 1e-3);
    expect(fitCombination('stacking', probs, labels, 1e-3)).toEqual({ method: 'stacking', intercept: s.intercept, coefficients: s.coefficients });
  });
});
