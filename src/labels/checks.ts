import { InvalidParameterError } from '../core/errors.js';

/** Throws {@link InvalidParameterError} unless `value` is an integer in [min, max]. */
export function checkInteger(parameter: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidParameterError(parameter, `must be an integer in [${min}, ${max}], got ${String(value)}`);
  }
}

/** Throws {@link InvalidParameterError} unless `value` is a finite number >= min (or > min when `strict`). */
export function checkNumber(parameter: string, value: number, min: number, strict = false): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || (strict ? value <= min : value < min)) {
    throw new InvalidParameterError(parameter, `must be a finite number ${strict ? '>' : '>='} ${min}, got ${String(value)}`);
  }
}

/** Throws {@link InvalidParameterError} unless every value of `series` is finite and > 0 (prices). */
export function checkPrices(parameter: string, series: Float64Array): void {
  if (!(series instanceof Float64Array)) throw new InvalidParameterError(parameter, 'expected a Float64Array');
  for (let i = 0; i < series.length; i++) {
    const v = series[i]!;
    if (!(v > 0) || v === Infinity) throw new InvalidParameterError(`${parameter}[${i}]`, `must be a finite price > 0, got ${v}`);
  }
}
