import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, realBody, taMax, taMin, type Ohlc } from '../kernels/candle.js';

function threeInside(b: Ohlc, i: number, avg: Float64Array): number {
  const { open: o, close: c } = b;
  const found =
    realBody(b, i - 2) > avg[0]! && // 1st: long
    realBody(b, i - 1) <= avg[1]! && // 2nd: short, its body inside the 1st body
    taMax(c[i - 1]!, o[i - 1]!) < taMax(c[i - 2]!, o[i - 2]!) &&
    taMin(c[i - 1]!, o[i - 1]!) > taMin(c[i - 2]!, o[i - 2]!) &&
    ((candleColor(b, i - 2) === 1 && candleColor(b, i) === -1 && c[i]! < o[i - 2]!) || // 3rd: opposite color,
      (candleColor(b, i - 2) === -1 && candleColor(b, i) === 1 && c[i]! > o[i - 2]!)); // closing beyond the 1st open
  return found ? -candleColor(b, i - 2) * 100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDL3INSIDE',
  description: 'Three inside up/down: a harami confirmed by a third candle closing beyond the first open',
  averages: [['bodyLong', 2], ['bodyShort', 1]],
  lookback: (s) => Math.max(s.bodyShort.avgPeriod, s.bodyLong.avgPeriod) + 2,
  rule: threeInside,
};

/**
 * Three inside up / down, exactly as TA-Lib's `TA_CDL3INSIDE`: a long candle (body above the `bodyLong` average), a
 * short one (body at most the `bodyShort` average) whose body lies strictly inside the first body, then a candle of the
 * opposite color to the first that closes beyond the first open: 100 after a long black first candle (three inside
 * up), −100 after a long white one (three inside down); 0 otherwise; NaN for the first max(`bodyShort`, `bodyLong`
 * avgPeriod) + 2 candles (12 by default).
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 6 (harami, confirmed); TA-Lib `ta_CDL3INSIDE.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new Cdl3InsideStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 10, high: 13.2, low: 9.8, close: 13 })
 * s.next({ open: 12, high: 12.2, low: 11.3, close: 11.5 })
 * s.next({ open: 11.8, high: 11.9, low: 9.4, close: 9.5 }) // => -100
 * ```
 */
export function cdl3Inside(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdl3Inside}. */
export class Cdl3InsideStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDL3INSIDE as a uniform {@link IndicatorDefinition}. */
export const CDL3INSIDE = definePattern(SPEC, () => new Cdl3InsideStream());
/** Metadata of {@link cdl3Inside}. */
export const cdl3InsideMeta = CDL3INSIDE.meta;
