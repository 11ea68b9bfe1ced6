import { checkParams, checkSeries } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, FIXED, int, type StateRules } from '../../core/stream.js';
import { finiteInput } from '../input.js';
import { ringHead } from '../state.js';
import type { IndicatorMeta } from '../types.js';

/** Metadata of {@link variance} (TA-Lib's `VAR`). */
export const varMeta: IndicatorMeta = defineMeta({
  name: 'VAR',
  group: 'statistic',
  description: 'Population variance over a rolling window',
  inputs: ['real'],
  params: [
    { name: 'period', talib: 'optInTimePeriod', default: 5, min: 1, max: 100000, integer: true },
    { name: 'nbDev', talib: 'optInNbDev', default: 1, min: -3e37, max: 3e37, integer: false },
  ],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => p.period! - 1,
});

/**
 * Population variance, exactly as TA-Lib's `TA_VAR`: running sums S1 = Σx and S2 = Σx² over the last `period`
 * values, VAR = S2 / n - (S1 / n)². The sums are updated in TA-Lib's order (add the new value, take both means,
 * subtract the oldest), so the result may be a tiny negative number where the window is constant.
 * `nbDev` is accepted for TA-Lib compatibility and, as in TA-Lib, ignored.
 * NaN until index `period - 1`; a NaN input poisons the running sums, so every later value is NaN.
 *
 * Reference: TA-Lib `ta_VAR.c` (`TA_INT_VAR`).
 *
 * @example
 * ```ts
 * variance(new Float64Array([1, 2, 3, 4]), 2) // [NaN, 0.25, 0.25, 0.25]
 * ```
 */
export function variance(real: Float64Array, period = 5, nbDev = 1): Float64Array {
  checkParams(varMeta, period, nbDev);
  const n = checkSeries('VAR', real);
  const out = new Float64Array(n).fill(NaN, 0, period - 1); // NaN warm-up (all of a too-short series)
  varianceInto(real, 0, period, out);
  return out;
}

/**
 * Writes TA-Lib's rolling variance of `src[start..]` into `out` (from index `start + period - 1` on); the kernel
 * of VAR and STDDEV. Leaves `out` untouched when the series is too short.
 */
export function varianceInto(src: Float64Array, start: number, period: number, out: Float64Array): void {
  const n = src.length;
  if (n - start < period) return;
  let sum = 0;
  let sumSq = 0;
  const first = start + period - 1;
  for (let i = start; i < first; i++) {
    const x = src[i]!;
    sum += x;
    sumSq += x * x;
  }
  for (let i = first, trailing = start; i < n; i++, trailing++) {
    const x = src[i]!;
    sum += x;
    sumSq += x * x;
    const mean = sum / period;
    const meanSq = sumSq / period;
    const old = src[trailing]!;
    sum -= old;
    sumSq -= old * old;
    out[i] = meanSq - mean * mean;
  }
}

/** Streaming {@link variance}: a ring buffer of the last `period` values and the same running sums. */
export class VarStream extends BaseStream<[number], number> {
  private readonly window: Float64Array;
  private sum = 0;
  private sumSq = 0;
  private count = 0;
  private head = 0;

  constructor(
    readonly period = 5,
    readonly nbDev = 1,
  ) {
    super('VAR', [period, nbDev]);
    checkParams(varMeta, period, nbDev);
    this.window = new Float64Array(period);
  }

  next(x: number): number {
    return this.update(finiteInput(x, this.indicator));
  }

  /** {@link VarStream.next} without the input check, for composites. */
  update(x: number): number {
    const period = this.period;
    this.sum += x;
    this.sumSq += x * x;
    this.window[this.head] = x;
    this.head = this.head + 1 === period ? 0 : this.head + 1;
    if (this.count < period - 1) {
      this.count++;
      return NaN;
    }
    const mean = this.sum / period;
    const meanSq = this.sumSq / period;
    const old = this.window[this.head]!;
    this.sum -= old;
    this.sumSq -= old * old;
    return meanSq - mean * mean;
  }

  protected override stateRules(): StateRules {
    const last = this.period - 1;
    return { period: FIXED, nbDev: FIXED, count: int(0, last), head: ringHead(this.count, last, this.period) };
  }
}

/** VAR as a uniform {@link IndicatorDefinition}. */
export const VAR = defineIndicator(varMeta, ([real], p) => variance(real!, p.period, p.nbDev), (p) => new VarStream(p.period, p.nbDev));
