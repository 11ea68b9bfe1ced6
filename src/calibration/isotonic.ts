/**
 * Isotonic calibration: pool-adjacent-violators and its piecewise-linear map.
 *
 * @module
 */
import { InvalidParameterError } from '../core/errors.js';
import { makeCalibrator, type Calibrator } from './calibrator.js';
import { checkFit, type FitOptions } from './inputs.js';

/** numpy's `finfo(float64).resolution`: scikit-learn's isotonic regression treats closer scores as one. */
const RESOLUTION = 1e-15;

/**
 * Pool-adjacent-violators in place, scikit-learn's `_inplace_contiguous_isotonic_regression`: the non-decreasing
 * sequence closest to y in weighted least squares. Blocks are pooled over the whole decreasing run, then it
 * backtracks one block, so the algorithm is one pass (O(n)).
 */
function pava(y: Float64Array, w: Float64Array): void {
  const n = y.length;
  const target = Int32Array.from({ length: n }, (_, i) => i); // block [i..j]: target[i] = j, target[j] = i
  let i = 0;
  while (i < n) {
    let k = target[i]! + 1;
    if (k === n) break;
    if (y[i]! < y[k]!) {
      i = k;
      continue;
    }
    let sumWy = w[i]! * y[i]!;
    let sumW = w[i]!;
    for (;;) {
      const prev = y[k]!;
      sumWy += w[k]! * y[k]!;
      sumW += w[k]!;
      k = target[k]! + 1;
      if (k === n || prev < y[k]!) {
        y[i] = sumWy / sumW;
        w[i] = sumW;
        target[i] = k - 1;
        target[k - 1] = i;
        if (i > 0) i = target[i - 1]!;
        break;
      }
    }
  }
  for (let start = 0; start < n; ) {
    const end = target[start]! + 1;
    y.fill(y[start]!, start + 1, end);
    start = end;
  }
}

/**
 * The calibrator of thresholds x (strictly increasing) and y (non-decreasing): linear interpolation between them
 * (scipy's `interp1d`, as scikit-learn uses it), the score clipped to [x[0], x[m - 1]] first; the result is kept
 * in [0, 1].
 *
 * @example
 * ```ts
 * isotonicCalibrator([0, 1], [0.2, 0.8]).predict(0.25) // => 0.35000000000000003
 * ```
 */
export function isotonicCalibrator(x: readonly number[], y: readonly number[]): Calibrator {
  const xs = Float64Array.from(x);
  const ys = Float64Array.from(y);
  const m = xs.length;
  const map = (score: number): number => {
    const t = Math.min(Math.max(score, xs[0]!), xs[m - 1]!);
    let lo = 0, hi = m; // first index with xs[index] >= t (numpy's searchsorted, side 'left')
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (xs[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    const right = Math.min(Math.max(lo, 1), m - 1);
    const x0 = xs[right - 1]!, y0 = ys[right - 1]!;
    const value = ((ys[right]! - y0) / (xs[right]! - x0)) * (t - x0) + y0;
    return Math.min(Math.max(value, 0), 1);
  };
  return makeCalibrator({ method: 'isotonic', x: Object.freeze([...x]), y: Object.freeze([...y]) }, 'score', map);
}

/**
 * Isotonic calibration: the non-decreasing step function of the scores closest to the labels in weighted least
 * squares, found by pool-adjacent-violators, then interpolated linearly between its thresholds and clipped outside
 * them. Exactly scikit-learn's `IsotonicRegression(out_of_bounds="clip")` (and so `CalibratedClassifierCV(
 * method="isotonic")`): samples of weight 0 are dropped; the samples are sorted by (score, label); scores less than
 * 1e-15 above the first score of a group are one threshold (numpy's float64 resolution) whose target is the
 * weighted mean label of the group; thresholds whose value equals both neighbours' are dropped.
 *
 * Scores may be any finite numbers. Throws `InvalidParameterError` for labels other than 0/1, a non-finite score,
 * no samples, one class, fewer than 2 distinct scores or a bad weight; `LengthMismatchError` for scores or weights
 * of another length than the labels.
 *
 * Reference: M. Ayer, H. D. Brunk, G. M. Ewing, W. T. Reid, E. Silverman (1955), "An empirical distribution
 * function for sampling with incomplete information", Ann. Math. Statist. 26(4); B. Zadrozny, C. Elkan (2002),
 * "Transforming classifier scores into accurate multiclass probability estimates", KDD.
 *
 * @example
 * ```ts
 * const iso = fitIsotonic([0.1, 0.3, 0.35, 0.6, 0.8, 0.9], [0, 0, 1, 0, 1, 1])
 * iso.toJSON()     // => { method: 'isotonic', x: [0.1, 0.3, 0.35, 0.6, 0.8, 0.9], y: [0, 0, 0.5, 0.5, 1, 1] }
 * iso.predict(0.7) // => 0.7499999999999999 (halfway from 0.5 at 0.6 to 1 at 0.8)
 * ```
 */
export function fitIsotonic(scores: ArrayLike<number>, labels: ArrayLike<number>, options?: FitOptions): Calibrator {
  const { n, scores: s, labels: y, weights: w } = checkFit(labels, scores, options, 'score');
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (!w || w[i]! > 0) order.push(i);
  order.sort((a, b) => s[a]! - s[b]! || y[a]! - y[b]!);
  const ux: number[] = [], uy: number[] = [], uw: number[] = [];
  let groupX = s[order[0]!]!, sumW = 0, sumWy = 0;
  for (const i of order) {
    const wi = w ? w[i]! : 1;
    if (s[i]! - groupX >= RESOLUTION) {
      ux.push(groupX), uy.push(sumWy / sumW), uw.push(sumW);
      groupX = s[i]!;
      sumW = 0;
      sumWy = 0;
    }
    sumW += wi;
    sumWy += y[i]! * wi;
  }
  ux.push(groupX), uy.push(sumWy / sumW), uw.push(sumW);
  if (ux.length < 2) throw new InvalidParameterError('scores', `a calibrator needs at least 2 distinct scores; all lie within ${RESOLUTION} of ${groupX}`);
  const fitted = Float64Array.from(uy);
  pava(fitted, Float64Array.from(uw));
  const keep = (k: number) => k === 0 || k === ux.length - 1 || fitted[k] !== fitted[k - 1] || fitted[k] !== fitted[k + 1];
  const x: number[] = [], v: number[] = [];
  for (let k = 0; k < ux.length; k++) if (keep(k)) x.push(ux[k]!), v.push(fitted[k]!);
  return isotonicCalibrator(x, v);
}
