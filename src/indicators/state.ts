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
