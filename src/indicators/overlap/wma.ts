import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, FIXED, int, type StateRules } from '../../core/stream.js';
import { finiteInput } from '../input.js';
import { ringHead } from '../state.js';
import type { IndicatorMeta } from '../types.js';

/** Metadata of {@link wma}. */
export const wmaMeta: IndicatorMeta = defineMeta({
  name: 'WMA',
  group: 'overlap',
  description: 'Weighted moving average (linear weights)',
  inputs: ['real'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 30, min: 2, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => p.period! - 1,
});

/**
 * TA-Lib's WMA divisor n (n + 1) / 2, computed in 32-bit integer arithmetic as the C code does
 * (it wraps for periods above 46340, and TA-Lib's output with it).
 */
function wmaDivider(period: number): number {
  return Math.imul(period, period + 1) >> 1;
}

/**
 * Linearly weighted moving average, exactly as TA-Lib's `TA_WMA`:
 * WMA_t = (1 x_{t-n+1} + 2 x_{t-n+2} + ... + n x_t) / (n (n + 1) / 2).
 * TA-Lib keeps the weighted sum S and the plain window sum P running: S += n x_t, output S / divisor,
 * then S -= P. NaN until index `period - 1`; a NaN input poisons both sums, so every later value is NaN.
 *
 * Reference: TA-Lib `ta_WMA.c`.
 *
 * @example
 * ```ts
 * wma(new Float64Array([1, 2, 3, 4]), 3) // [NaN, NaN, 14 / 6, 20 / 6]
 * ```
 */
export function wma(real: Float64Array, period = 30): Float64Array {
  checkParams(wmaMeta, period);
  const n = checkSeries('WMA', real);
  const out = nanArray(n);
  wmaInto(real, 0, period, out);
  return out;
}

/**
 * Writes TA-Lib's WMA of `src[start..]` into `out` (from index `start + period - 1` on).
 * Leaves `out` untouched when the series is too short.
 */
export function wmaInto(src: Float64Array, start: number, period: number, out: Float64Array): void {
  const n = src.length;
  if (n - start < period) return;
  const divider = wmaDivider(period);
  let sum = 0;
  let sub = 0;
  let i = start;
  for (let w = 1; w < period; w++, i++) {
    const x = src[i]!;
    sub += x;
    sum += x * w;
  }
  let trailingValue = 0;
  for (let trailing = start; i < n; i++, trailing++) {
    const x = src[i]!;
    sub += x;
    sub -= trailingValue;
    sum += x * period;
    trailingValue = src[trailing]!;
    out[i] = sum / divider;
    sum -= sub;
  }
}

/** Streaming {@link wma}: a ring buffer of the last `period` values and the same two running sums. */
export class WmaStream extends BaseStream<[number], number> {
  private readonly window: Float64Array;
  private readonly divider: number;
  private sum = 0;
  private sub = 0;
  private trailingValue = 0;
  private count = 0;
  private head = 0;

  constructor(readonly period = 30) {
    super('WMA', [period]);
    checkParams(wmaMeta, period);
    this.window = new Float64Array(period);
    this.divider = wmaDivider(period);
  }

  next(x: number): number {
    return this.update(finiteInput(x, this.indicator));
  }

  /** Updates still needed before one returns a value (0: the next one does). */
  get pending(): number {
    return this.period - 1 - this.count;
  }

  /** {@link WmaStream.next} without the input check, for composites. */
  update(x: number): number {
    const period = this.period;
    this.window[this.head] = x;
    this.head = this.head + 1 === period ? 0 : this.head + 1;
    if (this.count < period - 1) {
      this.sub += x;
      this.sum += x * ++this.count;
      return NaN;
    }
    this.sub += x;
    this.sub -= this.trailingValue;
    this.sum += x * period;
    this.trailingValue = this.window[this.head]!;
    const value = this.sum / this.divider;
    this.sum -= this.sub;
    return value;
  }

  protected override stateRules(): StateRules {
    const last = this.period - 1;
    return { period: FIXED, divider: FIXED, count: int(0, last), head: ringHead(this.count, last, this.period) };
  }
}

/** WMA as a uniform {@link IndicatorDefinition}. */
export const WMA = defineIndicator(wmaMeta, ([real], p) => wma(real!, p.period), (p) => new WmaStream(p.period));
