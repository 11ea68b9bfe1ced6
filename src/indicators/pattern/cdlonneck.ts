import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import type { Ohlc } from '../kernels/candle.js';
import { NECK_AVERAGES, neckLookback, neckStart } from './cdlinneck.js';

function onNeck(b: Ohlc, i: number, avg: Float64Array): number {
  const { low: l, close: c } = b;
  return neckStart(b, i, avg) && c[i]! <= l[i - 1]! + avg[0]! && c[i]! >= l[i - 1]! - avg[0]! ? -100 : 0; // closing at the black low
}

const SPEC: CandlePatternSpec = {
  name: 'CDLONNECK',
  description: 'On-neck: a long black candle, then a white candle opening below its low and closing at that low',
  averages: NECK_AVERAGES,
  lookback: neckLookback,
  rule: onNeck,
};

/**
 * On-neck pattern, exactly as TA-Lib's `TA_CDLONNECK`: −100 (bearish continuation) for a long black candle (body above
 * `bodyLong`), then a white candle opening below the black candle's low and closing within the `equal` average of that
 * low (low₁ − equal ≤ close₂ ≤ low₁ + equal); 0 otherwise; NaN for the first max(`equal`, `bodyLong` avgPeriod) + 1
 * candles (11 by default). TA-Lib does not check the prior trend.
 *
 * Reference: Steve Nison, "Beyond Candlesticks" (1994); Thomas Bulkowski, "Encyclopedia of Candlestick Charts"
 * (2008); TA-Lib `ta_CDLONNECK.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlOnNeckStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 12, high: 12.1, low: 9.9, close: 10 })
 * s.next({ open: 9.5, high: 10, low: 9.4, close: 9.92 }) // => -100
 * ```
 */
export function cdlOnNeck(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlOnNeck}. */
export class CdlOnNeckStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLONNECK as a uniform {@link IndicatorDefinition}. */
export const CDLONNECK = definePattern(SPEC, () => new CdlOnNeckStream());
/** Metadata of {@link cdlOnNeck}. */
export const cdlOnNeckMeta = CDLONNECK.meta;
