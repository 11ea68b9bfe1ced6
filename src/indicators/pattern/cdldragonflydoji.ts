import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { lowerShadow, realBody, upperShadow, type Ohlc } from '../kernels/candle.js';

function dragonflyDoji(b: Ohlc, i: number, avg: Float64Array): number {
  return realBody(b, i) <= avg[0]! && upperShadow(b, i) < avg[1]! && lowerShadow(b, i) > avg[1]! ? 100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLDRAGONFLYDOJI',
  description: 'Dragonfly doji: a doji opening and closing at its high, with a long lower shadow',
  averages: [['bodyDoji', 0], ['shadowVeryShort', 0]],
  lookback: (s) => Math.max(s.bodyDoji.avgPeriod, s.shadowVeryShort.avgPeriod),
  rule: dragonflyDoji,
};

/**
 * Dragonfly doji, exactly as TA-Lib's `TA_CDLDRAGONFLYDOJI`: 100 for a doji (body at most `bodyDoji`) with a very short
 * upper shadow (below `shadowVeryShort`) and a lower shadow that is not very short (above it); 0 otherwise; NaN for the
 * first max(`bodyDoji`, `shadowVeryShort` avgPeriod) candles (10 by default). TA-Lib reports it as 100 whatever the
 * trend (Nison reads it as bullish after a decline).
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 8; TA-Lib `ta_CDLDRAGONFLYDOJI.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlDragonflyDojiStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 11, high: 11.05, low: 10, close: 11.02 }) // => 100
 * ```
 */
export function cdlDragonflyDoji(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlDragonflyDoji}. */
export class CdlDragonflyDojiStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLDRAGONFLYDOJI as a uniform {@link IndicatorDefinition}. */
export const CDLDRAGONFLYDOJI = definePattern(SPEC, () => new CdlDragonflyDojiStream());
/** Metadata of {@link cdlDragonflyDoji}. */
export const cdlDragonflyDojiMeta = CDLDRAGONFLYDOJI.meta;
