import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, lowerShadow, realBody, upperShadow, type Ohlc } from '../kernels/candle.js';

function closingMarubozu(b: Ohlc, i: number, avg: Float64Array): number {
  const found =
    realBody(b, i) > avg[0]! && // long body
    ((candleColor(b, i) === 1 && upperShadow(b, i) < avg[1]!) || // white closing on its high
      (candleColor(b, i) === -1 && lowerShadow(b, i) < avg[1]!)); // black closing on its low
  return found ? candleColor(b, i) * 100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLCLOSINGMARUBOZU',
  description: 'Closing marubozu: a long candle without a shadow on its close side',
  averages: [['bodyLong', 0], ['shadowVeryShort', 0]],
  lookback: (s) => Math.max(s.bodyLong.avgPeriod, s.shadowVeryShort.avgPeriod),
  rule: closingMarubozu,
};

/**
 * Closing marubozu, exactly as TA-Lib's `TA_CDLCLOSINGMARUBOZU`: a long candle (body above `bodyLong`) with a very short
 * shadow on its close side (below `shadowVeryShort`): 100 for a white one (upper shadow), −100 for a black one (lower
 * shadow); 0 otherwise; NaN for the first max(`bodyLong`, `shadowVeryShort` avgPeriod) candles (10 by default).
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 3 (marubozu); TA-Lib `ta_CDLCLOSINGMARUBOZU.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlClosingMarubozuStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 10, high: 12.55, low: 9.6, close: 12.5 }) // => 100
 * ```
 */
export function cdlClosingMarubozu(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlClosingMarubozu}. */
export class CdlClosingMarubozuStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLCLOSINGMARUBOZU as a uniform {@link IndicatorDefinition}. */
export const CDLCLOSINGMARUBOZU = definePattern(SPEC, () => new CdlClosingMarubozuStream());
/** Metadata of {@link cdlClosingMarubozu}. */
export const cdlClosingMarubozuMeta = CDLCLOSINGMARUBOZU.meta;
