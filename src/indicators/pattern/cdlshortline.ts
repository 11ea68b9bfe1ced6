import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, lowerShadow, realBody, upperShadow, type Ohlc } from '../kernels/candle.js';

function shortLine(b: Ohlc, i: number, avg: Float64Array): number {
  return realBody(b, i) < avg[0]! && upperShadow(b, i) < avg[1]! && lowerShadow(b, i) < avg[1]! ? candleColor(b, i) * 100 : 0; // short body, short shadows
}

const SPEC: CandlePatternSpec = {
  name: 'CDLSHORTLINE',
  description: 'Short line: a short body with short shadows',
  averages: [['bodyShort', 0], ['shadowShort', 0]],
  lookback: (s) => Math.max(s.bodyShort.avgPeriod, s.shadowShort.avgPeriod),
  rule: shortLine,
};

/**
 * Short line candle, exactly as TA-Lib's `TA_CDLSHORTLINE`: a short body (below `bodyShort`) with both shadows short
 * (below `shadowShort`: by default, half the average sum of both shadows of the 10 previous candles): 100 for a white
 * candle (a flat one counts as white), −100 for a black one; 0 otherwise; NaN for the first max(`bodyShort`,
 * `shadowShort` avgPeriod) candles (10 by default).
 *
 * Reference: Greg Morris, "Candlestick Charting Explained" (2006); TA-Lib `ta_CDLSHORTLINE.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlShortLineStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 10, high: 10.8, low: 9.8, close: 10.5 }) // => 100
 * ```
 */
export function cdlShortLine(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlShortLine}. */
export class CdlShortLineStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLSHORTLINE as a uniform {@link IndicatorDefinition}. */
export const CDLSHORTLINE = definePattern(SPEC, () => new CdlShortLineStream());
/** Metadata of {@link cdlShortLine}. */
export const cdlShortLineMeta = CDLSHORTLINE.meta;
