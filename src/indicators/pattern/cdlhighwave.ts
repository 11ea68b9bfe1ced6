import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, lowerShadow, realBody, upperShadow, type Ohlc } from '../kernels/candle.js';

function highWave(b: Ohlc, i: number, avg: Float64Array): number {
  return realBody(b, i) < avg[0]! && upperShadow(b, i) > avg[1]! && lowerShadow(b, i) > avg[1]! ? candleColor(b, i) * 100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLHIGHWAVE',
  description: 'High-wave candle: a small body with very long upper and lower shadows',
  averages: [['bodyShort', 0], ['shadowVeryLong', 0]],
  lookback: (s) => Math.max(s.bodyShort.avgPeriod, s.shadowVeryLong.avgPeriod),
  rule: highWave,
};

/**
 * High-wave candle, exactly as TA-Lib's `TA_CDLHIGHWAVE`: a small body (below `bodyShort`) with both shadows very long
 * (above `shadowVeryLong`: by default, twice the body): 100 for a white one, −100 for a black one; 0 otherwise; NaN for
 * the first max(`bodyShort`, `shadowVeryLong` avgPeriod) candles (10 by default).
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 8 (high-wave lines); TA-Lib `ta_CDLHIGHWAVE.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlHighWaveStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 10.5, high: 11.5, low: 9.8, close: 10.7 }) // => 100
 * ```
 */
export function cdlHighWave(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlHighWave}. */
export class CdlHighWaveStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLHIGHWAVE as a uniform {@link IndicatorDefinition}. */
export const CDLHIGHWAVE = definePattern(SPEC, () => new CdlHighWaveStream());
/** Metadata of {@link cdlHighWave}. */
export const cdlHighWaveMeta = CDLHIGHWAVE.meta;
