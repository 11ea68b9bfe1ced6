import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { haramiRule } from './cdlharami.js';

const SPEC: CandlePatternSpec = {
  name: 'CDLHARAMICROSS',
  description: 'Harami cross: a doji inside the long body before it',
  averages: [['bodyLong', 1], ['bodyDoji', 0]],
  lookback: (s) => Math.max(s.bodyDoji.avgPeriod, s.bodyLong.avgPeriod) + 1,
  rule: haramiRule, // with a doji as the 2nd candle
};

/**
 * Harami cross, exactly as TA-Lib's `TA_CDLHARAMICROSS`: a long candle (body above `bodyLong`) then a doji (body at
 * most `bodyDoji`) whose body lies inside the first body: −100 after a white first candle, 100 after a black one when
 * strictly inside; −80 / 80 when one end of the bodies matches (TA-Lib 0.6); 0 otherwise; NaN for the first
 * max(`bodyDoji`, `bodyLong` avgPeriod) + 1 candles (11 by default).
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 8; TA-Lib `ta_CDLHARAMICROSS.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlHaramiCrossStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 10, high: 12.6, low: 9.9, close: 12.5 })
 * s.next({ open: 11.2, high: 11.5, low: 11, close: 11.21 }) // => -100
 * ```
 */
export function cdlHaramiCross(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlHaramiCross}. */
export class CdlHaramiCrossStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLHARAMICROSS as a uniform {@link IndicatorDefinition}. */
export const CDLHARAMICROSS = definePattern(SPEC, () => new CdlHaramiCrossStream());
/** Metadata of {@link cdlHaramiCross}. */
export const cdlHaramiCrossMeta = CDLHARAMICROSS.meta;
