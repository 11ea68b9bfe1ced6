import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { lowerShadow, realBody, upperShadow, type Ohlc } from '../kernels/candle.js';

function takuri(b: Ohlc, i: number, avg: Float64Array): number {
  return realBody(b, i) <= avg[0]! && upperShadow(b, i) < avg[1]! && lowerShadow(b, i) > avg[2]! ? 100 : 0; // a doji on its high, long lower shadow
}

const SPEC: CandlePatternSpec = {
  name: 'CDLTAKURI',
  description: 'Takuri: a dragonfly doji with a very long lower shadow',
  averages: [['bodyDoji', 0], ['shadowVeryShort', 0], ['shadowVeryLong', 0]],
  lookback: (s) => Math.max(s.bodyDoji.avgPeriod, s.shadowVeryShort.avgPeriod, s.shadowVeryLong.avgPeriod),
  rule: takuri,
};

/**
 * Takuri (a dragonfly doji with a very long lower shadow), exactly as TA-Lib's `TA_CDLTAKURI`: 100 for a doji (body at
 * most `bodyDoji`) with a very short upper shadow (below `shadowVeryShort`) and a very long lower shadow (above
 * `shadowVeryLong`: by default, twice the body), else 0; NaN for the first max of the three settings' periods (10 by
 * default). TA-Lib does not check the prior trend.
 *
 * Reference: Greg Morris, "Candlestick Charting Explained" (2006); TA-Lib `ta_CDLTAKURI.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlTakuriStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 10.9, high: 11, low: 9, close: 10.95 }) // => 100
 * ```
 */
export function cdlTakuri(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlTakuri}. */
export class CdlTakuriStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLTAKURI as a uniform {@link IndicatorDefinition}. */
export const CDLTAKURI = definePattern(SPEC, () => new CdlTakuriStream());
/** Metadata of {@link cdlTakuri}. */
export const cdlTakuriMeta = CDLTAKURI.meta;
