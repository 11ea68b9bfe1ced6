import { checkParam, checkParams, checkSeries } from '../params.js';
import { intoOutput, outputFor } from '../output.js';
import { defineIndicator, defineMeta } from '../define.js';
import { ANY_NUMBER, BaseStream, FINITE, FIXED, int, type StateRules } from '../../core/stream.js';
import { finiteInput } from '../input.js';
import type { IndicatorMeta } from '../types.js';

/** Metadata of {@link ema}. */
export const emaMeta: IndicatorMeta = defineMeta({
  name: 'EMA',
  group: 'overlap',
  description: 'Exponential moving average',
  inputs: ['real'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 30, min: 2, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => p.period! - 1,
});

/** TA-Lib's smoothing factor for an EMA of `period`: k = 2 / (period + 1). */
export function emaK(period: number): number {
  return 2 / (period + 1);
}

/**
 * Exponential moving average, exactly as TA-Lib's `TA_EMA` (default compatibility): the seed at index
 * `period - 1` is the simple average of the first `period` values, then EMA_t = (x_t - EMA_{t-1}) * k + EMA_{t-1}
 * with k = 2 / (period + 1). NaN before the seed; a NaN input makes every later value NaN.
 *
 * Reference: TA-Lib `ta_EMA.c`.
 *
 * @example
 * ```ts
 * ema(new Float64Array([1, 2, 3, 4]), 3) // => [NaN, NaN, 2, 3]
 * ```
 */
export function ema(real: Float64Array, period = 30): Float64Array {
  return emaInto(outputFor(real), real, period);
}

/**
 * {@link ema} written into the caller's buffer `out` (no allocation): `out[0 .. period - 1)` becomes NaN (all of
 * `out[0 .. n)` when n = `real.length` is shorter), `out[period - 1 .. n)` the EMA; elements from `n` on are left as
 * they were. Returns `out`.
 * Throws `InvalidParameterError` (`EMA.out`) when `out` is not a `Float64Array`, is shorter than `real`, or shares
 * memory with `real`.
 *
 * @example
 * ```ts
 * emaInto(new Float64Array(4), new Float64Array([1, 2, 3, 4]), 3) // => [NaN, NaN, 2, 3]
 * ```
 */
export function emaInto(out: Float64Array, real: Float64Array, period = 30): Float64Array {
  checkParams(emaMeta, period);
  const n = checkSeries('EMA', real);
  emaSeeded(real, 0, period, emaK(period), intoOutput(emaMeta, out, n, period - 1, [real]));
  return out;
}

/**
 * Writes TA-Lib's EMA of `src[start..]` into `out` (from index `start + period - 1` on), seeding with the
 * simple average of `src[start .. start + period - 1]`. Building block of DEMA, TEMA, MACD, T3 and friends,
 * which smooth a series whose first defined value is at `start`. Leaves `out` untouched when too short.
 */
export function emaSeeded(src: Float64Array, start: number, period: number, k: number, out: Float64Array): void {
  const n = src.length;
  if (n - start < period) return;
  let today = start;
  let sum = 0;
  for (let i = period; i-- > 0; ) sum += src[today++]!;
  let prev = sum / period;
  out[today - 1] = prev;
  while (today < n) {
    prev = (src[today]! - prev) * k + prev;
    out[today++] = prev;
  }
}

/** Streaming {@link ema}; `k` may be overridden (MACDFIX uses fixed factors), as TA-Lib's internal EMA allows. */
export class EmaStream extends BaseStream<[number], number> {
  private sum = 0;
  private count = 0;
  private prev = NaN;

  constructor(
    readonly period = 30,
    readonly k = emaK(period),
  ) {
    super('EMA', [period, k]);
    checkParam('EMA', 'period', period, 1, 100000, true);
    checkParam('EMA', 'k', k, Number.MIN_VALUE, 1, false);
  }

  next(x: number): number {
    return this.update(finiteInput(x, this.indicator));
  }

  /** Updates still needed before one returns a value (0: the next one does). */
  get pending(): number {
    return Math.max(0, this.period - 1 - this.count);
  }

  /** {@link EmaStream.next} without the input check, for composites. */
  update(x: number): number {
    if (this.count < this.period) {
      this.sum += x;
      if (++this.count < this.period) return NaN;
      return (this.prev = this.sum / this.period);
    }
    return (this.prev = (x - this.prev) * this.k + this.prev);
  }

  protected override stateRules(): StateRules {
    // prev is NaN until the seed (the first average) and then carries the average
    return { period: FIXED, k: FIXED, count: int(0, this.period), prev: this.count === this.period ? FINITE : ANY_NUMBER };
  }
}

/** EMA as a uniform {@link IndicatorDefinition}. */
export const EMA = defineIndicator(emaMeta, ([real], p) => ema(real!, p.period), (p) => new EmaStream(p.period));
