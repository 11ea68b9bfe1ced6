import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, realBody, realBodyGapUp, taMax, taMin, type Ohlc } from '../kernels/candle.js';

/** The body bottom and top of candle `j`, as TA-Lib writes them (`min(open, close)`, `max(close, open)`). */
const bottom = (b: Ohlc, j: number): number => taMin(b.open[j]!, b.close[j]!);
const top = (b: Ohlc, j: number): number => taMax(b.close[j]!, b.open[j]!);

function matHold(b: Ohlc, i: number, avg: Float64Array, penetration: number): number {
  const { open: o, high: h, close: c } = b;
  const floor = c[i - 4]! - realBody(b, i - 4) * penetration;
  const found =
    realBody(b, i - 4) > avg[0]! && // a long 1st candle, then three short ones
    realBody(b, i - 3) < avg[1]! && realBody(b, i - 2) < avg[2]! && realBody(b, i - 1) < avg[3]! &&
    candleColor(b, i - 4) === 1 && candleColor(b, i - 3) === -1 && candleColor(b, i) === 1 && // white, black, ..., white
    realBodyGapUp(b, i - 3, i - 4) && // the 2nd body gapping up
    bottom(b, i - 2) < c[i - 4]! && bottom(b, i - 1) < c[i - 4]! && // the 3rd and 4th reaching into the 1st body,
    bottom(b, i - 2) > floor && bottom(b, i - 1) > floor && // but less than the penetration deep
    top(b, i - 2) < o[i - 3]! && top(b, i - 1) < top(b, i - 2) && // the 2nd to 4th falling
    o[i]! > c[i - 1]! && // the 5th opening above the 4th close
    c[i]! > taMax(taMax(h[i - 3]!, h[i - 2]!), h[i - 1]!); // and closing above the reaction's highest high
  return found ? 100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLMATHOLD',
  description: 'Mat hold: a long white candle, three small falling candles held within its body after a gap up, then a white candle closing above them',
  penetration: 0.5,
  averages: [['bodyLong', 4], ['bodyShort', 3], ['bodyShort', 2], ['bodyShort', 1]],
  lookback: (s) => Math.max(s.bodyShort.avgPeriod, s.bodyLong.avgPeriod) + 4,
  rule: matHold,
};

/**
 * Mat hold, exactly as TA-Lib's `TA_CDLMATHOLD`: 100 (bullish continuation) for five candles: a long white 1st (body
 * above `bodyLong`); three short ones (bodies below `bodyShort`), the 2nd black with its body gapping up from the 1st,
 * the 2nd to 4th falling (the 3rd body top below the 2nd open, the 4th body top below the 3rd's), the 3rd and 4th body
 * bottoms inside the 1st body (below its close, above close − `penetration` × body); a white 5th opening above the
 * 4th close and closing above the highest high of the 2nd to 4th; 0 otherwise; NaN for the first max(`bodyShort`,
 * `bodyLong` avgPeriod) + 4 candles (14 by default). `penetration` is TA-Lib's `optInPenetration` (default 0.5, in
 * [0, 3e37]). TA-Lib checks neither the 5th body's length nor the 3rd and 4th colors.
 *
 * Reference: Greg Morris, "Candlestick Charting Explained" (2006); TA-Lib `ta_CDLMATHOLD.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlMatHoldStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 10, high: 12.1, low: 9.9, close: 12 })
 * s.next({ open: 12.6, high: 12.7, low: 12.1, close: 12.2 })
 * s.next({ open: 12.1, high: 12.2, low: 11.5, close: 11.6 })
 * s.next({ open: 11.8, high: 11.9, low: 11.2, close: 11.4 })
 * s.next({ open: 11.5, high: 13.1, low: 11.4, close: 13 }) // => 100
 * ```
 */
export function cdlMatHold(
  open: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  penetration = 0.5,
  options?: CandlePatternOptions,
): Float64Array {
  return runPattern(SPEC, open, high, low, close, penetration, options);
}

/** Streaming {@link cdlMatHold}. */
export class CdlMatHoldStream extends CandlePatternStream {
  constructor(penetration = 0.5, options?: CandlePatternOptions) {
    super(SPEC, penetration, options);
  }
}

/** CDLMATHOLD as a uniform {@link IndicatorDefinition}. */
export const CDLMATHOLD = definePattern(SPEC, (penetration) => new CdlMatHoldStream(penetration));
/** Metadata of {@link cdlMatHold}. */
export const cdlMatHoldMeta = CDLMATHOLD.meta;
