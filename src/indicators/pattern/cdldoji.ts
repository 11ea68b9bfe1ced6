import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { realBody } from '../kernels/candle.js';

const SPEC: CandlePatternSpec = {
  name: 'CDLDOJI',
  description: 'Doji: a candle whose open and close are (nearly) equal',
  averages: [['bodyDoji', 0]],
  lookback: (s) => s.bodyDoji.avgPeriod,
  rule: (b, i, avg) => (realBody(b, i) <= avg[0]! ? 100 : 0),
};

/**
 * Doji, exactly as TA-Lib's `TA_CDLDOJI`: 100 where the real body is at most the `bodyDoji` average (by default
 * 10% of the average high − low range of the 10 previous candles), else 0; NaN for the first 10 candles.
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 8; TA-Lib `ta_CDLDOJI.c`.
 *
 * @example
 * ```ts
 * // ten candles with a body of 1 and a range of 2, then a flat-bodied one
 * const open = new Float64Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), close = open.map((o, i) => (i < 10 ? o + 1 : o))
 * cdlDoji(open, open.map((o) => o + 1.5), open.map((o) => o - 0.5), close) // => [NaN × 10, 100]
 * ```
 */
export function cdlDoji(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlDoji}. */
export class CdlDojiStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLDOJI as a uniform {@link IndicatorDefinition}. */
export const CDLDOJI = definePattern(SPEC, () => new CdlDojiStream());
/** Metadata of {@link cdlDoji}. */
export const cdlDojiMeta = CDLDOJI.meta;
