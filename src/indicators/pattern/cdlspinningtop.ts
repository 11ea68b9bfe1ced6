import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, lowerShadow, realBody, upperShadow, type Ohlc } from '../kernels/candle.js';

function spinningTop(b: Ohlc, i: number, avg: Float64Array): number {
  const body = realBody(b, i);
  return body < avg[0]! && upperShadow(b, i) > body && lowerShadow(b, i) > body ? candleColor(b, i) * 100 : 0; // small body, longer shadows
}

const SPEC: CandlePatternSpec = {
  name: 'CDLSPINNINGTOP',
  description: 'Spinning top: a small body with both shadows longer than the body',
  averages: [['bodyShort', 0]],
  lookback: (s) => s.bodyShort.avgPeriod,
  rule: spinningTop,
};

/**
 * Spinning top, exactly as TA-Lib's `TA_CDLSPINNINGTOP`: a small body (below `bodyShort`) with both shadows longer than
 * the body: 100 for a white candle (a flat one counts as white), −100 for a black one; 0 otherwise; NaN for the first
 * `bodyShort` avgPeriod candles (10 by default).
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 8; TA-Lib `ta_CDLSPINNINGTOP.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlSpinningTopStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 10.5, high: 11.5, low: 9.5, close: 10.2 }) // => -100
 * ```
 */
export function cdlSpinningTop(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlSpinningTop}. */
export class CdlSpinningTopStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLSPINNINGTOP as a uniform {@link IndicatorDefinition}. */
export const CDLSPINNINGTOP = definePattern(SPEC, () => new CdlSpinningTopStream());
/** Metadata of {@link cdlSpinningTop}. */
export const cdlSpinningTopMeta = CDLSPINNINGTOP.meta;
