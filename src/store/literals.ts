/**
 * Text encodings of values for PostgreSQL array literals and COPY text format, written so that every float8
 * round-trips exactly (JavaScript's shortest round-trip `String(x)`, which PostgreSQL's float8 input reads back to
 * the same double) and every timestamp keeps its milliseconds.
 */

/** A float8 as PostgreSQL text: shortest round-trip digits, `NaN`, `Infinity`, `-Infinity`. */
export function float8Text(x: number): string {
  if (Number.isFinite(x)) return String(x);
  if (Number.isNaN(x)) return 'NaN';
  return x > 0 ? 'Infinity' : '-Infinity';
}

/** An epoch-millisecond time as an ISO-8601 UTC timestamp literal. */
export function timestampText(ms: number): string {
  return new Date(ms).toISOString();
}

/** Quotes one element of an array literal (always quoted: safe for any text). */
function quoteElement(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A `text[]` (or any textual-element array) literal; `null` elements become NULL. */
export function textArray(values: readonly (string | null)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const v = values[i];
    out += v === null || v === undefined ? 'NULL' : quoteElement(v);
  }
  return `${out}}`;
}

/** A `float8[]` literal; with `nanAsNull`, NaN elements become NULL (the feature store's convention). */
export function float8Array(values: ArrayLike<number>, nanAsNull = false): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    parts[i] = x !== x ? (nanAsNull ? 'NULL' : 'NaN') : float8Text(x);
  }
  return `{${parts.join(',')}}`;
}

/** An integer array literal (`int2[]`, `int4[]`, `int8[]`). */
export function intArray(values: ArrayLike<number>): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) parts[i] = String(values[i]);
  return `{${parts.join(',')}}`;
}

/** A `timestamptz[]` literal from epoch milliseconds. */
export function timestampArray(ms: ArrayLike<number>): string {
  const parts = new Array<string>(ms.length);
  for (let i = 0; i < ms.length; i++) parts[i] = timestampText(ms[i]!);
  return `{${parts.join(',')}}`;
}

/** Escapes a value for COPY text format (backslash, tab, newline, carriage return). */
export function copyText(text: string): string {
  return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** A double-quoted SQL identifier. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A schema-qualified table name (`schema.table` or `table`) as quoted SQL. Throws on anything that is not one or
 * two plain identifiers, so that configured table names can never inject SQL.
 */
export function qualifiedName(name: string): string {
  const parts = name.split('.');
  if (parts.length > 2 || parts.some((p) => !/^[A-Za-z_][A-Za-z0-9_$]*$/.test(p))) {
    throw new Error(`not a table name: ${JSON.stringify(name)}`);
  }
  return parts.map(ident).join('.');
}

/** Epoch milliseconds from a Date, an epoch-millisecond number or an ISO-8601 string; NaN when unparseable. */
export function toEpochMs(value: Date | number | string): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Date.parse(value);
  return Number.NaN;
}
