import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, lowerShadow, realBody, upperShadow, type Ohlc } from '../kernels/candle.js';

/**
 * The rule of LONGLINE and MARUBOZU: a body above `avg[0]` with both shadows below `avg[1]` gives the candle's color ×
 * 100, else 0. The two patterns differ only in the settings their averages use.
 */
export function longBodyShortShadows(b: Ohlc, i: number, avg: Float64Array): number {
  return realBody(b, i) > avg[0]! && upperShadow(b, i) < avg[1]! && lowerShadow(b, i) < avg[1]! ? candleColor(b, i) * 100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLLONGLINE',
  description: 'Long line: a long body with short shadows',
  averages: [['bodyLong', 0], ['shadowShort', 0]],
  lookback: (s) => Math.max(s.bodyLong.avgPeriod, s.shadowShort.avgPeriod),
  rule: longBodyShortShadows,
};

/**
 * Long line candle, exactly as TA-Lib's `TA_CDLLONGLINE`: a long body (above `bodyLong`) with both shadows short
 * (below `shadowShort`: by default, half the average sum of both shadows of the 10 previous candles): 100 for a white
 * candle, −100 for a black one; 0 otherwise; NaN for the first max(`bodyLong`, `shadowShort` avgPeriod) candles (10 by
 * default).
 *
 * Reference: Greg Morris, "Candlestick Charting Explained" (2006); TA-Lib `ta_CDLLONGLINE.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlLongLineStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 12, high: 12.3, low: 9.8, close: 10 }) // => -100
 * ```
 */
export function cdlLongLine(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlLongLine}. */
export class CdlLongLineStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLLONGLINE as a uniform {@link IndicatorDefinition}. */
export const CDLLONGLINE = definePattern(SPEC, () => new CdlLongLineStream());
/** Metadata of {@link cdlLongLine}. */
export const cdlLongLineMeta = CDLLONGLINE.meta;
