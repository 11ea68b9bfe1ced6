/** TA-Lib's `TA_EPSILON`: values closer than this to zero are treated as zero by its divisions. */
export const TA_EPSILON = 1e-14;

/**
 * TA-Lib's `TA_IS_ZERO(v)`: -1e-14 < v < 1e-14. The literal is written out (not read from {@link TA_EPSILON})
 * because V8 inlines literal comparisons in hot loops but reloads a module binding on every call.
 */
export function isZero(v: number): boolean {
  return -1e-14 < v && v < 1e-14;
}

/** TA-Lib's `TA_IS_ZERO_OR_NEG(v)`: v < 1e-14 (literal for speed, see {@link isZero}). */
export function isZeroOrNeg(v: number): boolean {
  return v < 1e-14;
}
