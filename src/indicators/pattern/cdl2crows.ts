import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, realBody, realBodyGapUp, type Ohlc } from '../kernels/candle.js';

function twoCrows(b: Ohlc, i: number, avg: Float64Array): number {
  const { open: o, close: c } = b;
  const found =
    candleColor(b, i - 2) === 1 && realBody(b, i - 2) > avg[0]! && // 1st: long white
    candleColor(b, i - 1) === -1 && realBodyGapUp(b, i - 1, i - 2) && // 2nd: black, body gapping up
    candleColor(b, i) === -1 && o[i]! < o[i - 1]! && o[i]! > c[i - 1]! && // 3rd: black, opening within the 2nd body
    c[i]! > o[i - 2]! && c[i]! < c[i - 2]!; // and closing within the 1st body
  return found ? -100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDL2CROWS',
  description: 'Two crows: a black candle gapping up after a long white one, then a black candle closing into the white body',
  averages: [['bodyLong', 2]],
  lookback: (s) => s.bodyLong.avgPeriod + 2,
  rule: twoCrows,
};

/**
 * Two crows, exactly as TA-Lib's `TA_CDL2CROWS`: −100 (bearish) when a long white candle (body above the
 * `bodyLong` average) is followed by a black candle whose body gaps up above it, then by a black candle that opens
 * within the 2nd body and closes within the 1st; 0 otherwise; NaN for the first `bodyLong.avgPeriod + 2` candles
 * (12 by default).
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 7 ("upside-gap two crows"); TA-Lib `ta_CDL2CROWS.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new Cdl2CrowsStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 11, high: 14.2, low: 10.8, close: 14 })
 * s.next({ open: 15.5, high: 15.7, low: 14.6, close: 14.8 })
 * s.next({ open: 15.2, high: 15.3, low: 11.8, close: 12 }) // => -100
 * ```
 */
export function cdl2Crows(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdl2Crows}. */
export class Cdl2CrowsStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDL2CROWS as a uniform {@link IndicatorDefinition}. */
export const CDL2CROWS = definePattern(SPEC, () => new Cdl2CrowsStream());
/** Metadata of {@link cdl2Crows}. */
export const cdl2CrowsMeta = CDL2CROWS.meta;
