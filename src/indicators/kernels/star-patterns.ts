/**
 * The star family of TA-Lib's candlestick patterns: CDLMORNINGSTAR, CDLEVENINGSTAR, their doji variants
 * (CDLMORNINGDOJISTAR, CDLEVENINGDOJISTAR) and CDLABANDONEDBABY, which are one three-candle rule:
 *
 *   1st: long           realBody(i − 2) > avg[0]   (bodyLong at offset 2)
 *   2nd: the star       realBody(i − 1) ≤ avg[1]   (bodyShort, or bodyDoji for the doji variants and the baby)
 *   3rd: not short      realBody(i) > avg[2]       (bodyShort at offset 0), of the other color than the 1st,
 *   closing into the 1st body by more than penetration × that body:
 *     bullish (black 1st, white 3rd): close(i) > close(i − 2) + realBody(i − 2) × penetration
 *     bearish (white 1st, black 3rd): close(i) < close(i − 2) − realBody(i − 2) × penetration
 *
 * and differ in the gaps: the star's body gaps away from the 1st body (morning: down, evening: up), or, for the
 * abandoned baby, the star's whole range gaps away from the 1st candle and the 3rd candle's range gaps back.
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 5 and 8; TA-Lib
 * `ta_CDLMORNINGSTAR.c`, `ta_CDLEVENINGSTAR.c`, `ta_CDLMORNINGDOJISTAR.c`, `ta_CDLEVENINGDOJISTAR.c`,
 * `ta_CDLABANDONEDBABY.c`.
 *
 * @module
 */
import type { CandlePatternSpec } from './candle-pattern.js';
import { candleColor, candleGapDown, candleGapUp, realBody, realBodyGapDown, realBodyGapUp, type Ohlc } from './candle.js';

/**
 * The averages of a star pattern, [bodyLong at the 1st candle, `second` at the 2nd, bodyShort at the 3rd], and their
 * lookback: max(`second`, `bodyLong`, `bodyShort` avgPeriod) + 2. `second` is the setting the star is measured by:
 * `bodyShort` for the stars, `bodyDoji` for the doji stars and the abandoned baby.
 *
 * @example
 * ```ts
 * starAverages('bodyDoji').averages // => [['bodyLong', 2], ['bodyDoji', 1], ['bodyShort', 0]]
 * starAverages('bodyDoji').lookback(DEFAULT_CANDLE_SETTINGS) // => 12
 * ```
 */
export function starAverages(second: 'bodyShort' | 'bodyDoji'): Pick<CandlePatternSpec, 'averages' | 'lookback'> {
  return {
    averages: [['bodyLong', 2], [second, 1], ['bodyShort', 0]],
    lookback: (s) => Math.max(s[second].avgPeriod, s.bodyLong.avgPeriod, s.bodyShort.avgPeriod) + 2,
  };
}

/**
 * The star rule at candle `i` without its gaps, in direction `d`: 1 for a black 1st and a white 3rd closing above
 * the 1st close by more than `penetration` × the 1st body, −1 for the mirror image.
 */
function star(b: Ohlc, i: number, avg: Float64Array, penetration: number, d: 1 | -1): boolean {
  const c = b.close;
  return (
    realBody(b, i - 2) > avg[0]! && candleColor(b, i - 2) === -d && // 1st: long, of the other color than the 3rd
    realBody(b, i - 1) <= avg[1]! && // 2nd: the star
    realBody(b, i) > avg[2]! && candleColor(b, i) === d && // 3rd: longer than short,
    (d === 1 ? c[i]! > c[i - 2]! + realBody(b, i - 2) * penetration : c[i]! < c[i - 2]! - realBody(b, i - 2) * penetration) // closing well within the 1st body
  );
}

/**
 * The rule of CDLMORNINGSTAR and CDLMORNINGDOJISTAR: 100 (bullish) for a long black 1st candle, a star whose body
 * gaps down from the 1st body, then a white 3rd candle closing above the 1st close by more than `penetration` × the
 * 1st body (see the module); 0 otherwise.
 *
 * @example
 * ```ts
 * const f = (...v: number[]) => new Float64Array(v)
 * const b = { open: f(12, 9.5, 9.8), high: f(12.1, 9.6, 11.3), low: f(9.9, 9.1, 9.7), close: f(10, 9.2, 11.2) }
 * morningStarRule(b, 2, f(1, 1, 1), 0.3) // => 100
 * ```
 */
export function morningStarRule(b: Ohlc, i: number, avg: Float64Array, penetration: number): number {
  return star(b, i, avg, penetration, 1) && realBodyGapDown(b, i - 1, i - 2) ? 100 : 0;
}

/**
 * The rule of CDLEVENINGSTAR and CDLEVENINGDOJISTAR: −100 (bearish) for a long white 1st candle, a star whose body
 * gaps up from the 1st body, then a black 3rd candle closing below the 1st close by more than `penetration` × the
 * 1st body (see the module); 0 otherwise.
 *
 * @example
 * ```ts
 * const f = (...v: number[]) => new Float64Array(v)
 * const b = { open: f(10, 12.5, 12.2), high: f(12.1, 12.9, 12.3), low: f(9.9, 12.4, 10.7), close: f(12, 12.8, 10.8) }
 * eveningStarRule(b, 2, f(1, 1, 1), 0.3) // => -100
 * ```
 */
export function eveningStarRule(b: Ohlc, i: number, avg: Float64Array, penetration: number): number {
  return star(b, i, avg, penetration, -1) && realBodyGapUp(b, i - 1, i - 2) ? -100 : 0;
}

/**
 * The rule of CDLABANDONEDBABY: an evening star whose star's range (shadows included) gaps up from the 1st candle and
 * whose 3rd candle's range gaps down from the star gives −100; the mirrored morning star (gaps down, then up) 100;
 * 0 otherwise.
 *
 * @example
 * ```ts
 * const f = (...v: number[]) => new Float64Array(v)
 * const b = { open: f(10, 13.5, 13.2), high: f(13.1, 13.6, 13.3), low: f(9.9, 13.4, 11.4), close: f(13, 13.52, 11.5) }
 * abandonedBabyRule(b, 2, f(1, 0.2, 1), 0.3) // => -100
 * ```
 */
export function abandonedBabyRule(b: Ohlc, i: number, avg: Float64Array, penetration: number): number {
  if (star(b, i, avg, penetration, -1) && candleGapUp(b, i - 1, i - 2) && candleGapDown(b, i, i - 1)) return -100;
  if (star(b, i, avg, penetration, 1) && candleGapDown(b, i - 1, i - 2) && candleGapUp(b, i, i - 1)) return 100;
  return 0;
}
