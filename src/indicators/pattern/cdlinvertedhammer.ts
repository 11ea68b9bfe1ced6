import type { CandlePatternOptions, CandleSettings } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { lowerShadow, realBody, realBodyGapDown, upperShadow, type Ohlc } from '../kernels/candle.js';
import type { AverageSlot } from '../kernels/candle-averages.js';

/** The averages of an inverted-hammer-shaped candle (INVERTEDHAMMER, SHOOTINGSTAR): small body, long upper shadow, very short lower one. */
export const INVERTED_HAMMER_AVERAGES: readonly AverageSlot[] = [
  ['bodyShort', 0],
  ['shadowLong', 0],
  ['shadowVeryShort', 0],
];

/** The lookback of {@link INVERTED_HAMMER_AVERAGES}: the longest of the three periods + 1. */
export function invertedHammerLookback(s: CandleSettings): number {
  return Math.max(s.bodyShort.avgPeriod, s.shadowLong.avgPeriod, s.shadowVeryShort.avgPeriod) + 1;
}

/** The shape of an inverted hammer or shooting star: a small body, a long upper shadow, a very short lower shadow. */
export function invertedHammerShape(b: Ohlc, i: number, avg: Float64Array): boolean {
  return realBody(b, i) < avg[0]! && upperShadow(b, i) > avg[1]! && lowerShadow(b, i) < avg[2]!;
}

function invertedHammer(b: Ohlc, i: number, avg: Float64Array): number {
  return invertedHammerShape(b, i, avg) && realBodyGapDown(b, i, i - 1) ? 100 : 0; // body gapping down from the prior body
}

const SPEC: CandlePatternSpec = {
  name: 'CDLINVERTEDHAMMER',
  description: 'Inverted hammer: a small body gapping down, with a long upper shadow and almost no lower shadow',
  averages: INVERTED_HAMMER_AVERAGES,
  lookback: invertedHammerLookback,
  rule: invertedHammer,
};

/**
 * Inverted hammer, exactly as TA-Lib's `TA_CDLINVERTEDHAMMER`: 100 for a candle with a small body (below `bodyShort`),
 * a long upper shadow (above `shadowLong`: by default, longer than the body), a very short lower shadow (below
 * `shadowVeryShort`), whose body gaps down from the previous candle's body (its top below the previous body's
 * bottom); 0 otherwise; NaN for the first max of the three settings' periods + 1 candles (11 by default). TA-Lib does
 * not check the prior trend.
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 5; TA-Lib `ta_CDLINVERTEDHAMMER.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlInvertedHammerStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 9.6, high: 10.8, low: 9.55, close: 9.9 }) // => 100
 * ```
 */
export function cdlInvertedHammer(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlInvertedHammer}. */
export class CdlInvertedHammerStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLINVERTEDHAMMER as a uniform {@link IndicatorDefinition}. */
export const CDLINVERTEDHAMMER = definePattern(SPEC, () => new CdlInvertedHammerStream());
/** Metadata of {@link cdlInvertedHammer}. */
export const cdlInvertedHammerMeta = CDLINVERTEDHAMMER.meta;
