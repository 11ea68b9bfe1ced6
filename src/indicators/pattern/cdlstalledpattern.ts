import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, realBody, upperShadow, type Ohlc } from '../kernels/candle.js';

function stalledPattern(b: Ohlc, i: number, avg: Float64Array): number {
  const { open: o, close: c } = b;
  const found =
    candleColor(b, i - 2) === 1 && candleColor(b, i - 1) === 1 && candleColor(b, i) === 1 && // three white candles
    c[i]! > c[i - 1]! && c[i - 1]! > c[i - 2]! && // with higher closes,
    realBody(b, i - 2) > avg[0]! && realBody(b, i - 1) > avg[1]! && // the 1st and 2nd long,
    upperShadow(b, i - 1) < avg[3]! && // the 2nd with a very short upper shadow,
    o[i - 1]! > o[i - 2]! && o[i - 1]! <= c[i - 2]! + avg[4]! && // opening within or near the 1st body,
    realBody(b, i) < avg[2]! && // the 3rd small,
    o[i]! >= c[i - 1]! - realBody(b, i) - avg[5]!; // riding on the 2nd body's shoulder
  return found ? -100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLSTALLEDPATTERN',
  description: 'Stalled pattern: two long white candles, then a small white one riding on the shoulder of the 2nd',
  averages: [
    ['bodyLong', 2],
    ['bodyLong', 1],
    ['bodyShort', 0],
    ['shadowVeryShort', 1],
    ['near', 2],
    ['near', 1],
  ],
  lookback: (s) => Math.max(s.bodyLong.avgPeriod, s.bodyShort.avgPeriod, s.shadowVeryShort.avgPeriod, s.near.avgPeriod) + 2,
  rule: stalledPattern,
};

/**
 * Stalled pattern (deliberation), exactly as TA-Lib's `TA_CDLSTALLEDPATTERN`: −100 (bearish) for three white candles
 * with higher closes: the 1st and 2nd long (bodies above `bodyLong`), the 2nd with a very short upper shadow (below
 * `shadowVeryShort`) opening above the 1st open and at most the `near` average above the 1st close, the 3rd small (body
 * below `bodyShort`) opening at or above the 2nd close − its own body − the `near` average; 0 otherwise; NaN for the
 * first max of the four settings' periods + 2 candles (12 by default). TA-Lib does not check the prior trend.
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 5; TA-Lib `ta_CDLSTALLEDPATTERN.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlStalledPatternStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 10, high: 12.1, low: 9.9, close: 12 })
 * s.next({ open: 11.5, high: 13.55, low: 11.4, close: 13.5 })
 * s.next({ open: 13.5, high: 14, low: 13.4, close: 13.8 }) // => -100
 * ```
 */
export function cdlStalledPattern(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlStalledPattern}. */
export class CdlStalledPatternStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLSTALLEDPATTERN as a uniform {@link IndicatorDefinition}. */
export const CDLSTALLEDPATTERN = definePattern(SPEC, () => new CdlStalledPatternStream());
/** Metadata of {@link cdlStalledPattern}. */
export const cdlStalledPatternMeta = CDLSTALLEDPATTERN.meta;
