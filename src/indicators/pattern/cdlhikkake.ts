import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import type { Ohlc } from '../kernels/candle.js';
import { hikkakeStep, HIKKAKE_MEMORY, insideBar } from '../kernels/hikkake.js';

function hikkake(b: Ohlc, i: number, _avg: Float64Array, _penetration: number, memory: Float64Array): number {
  const { high: h, low: l } = b;
  const breakout = (h[i]! < h[i - 1]! && l[i]! < l[i - 1]!) || (h[i]! > h[i - 1]! && l[i]! > l[i - 1]!);
  return hikkakeStep(b, i, memory, insideBar(b, i - 1) && breakout);
}

const SPEC: CandlePatternSpec = {
  name: 'CDLHIKKAKE',
  description: 'Hikkake: a false breakout of an inside bar, and its confirmation within 3 bars',
  averages: [],
  lookback: () => 5,
  warmup: 3,
  memory: HIKKAKE_MEMORY,
  rule: hikkake,
};

/**
 * Hikkake pattern, exactly as TA-Lib's `TA_CDLHIKKAKE`. Three bars: the 2nd is an inside bar of the 1st (lower high,
 * higher low), the 3rd breaks out of the 2nd with a lower high and lower low (bullish: 100) or a higher high and
 * higher low (bearish: −100). Within the next 3 bars, the first close above the 2nd bar's high (bullish) or below its
 * low (bearish) confirms it: 200 / −200. A new pattern bar reports ±100 even when it also confirms. NaN for the first
 * 5 bars, though patterns found from bar 2 on can be confirmed from bar 5 on. No candle settings are involved.
 *
 * Reference: Daniel L. Chesler, "Trading False Moves with the Hikkake Pattern", Active Trader (2004); TA-Lib
 * `ta_CDLHIKKAKE.c`.
 *
 * @example
 * ```ts
 * const f = (...v: number[]) => new Float64Array(v)
 * const high = f(20, 20, 20, 12, 11, 13, 12), low = f(0, 0, 5, 6, 5, 7, 7)
 * cdlHikkake(f(9, 9, 9, 9, 8, 8, 8), high, low, f(9, 9, 9, 9, 8, 12.5, 9)) // => [NaN × 5, 200, 0]
 * ```
 */
export function cdlHikkake(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlHikkake}: keeps the last pattern bar's direction and age. */
export class CdlHikkakeStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLHIKKAKE as a uniform {@link IndicatorDefinition}. */
export const CDLHIKKAKE = definePattern(SPEC, () => new CdlHikkakeStream());
/** Metadata of {@link cdlHikkake}. */
export const cdlHikkakeMeta = CDLHIKKAKE.meta;
