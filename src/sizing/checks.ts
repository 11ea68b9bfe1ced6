/**
 * The argument checks of the sizing module: a number inside an interval, an array of numbers. A bad argument is an
 * `InvalidParameterError` (code `INVALID_PARAMETER`) naming it, with the value described by `describeValue` (never
 * copied in bulk).
 *
 * @module
 */
import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';

/** An interval of finite numbers; `open` excludes the bound on that side. */
export interface Interval {
  readonly min: number;
  readonly max: number;
  readonly minOpen?: boolean;
  readonly maxOpen?: boolean;
}

/** The unit interval [0, 1]: a probability, a drawdown. */
export const UNIT: Interval = { min: 0, max: 1 };
/** A finite number > 0. */
export const POSITIVE: Interval = { min: 0, minOpen: true, max: Number.MAX_VALUE };
/** A finite number >= 0. */
export const NON_NEGATIVE: Interval = { min: 0, max: Number.MAX_VALUE };
/** Any finite number. */
export const FINITE: Interval = { min: -Number.MAX_VALUE, max: Number.MAX_VALUE };

/** What a number in `range` must be, for messages: `a number in [0, 1]`, `a finite number > 0`, `a finite number`. */
function mustBe(range: Interval): string {
  const unboundedAbove = range.max === Number.MAX_VALUE;
  if (range.min === -Number.MAX_VALUE && unboundedAbove) return 'a finite number';
  if (unboundedAbove) return `a finite number ${range.minOpen ? '>' : '>='} ${range.min}`;
  return `a number in ${range.minOpen ? '(' : '['}${range.min}, ${range.max}${range.maxOpen ? ')' : ']'}`;
}

/** Whether `value` is a number inside `range` (NaN and non-numbers are not). */
function inInterval(value: unknown, range: Interval): value is number {
  if (typeof value !== 'number') return false;
  const aboveMin = range.minOpen ? value > range.min : value >= range.min;
  const belowMax = range.maxOpen ? value < range.max : value <= range.max;
  return aboveMin && belowMax;
}

/**
 * Checks that `value` is a finite number in `range` and returns it; otherwise `InvalidParameterError` naming `name`
 * (or `name[index]` when an index is given).
 *
 * @example
 * ```ts
 * checkNumber(0.6, 'p', UNIT) // => 0.6
 * checkNumber(NaN, 'p', UNIT) // throws InvalidParameterError: p: must be a number in [0, 1], got NaN
 * ```
 */
export function checkNumber(value: unknown, name: string, range: Interval, index?: number): number {
  if (inInterval(value, range)) return value;
  const where = index === undefined ? name : `${name}[${index}]`;
  const details = index === undefined ? { value } : { index, value };
  throw new InvalidParameterError(where, `must be ${mustBe(range)}, got ${describeValue(value)}`, details);
}

/**
 * Checks that `values` is an array or a typed array of numbers (not a string, a DataView or an object with a
 * `length`) and returns its length; otherwise `InvalidParameterError` naming `name`. The elements are checked by
 * the caller, which knows their domain.
 *
 * @example
 * ```ts
 * checkArray([1, 2, 3], 'returns')       // => 3
 * checkArray({ length: 3 }, 'returns')   // throws InvalidParameterError: returns: expected an array of numbers, got object { length }
 * ```
 */
export function checkArray(values: unknown, name: string): number {
  if (Array.isArray(values) || (ArrayBuffer.isView(values) && !(values instanceof DataView))) return (values as ArrayLike<number>).length;
  throw new InvalidParameterError(name, `expected an array of numbers, got ${describeValue(values)}`);
}
