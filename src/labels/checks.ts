import { InvalidParameterError } from '../core/errors.js';
import { describeValue } from '../core/describe.js';

/**
 * Throws {@link InvalidParameterError} unless `value` is an integer in [min, max] (a number: `'5'` is rejected).
 *
 * @example
 * ```ts
 * checkInteger('horizon', 4, 1)   // => undefined
 * checkInteger('horizon', 1.5, 1) // throws InvalidParameterError: horizon: must be an integer in [1, 9007199254740991], got 1.5
 * ```
 */
export function checkInteger(parameter: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidParameterError(parameter, `must be an integer in [${min}, ${max}], got ${describeValue(value)}`);
  }
}

/**
 * Throws {@link InvalidParameterError} unless `value` is a finite number >= min (or > min when `strict`).
 *
 * @example
 * ```ts
 * checkNumber('deadZone', 0.001, 0) // => undefined
 * checkNumber('deadZone', NaN, 0)   // throws InvalidParameterError: deadZone: must be a finite number >= 0, got NaN
 * ```
 */
export function checkNumber(parameter: string, value: number, min: number, strict = false): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || (strict ? value <= min : value < min)) {
    throw new InvalidParameterError(parameter, `must be a finite number ${strict ? '>' : '>='} ${min}, got ${describeValue(value)}`);
  }
}

/**
 * Throws {@link InvalidParameterError} unless `series` is a Float64Array whose every value is finite and > 0 (prices).
 *
 * @example
 * ```ts
 * checkPrices('close', Float64Array.of(100, 101)) // => undefined
 * checkPrices('close', Float64Array.of(100, 0))   // throws InvalidParameterError: close[1]: must be a finite price > 0, got 0
 * ```
 */
export function checkPrices(parameter: string, series: Float64Array): void {
  if (!(series instanceof Float64Array)) throw new InvalidParameterError(parameter, `expected a Float64Array, got ${describeValue(series)}`);
  for (let i = 0; i < series.length; i++) {
    const v = series[i]!;
    if (!(v > 0) || v === Infinity) throw new InvalidParameterError(`${parameter}[${i}]`, `must be a finite price > 0, got ${v}`, { index: i, value: v });
  }
}
