/**
 * The part of plv8's `plv8` object the bundle uses, and the two ways it calls `plv8.execute`: a query that returns
 * rows, and a statement that returns a row count.
 *
 * Parameters are always text or numbers, and the SQL casts every one of them explicitly from text
 * (`$2::text::timestamptz[]`): plv8 types a parameter by what the statement says of it, so a text parameter is the
 * one conversion every plv8 version makes the same way, and node-postgres (the test bridge) sends it unchanged.
 * Times are read as epoch milliseconds (`(extract(epoch FROM ts) * 1000)::float8`), never as Dates, for the same
 * reason.
 *
 * @module
 */
import { describeValue } from '../../src/core/describe.js';
import { InternalError, InvalidParameterError } from '../../src/core/errors.js';

/**
 * plv8's `plv8` object, as far as the bundle uses it (see the plv8 documentation, "Database Access via SPI"):
 * `execute` returns an array of row objects for a statement that returns rows, the number of rows affected otherwise;
 * `subtransaction` runs a function in a subtransaction; `elog` emits a message at a level (`WARNING`, ...).
 */
export interface Plv8 {
  execute(sql: string, params?: unknown[]): unknown;
  subtransaction?(fn: () => void): void;
  elog?(level: number, ...message: string[]): void;
}

/** A parameter of {@link selectRows} and {@link executeSql}: text, a number or NULL. */
export type SqlParam = string | number | null;

/**
 * Checks the `plv8` argument: an object with an `execute` function. Throws `InvalidParameterError` naming it.
 *
 * @example
 * ```ts
 * checkPlv8(plv8) // => plv8
 * checkPlv8({})   // throws InvalidParameterError: plv8: expected plv8's plv8 object (with execute), got Object {}
 * ```
 */
export function checkPlv8(plv8: unknown): Plv8 {
  if (plv8 === null || typeof plv8 !== 'object' || typeof (plv8 as Plv8).execute !== 'function') {
    throw new InvalidParameterError('plv8', `expected plv8's plv8 object (with execute), got ${describeValue(plv8)}`);
  }
  return plv8 as Plv8;
}

/** The first line of a statement, for messages. */
function head(sql: string): string {
  const line = sql.trim().split('\n')[0]!;
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

/**
 * Runs a statement that returns rows; returns them. A result that is not an array is an `InternalError` (plv8
 * returns an array for every statement with a result set).
 *
 * @example
 * ```ts
 * selectRows<{ n: number }>(plv8, 'SELECT $1::text::int4 AS n', ['2']) // => [{ n: 2 }]
 * ```
 */
export function selectRows<R>(plv8: Plv8, sql: string, params: readonly SqlParam[] = []): R[] {
  const result = plv8.execute(sql, [...params]);
  if (!Array.isArray(result)) throw new InternalError(`plv8.execute returned ${describeValue(result)} for a query that returns rows: ${head(sql)}`);
  return result as R[];
}

/**
 * Runs a statement without a result set; returns the rows it affected. A result that is not a count is an
 * `InternalError`.
 *
 * @example
 * ```ts
 * executeSql(plv8, 'DELETE FROM alpha_v4.predictions WHERE false') // => 0
 * ```
 */
export function executeSql(plv8: Plv8, sql: string, params: readonly SqlParam[] = []): number {
  const result = plv8.execute(sql, [...params]);
  if (typeof result !== 'number' || !Number.isInteger(result) || result < 0) {
    throw new InternalError(`plv8.execute returned ${describeValue(result)} for a statement that returns a row count: ${head(sql)}`);
  }
  return result;
}

/**
 * SQL reading a timestamptz column as epoch milliseconds (a float8, exact for millisecond times).
 *
 * @example
 * ```ts
 * epochMs('ts') // => '(extract(epoch FROM ts) * 1000)::float8'
 * ```
 */
export function epochMs(column: string): string {
  return `(extract(epoch FROM ${column}) * 1000)::float8`;
}
