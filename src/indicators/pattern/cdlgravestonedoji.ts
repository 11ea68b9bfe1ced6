import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { lowerShadow, realBody, upperShadow, type Ohlc } from '../kernels/candle.js';

function gravestoneDoji(b: Ohlc, i: number, avg: Float64Array): number {
  return realBody(b, i) <= avg[0]! && lowerShadow(b, i) < avg[1]! && upperShadow(b, i) > avg[1]! ? 100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLGRAVESTONEDOJI',
  description: 'Gravestone doji: a doji opening and closing at its low, with a long upper shadow',
  averages: [['bodyDoji', 0], ['shadowVeryShort', 0]],
  lookback: (s) => Math.max(s.bodyDoji.avgPeriod, s.shadowVeryShort.avgPeriod),
  rule: gravestoneDoji,
};

/**
 * Gravestone doji, exactly as TA-Lib's `TA_CDLGRAVESTONEDOJI`: 100 for a doji (body at most `bodyDoji`) with a very
 * short lower shadow (below `shadowVeryShort`) and an upper shadow that is not very short (above it); 0 otherwise; NaN
 * for the first max(`bodyDoji`, `shadowVeryShort` avgPeriod) candles (10 by default). TA-Lib reports it as 100
 * whatever the trend (Nison reads it as bearish after a rally).
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 8; TA-Lib `ta_CDLGRAVESTONEDOJI.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlGravestoneDojiStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 10, high: 11, low: 9.99, close: 10.02 }) // => 100
 * ```
 */
export function cdlGravestoneDoji(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlGravestoneDoji}. */
export class CdlGravestoneDojiStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLGRAVESTONEDOJI as a uniform {@link IndicatorDefinition}. */
export const CDLGRAVESTONEDOJI = definePattern(SPEC, () => new CdlGravestoneDojiStream());
/** Metadata of {@link cdlGravestoneDoji}. */
export const cdlGravestoneDojiMeta = CDLGRAVESTONEDOJI.meta;
