/**
 * Text encodings of values for PostgreSQL literals and array parameters, written so that every float8 round-trips
 * exactly (JavaScript's shortest round-trip `String(x)`, which PostgreSQL's float8 input reads back to the same
 * double) and every timestamp keeps its milliseconds; and quoting of SQL identifiers.
 */
import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';

/**
 * A float8 as PostgreSQL text: shortest round-trip digits, `NaN`, `Infinity`, `-Infinity`.
 *
 * @example
 * ```ts
 * float8Text(0.1)       // => '0.1'
 * float8Text(-Infinity) // => '-Infinity'
 * ```
 */
export function float8Text(x: number): string {
  if (Number.isFinite(x)) return String(x);
  if (Number.isNaN(x)) return 'NaN';
  return x > 0 ? 'Infinity' : '-Infinity';
}

/**
 * An epoch-millisecond time as an ISO-8601 UTC timestamp literal.
 *
 * @example
 * ```ts
 * timestampText(1609459200000) // => '2021-01-01T00:00:00.000Z'
 * ```
 */
export function timestampText(ms: number): string {
  return new Date(ms).toISOString();
}

/** Quotes one element of an array literal (always quoted: safe for any text). */
function quoteElement(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * A `text[]` (or any textual-element array) literal; `null` elements become NULL.
 *
 * @example
 * ```ts
 * textArray(['a"b', null]) // => '{"a\\"b",NULL}'
 * ```
 */
export function textArray(values: readonly (string | null)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const v = values[i];
    out += v === null || v === undefined ? 'NULL' : quoteElement(v);
  }
  return `${out}}`;
}

/**
 * A `float8[]` literal; with `nanAsNull`, NaN elements become NULL (the feature store's convention).
 *
 * @example
 * ```ts
 * float8Array([0.5, NaN], true) // => '{0.5,NULL}'
 * ```
 */
export function float8Array(values: ArrayLike<number>, nanAsNull = false): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    parts[i] = x !== x ? (nanAsNull ? 'NULL' : 'NaN') : float8Text(x);
  }
  return `{${parts.join(',')}}`;
}

/**
 * An integer array literal (`int2[]`, `int4[]`, `int8[]`).
 *
 * @example
 * ```ts
 * intArray(new Int32Array([1, -2])) // => '{1,-2}'
 * ```
 */
export function intArray(values: ArrayLike<number>): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) parts[i] = String(values[i]);
  return `{${parts.join(',')}}`;
}

/**
 * A `timestamptz[]` literal from epoch milliseconds.
 *
 * @example
 * ```ts
 * timestampArray([0]) // => '{1970-01-01T00:00:00.000Z}'
 * ```
 */
export function timestampArray(ms: ArrayLike<number>): string {
  const parts = new Array<string>(ms.length);
  for (let i = 0; i < ms.length; i++) parts[i] = timestampText(ms[i]!);
  return `{${parts.join(',')}}`;
}

/**
 * A double-quoted SQL identifier.
 *
 * @example
 * ```ts
 * ident('rsi_14') // => '"rsi_14"'
 * ```
 */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A schema-qualified table name (`schema.table` or `table`) as quoted SQL. Throws
 * {@link InvalidParameterError} (naming `parameter`) on anything that is not one or two plain identifiers of at most
 * 63 characters (PostgreSQL's identifier limit, beyond which it would silently truncate), so that configured table
 * names can never inject SQL nor name another table.
 *
 * @example
 * ```ts
 * qualifiedName('indicators.ohlcv_15m') // => '"indicators"."ohlcv_15m"'
 * qualifiedName('x; DROP TABLE y')      // throws InvalidParameterError (code 'INVALID_PARAMETER')
 * ```
 */
export function qualifiedName(name: unknown, parameter = 'table'): string {
  const parts = typeof name === 'string' ? name.split('.') : [];
  if (parts.length === 0 || parts.length > 2 || parts.some((p) => !/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/.test(p))) {
    throw new InvalidParameterError(parameter, `not a table name (schema.table, identifiers of at most 63 characters): ${describeValue(name)}`);
  }
  return parts.map(ident).join('.');
}
