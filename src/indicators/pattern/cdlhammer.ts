import type { CandlePatternOptions, CandleSettings } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { lowerShadow, realBody, taMin, upperShadow, type Ohlc } from '../kernels/candle.js';
import type { AverageSlot } from '../kernels/candle-averages.js';

/** The averages of a hammer-shaped candle (HAMMER, HANGINGMAN): small body, long lower shadow, very short upper one, near. */
export const HAMMER_AVERAGES: readonly AverageSlot[] = [
  ['bodyShort', 0],
  ['shadowLong', 0],
  ['shadowVeryShort', 0],
  ['near', 1],
];

/** The lookback of {@link HAMMER_AVERAGES}: the longest of the four periods + 1. */
export function hammerLookback(s: CandleSettings): number {
  return Math.max(Math.max(Math.max(s.bodyShort.avgPeriod, s.shadowLong.avgPeriod), s.shadowVeryShort.avgPeriod), s.near.avgPeriod) + 1;
}

/** The shape of a hammer or hanging man: a small body, a long lower shadow, a very short upper shadow. */
export function hammerShape(b: Ohlc, i: number, avg: Float64Array): boolean {
  return realBody(b, i) < avg[0]! && lowerShadow(b, i) > avg[1]! && upperShadow(b, i) < avg[2]!;
}

function hammer(b: Ohlc, i: number, avg: Float64Array): number {
  return hammerShape(b, i, avg) && taMin(b.close[i]!, b.open[i]!) <= b.low[i - 1]! + avg[3]! ? 100 : 0; // body near the prior low
}

const SPEC: CandlePatternSpec = {
  name: 'CDLHAMMER',
  description: 'Hammer: a small body near the prior low, with a long lower shadow and almost no upper shadow',
  averages: HAMMER_AVERAGES,
  lookback: hammerLookback,
  rule: hammer,
};

/**
 * Hammer, exactly as TA-Lib's `TA_CDLHAMMER`: 100 for a candle with a small body (below `bodyShort`), a long lower
 * shadow (above `shadowLong`: by default, longer than the body), a very short upper shadow (below `shadowVeryShort`),
 * whose body bottom is at most the `near` average above the previous candle's low; 0 otherwise; NaN for the first max
 * of the four settings' periods + 1 candles (11 by default). TA-Lib does not check the prior trend.
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 3; TA-Lib `ta_CDLHAMMER.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlHammerStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 9.8, high: 9.95, low: 9, close: 9.9 }) // => 100
 * ```
 */
export function cdlHammer(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlHammer}. */
export class CdlHammerStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLHAMMER as a uniform {@link IndicatorDefinition}. */
export const CDLHAMMER = definePattern(SPEC, () => new CdlHammerStream());
/** Metadata of {@link cdlHammer}. */
export const cdlHammerMeta = CDLHAMMER.meta;
