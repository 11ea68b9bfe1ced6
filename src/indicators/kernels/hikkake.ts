/**
 * What TA-Lib's CDLHIKKAKE and CDLHIKKAKEMOD share: the pattern bar's memory and its confirmation within 3 bars.
 *
 * TA-Lib keeps the index of the last pattern bar (`patternIdx`) and its result; a later bar, at most 3 bars after
 * it, that closes above the high (bullish) or below the low (bearish) of the bar before the pattern bar confirms it,
 * with ±200, once. A pattern bar reports ±100 even when it would also confirm the one before. The memory here is
 * [sign of the last result (0 before any), bars since the pattern bar (4 = none pending)]: the same decisions
 * without an absolute index, so that a stream keeps a bounded state.
 *
 * @module
 */
import { int } from '../../core/stream.js';
import type { Ohlc } from './candle.js';

/** The memory of a hikkake rule: initial values and restore rules ([sign, bars since the pattern bar]). */
export const HIKKAKE_MEMORY = { initial: [0, 4], rules: [int(-1, 1), int(0, 4)] } as const;

/**
 * Whether bar `j` is an inside bar of bar `j − 1`: a lower high and a higher low (both strict).
 *
 * @example
 * ```ts
 * const f = (...v: number[]) => new Float64Array(v)
 * insideBar({ open: f(0, 0), high: f(10, 9), low: f(5, 6), close: f(0, 0) }, 1) // => true
 * ```
 */
export function insideBar(b: Ohlc, j: number): boolean {
  return b.high[j]! < b.high[j - 1]! && b.low[j]! > b.low[j - 1]!;
}

/**
 * One bar of a hikkake rule at index `i`, given whether the bar completes a pattern (`found`): ±100 for a pattern bar
 * (bullish when its high is below the previous high), ±200 for a confirmation, 0 otherwise. Updates `memory`.
 *
 * @example
 * ```ts
 * const memory = Float64Array.from(HIKKAKE_MEMORY.initial)
 * hikkakeStep(b, 4, memory, true)  // => 100 (bar 4 breaks down out of the inside bar 3)
 * hikkakeStep(b, 5, memory, false) // => 200 when close[5] > high[3]
 * ```
 */
export function hikkakeStep(b: Ohlc, i: number, memory: Float64Array, found: boolean): number {
  const age = memory[1]! < 4 ? memory[1]! + 1 : 4;
  memory[1] = age;
  if (found) {
    memory[0] = b.high[i]! < b.high[i - 1]! ? 1 : -1;
    memory[1] = 0;
    return memory[0] * 100;
  }
  const sign = memory[0]!;
  const before = i - age - 1;
  if (age <= 3 && ((sign > 0 && b.close[i]! > b.high[before]!) || (sign < 0 && b.close[i]! < b.low[before]!))) {
    memory[1] = 4;
    return sign * 200;
  }
  return 0;
}
