import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { realBodyGapUp, type Ohlc } from '../kernels/candle.js';
import { INVERTED_HAMMER_AVERAGES, invertedHammerLookback, invertedHammerShape } from './cdlinvertedhammer.js';

function shootingStar(b: Ohlc, i: number, avg: Float64Array): number {
  return invertedHammerShape(b, i, avg) && realBodyGapUp(b, i, i - 1) ? -100 : 0; // body gapping up from the prior body
}

const SPEC: CandlePatternSpec = {
  name: 'CDLSHOOTINGSTAR',
  description: 'Shooting star: a small body gapping up, with a long upper shadow and almost no lower shadow',
  averages: INVERTED_HAMMER_AVERAGES,
  lookback: invertedHammerLookback,
  rule: shootingStar,
};

/**
 * Shooting star, exactly as TA-Lib's `TA_CDLSHOOTINGSTAR`: −100 (bearish) for a candle with a small body (below
 * `bodyShort`), a long upper shadow (above `shadowLong`: by default, longer than the body), a very short lower shadow
 * (below `shadowVeryShort`), whose body gaps up from the previous candle's body (its bottom above the previous body's
 * top); 0 otherwise; NaN for the first max of the three settings' periods + 1 candles (11 by default). TA-Lib does
 * not check the prior trend.
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 5; TA-Lib `ta_CDLSHOOTINGSTAR.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlShootingStarStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 11.2, high: 12.4, low: 11.15, close: 11.5 }) // => -100
 * ```
 */
export function cdlShootingStar(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlShootingStar}. */
export class CdlShootingStarStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLSHOOTINGSTAR as a uniform {@link IndicatorDefinition}. */
export const CDLSHOOTINGSTAR = definePattern(SPEC, () => new CdlShootingStarStream());
/** Metadata of {@link cdlShootingStar}. */
export const cdlShootingStarMeta = CDLSHOOTINGSTAR.meta;
