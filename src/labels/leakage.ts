import { sliceCandles } from '../core/candles.js';
import { LookaheadError } from './errors.js';
import type { Candles } from '../core/types.js';

/**
 * Proves (on the given cut points) that `compute` uses no future data: for each cut t, computing on candles
 * [0, t] must give, at t, exactly the value computed on the full series. Throws {@link LookaheadError} naming
 * the column and the first index that differs.
 *
 * @example
 * ```ts
 * assertNoLookahead((c) => ({ rsi_14: rsi(c.close, 14) }), candles, [500, 900, 1400])
 * ```
 */
export function assertNoLookahead(compute: (candles: Candles) => Record<string, Float64Array>, candles: Candles, cuts: readonly number[]): void {
  const full = compute(candles);
  for (const t of cuts) {
    const cut = compute(sliceCandles(candles, 0, t + 1));
    for (const [name, values] of Object.entries(full)) {
      const a = cut[name]?.[t];
      const b = values[t];
      if (!Object.is(a, b)) throw new LookaheadError(name, t, `${name} at ${t} is ${b} on the full series but ${a} when candles after ${t} are removed: it looks ahead`);
    }
  }
}
