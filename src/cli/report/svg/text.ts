/**
 * Text in SVG and HTML: escaping, and numbers written the same way on every engine.
 *
 * @module
 */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes the five characters XML and HTML treat specially, for text and attribute values alike.
 *
 * @example
 * ```ts
 * escapeXml('p < 0.05 & "n" > 30') // => 'p &lt; 0.05 &amp; &quot;n&quot; &gt; 30'
 * ```
 */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * A coordinate with two decimals (`-0.00` written `0.00`): the same document, byte for byte, on every engine.
 *
 * @example
 * ```ts
 * coord(12.345) // => '12.35'
 * ```
 */
export function coord(v: number): string {
  const s = v.toFixed(2);
  return s === '-0.00' ? '0.00' : s;
}

/**
 * A proportion as a percentage with `digits` decimals (default 1).
 *
 * @example
 * ```ts
 * percent(0.51234) // => '51.2%'
 * ```
 */
export function percent(v: number, digits = 1): string {
  return `${(100 * v).toFixed(digits)}%`;
}

/**
 * An epoch-millisecond time as a UTC date and minute, `'YYYY-MM-DD HH:MM'`.
 *
 * @example
 * ```ts
 * utcMinute(Date.UTC(2025, 0, 5, 14, 30)) // => '2025-01-05 14:30'
 * ```
 */
export function utcMinute(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}
