/**
 * Ratios whose denominator can be zero on valid candles (a flat candle, a flat window, a candle without volume),
 * with the value that zero case is given. Every catalogue formula of the form "x / range" goes through these, so
 * a zero range has one rule everywhere: a part of it is 0 (no body, no wick), a position in it is 0.5 (the middle).
 */

/**
 * numerator / denominator, or `whenZero` when the denominator is 0 (whatever the numerator: 0 / 0 included). Any
 * other denominator gives the plain quotient, bit for bit.
 *
 * Formula: r = n / d if d ≠ 0, else z.
 *
 * @example
 * ```ts
 * ratioOr(1, 4, 0) // => 0.25
 * ratioOr(0, 0, 0) // => 0 (a part of a zero range: nothing)
 * ```
 */
export function ratioOr(numerator: number, denominator: number, whenZero: number): number {
  return denominator === 0 ? whenZero : numerator / denominator;
}

/**
 * Position of `x` in the range [low, high]: (x - low) / (high - low), 0 at the low, 1 at the high (outside [0, 1]
 * beyond them). A zero range (high = low) gives 0.5: the price sits at the range's only level, which is as much its
 * top as its bottom, and 0.5 is the value that says "neither near the high nor near the low" (a close_position,
 * Bollinger %B or Stochastic-like position of 0.5 is the neutral one). NaN inputs give NaN (a warm-up stays NaN).
 *
 * Reference: the range position of Williams %R / the stochastic %K (Lane, 1950s), on one range instead of a window.
 *
 * @example
 * ```ts
 * positionInRange(103, 100, 104) // => 0.75
 * positionInRange(7, 7, 7)       // => 0.5
 * ```
 */
export function positionInRange(x: number, low: number, high: number): number {
  return ratioOr(x - low, high - low, 0.5);
}
