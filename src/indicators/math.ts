/** TA-Lib's `TA_EPSILON`: values closer than this to zero are treated as zero by its divisions. */
export const TA_EPSILON = 1e-14;

/** TA-Lib's `TA_IS_ZERO(v)`: -1e-14 < v < 1e-14. */
export function isZero(v: number): boolean {
  return -TA_EPSILON < v && v < TA_EPSILON;
}

/** TA-Lib's `TA_IS_ZERO_OR_NEG(v)`: v < 1e-14. */
export function isZeroOrNeg(v: number): boolean {
  return v < TA_EPSILON;
}
