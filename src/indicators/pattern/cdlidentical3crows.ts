import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import type { Ohlc } from '../kernels/candle.js';
import { threeCrows } from './cdl3blackcrows.js';

/** Open `x` is within `eq` of close `c`. */
const opensAt = (x: number, c: number, eq: number): boolean => x <= c + eq && x >= c - eq;

function identical3Crows(b: Ohlc, i: number, avg: Float64Array): number {
  const { open: o, close: c } = b;
  const found =
    threeCrows(b, i, avg) && // three declining black crows,
    opensAt(o[i - 1]!, c[i - 2]!, avg[3]!) && opensAt(o[i]!, c[i - 1]!, avg[4]!); // each opening at the prior close
  return found ? -100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLIDENTICAL3CROWS',
  description: 'Identical three crows: three declining black candles, each opening at the prior close',
  averages: [
    ['shadowVeryShort', 2],
    ['shadowVeryShort', 1],
    ['shadowVeryShort', 0],
    ['equal', 2],
    ['equal', 1],
  ],
  lookback: (s) => Math.max(s.shadowVeryShort.avgPeriod, s.equal.avgPeriod) + 2,
  rule: identical3Crows,
};

/**
 * Identical three crows, exactly as TA-Lib's `TA_CDLIDENTICAL3CROWS`: −100 (bearish) for three black candles with very
 * short lower shadows (below `shadowVeryShort`) and declining closes, the 2nd and 3rd each opening within the `equal`
 * average of the previous close; 0 otherwise; NaN for the first max(`shadowVeryShort`, `equal` avgPeriod) + 2 candles
 * (12 by default). TA-Lib does not check the prior trend.
 *
 * Reference: Greg Morris, "Candlestick Charting Explained" (2006); TA-Lib `ta_CDLIDENTICAL3CROWS.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlIdentical3CrowsStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 12, high: 12.2, low: 10.95, close: 11 })
 * s.next({ open: 11, high: 11.2, low: 9.95, close: 10 })
 * s.next({ open: 10, high: 10.2, low: 8.95, close: 9 }) // => -100
 * ```
 */
export function cdlIdentical3Crows(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlIdentical3Crows}. */
export class CdlIdentical3CrowsStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLIDENTICAL3CROWS as a uniform {@link IndicatorDefinition}. */
export const CDLIDENTICAL3CROWS = definePattern(SPEC, () => new CdlIdentical3CrowsStream());
/** Metadata of {@link cdlIdentical3Crows}. */
export const cdlIdentical3CrowsMeta = CDLIDENTICAL3CROWS.meta;
