/**
 * The rolling statistics as batch functions over whole series: correlation, beta and z-score, each running the
 * stream of `./moments.ts` row by row, so batch and streaming agree bit for bit.
 * @module
 */
import { describeValue } from '../core/describe.js';
import { InvalidParameterError, LengthMismatchError } from '../core/errors.js';
import { checkFinite, checkWindow } from './inputs.js';
import { CoMomentsStream, ZScoreStream, type MomentWindowStream } from './moments.js';

function checkSeries(series: unknown, name: 'x' | 'y'): void {
  if (!(series instanceof Float64Array)) throw new InvalidParameterError(name, `expected a Float64Array, got ${describeValue(series)}`);
}

function checkPair(x: Float64Array, y: Float64Array): void {
  checkSeries(x, 'x');
  checkSeries(y, 'y');
  if (x.length !== y.length) throw new LengthMismatchError(`x has ${x.length} values, y has ${y.length}`);
}

/**
 * Runs a rolling-moment stream over whole series, checking each row (leading NaNs, then finite values: see
 * `checkFinite`); returns output `which` (0 correlation, 1 beta, or the z-score).
 */
function run(stream: MomentWindowStream, series: readonly Float64Array[], which: number): Float64Array {
  const width = series.length;
  const n = series[0]!.length;
  const ins = new Float64Array(width);
  const o = new Float64Array(width);
  const out = new Float64Array(n);
  let started = false;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < width; j++) ins[j] = series[j]![i]!;
    started = checkFinite(started, ins, width, i);
    stream.update(ins, o);
    out[i] = o[which]!;
  }
  return out;
}

/** The co-moment statistic `which` (0 correlation, 1 beta) of whole series. */
function comoments(x: Float64Array, y: Float64Array, window: number, which: 0 | 1): Float64Array {
  checkWindow(window);
  checkPair(x, y);
  return run(new CoMomentsStream(window), [x, y], which);
}

/**
 * Rolling Pearson correlation of `x` and `y` over the last `window` pairs (see {@link CoMomentsStream} for the
 * O(1) update and the flat-window rule: NaN when either window is constant, never Infinity).
 *
 * @example
 * ```ts
 * rollingCorrelation(new Float64Array([1, 2, 3, 3]), new Float64Array([2, 4, 7, 7]), 3)
 * // [NaN, NaN, 0.9933992677987827, 0.9999999999999996] (the last window is exactly linear: r = 1 up to rounding)
 * ```
 */
export function rollingCorrelation(x: Float64Array, y: Float64Array, window: number): Float64Array {
  return comoments(x, y, window, 0);
}

/**
 * Rolling beta of `x` on `y` over the last `window` pairs: cov(x, y) / var(y) (see {@link CoMomentsStream}:
 * NaN when y's window is constant, 0 when only x's is).
 *
 * @example
 * ```ts
 * rollingBeta(new Float64Array([2, 4, 6]), new Float64Array([1, 2, 3]), 2) // [NaN, 2, 2]
 * ```
 */
export function rollingBeta(x: Float64Array, y: Float64Array, window: number): Float64Array {
  return comoments(x, y, window, 1);
}

/**
 * Rolling z-score over the last `window` values, (x - mean) / population sd (see {@link ZScoreStream}: NaN on a
 * constant window).
 *
 * @example
 * ```ts
 * rollingZScore(new Float64Array([1, 2, 3, 3, 3]), 3) // [NaN, NaN, 1.224744871391589, 0.7071067811865477, NaN] (the last window is constant)
 * ```
 */
export function rollingZScore(x: Float64Array, window: number): Float64Array {
  checkWindow(window);
  checkSeries(x, 'x');
  return run(new ZScoreStream(window), [x], 0);
}
