import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, realBody, type Ohlc } from '../kernels/candle.js';

function homingPigeon(b: Ohlc, i: number, avg: Float64Array): number {
  const { open: o, close: c } = b;
  const found =
    candleColor(b, i - 1) === -1 && candleColor(b, i) === -1 && // two black candles,
    realBody(b, i - 1) > avg[0]! && realBody(b, i) <= avg[1]! && // a long one, then a short one
    o[i]! < o[i - 1]! && c[i]! > c[i - 1]!; // whose body lies inside the first body
  return found ? 100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLHOMINGPIGEON',
  description: 'Homing pigeon: a long black candle, then a short black candle whose body lies inside the first body',
  averages: [['bodyLong', 1], ['bodyShort', 0]],
  lookback: (s) => Math.max(s.bodyShort.avgPeriod, s.bodyLong.avgPeriod) + 1,
  rule: homingPigeon,
};

/**
 * Homing pigeon, exactly as TA-Lib's `TA_CDLHOMINGPIGEON`: 100 (bullish) for a long black candle (body above
 * `bodyLong`), then a short black candle (body at most `bodyShort`) opening below the first open and closing above
 * the first close (both strict); 0 otherwise; NaN for the first max(`bodyShort`, `bodyLong` avgPeriod) + 1 candles
 * (11 by default). TA-Lib does not check the prior trend.
 *
 * Reference: Greg Morris, "Candlestick Charting Explained" (2006); TA-Lib `ta_CDLHOMINGPIGEON.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlHomingPigeonStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 12, high: 12.1, low: 9.9, close: 10 })
 * s.next({ open: 11.5, high: 11.6, low: 10.4, close: 10.5 }) // => 100
 * ```
 */
export function cdlHomingPigeon(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlHomingPigeon}. */
export class CdlHomingPigeonStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLHOMINGPIGEON as a uniform {@link IndicatorDefinition}. */
export const CDLHOMINGPIGEON = definePattern(SPEC, () => new CdlHomingPigeonStream());
/** Metadata of {@link cdlHomingPigeon}. */
export const cdlHomingPigeonMeta = CDLHOMINGPIGEON.meta;
