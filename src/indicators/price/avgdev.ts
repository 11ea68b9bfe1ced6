import { checkParams, checkSeries } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, FIXED, int, type StateRules } from '../../core/stream.js';
import { finiteInput } from '../input.js';
import { ringHead } from '../state.js';
import type { IndicatorMeta } from '../types.js';

/** Metadata of {@link avgDev}. */
export const avgDevMeta: IndicatorMeta = defineMeta({
  name: 'AVGDEV',
  group: 'price',
  description: 'Average (mean absolute) deviation from the mean over a rolling window',
  inputs: ['real'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 14, min: 2, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => p.period! - 1,
});

/**
 * TA-Lib's mean absolute deviation of the window `src[last - period + 1 .. last]`: the mean
 * Σx / n is summed newest to oldest, then Σ|x - mean| / n in the same order.
 */
function avgDevAt(src: Float64Array, last: number, period: number): number {
  const stop = last - period + 1; // oldest index of the window
  // Two points per turn for speed; the additions happen in exactly the one-at-a-time order.
  let sum = 0;
  let j = last;
  for (; j > stop; j -= 2) {
    sum += src[j]!;
    sum += src[j - 1]!;
  }
  if (j === stop) sum += src[j]!;
  const mean = sum / period;
  let dev = 0;
  for (j = last; j > stop; j -= 2) {
    dev += Math.abs(src[j]! - mean);
    dev += Math.abs(src[j - 1]! - mean);
  }
  if (j === stop) dev += Math.abs(src[j]! - mean);
  return dev / period;
}

/**
 * Average deviation, exactly as TA-Lib's `TA_AVGDEV`: the mean absolute deviation of the last `period` values
 * from their mean, AVGDEV = Σ|x_i - mean| / n, recomputed for every window (O(period) per point, as TA-Lib).
 * NaN until index `period - 1`; a NaN input makes the `period` outputs whose window holds it NaN.
 *
 * Reference: TA-Lib `ta_AVGDEV.c` (Anatoliy Belsky, 2012).
 *
 * @example
 * ```ts
 * avgDev(new Float64Array([1, 2, 3, 6]), 3) // [NaN, NaN, 0.6666666666666666, 1.5555555555555554]
 * ```
 */
export function avgDev(real: Float64Array, period = 14): Float64Array {
  checkParams(avgDevMeta, period);
  const n = checkSeries('AVGDEV', real);
  const out = new Float64Array(n).fill(NaN, 0, period - 1); // NaN warm-up (all of a too-short series)
  for (let t = period - 1; t < n; t++) out[t] = avgDevAt(real, t, period);
  return out;
}

/**
 * Streaming {@link avgDev}: the last `period` values in a doubled ring buffer (each value stored at `pos` and
 * `pos + period`), so the window is contiguous and evaluated exactly as in batch.
 */
export class AvgDevStream extends BaseStream<[number], number> {
  private readonly window: Float64Array;
  private pos = 0;
  private count = 0;

  constructor(readonly period = 14) {
    super('AVGDEV', [period]);
    checkParams(avgDevMeta, period);
    this.window = new Float64Array(2 * period);
  }

  next(x: number): number {
    finiteInput(x, this.indicator);
    const period = this.period;
    this.window[this.pos] = x;
    this.window[this.pos + period] = x;
    this.pos = this.pos + 1 === period ? 0 : this.pos + 1;
    if (this.count < period - 1) {
      this.count++;
      return NaN;
    }
    return avgDevAt(this.window, this.pos + period - 1, period);
  }

  protected override stateRules(): StateRules {
    const last = this.period - 1;
    return { period: FIXED, count: int(0, last), pos: ringHead(this.count, last, this.period) };
  }
}

/** AVGDEV as a uniform {@link IndicatorDefinition}. */
export const AVGDEV = defineIndicator(avgDevMeta, ([real], p) => avgDev(real!, p.period), (p) => new AvgDevStream(p.period));
