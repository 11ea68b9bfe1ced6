import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { taMin, type Ohlc } from '../kernels/candle.js';
import { HAMMER_AVERAGES, hammerLookback, hammerShape } from './cdlhammer.js';

function hangingMan(b: Ohlc, i: number, avg: Float64Array): number {
  return hammerShape(b, i, avg) && taMin(b.close[i]!, b.open[i]!) >= b.high[i - 1]! - avg[3]! ? -100 : 0; // body near the prior high
}

const SPEC: CandlePatternSpec = {
  name: 'CDLHANGINGMAN',
  description: 'Hanging man: a hammer-shaped candle near the prior high',
  averages: HAMMER_AVERAGES,
  lookback: hammerLookback,
  rule: hangingMan,
};

/**
 * Hanging man, exactly as TA-Lib's `TA_CDLHANGINGMAN`: −100 for a hammer-shaped candle (small body below `bodyShort`,
 * lower shadow above `shadowLong`, upper shadow below `shadowVeryShort`) whose body bottom is at least the previous
 * candle's high minus the `near` average; 0 otherwise; NaN for the first max of the four settings' periods + 1 candles
 * (11 by default). TA-Lib does not check the prior trend.
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 3; TA-Lib `ta_CDLHANGINGMAN.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlHangingManStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 11.4, high: 11.55, low: 10.6, close: 11.5 }) // => -100
 * ```
 */
export function cdlHangingMan(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlHangingMan}. */
export class CdlHangingManStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLHANGINGMAN as a uniform {@link IndicatorDefinition}. */
export const CDLHANGINGMAN = definePattern(SPEC, () => new CdlHangingManStream());
/** Metadata of {@link cdlHangingMan}. */
export const cdlHangingManMeta = CDLHANGINGMAN.meta;
