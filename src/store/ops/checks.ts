/**
 * Argument checks shared by the store's public API. Each throws {@link InvalidParameterError} naming the argument,
 * with the value described (`describeValue`), never printed in bulk. They run before anything is sent to the
 * database, so a bad argument never leaves a write half done.
 *
 * The store's domain, fixed by its schema: integers that go to `integer` (int4) columns lie in 1 to 2,147,483,647;
 * times lie in 0001-01-01 to 9999-12-31 UTC (the years PostgreSQL's `timestamptz` input and JavaScript's ISO-8601
 * output share); names (symbols, model formats, member names) are 1 to 64 printable characters without control
 * characters, unpaired surrogates or surrounding blanks (PostgreSQL text cannot hold NUL, and a long key overflows
 * a btree index row).
 */
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import { checkOptions } from '../../core/options.js';
import { toEpochMs } from '../../core/time.js';
import { timestampText } from '../literals.js';

/** Largest value of a PostgreSQL `integer` (int4) column. */
const INT4_MAX = 2_147_483_647;

/** Earliest time the store holds: 0001-01-01T00:00:00.000Z. */
const TIME_MIN = -62_135_596_800_000;
/** Latest time the store holds: 9999-12-31T23:59:59.999Z. */
const TIME_MAX = 253_402_300_799_999;

/** Longest name (symbol, model format, member name) the store accepts, in UTF-16 code units. */
const MAX_NAME = 64;

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** An unpaired UTF-16 surrogate (UTF-8 cannot encode it: drivers would replace it silently). */
export const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The option names of an options or query type, listed once: the object must name every key of `T` and no other
 * (the compiler checks both), so a key added to the type cannot be forgotten by the `checkOptions` call that uses the list.
 *
 * @example
 * ```ts
 * optionKeys<{ a?: number; b?: string }>({ a: true, b: true }) // => ['a', 'b']
 * ```
 */
export function optionKeys<T>(keys: { [K in keyof Required<T>]: true }): readonly string[] {
  return Object.keys(keys);
}

/**
 * A required query (or input) object, checked with core's `checkOptions`: an object whose every key is one of
 * `known` (a misspelt key is rejected with the known list); `undefined` is an error too.
 *
 * @example
 * ```ts
 * checkQuery({ symbl: 'BTC' }, ['symbol', 'timeframe'])
 * // throws InvalidParameterError 'query.symbl: unknown option (known: symbol, timeframe)'
 * ```
 */
export function checkQuery<T extends object>(query: T, known: readonly string[], where = 'query'): T {
  if (query === undefined) throw new InvalidParameterError(where, `expected an object, got undefined`);
  return checkOptions(query, known, where);
}

/**
 * `n` when it is an integer from 1 to `max` (default: the int4 maximum).
 *
 * @example
 * ```ts
 * positiveInt(1000, 'featureChunkRows') // => 1000
 * positiveInt(3e9, 'horizon')           // throws InvalidParameterError 'horizon: expected an integer from 1 to 2147483647, got 3000000000'
 * ```
 */
export function positiveInt(n: unknown, name: string, max = INT4_MAX): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > max) {
    throw new InvalidParameterError(name, `expected an integer from 1 to ${max}, got ${describeValue(n)}`);
  }
  return n;
}

/**
 * `x` when it is a number in [`min`, `max`] (so never NaN; infinite only when a bound is).
 *
 * @example
 * ```ts
 * numberIn(0.6, 'pUp', 0, 1) // => 0.6
 * numberIn('0.6', 'pUp', 0, 1) // throws InvalidParameterError 'pUp: expected a number from 0 to 1, got "0.6"'
 * ```
 */
export function numberIn(x: unknown, name: string, min: number, max: number): number {
  if (typeof x !== 'number' || !(x >= min && x <= max)) {
    const range = max !== Number.MAX_VALUE ? `a number from ${min} to ${max}` : min === -Number.MAX_VALUE ? 'a finite number' : `a finite number >= ${min}`;
    throw new InvalidParameterError(name, `expected ${range}, got ${describeValue(x)}`);
  }
  return x;
}

/**
 * `value` when it is one of `allowed`.
 *
 * @example
 * ```ts
 * oneOf('copy', ['unnest', 'copy'], 'method') // => 'copy'
 * ```
 */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): T {
  if (!(allowed as readonly unknown[]).includes(value)) {
    throw new InvalidParameterError(name, `expected ${allowed.map((a) => `'${a}'`).join(' or ')}, got ${describeValue(value)}`);
  }
  return value as T;
}

/**
 * A boolean option: `fallback` when absent, else it must be a boolean (`'yes'` or `1` is not silently true or false).
 *
 * @example
 * ```ts
 * optionalBoolean(undefined, 'activate', false) // => false
 * ```
 */
export function optionalBoolean(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new InvalidParameterError(name, `expected true or false, got ${describeValue(value)}`);
  return value;
}

