/** Longest text a description quotes; longer strings are cut and their length given. */
const MAX_QUOTE = 40;

/**
 * A short description of any value for an error message: its type and size, never its contents in bulk, so a
 * message stays a few hundred characters whatever the caller passed (a whole `Float64Array`, a megabyte string).
 * Numbers, booleans, short strings and dates are shown as they are.
 *
 * @example
 * ```ts
 * describeValue(new Float64Array(1_766_338)) // => 'Float64Array(1766338)'
 * describeValue('x'.repeat(10_000))          // => '"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..." (10000 chars)'
 * describeValue({ high: 1 })                 // => 'object { high }'
 * describeValue(NaN)                         // => 'NaN'
 * describeValue(new Map([[1, 2]]))           // => 'Map(1)'
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'number':
    case 'boolean':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'string':
      return value.length <= MAX_QUOTE ? JSON.stringify(value) : `${JSON.stringify(value.slice(0, MAX_QUOTE)).slice(0, -1)}..." (${value.length} chars)`;
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as ArrayLike<unknown>).length ?? value.byteLength})`;
  if (Array.isArray(value)) return `Array(${value.length})`;
  if (value instanceof ArrayBuffer) return `ArrayBuffer(${value.byteLength} bytes)`;
  if (value instanceof Map || value instanceof Set) return `${value.constructor.name}(${value.size})`;
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  const kind = proto === null || proto === Object.prototype ? 'object' : (proto.constructor?.name ?? 'object');
  const keys = Object.keys(value as object);
  const shown = keys.slice(0, 5).map((k) => (k.length > MAX_QUOTE ? `${k.slice(0, MAX_QUOTE)}...` : k)).join(', ');
  return keys.length === 0 ? `${kind} {}` : `${kind} { ${shown}${keys.length > 5 ? `, ... (${keys.length} keys)` : ''} }`;
}
