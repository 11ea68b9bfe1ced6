import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, FIXED, int, type StateRules } from '../../core/stream.js';
import { finiteInput } from '../input.js';
import type { IndicatorMeta } from '../types.js';

/** Metadata of {@link trima}. */
export const trimaMeta: IndicatorMeta = defineMeta({
  name: 'TRIMA',
  group: 'overlap',
  description: 'Triangular moving average',
  inputs: ['real'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 30, min: 2, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => p.period! - 1,
});

/**
 * 1 / (sum of the triangular weights): 1 / (h + 1)^2 for an odd period, 1 / (h (h + 1)) for an even one,
 * h = floor(period / 2), the product taken in 32-bit integer arithmetic as TA-Lib's C code does.
 */
function trimaFactor(period: number): number {
  const half = period >> 1;
  return 1 / ((period & 1) === 1 ? Math.imul(half + 1, half + 1) : Math.imul(half, half + 1));
}

/**
 * Triangular moving average, exactly as TA-Lib's `TA_TRIMA`: weights 1, 2, ..., peak, ..., 2, 1 over the window
 * (equivalently SMA(SMA(x, ceil(n/2)), floor(n/2) + 1)). TA-Lib keeps the weighted numerator running with two
 * partial sums, one for each half of the window (the older half including the middle value), updated in four
 * steps per bar; odd and even periods differ in where the middle falls and in the order of one update.
 * NaN until index `period - 1`; a NaN input poisons the running sums, so every later value is NaN.
 *
 * Reference: TA-Lib `ta_TRIMA.c`.
 *
 * @example
 * ```ts
 * trima(new Float64Array([1, 2, 3, 4, 5]), 4) // [NaN, NaN, NaN, 2.5, 3.5]
 * ```
 */
export function trima(real: Float64Array, period = 30): Float64Array {
  checkParams(trimaMeta, period);
  const n = checkSeries('TRIMA', real);
  const out = nanArray(n);
  trimaInto(real, 0, period, out);
  return out;
}

/**
 * Writes TA-Lib's TRIMA of `src[start..]` into `out` (from index `start + period - 1` on).
 * Leaves `out` untouched when the series is too short.
 */
export function trimaInto(src: Float64Array, start: number, period: number, out: Float64Array): void {
  const n = src.length;
  if (n - start < period) return;
  const odd = (period & 1) === 1;
  const half = period >> 1;
  const factor = trimaFactor(period);
  let trailing = start;
  let middle = start + (odd ? half : half - 1);
  let today = start + period - 1;
  let numerator = 0;
  let numSub = 0;
  let numAdd = 0;
  for (let i = middle; i >= trailing; i--) {
    numSub += src[i]!;
    numerator += numSub;
  }
  for (let i = ++middle; i <= today; i++) {
    numAdd += src[i]!;
    numerator += numAdd;
  }
  let trailingValue = src[trailing++]!;
  out[today++] = numerator * factor;
  for (; today < n; today++) {
    numerator -= numSub;
    numSub -= trailingValue;
    const mid = src[middle++]!;
    numSub += mid;
    if (odd) {
      numerator += numAdd;
      numAdd -= mid;
    } else {
      numAdd -= mid;
      numerator += numAdd;
    }
    const x = src[today]!;
    numAdd += x;
    numerator += x;
    trailingValue = src[trailing++]!;
    out[today] = numerator * factor;
  }
}

/** Streaming {@link trima}: a ring buffer of the last `period` values and the same partial sums. */
export class TrimaStream extends BaseStream<[number], number> {
  private readonly window: Float64Array;
  private readonly factor: number;
  private numerator = 0;
  private numSub = 0;
  private numAdd = 0;
  private count = 0;
  private head = 0;

  constructor(readonly period = 30) {
    super('TRIMA', [period]);
    checkParams(trimaMeta, period);
    this.window = new Float64Array(period);
    this.factor = trimaFactor(period);
  }

  next(x: number): number {
    return this.update(finiteInput(x, this.indicator));
  }

  /** Updates still needed before one returns a value (0: the next one does). */
  get pending(): number {
    return Math.max(0, this.period - 1 - this.count);
  }

  /** {@link TrimaStream.next} without the input check, for composites. */
  update(x: number): number {
    const period = this.period;
    const w = this.window;
    const half = period >> 1;
    const odd = (period & 1) === 1;
    if (this.count < period) {
      w[this.count++] = x;
      if (this.count < period) return NaN;
      const middle = odd ? half : half - 1;
      for (let i = middle; i >= 0; i--) {
        this.numSub += w[i]!;
        this.numerator += this.numSub;
      }
      for (let i = middle + 1; i < period; i++) {
        this.numAdd += w[i]!;
        this.numerator += this.numAdd;
      }
      return this.numerator * this.factor;
    }
    const head = this.head;
    let mid = head + period - half;
    if (mid >= period) mid -= period;
    const midValue = w[mid]!;
    this.numerator -= this.numSub;
    this.numSub -= w[head]!;
    this.numSub += midValue;
    if (odd) {
      this.numerator += this.numAdd;
      this.numAdd -= midValue;
    } else {
      this.numAdd -= midValue;
      this.numerator += this.numAdd;
    }
    this.numAdd += x;
    this.numerator += x;
    w[head] = x;
    this.head = head + 1 === period ? 0 : head + 1;
    return this.numerator * this.factor;
  }

  protected override stateRules(): StateRules {
    // the first `period` values fill the window in order; the ring turns after that
    return { period: FIXED, factor: FIXED, count: int(0, this.period), head: int(0, this.count < this.period ? 0 : this.period - 1) };
  }
}

/** TRIMA as a uniform {@link IndicatorDefinition}. */
export const TRIMA = defineIndicator(trimaMeta, ([real], p) => trima(real!, p.period), (p) => new TrimaStream(p.period));