/**
 * A callback option: undefined when absent, else it must be a function.
 *
 * @example
 * ```ts
 * optionalFunction(() => {}, 'onProgress') // => the function
 * ```
 */
export function optionalFunction<F extends (...args: never[]) => unknown>(value: unknown, name: string): F | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') throw new InvalidParameterError(name, `expected a function, got ${describeValue(value)}`);
  return value as F;
}

/**
 * `value` when it is a non-empty string of at most `maxLength` characters, with no control character, no unpaired
 * surrogate and no leading or trailing blank.
 *
 * @example
 * ```ts
 * requireText('alpha-gbdt-binary', 'format') // => 'alpha-gbdt-binary'
 * requireText('x'.repeat(10_000), 'symbol')  // throws InvalidParameterError 'symbol: "xxx..." (10000 chars) is longer than 64 characters'
 * ```
 */
export function requireText(value: unknown, name: string, maxLength = MAX_NAME): string {
  if (typeof value !== 'string' || value === '') throw new InvalidParameterError(name, `expected a non-empty string, got ${describeValue(value)}`);
  if (value.length > maxLength) throw new InvalidParameterError(name, `${describeValue(value)} is longer than ${maxLength} characters`);
  if (CONTROL.test(value) || UNPAIRED_SURROGATE.test(value)) {
    throw new InvalidParameterError(name, `${describeValue(value)} contains a control character or an unpaired surrogate`);
  }
  if (value.trim() !== value) throw new InvalidParameterError(name, `${describeValue(value)} has leading or trailing blanks`);
  return value;
}

/**
 * `symbol` when it is a valid symbol: 1 to 64 printable characters (see {@link requireText}); `'BTC'`,
 * `'BTC/USDT'` and `'WEIRD,"x"'` are symbols.
 *
 * @example
 * ```ts
 * requireSymbol('BTC') // => 'BTC'
 * ```
 */
export function requireSymbol(symbol: unknown, name = 'symbol'): string {
  return requireText(symbol, name);
}

/**
 * Epoch milliseconds of a Date, an epoch-millisecond number or an ISO-8601 string (core's `toEpochMs`). Throws
 * when it is not a time, or lies outside 0001-01-01 to 9999-12-31 UTC (a JavaScript Date reaches ±8.64e15 ms, but
 * PostgreSQL reads no year beyond 9999 written as ISO-8601).
 *
 * @example
 * ```ts
 * requireTime('2021-01-01T00:00:00Z', 'from') // => 1609459200000
 * requireTime(1e20, 'from')                   // throws InvalidParameterError 'from: 1e+20 is outside ...'
 * ```
 */
export function requireTime(value: unknown, name: string): number {
  const ms = value instanceof Date || typeof value === 'number' || typeof value === 'string' ? toEpochMs(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new InvalidParameterError(name, `expected a Date, epoch milliseconds or an ISO-8601 string, got ${describeValue(value)}`);
  if (!(ms >= TIME_MIN && ms <= TIME_MAX)) {
    throw new InvalidParameterError(name, `${describeValue(value)} is outside the times the store holds (0001-01-01 to 9999-12-31 UTC)`);
  }
  return ms;
}

/**
 * True when epoch milliseconds `ms` lie in the store's time range (see {@link requireTime}); for loops over many
 * times that name their own element.
 *
 * @example
 * ```ts
 * inTimeRange(0) // => true
 * ```
 */
export function inTimeRange(ms: number): boolean {
  return ms >= TIME_MIN && ms <= TIME_MAX;
}

/**
 * A time as a `timestamptz` parameter, or null when absent (the SQL then uses the database's `now()`).
 *
 * @example
 * ```ts
 * timeParam(0, 'now')         // => '1970-01-01T00:00:00.000Z'
 * timeParam(undefined, 'now') // => null
 * ```
 */
export function timeParam(value: unknown, name: string): string | null {
  return value === undefined ? null : timestampText(requireTime(value, name));
}

/**
 * The `WHERE` clause of a read by symbol and optional time range (`from` inclusive, `to` exclusive), with its
 * parameters (`$1` is the symbol).
 *
 * @example
 * ```ts
 * symbolTimeRange('BTC', 0, undefined)
 * // => { where: 'symbol = $1 AND ts >= $2', params: ['BTC', '1970-01-01T00:00:00.000Z'] }
 * ```
 */
export function symbolTimeRange(symbol: string, from: unknown, to: unknown): { where: string; params: unknown[] } {
  const params: unknown[] = [symbol];
  let where = 'symbol = $1';
  const fromText = timeParam(from, 'from');
  const toText = timeParam(to, 'to');
  if (fromText !== null) {
    params.push(fromText);
    where += ` AND ts >= $${params.length}`;
  }
  if (toText !== null) {
    params.push(toText);
    where += ` AND ts < $${params.length}`;
  }
  return { where, params };
}
