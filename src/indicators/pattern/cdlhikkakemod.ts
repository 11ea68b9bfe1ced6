import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { type Ohlc } from '../kernels/candle.js';
import { hikkakeStep, HIKKAKE_MEMORY, insideBar } from '../kernels/hikkake.js';

function hikkakeMod(b: Ohlc, i: number, avg: Float64Array, _penetration: number, memory: Float64Array): number {
  const { high: h, low: l, close: c } = b;
  const found =
    insideBar(b, i - 2) && insideBar(b, i - 1) && // 2nd inside the 1st, 3rd inside the 2nd
    ((h[i]! < h[i - 1]! && l[i]! < l[i - 1]! && c[i - 2]! <= l[i - 2]! + avg[0]!) || // 4th lower, 2nd closing near its low
      (h[i]! > h[i - 1]! && l[i]! > l[i - 1]! && c[i - 2]! >= h[i - 2]! - avg[0]!)); // 4th higher, 2nd closing near its high
  return hikkakeStep(b, i, memory, found);
}

const SPEC: CandlePatternSpec = {
  name: 'CDLHIKKAKEMOD',
  description: 'Modified hikkake: a hikkake whose inside bar follows an inside bar closing near its extreme, and its confirmation',
  averages: [['near', 2]],
  lookback: (s) => Math.max(1, s.near.avgPeriod) + 5,
  warmup: 3,
  memory: HIKKAKE_MEMORY,
  rule: hikkakeMod,
};

/**
 * Modified hikkake, exactly as TA-Lib's `TA_CDLHIKKAKEMOD`. Four bars: the 2nd inside the 1st (lower high, higher low)
 * and closing near its low (at most the `near` average above it) or near its high, the 3rd inside the 2nd, the 4th
 * breaking out of the 3rd with a lower high and lower low after a close near the low (bullish: 100) or a higher high
 * and higher low after a close near the high (bearish: −100). Within the next 3 bars, the first close above the 3rd
 * bar's high (bullish) or below its low (bearish) confirms it: 200 / −200. A new pattern bar reports ±100 even when it
 * also confirms. NaN for the first max(1, `near.avgPeriod`) + 5 bars (10 by default); patterns are searched from 3
 * bars earlier, so those can be confirmed at the first defined bars.
 *
 * Reference: Daniel L. Chesler, "Trading False Moves with the Hikkake Pattern", Active Trader (2004); TA-Lib
 * `ta_CDLHIKKAKEMOD.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlHikkakeModStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 10, high: 12, low: 9, close: 11 })
 * s.next({ open: 10.5, high: 11.5, low: 9.5, close: 9.7 })
 * s.next({ open: 10.5, high: 11, low: 10, close: 10.6 })
 * s.next({ open: 10.4, high: 10.8, low: 9.8, close: 10.5 })
 * s.next({ open: 10, high: 11.4, low: 9.9, close: 11.2 }) // => 200
 * ```
 */
export function cdlHikkakeMod(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlHikkakeMod}: keeps the last pattern bar's direction and age. */
export class CdlHikkakeModStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLHIKKAKEMOD as a uniform {@link IndicatorDefinition}. */
export const CDLHIKKAKEMOD = definePattern(SPEC, () => new CdlHikkakeModStream());
/** Metadata of {@link cdlHikkakeMod}. */
export const cdlHikkakeModMeta = CDLHIKKAKEMOD.meta;
