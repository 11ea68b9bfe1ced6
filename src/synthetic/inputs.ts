/**
 * The argument checks of the rolling statistics, shared by the batch functions, the streams and the cross-asset
 * kernels built on them: one rule for a window, one for the values.
 * @module
 */
import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';

/**
 * Longest rolling window (or lag) accepted: TA-Lib's largest period. A window is allocated up front, so a larger one
 * is a mistake or an attack, refused before anything is allocated.
 */
export const MAX_WINDOW = 100_000;

/**
 * Throws `InvalidParameterError` (naming `parameter`) unless `window` is an integer in [`min`, {@link MAX_WINDOW}]:
 * by default >= 2, since a one-value window has no variance; lags and growth windows pass `min` 1.
 *
 * @example
 * ```ts
 * checkWindow(20)               // => undefined: valid
 * checkWindow(1)                // throws InvalidParameterError: window: must be an integer in [2, 100000], got 1
 * checkWindow(0, 'lag', 1)      // throws InvalidParameterError: lag: must be an integer in [1, 100000], got 0
 * ```
 */
export function checkWindow(window: number, parameter = 'window', min = 2): void {
  if (!Number.isInteger(window) || window < min || window > MAX_WINDOW) {
    throw new InvalidParameterError(parameter, `must be an integer in [${min}, ${MAX_WINDOW}], got ${describeValue(window)}`, { value: window });
  }
}

/**
 * Checks the first `width` values of one input row of a rolling statistic: leading NaNs are a warm-up (skipped); once
 * a complete row has been taken (`started`), every value must be finite; ±Infinity never is. Throws
 * `InvalidParameterError` naming the input (`'x'`, then `'y'`) and, when `index` >= 0, the row. Returns whether the
 * warm-up is over after this row.
 *
 * @example
 * ```ts
 * checkFinite(false, Float64Array.of(NaN, 1), 2, 0) // => false (still warming up)
 * checkFinite(false, Float64Array.of(2, 1), 2, 1)   // => true
 * checkFinite(true, Float64Array.of(NaN, 1), 2, 2)  // throws InvalidParameterError: x: NaN at index 2 (only leading NaNs are allowed)
 * ```
 */
export function checkFinite(started: boolean, row: Float64Array, width: number, index: number): boolean {
  let nan = false;
  for (let j = 0; j < width; j++) {
    const v = row[j]!;
    if (Number.isFinite(v)) continue;
    if (!Number.isNaN(v) || started) {
      const at = index >= 0 ? ` at index ${index}` : ' after the warm-up';
      throw new InvalidParameterError(j === 0 ? 'x' : 'y', `${v}${at} (only leading NaNs are allowed)`, index >= 0 ? { index } : {});
    }
    nan = true;
  }
  return started || !nan;
}

/**
 * Throws `InvalidParameterError` unless `inputs` and `out` are `Float64Array`s of at least `width` values: the
 * arguments of a rolling statistic stream's `next(inputs, out)`.
 *
 * @example
 * ```ts
 * checkStreamArrays(Float64Array.of(1, 2), new Float64Array(2), 2) // => undefined: valid
 * checkStreamArrays([1, 2] as never, new Float64Array(2), 2)       // throws InvalidParameterError: inputs: ...
 * ```
 */
export function checkStreamArrays(inputs: Float64Array, out: Float64Array, width: number): void {
  if (!(inputs instanceof Float64Array) || inputs.length < width) {
    throw new InvalidParameterError('inputs', `expected a Float64Array of ${width} value(s), got ${describeValue(inputs)}`);
  }
  if (!(out instanceof Float64Array) || out.length < width) {
    throw new InvalidParameterError('out', `expected a Float64Array of ${width} value(s) for the outputs, got ${describeValue(out)}`);
  }
}
