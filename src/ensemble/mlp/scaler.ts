/**
 * The robust input scaler of the MLP: fitted on the training rows (median and interquartile range per feature)
 * and applied to every row before the first layer, missing values imputed. The rule is stated on {@link MLPScaler}.
 *
 * @module
 */
import { InvalidParameterError } from '../../core/errors.js';
import type { Matrix } from '../../core/types.js';
import type { MLPScaler } from './types.js';

/**
 * Rearranges `a[lo..hi]` so that `a[k]` holds the value of rank k (Hoare's FIND with a median-of-3 pivot, as
 * Numerical Recipes' `select`; equal values split evenly, so constant columns stay linear) and returns it: then
 * `a[lo..k-1] <= a[k] <= a[k+1..hi]`. After 64 rounds (an adversarial order) the rest of the range is sorted.
 */
function select(a: Float64Array, k: number, lo: number, hi: number): number {
  let l = lo, r = hi;
  const swap = (i: number, j: number): void => {
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  };
  for (let round = 0; r > l + 1; round++) {
    if (round === 64) {
      a.subarray(l, r + 1).sort();
      return a[k]!;
    }
    swap((l + r) >> 1, l + 1);
    if (a[l]! > a[r]!) swap(l, r);
    if (a[l + 1]! > a[r]!) swap(l + 1, r);
    if (a[l]! > a[l + 1]!) swap(l, l + 1);
    const x = a[l + 1]!;
    let i = l + 1, j = r;
    for (;;) {
      do i++; while (a[i]! < x);
      do j--; while (a[j]! > x);
      if (j < i) break;
      swap(i, j);
    }
    a[l + 1] = a[j]!;
    a[j] = x;
    if (j >= k) r = j - 1;
    if (j <= k) l = i;
  }
  if (r === l + 1 && a[r]! < a[l]!) swap(l, r);
  return a[k]!;
}

/**
 * The q-quantiles (`qs` ascending, in [0, 1]) of `a[0..n-1]` (n >= 1, no NaN) by linear interpolation between
 * order statistics, computed as numpy's default `percentile` computes them (`v + (w - v) t` for t < 0.5,
 * `w - (w - v) (1 - t)` otherwise, with v, w the values of rank floor(q (n - 1)) and the next). Reorders `a`.
 *
 * Reference: Hyndman & Fan (1996), definition 7; numpy `lib/function_base.py` (`_lerp`).
 *
 * @example
 * ```ts
 * quantiles(Float64Array.of(8, 1, 4, 2), 4, [0.25, 0.5, 0.75]) // => [1.75, 3, 5]
 * ```
 */
export function quantiles(a: Float64Array, n: number, qs: readonly number[]): number[] {
  const ranks: number[] = [];
  for (const q of qs) {
    const pos = q * (n - 1), k = Math.floor(pos);
    ranks.push(k);
    if (pos > k) ranks.push(k + 1);
  }
  const value = new Map<number, number>();
  let from = 0;
  for (const k of [...new Set(ranks)].sort((x, y) => x - y)) {
    value.set(k, select(a, k, from, n - 1));
    from = k + 1;
  }
  return qs.map((q) => {
    const pos = q * (n - 1), k = Math.floor(pos), t = pos - k;
    const v = value.get(k)!;
    if (t === 0) return v;
    const w = value.get(k + 1)!;
    return t < 0.5 ? v + (w - v) * t : w - (w - v) * (1 - t);
  });
}

/**
 * Fits the scaler on rows [0, rows) of X: per feature, over its finite values, center = impute = the median and
 * scale = q75 - q25 (1 where that is 0, and center = impute = 0, scale = 1 for a feature with no finite value).
 *
 * Reference: scikit-learn `RobustScaler` (quantile_range (25, 75), zero scale replaced by 1).
 *
 * @example
 * ```ts
 * const s = fitRobustScaler({ rows: 4, cols: 2, data: Float64Array.of(1, 5, 2, 5, 4, NaN, 8, 5) }, 4)
 * [s.center[0], s.scale[0]] // => [3, 3.25]  (q25 = 1.75, q75 = 5)
 * [s.center[1], s.scale[1]] // => [5, 1]     (constant column: IQR 0, scale 1)
 * ```
 */
export function fitRobustScaler(X: Matrix, rows: number): MLPScaler {
  const F = X.cols, d = X.data;
  const center = new Float64Array(F), scale = new Float64Array(F).fill(1);
  const column = new Float64Array(rows);
  for (let f = 0; f < F; f++) {
    let n = 0;
    for (let i = 0; i < rows; i++) {
      const x = d[i * F + f]!;
      if (Number.isFinite(x)) column[n++] = x;
    }
    if (n === 0) continue;
    const [q25, q50, q75] = quantiles(column, n, [0.25, 0.5, 0.75]) as [number, number, number];
    center[f] = q50;
    const iqr = q75 - q25;
    if (iqr > 0 && iqr < Infinity) scale[f] = iqr;
  }
  return { center, scale, impute: center.slice() };
}

/** The largest finite float32. */
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Writes rows [from, from + m) of X, scaled, into `out` from `at` (row-major float32, X.cols per row):
 * x' = fround(((isFinite(x) ? x : impute) - center) / scale). A finite value so far out that x' would overflow
 * float32 (|x'| > 3.4e38, where the network's sums would turn into NaN) throws `InvalidParameterError` naming
 * `name`, the row and the column, instead.
 *
 * @example
 * ```ts
 * const s = { center: Float64Array.of(10), scale: Float64Array.of(4), impute: Float64Array.of(10) }
 * const out = new Float32Array(2)
 * scaleRows({ rows: 2, cols: 1, data: Float64Array.of(18, NaN) }, 0, 2, s, out, 0, 'X')
 * out // => Float32Array [2, 0]
 * ```
 */
export function scaleRows(X: Matrix, from: number, m: number, s: MLPScaler, out: Float32Array, at: number, name: string): void {
  const F = X.cols, d = X.data, { center, scale, impute } = s;
  for (let i = 0; i < m; i++) {
    const src = (from + i) * F, dst = at + i * F;
    for (let f = 0; f < F; f++) {
      const x = d[src + f]!;
      const v = ((Number.isFinite(x) ? x : impute[f]!) - center[f]!) / scale[f]!;
      if (!(Math.abs(v) <= FLOAT32_MAX)) {
        throw new InvalidParameterError(name, `row ${from + i}, column ${f}: ${x} scales to ${v}, beyond the float32 range the network computes in`, { index: src + f, value: x });
      }
      out[dst + f] = v;
    }
  }
}
