/** robustAccuracy against hand-computed variances and the Wald interval it reduces to. */
import { describe, expect, it } from 'vitest';
import { robustAccuracy, type Call } from '../../../src/cli/report/robust.js';
import { InvalidParameterError } from '../../../src/core/errors.js';

const Z = 1.959963984540054;
const STEP = 900_000;

describe('robustAccuracy', () => {
  it('is the Wald interval for one call per time and labels of one candle', () => {
    const calls: Call[] = [1, 0, 1, 1, 0, 1, 1, 1, 0, 1].map((c, i) => ({ ts: i * STEP, span: STEP, correct: c === 1 }));
    const r = robustAccuracy(calls);
    const half = Z * Math.sqrt((0.7 * 0.3) / 10);
    expect(r).toMatchObject({ value: 0.7, n: 10, clusters: 10 });
    expect(r.lower).toBeCloseTo(0.7 - half, 14);
    expect(r.upper).toBeCloseTo(Math.min(1, 0.7 + half), 14);
  });

  it('counts simultaneous calls as one cluster: k copies of every call leave the interval unchanged', () => {
    const base = [1, 0, 1, 1, 0, 0, 1, 1].map((c, i) => ({ ts: i * STEP, span: STEP, correct: c === 1 }));
    const tripled = base.flatMap((c) => [c, c, c]);
    const a = robustAccuracy(base), b = robustAccuracy(tripled);
    expect(b.n).toBe(24);
    expect(b.clusters).toBe(8);
    expect(b.lower).toBeCloseTo(a.lower, 14);
    expect(b.upper).toBeCloseTo(a.upper, 14);
  });

  it('weights overlapping labels with the Bartlett kernel over the label span (hand-computed)', () => {
    // Three calls a candle apart, labels two candles long: â = 2/3, u = (1/3, 1/3, -2/3), k(1 candle) = 1/2, k(2) = 0.
    const calls = [1, 1, 0].map((c, i) => ({ ts: i * STEP, span: 2 * STEP, correct: c === 1 }));
    const variance = (1 / 9 + 1 / 9 + 4 / 9 + 2 * 0.5 * (1 / 9) + 2 * 0.5 * (-2 / 9)) / 9;
    const r = robustAccuracy(calls);
    expect(r.value).toBeCloseTo(2 / 3, 15);
    expect(r.lower).toBeCloseTo(2 / 3 - Z * Math.sqrt(variance), 14);
    expect(r.upper).toBe(1);
  });

  it('gives the documented example', () => {
    const calls = [0, 0, 0, 1, 1, 1].map((k, i) => ({ ts: k * STEP, span: STEP, correct: k === 0 && i < 3 }));
    expect(robustAccuracy(calls)).toEqual({ value: 0.5, lower: 0, upper: 1, n: 6, clusters: 2 });
  });

  it('refuses no calls and calls without a finite time or a positive span', () => {
    const cases: [unknown, string][] = [
      [[], 'calls'],
      ['calls', 'calls'],
      [[{ ts: NaN, span: STEP, correct: true }], 'calls[0]'],
      [[{ ts: 0, span: STEP, correct: true }, { ts: 1, span: 0, correct: true }], 'calls[1]'],
      [[{ ts: 0, span: -STEP, correct: true }], 'calls[0]'],
      [[null], 'calls[0]'],
    ];
    for (const [calls, parameter] of cases) {
      const e = (() => { try { robustAccuracy(calls as Call[]); } catch (x) { return x; } })();
      expect(e, parameter).toBeInstanceOf(InvalidParameterError);
      expect((e as InvalidParameterError).code).toBe('INVALID_PARAMETER');
      expect((e as InvalidParameterError).parameter).toBe(parameter);
    }
  });
});
