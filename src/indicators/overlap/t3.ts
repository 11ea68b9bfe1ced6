import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, FIXED, int, type StateRules } from '../../core/stream.js';
import { finiteInput } from '../input.js';
import type { IndicatorMeta } from '../types.js';

/** Metadata of {@link t3}. */
export const t3Meta: IndicatorMeta = defineMeta({
  name: 'T3',
  group: 'overlap',
  description: 'Tillson T3 moving average (six chained EMAs)',
  inputs: ['real'],
  params: [
    { name: 'period', talib: 'optInTimePeriod', default: 5, min: 2, max: 100000, integer: true },
    { name: 'vFactor', talib: 'optInVFactor', default: 0.7, min: 0, max: 1, integer: false },
  ],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => 6 * (p.period! - 1),
});

/** The four T3 weights c1..c4 of e6, e5, e4, e3 for volume factor v, in TA-Lib's arithmetic. */
function t3Coefficients(v: number): [number, number, number, number] {
  const v2 = v * v;
  const c1 = -(v2 * v);
  const c2 = 3 * (v2 - c1);
  const c3 = -6 * v2 - 3 * (v - c1);
  const c4 = 1 + 3 * v - c1 + 3 * v2;
  return [c1, c2, c3, c4];
}

/**
 * Advances the warm-up of the six chained EMAs by one input, `count` being the number of inputs before it.
 * EMA j+1 is seeded with the plain average of the first `period` values of EMA j; `e` holds e1..e6 and
 * `e[6]` the running sum of the stage being seeded. Returns true once e6 is seeded.
 */
function t3Warmup(e: Float64Array, count: number, x: number, period: number, k: number, omk: number): boolean {
  if (count < period) {
    e[6] = count === 0 ? x : e[6]! + x;
    if (count === period - 1) e[6] = e[0] = e[6]! / period;
    return false;
  }
  const stage = 1 + Math.floor((count - period) / (period - 1));
  e[0] = k * x + omk * e[0]!;
  for (let j = 1; j < stage; j++) e[j] = k * e[j - 1]! + omk * e[j]!;
  e[6] = e[6]! + e[stage - 1]!;
  if ((count - period) % (period - 1) !== period - 2) return false;
  e[6] = e[stage] = e[6]! / period;
  return stage === 5;
}

/**
 * Tillson's T3, exactly as TA-Lib's `TA_T3`: six chained EMAs e1..e6 with k = 2 / (n + 1), each EMA step written
 * k x + (1 - k) e, each EMA seeded with the plain average of the first n values of the EMA before it; then
 * T3 = c1 e6 + c2 e5 + c3 e4 + c4 e3 with c1 = -v^3, c2 = 3v^2 + 3v^3, c3 = -6v^2 - 3v - 3v^3,
 * c4 = 1 + 3v + v^3 + 3v^2. First value at index 6 (period - 1). A NaN input makes every later value NaN.
 *
 * Reference: T. Tillson, "Better Moving Averages", Stocks & Commodities (1998); TA-Lib `ta_T3.c`.
 *
 * @example
 * ```ts
 * t3(close, 5, 0.7)
 * ```
 */
export function t3(real: Float64Array, period = 5, vFactor = 0.7): Float64Array {
  checkParams(t3Meta, period, vFactor);
  const n = checkSeries('T3', real);
  const out = nanArray(n);
  t3Into(real, 0, period, vFactor, out);
  return out;
}

/**
 * Writes TA-Lib's T3 of `src[start..]` into `out` (from index `start + 6 (period - 1)` on).
 * Leaves `out` untouched when the series is too short.
 */
export function t3Into(src: Float64Array, start: number, period: number, vFactor: number, out: Float64Array): void {
  const n = src.length;
  const lookback = 6 * (period - 1);
  if (n - start <= lookback) return;
  const k = 2 / (period + 1);
  const omk = 1 - k;
  const e = new Float64Array(7);
  let today = start;
  for (let count = 0; !t3Warmup(e, count, src[today]!, period, k, omk); count++) today++;
  const [c1, c2, c3, c4] = t3Coefficients(vFactor);
  let e1 = e[0]!;
  let e2 = e[1]!;
  let e3 = e[2]!;
  let e4 = e[3]!;
  let e5 = e[4]!;
  let e6 = e[5]!;
  out[today++] = c1 * e6 + c2 * e5 + c3 * e4 + c4 * e3;
  for (; today < n; today++) {
    e1 = k * src[today]! + omk * e1;
    e2 = k * e1 + omk * e2;
    e3 = k * e2 + omk * e3;
    e4 = k * e3 + omk * e4;
    e5 = k * e4 + omk * e5;
    e6 = k * e5 + omk * e6;
    out[today] = c1 * e6 + c2 * e5 + c3 * e4 + c4 * e3;
  }
}

/** Streaming {@link t3}: the six EMA states (and the warm-up sum) in one small typed array. */
export class T3Stream extends BaseStream<[number], number> {
  private readonly e = new Float64Array(7);
  private readonly k: number;
  private readonly c: Float64Array;
  private count = 0;
  private ready = false;

  constructor(
    readonly period = 5,
    readonly vFactor = 0.7,
  ) {
    super('T3', [period, vFactor]);
    checkParams(t3Meta, period, vFactor);
    this.k = 2 / (period + 1);
    this.c = Float64Array.from(t3Coefficients(vFactor));
  }

  next(x: number): number {
    return this.update(finiteInput(x, this.indicator));
  }

  /** Updates still needed before one returns a value (0: the next one does). */
  get pending(): number {
    return this.ready ? 0 : 6 * (this.period - 1) - this.count;
  }

  /** {@link T3Stream.next} without the input check, for composites. */
  update(x: number): number {
    const e = this.e;
    const k = this.k;
    const omk = 1 - k;
    if (!this.ready) {
      this.ready = t3Warmup(e, this.count++, x, this.period, k, omk);
      if (!this.ready) return NaN;
    } else {
      e[0] = k * x + omk * e[0]!;
      for (let j = 1; j < 6; j++) e[j] = k * e[j - 1]! + omk * e[j]!;
    }
    const c = this.c;
    return c[0]! * e[5]! + c[1]! * e[4]! + c[2]! * e[3]! + c[3]! * e[2]!;
  }

  protected override stateRules(): StateRules {
    // the warm-up counts 6 (period - 1) + 1 inputs, and the stream is ready exactly when it is over
    const warm = 6 * (this.period - 1) + 1;
    return { period: FIXED, vFactor: FIXED, k: FIXED, c: FIXED, count: this.ready ? int(warm, warm) : int(0, warm - 1) };
  }
}

/** T3 as a uniform {@link IndicatorDefinition}. */
export const T3 = defineIndicator(t3Meta, ([real], p) => t3(real!, p.period, p.vFactor), (p) => new T3Stream(p.period, p.vFactor));
