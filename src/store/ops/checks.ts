/** Argument checks shared by the store operations; each throws {@link InvalidParameterError} naming the argument. */
import { InvalidParameterError } from '../../core/errors.js';
import { toEpochMs } from '../../core/time.js';
import { timestampText } from '../literals.js';

/**
 * `n` when it is a positive integer.
 *
 * @example
 * ```ts
 * positiveInt(1000, 'featureChunkRows') // => 1000
 * positiveInt(0, 'latest')              // throws InvalidParameterError 'latest: expected a positive integer, got 0'
 * ```
 */
export function positiveInt(n: number, name: string): number {
  if (!Number.isInteger(n) || n <= 0) throw new InvalidParameterError(name, `expected a positive integer, got ${n}`);
  return n;
}

/**
 * `symbol` when it is a non-empty string.
 *
 * @example
 * ```ts
 * requireSymbol('BTC') // => 'BTC'
 * ```
 */
export function requireSymbol(symbol: unknown): string {
  if (typeof symbol !== 'string' || symbol === '') throw new InvalidParameterError('symbol', `expected a non-empty string, got ${JSON.stringify(symbol)}`);
  return symbol;
}

/**
 * Epoch milliseconds of a Date, an epoch-millisecond number or an ISO-8601 string (core's `toEpochMs`); throws when
 * it is not a time.
 *
 * @example
 * ```ts
 * requireTime('2021-01-01T00:00:00Z', 'from') // => 1609459200000
 * ```
 */
export function requireTime(value: Date | number | string, name: string): number {
  const ms = toEpochMs(value);
  if (!Number.isFinite(ms)) throw new InvalidParameterError(name, `expected a Date, epoch milliseconds or an ISO-8601 string, got ${JSON.stringify(String(value))}`);
  return ms;
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
export function timeParam(value: Date | number | string | undefined, name: string): string | null {
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
export function symbolTimeRange(symbol: string, from: Date | number | string | undefined, to: Date | number | string | undefined): { where: string; params: unknown[] } {
  const params: unknown[] = [symbol];
  let where = 'symbol = $1';
  if (from !== undefined) {
    params.push(timestampText(requireTime(from, 'from')));
    where += ` AND ts >= $${params.length}`;
  }
  if (to !== undefined) {
    params.push(timestampText(requireTime(to, 'to')));
    where += ` AND ts < $${params.length}`;
  }
  return { where, params };
}
