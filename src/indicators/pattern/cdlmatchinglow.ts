import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, type Ohlc } from '../kernels/candle.js';

function matchingLow(b: Ohlc, i: number, avg: Float64Array): number {
  const c = b.close;
  const found =
    candleColor(b, i - 1) === -1 && candleColor(b, i) === -1 && // two black candles
    c[i]! <= c[i - 1]! + avg[0]! && c[i]! >= c[i - 1]! - avg[0]!; // closing at the same price
  return found ? 100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLMATCHINGLOW',
  description: 'Matching low: two black candles closing at the same price',
  averages: [['equal', 1]],
  lookback: (s) => s.equal.avgPeriod + 1,
  rule: matchingLow,
};

/**
 * Matching low, exactly as TA-Lib's `TA_CDLMATCHINGLOW`: 100 (bullish) for two black candles whose closes are within the
 * `equal` average of each other (by default 5% of the average high − low range of the 5 candles before the 1st), else
 * 0; NaN for the first `equal` avgPeriod + 1 candles (6 by default). TA-Lib does not check the prior trend or the
 * bodies' lengths.
 *
 * Reference: Greg Morris, "Candlestick Charting Explained" (2006); TA-Lib `ta_CDLMATCHINGLOW.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlMatchingLowStream()
 * for (let k = 0; k < 6; k++) s.next(q)
 * s.next({ open: 12, high: 12.1, low: 9.9, close: 10 })
 * s.next({ open: 11, high: 11.1, low: 9.9, close: 10.05 }) // => 100
 * ```
 */
export function cdlMatchingLow(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlMatchingLow}. */
export class CdlMatchingLowStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLMATCHINGLOW as a uniform {@link IndicatorDefinition}. */
export const CDLMATCHINGLOW = definePattern(SPEC, () => new CdlMatchingLowStream());
/** Metadata of {@link cdlMatchingLow}. */
export const cdlMatchingLowMeta = CDLMATCHINGLOW.meta;
