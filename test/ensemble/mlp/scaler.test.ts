/**
 * The robust scaler: quantiles against numpy's percentile (values printed by numpy 2.4's `np.percentile(a, q)`) and a
 * sort-based reference, the documented rules (NaN / Infinity imputed, IQR 0 -> scale 1, all-missing column), and
 * fitting on the training rows only.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { fitRobustScaler, quantiles, scaleRows } from '../../../src/ensemble/mlp/scaler.js';
import { trainMLP } from '../../../src/ensemble/mlp/train.js';
import { plantedRule } from './data.js';

/** Sort-based linear-interpolation quantile (Hyndman & Fan type 7), the plain definition. */
function sortQuantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = q * (s.length - 1), lo = Math.floor(pos);
  return lo + 1 < s.length ? s[lo]! + (s[lo + 1]! - s[lo]!) * (pos - lo) : s[lo]!;
}

describe('quantiles', () => {
  it('agrees with numpy.percentile', () => {
    // np.percentile([8, 1, 4, 2], [25, 50, 75]) -> [1.75, 3., 5.]
    expect(quantiles(Float64Array.of(8, 1, 4, 2), 4, [0.25, 0.5, 0.75])).toEqual([1.75, 3, 5]);
    // np.percentile([3, 1, 2, 10, 7, 5, 5], [25, 50, 75]) -> [2.5, 5., 6.]
    expect(quantiles(Float64Array.of(3, 1, 2, 10, 7, 5, 5), 7, [0.25, 0.5, 0.75])).toEqual([2.5, 5, 6]);
    expect(quantiles(Float64Array.of(42), 1, [0.25, 0.5, 0.75])).toEqual([42, 42, 42]);
    expect(quantiles(Float64Array.of(2, 1), 2, [0.25, 0.5, 0.75])).toEqual([1.25, 1.5, 1.75]);
  });

  it('agrees with a sort-based reference on random, tied and sorted inputs', () => {
    const rng = new Rng(4);
    for (let trial = 0; trial < 60; trial++) {
      const n = 1 + Math.floor(rng.uniform() * 300);
      const kind = trial % 4;
      const values = Array.from({ length: n }, (_, i) => (kind === 0 ? rng.normal() : kind === 1 ? Math.floor(rng.uniform() * 4) : kind === 2 ? i : 7));
      const got = quantiles(Float64Array.from(values), n, [0.1, 0.25, 0.5, 0.75, 0.9]);
      const want = [0.1, 0.25, 0.5, 0.75, 0.9].map((q) => sortQuantile(values, q));
      for (let k = 0; k < 5; k++) expect(got[k]).toBeCloseTo(want[k]!, 12);
    }
  });
});

describe('fitRobustScaler and scaleRows', () => {
  it('centres on the median, scales by the IQR, imputes the median, scale 1 for IQR 0 and for an all-missing column', () => {
    const data = Float64Array.of(1, 5, NaN, 2, 5, NaN, 4, NaN, NaN, 8, 5, Infinity);
    const s = fitRobustScaler({ rows: 4, cols: 3, data }, 4);
    expect(Array.from(s.center)).toEqual([3, 5, 0]);
    expect(Array.from(s.scale)).toEqual([3.25, 1, 1]);
    expect(Array.from(s.impute)).toEqual([3, 5, 0]);
    const out = new Float32Array(12);
    scaleRows({ rows: 4, cols: 3, data }, 0, 4, s, out, 0, 'X');
    expect(Array.from(out)).toEqual([-2 / 3.25, 0, 0, -1 / 3.25, 0, 0, 1 / 3.25, 0, 0, 5 / 3.25, 0, 0].map(Math.fround));
    expect(out.every(Number.isFinite)).toBe(true);
  });

  it('is fitted on the training rows only (the validation tail does not move it)', () => {
    const { X, y } = plantedRule(400, 3, 8);
    const data = Float64Array.from(X.data);
    for (let i = 300; i < 400; i++) data[i * 3] = 1e6; // the validation rows of column 0 are huge
    const model = trainMLP({ rows: 400, cols: 3, data }, y, { hiddenLayers: [4], epochs: 1, validationFraction: 0.25 });
    const expected = fitRobustScaler({ rows: 300, cols: 3, data }, 300);
    expect(Array.from(model.scaler.center)).toEqual(Array.from(expected.center));
    expect(Array.from(model.scaler.scale)).toEqual(Array.from(expected.scale));
    expect(model.scaler.center[0]).toBeLessThan(1);
  });
});
