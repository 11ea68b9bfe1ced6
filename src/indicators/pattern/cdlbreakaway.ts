import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, realBody, realBodyGapDown, realBodyGapUp, type Ohlc } from '../kernels/candle.js';

function breakaway(b: Ohlc, i: number, avg: Float64Array): number {
  const { high: h, low: l, open: o, close: c } = b;
  const found =
    realBody(b, i - 4) > avg[0]! && // 1st: long
    candleColor(b, i - 4) === candleColor(b, i - 3) && candleColor(b, i - 3) === candleColor(b, i - 1) && // 1st, 2nd, 4th alike,
    candleColor(b, i - 1) === -candleColor(b, i) && // 5th opposite
    ((candleColor(b, i - 4) === -1 && realBodyGapDown(b, i - 3, i - 4) && // black: the 2nd gaps down,
      h[i - 2]! < h[i - 3]! && l[i - 2]! < l[i - 3]! && h[i - 1]! < h[i - 2]! && l[i - 1]! < l[i - 2]! && // lower highs and lows,
      c[i]! > o[i - 3]! && c[i]! < c[i - 4]!) || // the 5th closes inside the gap
      (candleColor(b, i - 4) === 1 && realBodyGapUp(b, i - 3, i - 4) && // white: the mirror
        h[i - 2]! > h[i - 3]! && l[i - 2]! > l[i - 3]! && h[i - 1]! > h[i - 2]! && l[i - 1]! > l[i - 2]! &&
        c[i]! < o[i - 3]! && c[i]! > c[i - 4]!));
  return found ? candleColor(b, i) * 100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLBREAKAWAY',
  description: 'Breakaway: a gap away from a long candle, two more candles that way, then a reversal closing inside the gap',
  averages: [['bodyLong', 4]],
  lookback: (s) => s.bodyLong.avgPeriod + 4,
  rule: breakaway,
};

/**
 * Breakaway, exactly as TA-Lib's `TA_CDLBREAKAWAY`: five candles. After a long black candle (body above `bodyLong`), a
 * black candle whose body gaps down, a 3rd and a black 4th each with a lower high and lower low, then a white 5th that
 * closes inside the gap (above the 2nd open, below the 1st close): 100; the mirror after a long white candle: −100;
 * 0 otherwise; NaN for the first `bodyLong.avgPeriod + 4` candles (14 by default).
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 9; TA-Lib `ta_CDLBREAKAWAY.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlBreakawayStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 12, high: 12.1, low: 9.9, close: 10 })
 * s.next({ open: 9.5, high: 9.6, low: 8.9, close: 9 })
 * s.next({ open: 9.2, high: 9.4, low: 8.5, close: 8.8 })
 * s.next({ open: 9, high: 9.1, low: 8.1, close: 8.3 })
 * s.next({ open: 8.4, high: 9.9, low: 8.3, close: 9.8 }) // => 100
 * ```
 */
export function cdlBreakaway(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlBreakaway}. */
export class CdlBreakawayStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLBREAKAWAY as a uniform {@link IndicatorDefinition}. */
export const CDLBREAKAWAY = definePattern(SPEC, () => new CdlBreakawayStream());
/** Metadata of {@link cdlBreakaway}. */
export const cdlBreakawayMeta = CDLBREAKAWAY.meta;
