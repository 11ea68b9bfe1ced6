import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, realBody, type Ohlc } from '../kernels/candle.js';

function darkCloudCover(b: Ohlc, i: number, avg: Float64Array, penetration: number): number {
  const { open: o, high: h, close: c } = b;
  const found =
    candleColor(b, i - 1) === 1 && realBody(b, i - 1) > avg[0]! && // 1st: long white
    candleColor(b, i) === -1 && o[i]! > h[i - 1]! && // 2nd: black, opening above the prior high,
    c[i]! > o[i - 1]! && c[i]! < c[i - 1]! - realBody(b, i - 1) * penetration; // closing well within the prior body
  return found ? -100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLDARKCLOUDCOVER',
  description: 'Dark cloud cover: a black candle opening above a long white one and closing deep into its body',
  penetration: 0.5,
  averages: [['bodyLong', 1]],
  lookback: (s) => s.bodyLong.avgPeriod + 1,
  rule: darkCloudCover,
};

/**
 * Dark cloud cover, exactly as TA-Lib's `TA_CDLDARKCLOUDCOVER`: −100 (bearish) when a long white candle (body above
 * `bodyLong`) is followed by a black candle that opens above its high and closes within its body, more than
 * `penetration` × that body below its close; 0 otherwise; NaN for the first `bodyLong.avgPeriod + 1` candles (11 by
 * default). `penetration` is TA-Lib's `optInPenetration` (default 0.5, in [0, 3e37]).
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 4; TA-Lib `ta_CDLDARKCLOUDCOVER.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlDarkCloudCoverStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 10, high: 12.1, low: 9.9, close: 12 })
 * s.next({ open: 12.3, high: 12.4, low: 10.7, close: 10.8 }) // => -100
 * ```
 */
export function cdlDarkCloudCover(
  open: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  penetration = 0.5,
  options?: CandlePatternOptions,
): Float64Array {
  return runPattern(SPEC, open, high, low, close, penetration, options);
}

/** Streaming {@link cdlDarkCloudCover}. */
export class CdlDarkCloudCoverStream extends CandlePatternStream {
  constructor(penetration = 0.5, options?: CandlePatternOptions) {
    super(SPEC, penetration, options);
  }
}

/** CDLDARKCLOUDCOVER as a uniform {@link IndicatorDefinition}. */
export const CDLDARKCLOUDCOVER = definePattern(SPEC, (penetration) => new CdlDarkCloudCoverStream(penetration));
/** Metadata of {@link cdlDarkCloudCover}. */
export const cdlDarkCloudCoverMeta = CDLDARKCLOUDCOVER.meta;
