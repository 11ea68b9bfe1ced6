import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { lowerShadow, realBody, upperShadow, type Ohlc } from '../kernels/candle.js';

function longLeggedDoji(b: Ohlc, i: number, avg: Float64Array): number {
  return realBody(b, i) <= avg[0]! && (lowerShadow(b, i) > avg[1]! || upperShadow(b, i) > avg[1]!) ? 100 : 0; // a doji with a long shadow
}

const SPEC: CandlePatternSpec = {
  name: 'CDLLONGLEGGEDDOJI',
  description: 'Long legged doji: a doji with a long upper or lower shadow',
  averages: [['bodyDoji', 0], ['shadowLong', 0]],
  lookback: (s) => Math.max(s.bodyDoji.avgPeriod, s.shadowLong.avgPeriod),
  rule: longLeggedDoji,
};

/**
 * Long legged doji, exactly as TA-Lib's `TA_CDLLONGLEGGEDDOJI`: 100 for a doji (body at most `bodyDoji`) with a long
 * lower or upper shadow (above `shadowLong`: by default, longer than the body), else 0; NaN for the first
 * max(`bodyDoji`, `shadowLong` avgPeriod) candles (10 by default). TA-Lib asks for one long shadow, not both.
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 8; TA-Lib `ta_CDLLONGLEGGEDDOJI.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlLongLeggedDojiStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 10, high: 11, low: 9, close: 10.1 }) // => 100
 * ```
 */
export function cdlLongLeggedDoji(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlLongLeggedDoji}. */
export class CdlLongLeggedDojiStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLLONGLEGGEDDOJI as a uniform {@link IndicatorDefinition}. */
export const CDLLONGLEGGEDDOJI = definePattern(SPEC, () => new CdlLongLeggedDojiStream());
/** Metadata of {@link cdlLongLeggedDoji}. */
export const cdlLongLeggedDojiMeta = CDLLONGLEGGEDDOJI.meta;
