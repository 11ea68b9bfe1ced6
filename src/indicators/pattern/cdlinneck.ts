import type { CandlePatternOptions, CandleSettings } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, realBody, type Ohlc } from '../kernels/candle.js';
import type { AverageSlot } from '../kernels/candle-averages.js';

/** The averages of the neck patterns (INNECK, ONNECK, THRUSTING): `equal` and `bodyLong`, both at the 1st candle. */
export const NECK_AVERAGES: readonly AverageSlot[] = [
  ['equal', 1],
  ['bodyLong', 1],
];

/** The lookback of {@link NECK_AVERAGES}: max(`equal`, `bodyLong` avgPeriod) + 1. */
export function neckLookback(s: CandleSettings): number {
  return Math.max(s.equal.avgPeriod, s.bodyLong.avgPeriod) + 1;
}

/** What the neck patterns share: a long black candle, then a white candle opening below its low. */
export function neckStart(b: Ohlc, i: number, avg: Float64Array): boolean {
  return candleColor(b, i - 1) === -1 && realBody(b, i - 1) > avg[1]! && candleColor(b, i) === 1 && b.open[i]! < b.low[i - 1]!;
}

function inNeck(b: Ohlc, i: number, avg: Float64Array): number {
  const c = b.close;
  return neckStart(b, i, avg) && c[i]! <= c[i - 1]! + avg[0]! && c[i]! >= c[i - 1]! ? -100 : 0; // closing at or just into the black body
}

const SPEC: CandlePatternSpec = {
  name: 'CDLINNECK',
  description: 'In-neck: a long black candle, then a white candle opening below its low and closing at or just above its close',
  averages: NECK_AVERAGES,
  lookback: neckLookback,
  rule: inNeck,
};

/**
 * In-neck pattern, exactly as TA-Lib's `TA_CDLINNECK`: −100 (bearish continuation) for a long black candle (body above
 * `bodyLong`), then a white candle opening below the black candle's low and closing at or above the black close, by
 * at most the `equal` average (close₁ ≤ close₂ ≤ close₁ + equal); 0 otherwise; NaN for the first
 * max(`equal`, `bodyLong` avgPeriod) + 1 candles (11 by default). TA-Lib does not check the prior trend.
 *
 * Reference: Steve Nison, "Beyond Candlesticks" (1994); Thomas Bulkowski, "Encyclopedia of Candlestick Charts"
 * (2008); TA-Lib `ta_CDLINNECK.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlInNeckStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 12, high: 12.1, low: 9.9, close: 10 })
 * s.next({ open: 9.5, high: 10.1, low: 9.4, close: 10.05 }) // => -100
 * ```
 */
export function cdlInNeck(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlInNeck}. */
export class CdlInNeckStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLINNECK as a uniform {@link IndicatorDefinition}. */
export const CDLINNECK = definePattern(SPEC, () => new CdlInNeckStream());
/** Metadata of {@link cdlInNeck}. */
export const cdlInNeckMeta = CDLINNECK.meta;
