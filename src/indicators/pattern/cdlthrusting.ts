import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { realBody, type Ohlc } from '../kernels/candle.js';
import { NECK_AVERAGES, neckLookback, neckStart } from './cdlinneck.js';

function thrusting(b: Ohlc, i: number, avg: Float64Array): number {
  const c = b.close;
  const found =
    neckStart(b, i, avg) &&
    c[i]! > c[i - 1]! + avg[0]! && // closing into the black body,
    c[i]! <= c[i - 1]! + realBody(b, i - 1) * 0.5; // but not above its midpoint
  return found ? -100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLTHRUSTING',
  description: 'Thrusting: a long black candle, then a white candle opening below its low and closing into its body, under the midpoint',
  averages: NECK_AVERAGES,
  lookback: neckLookback,
  rule: thrusting,
};

/**
 * Thrusting pattern, exactly as TA-Lib's `TA_CDLTHRUSTING`: −100 (bearish continuation) for a long black candle (body
 * above `bodyLong`), then a white candle opening below the black candle's low and closing inside the black body: above
 * the black close by more than the `equal` average, and at most at the body's midpoint (close₁ + equal < close₂ ≤
 * close₁ + body₁ × 0.5); 0 otherwise; NaN for the first max(`equal`, `bodyLong` avgPeriod) + 1 candles (11 by
 * default). TA-Lib does not check the prior trend.
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991); TA-Lib `ta_CDLTHRUSTING.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlThrustingStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 12, high: 12.1, low: 9.9, close: 10 })
 * s.next({ open: 9.5, high: 10.8, low: 9.4, close: 10.7 }) // => -100
 * ```
 */
export function cdlThrusting(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlThrusting}. */
export class CdlThrustingStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLTHRUSTING as a uniform {@link IndicatorDefinition}. */
export const CDLTHRUSTING = definePattern(SPEC, () => new CdlThrustingStream());
/** Metadata of {@link cdlThrusting}. */
export const cdlThrustingMeta = CDLTHRUSTING.meta;
