import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, realBody, type Ohlc } from '../kernels/candle.js';

function unique3River(b: Ohlc, i: number, avg: Float64Array): number {
  const { open: o, low: l, close: c } = b;
  const found =
    realBody(b, i - 2) > avg[0]! && candleColor(b, i - 2) === -1 && // 1st: long black
    candleColor(b, i - 1) === -1 && c[i - 1]! > c[i - 2]! && o[i - 1]! <= o[i - 2]! && // 2nd: black harami
    l[i - 1]! < l[i - 2]! && // with a lower low
    realBody(b, i) < avg[1]! && candleColor(b, i) === 1 && // 3rd: short white
    o[i]! > l[i - 1]!; // opening above the 2nd low
  return found ? 100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLUNIQUE3RIVER',
  description: 'Unique three river: a long black candle, a black harami with a lower low, then a short white candle',
  averages: [['bodyLong', 2], ['bodyShort', 0]],
  lookback: (s) => Math.max(s.bodyShort.avgPeriod, s.bodyLong.avgPeriod) + 2,
  rule: unique3River,
};

/**
 * Unique three river, exactly as TA-Lib's `TA_CDLUNIQUE3RIVER`: 100 (bullish) for a long black candle (body above
 * `bodyLong`), a black candle whose body lies within the 1st body (close above the 1st close, open at most the 1st
 * open) with a lower low, then a short white candle (body below `bodyShort`) opening above the 2nd low; 0 otherwise;
 * NaN for the first max(`bodyShort`, `bodyLong` avgPeriod) + 2 candles (12 by default).
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991); TA-Lib `ta_CDLUNIQUE3RIVER.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlUnique3RiverStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 12, high: 12.1, low: 9.9, close: 10 })
 * s.next({ open: 11, high: 11.1, low: 9, close: 10.5 })
 * s.next({ open: 9.5, high: 9.9, low: 9.4, close: 9.8 }) // => 100
 * ```
 */
export function cdlUnique3River(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlUnique3River}. */
export class CdlUnique3RiverStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLUNIQUE3RIVER as a uniform {@link IndicatorDefinition}. */
export const CDLUNIQUE3RIVER = definePattern(SPEC, () => new CdlUnique3RiverStream());
/** Metadata of {@link cdlUnique3River}. */
export const cdlUnique3RiverMeta = CDLUNIQUE3RIVER.meta;
