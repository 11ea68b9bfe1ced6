import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, realBodyGapDown, realBodyGapUp, taMax, taMin, type Ohlc } from '../kernels/candle.js';

function xSideGap3Methods(b: Ohlc, i: number): number {
  const { open: o, close: c } = b;
  const found =
    candleColor(b, i - 2) === candleColor(b, i - 1) && candleColor(b, i - 1) === -candleColor(b, i) && // two of one color, an opposite 3rd
    o[i]! < taMax(c[i - 1]!, o[i - 1]!) && o[i]! > taMin(c[i - 1]!, o[i - 1]!) && // opening within the 2nd body,
    c[i]! < taMax(c[i - 2]!, o[i - 2]!) && c[i]! > taMin(c[i - 2]!, o[i - 2]!) && // closing within the 1st body
    ((candleColor(b, i - 2) === 1 && realBodyGapUp(b, i - 1, i - 2)) || (candleColor(b, i - 2) === -1 && realBodyGapDown(b, i - 1, i - 2))); // after a gap
  return found ? candleColor(b, i - 2) * 100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLXSIDEGAP3METHODS',
  description: 'Upside/downside gap three methods: two candles of one color with a gap between them, then an opposite one closing the gap',
  averages: [],
  lookback: () => 2,
  rule: xSideGap3Methods,
};

/**
 * Upside / downside gap three methods, exactly as TA-Lib's `TA_CDLXSIDEGAP3METHODS`: two candles of the same color, the
 * 2nd body gapping away from the 1st in their direction (up for white, down for black), then a candle of the opposite
 * color opening within the 2nd body and closing within the 1st body (all four comparisons strict); the sign is the 1st
 * candle's color: 100 (upside) / −100 (downside); 0 otherwise; NaN for the first 2 candles. No candle settings are
 * involved.
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991); TA-Lib `ta_CDLXSIDEGAP3METHODS.c`.
 *
 * @example
 * ```ts
 * const f = (...v: number[]) => new Float64Array(v)
 * cdlXSideGap3Methods(f(10, 12, 12.5), f(11.2, 13.2, 12.6), f(9.9, 11.9, 10.4), f(11, 13, 10.5)) // => [NaN, NaN, 100]
 * ```
 */
export function cdlXSideGap3Methods(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlXSideGap3Methods}. */
export class CdlXSideGap3MethodsStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLXSIDEGAP3METHODS as a uniform {@link IndicatorDefinition}. */
export const CDLXSIDEGAP3METHODS = definePattern(SPEC, () => new CdlXSideGap3MethodsStream());
/** Metadata of {@link cdlXSideGap3Methods}. */
export const cdlXSideGap3MethodsMeta = CDLXSIDEGAP3METHODS.meta;
