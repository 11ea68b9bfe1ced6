import { checkParams, checkSeries } from '../params.js';
import { intoOutput, outputFor } from '../output.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, FIXED, int, type StateRules } from '../../core/stream.js';
import { finiteInput } from '../input.js';
import { ringHead } from '../state.js';
import type { IndicatorMeta } from '../types.js';

/** Metadata of {@link sma}. */
export const smaMeta: IndicatorMeta = defineMeta({
  name: 'SMA',
  group: 'overlap',
  description: 'Simple moving average',
  inputs: ['real'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 30, min: 2, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => p.period! - 1,
});

/**
 * Simple moving average, exactly as TA-Lib's `TA_SMA`: SMA_t = (x_{t-n+1} + ... + x_t) / n, with the window
 * sum kept as a running total (add the new value, divide, subtract the oldest), in TA-Lib's order.
 * NaN until index `period - 1`. A NaN input poisons the running sum, as in TA-Lib.
 *
 * Reference: TA-Lib `ta_SMA.c`.
 *
 * @example
 * ```ts
 * sma(new Float64Array([1, 2, 3, 4]), 2) // => [NaN, 1.5, 2.5, 3.5]
 * ```
 */
export function sma(real: Float64Array, period = 30): Float64Array {
  return smaInto(outputFor(real), real, period);
}

/**
 * {@link sma} written into the caller's buffer `out` (no allocation): `out[0 .. period - 1)` becomes NaN (all of
 * `out[0 .. n)` when n = `real.length` is shorter), `out[period - 1 .. n)` the averages; elements from `n` on are
 * left as they were. Returns `out`.
 * Throws `InvalidParameterError` (`SMA.out`) when `out` is not a `Float64Array`, is shorter than `real`, or shares
 * memory with `real` (the running sum reads values the output would already have overwritten).
 *
 * @example
 * ```ts
 * smaInto(new Float64Array(4), new Float64Array([1, 2, 3, 4]), 2) // => [NaN, 1.5, 2.5, 3.5]
 * ```
 */
export function smaInto(out: Float64Array, real: Float64Array, period = 30): Float64Array {
  checkParams(smaMeta, period);
  const n = checkSeries('SMA', real);
  smaSeeded(real, 0, period, intoOutput(smaMeta, out, n, period - 1, [real]));
  return out;
}

/**
 * Writes TA-Lib's SMA of `src[start..]` into `out` (from index `start + period - 1` on). Building block of
 * composites that average a series whose first defined value is at `start`. Leaves `out` untouched when too short.
 */
export function smaSeeded(src: Float64Array, start: number, period: number, out: Float64Array): void {
  const n = src.length;
  if (n - start < period) return;
  let sum = 0;
  for (let i = start; i < start + period - 1; i++) sum += src[i]!;
  for (let i = start + period - 1, trailing = start; i < n; i++, trailing++) {
    sum += src[i]!;
    out[i] = sum / period;
    sum -= src[trailing]!;
  }
}

/** Streaming {@link sma}: a ring buffer of the last `period` values and the same running sum. */
export class SmaStream extends BaseStream<[number], number> {
  private readonly window: Float64Array;
  private sum = 0;
  private count = 0;
  private head = 0;

  constructor(readonly period = 30) {
    super('SMA', [period]);
    checkParams(smaMeta, period);
    this.window = new Float64Array(period);
  }

  next(x: number): number {
    return this.update(finiteInput(x, this.indicator));
  }

  /** Updates still needed before one returns a value (0: the next one does). */
  get pending(): number {
    return this.period - 1 - this.count;
  }

  /** {@link SmaStream.next} without the input check, for composites. */
  update(x: number): number {
    const period = this.period;
    this.sum += x;
    this.window[this.head] = x;
    this.head = this.head + 1 === period ? 0 : this.head + 1;
    if (this.count < period - 1) {
      this.count++;
      return NaN;
    }
    const value = this.sum / period;
    this.sum -= this.window[this.head]!;
    return value;
  }

  protected override stateRules(): StateRules {
    const last = this.period - 1;
    return { period: FIXED, count: int(0, last), head: ringHead(this.count, last, this.period) };
  }
}

/** SMA as a uniform {@link IndicatorDefinition}. */
export const SMA = defineIndicator(smaMeta, ([real], p) => sma(real!, p.period), (p) => new SmaStream(p.period));
