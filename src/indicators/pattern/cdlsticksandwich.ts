import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, type Ohlc } from '../kernels/candle.js';

function stickSandwich(b: Ohlc, i: number, avg: Float64Array): number {
  const { low: l, close: c } = b;
  const found =
    candleColor(b, i - 2) === -1 && candleColor(b, i - 1) === 1 && candleColor(b, i) === -1 && // black, white, black
    l[i - 1]! > c[i - 2]! && // the white one trading above the 1st close
    c[i]! <= c[i - 2]! + avg[0]! && c[i]! >= c[i - 2]! - avg[0]!; // the 1st and 3rd closing at the same price
  return found ? 100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLSTICKSANDWICH',
  description: 'Stick sandwich: black, white, black, the two black candles closing at the same price',
  averages: [['equal', 2]],
  lookback: (s) => s.equal.avgPeriod + 2,
  rule: stickSandwich,
};

/**
 * Stick sandwich, exactly as TA-Lib's `TA_CDLSTICKSANDWICH`: 100 (bullish) for a black candle, a white candle whose low
 * is above the black close, then a black candle closing within the `equal` average of the 1st close; 0 otherwise; NaN
 * for the first `equal` avgPeriod + 2 candles (7 by default). TA-Lib does not check the prior trend.
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991); TA-Lib `ta_CDLSTICKSANDWICH.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlStickSandwichStream()
 * for (let k = 0; k < 7; k++) s.next(q)
 * s.next({ open: 12, high: 12.1, low: 9.9, close: 10 })
 * s.next({ open: 10.5, high: 11.6, low: 10.2, close: 11.5 })
 * s.next({ open: 12, high: 12.1, low: 9.9, close: 10.02 }) // => 100
 * ```
 */
export function cdlStickSandwich(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlStickSandwich}. */
export class CdlStickSandwichStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLSTICKSANDWICH as a uniform {@link IndicatorDefinition}. */
export const CDLSTICKSANDWICH = definePattern(SPEC, () => new CdlStickSandwichStream());
/** Metadata of {@link cdlStickSandwich}. */
export const cdlStickSandwichMeta = CDLSTICKSANDWICH.meta;
