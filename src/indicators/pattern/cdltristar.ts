import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { realBody, realBodyGapDown, realBodyGapUp, taMax, taMin, type Ohlc } from '../kernels/candle.js';

function triStar(b: Ohlc, i: number, avg: Float64Array): number {
  const { open: o, close: c } = b;
  const doji = avg[0]!; // the 1st candle's doji average serves all three, as in TA-Lib
  if (!(realBody(b, i - 2) <= doji && realBody(b, i - 1) <= doji && realBody(b, i) <= doji)) return 0;
  let value = 0;
  if (realBodyGapUp(b, i - 1, i - 2) && taMax(o[i]!, c[i]!) < taMax(o[i - 1]!, c[i - 1]!)) value = -100; // the 2nd gapping up, the 3rd not higher
  if (realBodyGapDown(b, i - 1, i - 2) && taMin(o[i]!, c[i]!) > taMin(o[i - 1]!, c[i - 1]!)) value = 100; // the 2nd gapping down, the 3rd not lower
  return value;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLTRISTAR',
  description: 'Tristar: three dojis, the middle one gapping away from the others',
  averages: [['bodyDoji', 2]],
  lookback: (s) => s.bodyDoji.avgPeriod + 2,
  rule: triStar,
};

/**
 * Tristar, exactly as TA-Lib's `TA_CDLTRISTAR`: three dojis (bodies at most the `bodyDoji` average at the 1st candle:
 * TA-Lib compares all three with that one average). −100 (bearish) when the 2nd body gaps up from the 1st and the 3rd
 * body's top is below the 2nd's; 100 (bullish) when the 2nd body gaps down and the 3rd body's bottom is above the
 * 2nd's; 0 otherwise; NaN for the first `bodyDoji` avgPeriod + 2 candles (12 by default).
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 8; TA-Lib `ta_CDLTRISTAR.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlTristarStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 10, high: 10.5, low: 9.5, close: 10.05 })
 * s.next({ open: 9, high: 9.5, low: 8.5, close: 9.05 })
 * s.next({ open: 10, high: 10.5, low: 9.5, close: 10.05 }) // => 100
 * ```
 */
export function cdlTristar(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlTristar}. */
export class CdlTristarStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLTRISTAR as a uniform {@link IndicatorDefinition}. */
export const CDLTRISTAR = definePattern(SPEC, () => new CdlTristarStream());
/** Metadata of {@link cdlTristar}. */
export const cdlTristarMeta = CDLTRISTAR.meta;
