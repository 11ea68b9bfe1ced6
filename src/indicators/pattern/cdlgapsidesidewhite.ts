import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, realBody, realBodyGapDown, realBodyGapUp, type Ohlc } from '../kernels/candle.js';

function gapSideSideWhite(b: Ohlc, i: number, avg: Float64Array): number {
  const o = b.open;
  const found =
    ((realBodyGapUp(b, i - 1, i - 2) && realBodyGapUp(b, i, i - 2)) || // both bodies gap up from the 1st,
      (realBodyGapDown(b, i - 1, i - 2) && realBodyGapDown(b, i, i - 2))) && // or both down
    candleColor(b, i - 1) === 1 && candleColor(b, i) === 1 && // 2nd and 3rd white,
    realBody(b, i) >= realBody(b, i - 1) - avg[0]! && realBody(b, i) <= realBody(b, i - 1) + avg[0]! && // of near sizes,
    o[i]! >= o[i - 1]! - avg[1]! && o[i]! <= o[i - 1]! + avg[1]!; // opening at equal prices
  if (!found) return 0;
  return realBodyGapUp(b, i - 1, i - 2) ? 100 : -100;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLGAPSIDESIDEWHITE',
  description: 'Up/down-gap side-by-side white lines: two similar white candles both gapping away from the candle before them',
  averages: [['near', 1], ['equal', 1]],
  lookback: (s) => Math.max(s.near.avgPeriod, s.equal.avgPeriod) + 2,
  rule: gapSideSideWhite,
};

/**
 * Up-gap and down-gap side-by-side white lines, exactly as TA-Lib's `TA_CDLGAPSIDESIDEWHITE`: two white candles whose
 * bodies both gap up (100) or both gap down (−100) from the candle before them, with body sizes within the `near`
 * average of each other and opens within the `equal` average; 0 otherwise; NaN for the first
 * max(`near`, `equal` avgPeriod) + 2 candles (7 by default).
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 7 (side-by-side white lines); TA-Lib `ta_CDLGAPSIDESIDEWHITE.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlGapSideSideWhiteStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 10, high: 11.2, low: 9.9, close: 11 })
 * s.next({ open: 11.5, high: 12.4, low: 11.4, close: 12.3 })
 * s.next({ open: 11.55, high: 12.5, low: 11.5, close: 12.4 }) // => 100
 * ```
 */
export function cdlGapSideSideWhite(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlGapSideSideWhite}. */
export class CdlGapSideSideWhiteStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLGAPSIDESIDEWHITE as a uniform {@link IndicatorDefinition}. */
export const CDLGAPSIDESIDEWHITE = definePattern(SPEC, () => new CdlGapSideSideWhiteStream());
/** Metadata of {@link cdlGapSideSideWhite}. */
export const cdlGapSideSideWhiteMeta = CDLGAPSIDESIDEWHITE.meta;
