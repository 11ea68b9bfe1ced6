/**
 * State rules shared by the indicator streams (see `BaseStream.stateRules` in core/stream.ts).
 *
 * @module
 */
import { int, within, type FieldRule } from '../core/stream.js';

/**
 * The rule of the write position of a ring buffer of `size` slots filled from slot 0, given the count of values
 * written so far, which the stream caps at `cap`: the position equals the count until the cap is reached, and is any
 * slot after that.
 *
 * @example
 * ```ts
 * ringHead(3, 29, 30)  // => int(3, 3)
 * ringHead(29, 29, 30) // => int(0, 29)
 * ```
 */
export function ringHead(count: number, cap: number, size: number): FieldRule {
  return count < cap ? int(count, count) : int(0, size - 1);
}

/** A finite number >= 0: a sum or an average of non-negative amounts (true ranges, gains, directional moves). */
export const NON_NEGATIVE: FieldRule = within(0, Number.MAX_VALUE);

/**
 * The rule of a composite's bar counter c (exact below its cap `max`), given its stages: a nested producer fed one
 * input per bar from bar `from` on, whose output the composite starts using at bar `start`, with `pending` updates
 * still to go before that output is defined (`UpdatableStream.pending`). The producer must be warm by `start`, so
 * pending <= start - max(c, from); a producer behind schedule would feed NaN into a running sum and leave the
 * composite NaN forever.
 *
 * @example
 * ```ts
 * // TEMA: EMA 1 is fed from bar 0 and used from lb on, EMA 2 fed from lb and used from 2 lb, EMA 3 from 2 lb and 3 lb
 * count: stagedCounter(3 * lb, [lb, 0, this.ema1.pending], [2 * lb, lb, this.ema2.pending], [3 * lb, 2 * lb, this.ema3.pending])
 * ```
 */
export function stagedCounter(max: number, ...stages: readonly (readonly [start: number, from: number, pending: number])[]): FieldRule {
  const bound = (limit: number, [start, from, pending]: readonly [number, number, number]): number => {
    if (pending === 0) return limit;
    return Math.min(limit, pending <= start - from ? start - pending : -1);
  };
  const upper = stages.reduce(bound, max);
  return upper < max ? { ...int(0, upper), why: 'a nested stream it feeds on is not warm enough' } : int(0, max);
}
