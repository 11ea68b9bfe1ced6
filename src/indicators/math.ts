/**
 * TA-Lib's `TA_IS_ZERO(v)`: -1e-14 < v < 1e-14, with 1e-14 TA-Lib's `TA_EPSILON` (values that close to zero are
 * treated as zero by its divisions). The literal is written out, not read from a constant, because V8 inlines literal
 * comparisons in hot loops but reloads a module binding on every call.
 *
 * @example
 * ```ts
 * isZero(1e-15) // => true
 * ```
 */
export function isZero(v: number): boolean {
  return -1e-14 < v && v < 1e-14;
}

/**
 * TA-Lib's `TA_IS_ZERO_OR_NEG(v)`: v < 1e-14 (literal for speed, see {@link isZero}).
 *
 * @example
 * ```ts
 * isZeroOrNeg(-3) // => true
 * ```
 */
export function isZeroOrNeg(v: number): boolean {
  return v < 1e-14;
}
