import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { highLowRange, lowerShadow, realBody, taMax, taMin, upperShadow, type Ohlc } from '../kernels/candle.js';

function rickshawMan(b: Ohlc, i: number, avg: Float64Array): number {
  const { open: o, low: l, close: c } = b;
  const found =
    realBody(b, i) <= avg[0]! && // a doji
    lowerShadow(b, i) > avg[1]! && upperShadow(b, i) > avg[1]! && // with two long shadows
    taMin(o[i]!, c[i]!) <= l[i]! + highLowRange(b, i) / 2 + avg[2]! && // its body near the candle's midpoint
    taMax(o[i]!, c[i]!) >= l[i]! + highLowRange(b, i) / 2 - avg[2]!;
  return found ? 100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLRICKSHAWMAN',
  description: 'Rickshaw man: a doji with two long shadows and its body near the middle of the range',
  averages: [['bodyDoji', 0], ['shadowLong', 0], ['near', 0]],
  lookback: (s) => Math.max(s.bodyDoji.avgPeriod, s.shadowLong.avgPeriod, s.near.avgPeriod),
  rule: rickshawMan,
};

/**
 * Rickshaw man, exactly as TA-Lib's `TA_CDLRICKSHAWMAN`: 100 for a doji (body at most `bodyDoji`) with both shadows
 * long (above `shadowLong`: by default, longer than the body) whose body reaches within the `near` average of the
 * midpoint of its high − low range (body bottom ≤ midpoint + near and body top ≥ midpoint − near), else 0; NaN for the
 * first max of the three settings' periods (10 by default).
 *
 * Reference: Greg Morris, "Candlestick Charting Explained" (2006); TA-Lib `ta_CDLRICKSHAWMAN.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlRickshawManStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 10, high: 11, low: 9, close: 10.1 }) // => 100
 * ```
 */
export function cdlRickshawMan(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlRickshawMan}. */
export class CdlRickshawManStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLRICKSHAWMAN as a uniform {@link IndicatorDefinition}. */
export const CDLRICKSHAWMAN = definePattern(SPEC, () => new CdlRickshawManStream());
/** Metadata of {@link cdlRickshawMan}. */
export const cdlRickshawManMeta = CDLRICKSHAWMAN.meta;
