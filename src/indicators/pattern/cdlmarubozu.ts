import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { longBodyShortShadows } from './cdllongline.js';

const SPEC: CandlePatternSpec = {
  name: 'CDLMARUBOZU',
  description: 'Marubozu: a long body with (almost) no shadows',
  averages: [['bodyLong', 0], ['shadowVeryShort', 0]],
  lookback: (s) => Math.max(s.bodyLong.avgPeriod, s.shadowVeryShort.avgPeriod),
  rule: longBodyShortShadows, // with very short shadows
};

/**
 * Marubozu, exactly as TA-Lib's `TA_CDLMARUBOZU`: a long body (above `bodyLong`) with both shadows very short (below
 * `shadowVeryShort`: by default, 10% of the average high − low range of the 10 previous candles): 100 for a white
 * candle, −100 for a black one; 0 otherwise; NaN for the first max(`bodyLong`, `shadowVeryShort` avgPeriod) candles
 * (10 by default).
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 3; TA-Lib `ta_CDLMARUBOZU.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlMarubozuStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 10, high: 12.55, low: 9.95, close: 12.5 }) // => 100
 * ```
 */
export function cdlMarubozu(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlMarubozu}. */
export class CdlMarubozuStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLMARUBOZU as a uniform {@link IndicatorDefinition}. */
export const CDLMARUBOZU = definePattern(SPEC, () => new CdlMarubozuStream());
/** Metadata of {@link cdlMarubozu}. */
export const cdlMarubozuMeta = CDLMARUBOZU.meta;
