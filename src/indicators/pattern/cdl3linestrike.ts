import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, taMax, taMin, type Ohlc } from '../kernels/candle.js';

function threeLineStrike(b: Ohlc, i: number, avg: Float64Array): number {
  const { open: o, close: c } = b;
  const color = candleColor(b, i - 1);
  const found =
    candleColor(b, i - 3) === candleColor(b, i - 2) && candleColor(b, i - 2) === color && // three of one color,
    candleColor(b, i) === -color && // the 4th of the other
    o[i - 2]! >= taMin(o[i - 3]!, c[i - 3]!) - avg[0]! && // the 2nd opening within or near the 1st body
    o[i - 2]! <= taMax(o[i - 3]!, c[i - 3]!) + avg[0]! &&
    o[i - 1]! >= taMin(o[i - 2]!, c[i - 2]!) - avg[1]! && // the 3rd within or near the 2nd body
    o[i - 1]! <= taMax(o[i - 2]!, c[i - 2]!) + avg[1]! &&
    ((color === 1 && c[i - 1]! > c[i - 2]! && c[i - 2]! > c[i - 3]! && o[i]! > c[i - 1]! && c[i]! < o[i - 3]!) || // white
      (color === -1 && c[i - 1]! < c[i - 2]! && c[i - 2]! < c[i - 3]! && o[i]! < c[i - 1]! && c[i]! > o[i - 3]!)); // black
  return found ? color * 100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDL3LINESTRIKE',
  description: 'Three-line strike: three same-colored candles in a row, struck back by a fourth that opens beyond the third and closes beyond the first open',
  averages: [['near', 3], ['near', 2]],
  lookback: (s) => s.near.avgPeriod + 3,
  rule: threeLineStrike,
};

/**
 * Three-line strike, exactly as TA-Lib's `TA_CDL3LINESTRIKE`: three candles of one color with closes moving that way,
 * the 2nd and 3rd opening within (or within the `near` average of) the previous body, then a candle of the other
 * color that opens beyond the 3rd close and closes beyond the 1st open. 100 when the three are white, −100 when they
 * are black (TA-Lib signs it by the three, a continuation reading); 0 otherwise; NaN for the first
 * `near.avgPeriod + 3` candles (8 by default).
 *
 * Reference: Thomas Bulkowski, "Encyclopedia of Candlestick Charts" (2008); TA-Lib `ta_CDL3LINESTRIKE.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new Cdl3LineStrikeStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 11, high: 12.1, low: 10.9, close: 12 })
 * s.next({ open: 11.8, high: 13.1, low: 11.7, close: 13 })
 * s.next({ open: 12.5, high: 14.1, low: 12.4, close: 14 })
 * s.next({ open: 14.5, high: 14.6, low: 10.4, close: 10.5 }) // => 100
 * ```
 */
export function cdl3LineStrike(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdl3LineStrike}. */
export class Cdl3LineStrikeStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDL3LINESTRIKE as a uniform {@link IndicatorDefinition}. */
export const CDL3LINESTRIKE = definePattern(SPEC, () => new Cdl3LineStrikeStream());
/** Metadata of {@link cdl3LineStrike}. */
export const cdl3LineStrikeMeta = CDL3LINESTRIKE.meta;
