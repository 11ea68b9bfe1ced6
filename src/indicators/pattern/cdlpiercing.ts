import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, realBody, type Ohlc } from '../kernels/candle.js';

function piercing(b: Ohlc, i: number, avg: Float64Array): number {
  const { open: o, low: l, close: c } = b;
  const found =
    candleColor(b, i - 1) === -1 && realBody(b, i - 1) > avg[0]! && // 1st: long black
    candleColor(b, i) === 1 && realBody(b, i) > avg[1]! && // 2nd: long white,
    o[i]! < l[i - 1]! && // opening below the 1st low,
    c[i]! < o[i - 1]! && c[i]! > c[i - 1]! + realBody(b, i - 1) * 0.5; // closing inside the 1st body, above its midpoint
  return found ? 100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLPIERCING',
  description: 'Piercing: a long black candle, then a long white candle opening below its low and closing above its midpoint',
  averages: [['bodyLong', 1], ['bodyLong', 0]],
  lookback: (s) => s.bodyLong.avgPeriod + 1,
  rule: piercing,
};

/**
 * Piercing pattern, exactly as TA-Lib's `TA_CDLPIERCING`: 100 (bullish) for a long black candle, then a long white
 * candle (both bodies above `bodyLong`) opening below the black candle's low and closing inside the black body above
 * its midpoint (close₁ + body₁ × 0.5 < close₂ < open₁); 0 otherwise; NaN for the first `bodyLong` avgPeriod + 1
 * candles (11 by default). TA-Lib does not check the prior trend.
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 4; TA-Lib `ta_CDLPIERCING.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlPiercingStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 12, high: 12.1, low: 9.9, close: 10 })
 * s.next({ open: 9.5, high: 11.6, low: 9.4, close: 11.5 }) // => 100
 * ```
 */
export function cdlPiercing(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlPiercing}. */
export class CdlPiercingStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLPIERCING as a uniform {@link IndicatorDefinition}. */
export const CDLPIERCING = definePattern(SPEC, () => new CdlPiercingStream());
/** Metadata of {@link cdlPiercing}. */
export const cdlPiercingMeta = CDLPIERCING.meta;
