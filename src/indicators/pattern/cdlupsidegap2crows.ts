import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, realBody, realBodyGapUp, type Ohlc } from '../kernels/candle.js';

function upsideGap2Crows(b: Ohlc, i: number, avg: Float64Array): number {
  const { open: o, close: c } = b;
  const found =
    candleColor(b, i - 2) === 1 && realBody(b, i - 2) > avg[0]! && // 1st: long white
    candleColor(b, i - 1) === -1 && realBody(b, i - 1) <= avg[1]! && realBodyGapUp(b, i - 1, i - 2) && // 2nd: short black, gapping up
    candleColor(b, i) === -1 && o[i]! > o[i - 1]! && c[i]! < c[i - 1]! && // 3rd: black, engulfing the 2nd body,
    c[i]! > c[i - 2]!; // closing above the 1st close
  return found ? -100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLUPSIDEGAP2CROWS',
  description: 'Upside gap two crows: a long white candle, a short black one gapping up, then a black one engulfing it above the white close',
  averages: [['bodyLong', 2], ['bodyShort', 1]],
  lookback: (s) => Math.max(s.bodyShort.avgPeriod, s.bodyLong.avgPeriod) + 2,
  rule: upsideGap2Crows,
};

/**
 * Upside gap two crows, exactly as TA-Lib's `TA_CDLUPSIDEGAP2CROWS`: −100 (bearish) for a long white candle (body above
 * `bodyLong`), a short black candle (body at most `bodyShort`) whose body gaps up, then a black candle opening above
 * the 2nd open and closing below the 2nd close but above the 1st close; 0 otherwise; NaN for the first
 * max(`bodyShort`, `bodyLong` avgPeriod) + 2 candles (12 by default). TA-Lib does not check the prior trend.
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991); TA-Lib `ta_CDLUPSIDEGAP2CROWS.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlUpsideGap2CrowsStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 10, high: 12.1, low: 9.9, close: 12 })
 * s.next({ open: 13, high: 13.1, low: 12.4, close: 12.5 })
 * s.next({ open: 13.2, high: 13.3, low: 12.1, close: 12.2 }) // => -100
 * ```
 */
export function cdlUpsideGap2Crows(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlUpsideGap2Crows}. */
export class CdlUpsideGap2CrowsStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLUPSIDEGAP2CROWS as a uniform {@link IndicatorDefinition}. */
export const CDLUPSIDEGAP2CROWS = definePattern(SPEC, () => new CdlUpsideGap2CrowsStream());
/** Metadata of {@link cdlUpsideGap2Crows}. */
export const cdlUpsideGap2CrowsMeta = CDLUPSIDEGAP2CROWS.meta;
