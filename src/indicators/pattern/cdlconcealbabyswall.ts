import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, lowerShadow, realBodyGapDown, upperShadow, type Ohlc } from '../kernels/candle.js';

function concealBabysWall(b: Ohlc, i: number, avg: Float64Array): number {
  const { high: h, low: l, close: c } = b;
  const found =
    candleColor(b, i - 3) === -1 && candleColor(b, i - 2) === -1 && candleColor(b, i - 1) === -1 && candleColor(b, i) === -1 && // four blacks
    lowerShadow(b, i - 3) < avg[0]! && upperShadow(b, i - 3) < avg[0]! && // 1st: marubozu
    lowerShadow(b, i - 2) < avg[1]! && upperShadow(b, i - 2) < avg[1]! && // 2nd: marubozu
    realBodyGapDown(b, i - 1, i - 2) && // 3rd: gapping down,
    upperShadow(b, i - 1) > avg[2]! && h[i - 1]! > c[i - 2]! && // with an upper shadow reaching into the 2nd body
    h[i]! > h[i - 1]! && l[i]! < l[i - 1]!; // 4th: engulfing the 3rd, shadows included
  return found ? 100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLCONCEALBABYSWALL',
  description: 'Concealing baby swallow: two black marubozu, a black candle gapping down with an upper shadow into the prior body, then a black candle engulfing it',
  averages: [['shadowVeryShort', 3], ['shadowVeryShort', 2], ['shadowVeryShort', 1]],
  lookback: (s) => s.shadowVeryShort.avgPeriod + 3,
  rule: concealBabysWall,
};

/**
 * Concealing baby swallow, exactly as TA-Lib's `TA_CDLCONCEALBABYSWALL`: 100 (bullish) for four black candles: two
 * marubozu (both shadows below `shadowVeryShort`), a 3rd whose body gaps down and whose upper shadow (not very short)
 * reaches above the 2nd close, and a 4th whose range engulfs the 3rd; 0 otherwise; NaN for the first
 * `shadowVeryShort.avgPeriod + 3` candles (13 by default).
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 9 (Nison's "concealing baby swallow"); TA-Lib `ta_CDLCONCEALBABYSWALL.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlConcealBabysWallStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 12, high: 12.05, low: 10.95, close: 11 })
 * s.next({ open: 10.8, high: 10.85, low: 9.75, close: 9.8 })
 * s.next({ open: 9.5, high: 10, low: 9.1, close: 9.2 })
 * s.next({ open: 10.2, high: 10.3, low: 8.7, close: 8.8 }) // => 100
 * ```
 */
export function cdlConcealBabysWall(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlConcealBabysWall}. */
export class CdlConcealBabysWallStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLCONCEALBABYSWALL as a uniform {@link IndicatorDefinition}. */
export const CDLCONCEALBABYSWALL = definePattern(SPEC, () => new CdlConcealBabysWallStream());
/** Metadata of {@link cdlConcealBabysWall}. */
export const cdlConcealBabysWallMeta = CDLCONCEALBABYSWALL.meta;
