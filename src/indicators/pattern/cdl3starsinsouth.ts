import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, lowerShadow, realBody, upperShadow, type Ohlc } from '../kernels/candle.js';

function threeStarsInSouth(b: Ohlc, i: number, avg: Float64Array): number {
  const { high: h, low: l, open: o, close: c } = b;
  const found =
    candleColor(b, i - 2) === -1 && candleColor(b, i - 1) === -1 && candleColor(b, i) === -1 && // three blacks
    realBody(b, i - 2) > avg[0]! && lowerShadow(b, i - 2) > avg[1]! && // 1st: long, with a long lower shadow
    realBody(b, i - 1) < realBody(b, i - 2) && // 2nd: smaller, opening above the 1st close but within its range,
    o[i - 1]! > c[i - 2]! && o[i - 1]! <= h[i - 2]! &&
    l[i - 1]! < c[i - 2]! && l[i - 1]! >= l[i - 2]! && // trading below the 1st close, not below its low,
    lowerShadow(b, i - 1) > avg[2]! && // with a lower shadow
    realBody(b, i) < avg[4]! && lowerShadow(b, i) < avg[3]! && upperShadow(b, i) < avg[3]! && // 3rd: small marubozu
    l[i]! > l[i - 1]! && h[i]! < h[i - 1]!; // inside the 2nd range
  return found ? 100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDL3STARSINSOUTH',
  description: 'Three stars in the south: three shrinking black candles, the last a small marubozu inside the second',
  averages: [['bodyLong', 2], ['shadowLong', 2], ['shadowVeryShort', 1], ['shadowVeryShort', 0], ['bodyShort', 0]],
  lookback: (s) => Math.max(Math.max(s.shadowVeryShort.avgPeriod, s.shadowLong.avgPeriod), Math.max(s.bodyLong.avgPeriod, s.bodyShort.avgPeriod)) + 2,
  rule: threeStarsInSouth,
};

/**
 * Three stars in the south, exactly as TA-Lib's `TA_CDL3STARSINSOUTH`: 100 (bullish) for three black candles: a long one
 * (body above `bodyLong`) with a long lower shadow (above `shadowLong`); a smaller one opening above the 1st close
 * within its range, trading below that close but not below the 1st low, with a lower shadow (above `shadowVeryShort`);
 * a small marubozu (body below `bodyShort`, both shadows below `shadowVeryShort`) inside the 2nd range. 0 otherwise;
 * NaN for the first max of the four settings' periods + 2 candles (12 by default).
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 9 (Nison's "three stars in the south" is a rare bottom); TA-Lib `ta_CDL3STARSINSOUTH.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new Cdl3StarsInSouthStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 13, high: 13.1, low: 8.5, close: 11 })
 * s.next({ open: 12, high: 12.1, low: 9.5, close: 11 })
 * s.next({ open: 11, high: 11.1, low: 10.1, close: 10.2 }) // => 100
 * ```
 */
export function cdl3StarsInSouth(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdl3StarsInSouth}. */
export class Cdl3StarsInSouthStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDL3STARSINSOUTH as a uniform {@link IndicatorDefinition}. */
export const CDL3STARSINSOUTH = definePattern(SPEC, () => new Cdl3StarsInSouthStream());
/** Metadata of {@link cdl3StarsInSouth}. */
export const cdl3StarsInSouthMeta = CDL3STARSINSOUTH.meta;
