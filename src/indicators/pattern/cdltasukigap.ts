import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, realBody, realBodyGapDown, realBodyGapUp, taMax, taMin, type Ohlc } from '../kernels/candle.js';

function tasukiGap(b: Ohlc, i: number, avg: Float64Array): number {
  const { open: o, close: c } = b;
  const sameSize = Math.abs(realBody(b, i - 1) - realBody(b, i)) < avg[0]!; // the two bodies near the same size
  const up =
    realBodyGapUp(b, i - 1, i - 2) && candleColor(b, i - 1) === 1 && candleColor(b, i) === -1 && // a white gapping up, then a black
    o[i]! < c[i - 1]! && o[i]! > o[i - 1]! && // opening within the white body,
    c[i]! < o[i - 1]! && c[i]! > taMax(c[i - 2]!, o[i - 2]!) && // closing below it, inside the gap
    sameSize;
  const down =
    realBodyGapDown(b, i - 1, i - 2) && candleColor(b, i - 1) === -1 && candleColor(b, i) === 1 && // the mirror image
    o[i]! < o[i - 1]! && o[i]! > c[i - 1]! &&
    c[i]! > o[i - 1]! && c[i]! < taMin(c[i - 2]!, o[i - 2]!) &&
    sameSize;
  return up || down ? candleColor(b, i - 1) * 100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLTASUKIGAP',
  description: 'Tasuki gap: a candle gapping away, then an opposite one of the same size partly closing the gap',
  averages: [['near', 1]],
  lookback: (s) => s.near.avgPeriod + 2,
  rule: tasukiGap,
};

/**
 * Tasuki gap, exactly as TA-Lib's `TA_CDLTASUKIGAP`. Upside (100): a white candle whose body gaps up from the previous
 * body, then a black candle opening within the white body and closing below it but above the top of the body before
 * the gap. Downside (−100): the mirror image (a black candle gapping down, then a white one closing inside the gap).
 * In both, the two bodies differ by less than the `near` average; 0 otherwise; NaN for the first `near` avgPeriod + 2
 * candles (7 by default).
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 6; TA-Lib `ta_CDLTASUKIGAP.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlTasukiGapStream()
 * for (let k = 0; k < 7; k++) s.next(q)
 * s.next({ open: 11.5, high: 12.8, low: 11.9, close: 12.7 })
 * s.next({ open: 12.4, high: 12.5, low: 11.3, close: 11.4 }) // => 100
 * ```
 */
export function cdlTasukiGap(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlTasukiGap}. */
export class CdlTasukiGapStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLTASUKIGAP as a uniform {@link IndicatorDefinition}. */
export const CDLTASUKIGAP = definePattern(SPEC, () => new CdlTasukiGapStream());
/** Metadata of {@link cdlTasukiGap}. */
export const cdlTasukiGapMeta = CDLTASUKIGAP.meta;
