import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, realBody, taMax, taMin, type Ohlc } from '../kernels/candle.js';

/** Candle `j`'s body reaches into the high − low range of candle `k`. */
function bodyWithinRange(b: Ohlc, j: number, k: number): boolean {
  return taMin(b.open[j]!, b.close[j]!) < b.high[k]! && taMax(b.open[j]!, b.close[j]!) > b.low[k]!;
}

function riseFall3Methods(b: Ohlc, i: number, avg: Float64Array): number {
  const { open: o, close: c } = b;
  const d = candleColor(b, i - 4); // 1 rising, −1 falling: the comparisons below are mirrored by the sign
  const found =
    realBody(b, i - 4) > avg[0]! && // a long 1st candle, three short ones, a long 5th
    realBody(b, i - 3) < avg[1]! && realBody(b, i - 2) < avg[2]! && realBody(b, i - 1) < avg[3]! &&
    realBody(b, i) > avg[4]! &&
    candleColor(b, i - 4) === -candleColor(b, i - 3) && candleColor(b, i - 3) === candleColor(b, i - 2) && // colors: d, −d, −d, −d, d
    candleColor(b, i - 2) === candleColor(b, i - 1) && candleColor(b, i - 1) === -candleColor(b, i) &&
    bodyWithinRange(b, i - 3, i - 4) && bodyWithinRange(b, i - 2, i - 4) && bodyWithinRange(b, i - 1, i - 4) && // held within the 1st range
    c[i - 2]! * d < c[i - 3]! * d && c[i - 1]! * d < c[i - 2]! * d && // the 2nd to 4th closes against the trend
    o[i]! * d > c[i - 1]! * d && // the 5th opening beyond the 4th close
    c[i]! * d > c[i - 4]! * d; // and closing beyond the 1st close
  return found ? 100 * d : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLRISEFALL3METHODS',
  description: 'Rising/falling three methods: a long candle, three small opposite ones held within its range, then a long one closing beyond it',
  averages: [['bodyLong', 4], ['bodyShort', 3], ['bodyShort', 2], ['bodyShort', 1], ['bodyLong', 0]],
  lookback: (s) => Math.max(s.bodyShort.avgPeriod, s.bodyLong.avgPeriod) + 4,
  rule: riseFall3Methods,
};

/**
 * Rising / falling three methods, exactly as TA-Lib's `TA_CDLRISEFALL3METHODS`: five candles, a long 1st (body above
 * `bodyLong`), three short ones (bodies below `bodyShort`) of the opposite color whose bodies each reach into the 1st
 * candle's high − low range, with closes moving against the 1st candle's direction, and a long 5th (body above
 * `bodyLong`) of the 1st candle's color opening beyond the 4th close and closing beyond the 1st close. 100 for the
 * rising form (white 1st), −100 for the falling one (black 1st); 0 otherwise; NaN for the first max(`bodyShort`,
 * `bodyLong` avgPeriod) + 4 candles (14 by default).
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 6; TA-Lib `ta_CDLRISEFALL3METHODS.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlRiseFall3MethodsStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 10, high: 12.1, low: 9.9, close: 12 })
 * s.next({ open: 11.8, high: 11.9, low: 11.3, close: 11.5 })
 * s.next({ open: 11.5, high: 11.6, low: 11, close: 11.2 })
 * s.next({ open: 11.2, high: 11.3, low: 10.7, close: 10.9 })
 * s.next({ open: 11, high: 12.6, low: 10.9, close: 12.5 }) // => 100
 * ```
 */
export function cdlRiseFall3Methods(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlRiseFall3Methods}. */
export class CdlRiseFall3MethodsStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLRISEFALL3METHODS as a uniform {@link IndicatorDefinition}. */
export const CDLRISEFALL3METHODS = definePattern(SPEC, () => new CdlRiseFall3MethodsStream());
/** Metadata of {@link cdlRiseFall3Methods}. */
export const cdlRiseFall3MethodsMeta = CDLRISEFALL3METHODS.meta;
