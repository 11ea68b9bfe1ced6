const NUMERIC_STRING = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/**
 * Epoch milliseconds from the timestamp forms exchanges and databases hand out: a `Date`, an epoch number, a
 * `bigint`, a numeric string, an ISO-8601 string or PostgreSQL's `timestamptz` text (`'2021-01-01 00:00:00+00'`).
 * Numbers (and numeric strings) are multiplied by `secondScale`: 1 for milliseconds, 1000 for seconds. A string
 * without a zone is read as UTC. NaN when the value is none of these (the caller reports where).
 *
 * Formula: `ms = Date.parse(iso)` for text, `ms = value * secondScale` for numbers.
 * Reference: ECMA-262 Date Time String Format; PostgreSQL "Date/Time Output" (ISO style).
 *
 * @example
 * ```ts
 * toEpochMs('2021-01-01 00:15:00+00') // => 1609460100000
 * toEpochMs(1609460100, 1000)         // => 1609460100000
 * toEpochMs('2021-01-01')             // => 1609459200000 (a date alone is UTC midnight)
 * toEpochMs('yesterday')              // => NaN
 * ```
 */
export function toEpochMs(value: unknown, secondScale = 1): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value * secondScale;
  if (typeof value === 'bigint') return Number(value) * secondScale;
  if (typeof value === 'string') {
    if (isNumericString(value)) return Number(value) * secondScale;
    // Postgres prints '2021-01-01 00:00:00+00'; ISO-8601 needs 'T' and '+00:00'. A string without a zone is UTC.
    // A bare '+hh' zone is one only after a clock time: '2024-01-01' is a date, not '2024-01' at zone -01.
    let iso = value.trim().replace(' ', 'T').replace(/(\d\d:\d\d(?::\d\d(?:\.\d+)?)?)([+-]\d\d)$/, '$1$2:00');
    if (!/(Z|[+-]\d\d:?\d\d)$/i.test(iso) && iso.includes('T')) iso += 'Z';
    return Date.parse(iso);
  }
  return Number.NaN;
}

/**
 * True when `text` is a plain decimal number (sign, digits, fraction, exponent; surrounding blanks allowed), as
 * exchanges send prices and volumes.
 *
 * @example
 * ```ts
 * isNumericString(' 42150.5 ') // => true
 * isNumericString('0x10')      // => false
 * ```
 */
export function isNumericString(text: string): boolean {
  return NUMERIC_STRING.test(text);
}
