import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, type Ohlc } from '../kernels/candle.js';

function threeOutside(b: Ohlc, i: number): number {
  const { open: o, close: c } = b;
  const found =
    (candleColor(b, i - 1) === 1 && candleColor(b, i - 2) === -1 && c[i - 1]! > o[i - 2]! && o[i - 1]! < c[i - 2]! && c[i]! > c[i - 1]!) || // white engulfs black, closes higher
    (candleColor(b, i - 1) === -1 && candleColor(b, i - 2) === 1 && o[i - 1]! > c[i - 2]! && c[i - 1]! < o[i - 2]! && c[i]! < c[i - 1]!); // black engulfs white, closes lower
  return found ? candleColor(b, i - 1) * 100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDL3OUTSIDE',
  description: 'Three outside up/down: an engulfing pattern confirmed by a third candle closing further that way',
  averages: [],
  lookback: () => 3,
  rule: threeOutside,
};

/**
 * Three outside up / down, exactly as TA-Lib's `TA_CDL3OUTSIDE`: a white body strictly engulfing the black body before
 * it, then a higher close (100, three outside up), or a black body strictly engulfing the white body before it, then a
 * lower close (−100, three outside down); 0 otherwise. NaN for the first 3 candles (TA-Lib's lookback is 3, though the
 * pattern reads 3 candles). No candle settings are involved.
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 4 (engulfing, confirmed); TA-Lib `ta_CDL3OUTSIDE.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new Cdl3OutsideStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 11, high: 11.1, low: 10.4, close: 10.5 })
 * s.next({ open: 10.3, high: 11.5, low: 10.2, close: 11.4 })
 * s.next({ open: 11.4, high: 12.1, low: 11.3, close: 12 }) // => 100
 * ```
 */
export function cdl3Outside(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdl3Outside}. */
export class Cdl3OutsideStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDL3OUTSIDE as a uniform {@link IndicatorDefinition}. */
export const CDL3OUTSIDE = definePattern(SPEC, () => new Cdl3OutsideStream());
/** Metadata of {@link cdl3Outside}. */
export const cdl3OutsideMeta = CDL3OUTSIDE.meta;
