import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { ANY_NUMBER, BaseStream, FINITE, FIXED, int, type StateRules } from '../../core/stream.js';
import { finiteInput } from '../input.js';
import { isZero } from '../math.js';
import type { IndicatorMeta } from '../types.js';

/** Metadata of {@link kama}. */
export const kamaMeta: IndicatorMeta = defineMeta({
  name: 'KAMA',
  group: 'overlap',
  description: 'Kaufman adaptive moving average',
  inputs: ['real'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 30, min: 2, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => p.period!,
});

/** Smoothing constant of the slowest EMA (30 bars) and the span up to the fastest (2 bars). */
const SC_SLOW = 2 / (30 + 1);
const SC_SPAN = 2 / (2 + 1) - SC_SLOW;

/**
 * KAMA's adaptive factor from the net change `roc` over the period and the sum of absolute one-bar changes:
 * efficiency ER = |roc / sum| (1 when sum <= roc or sum is within 1e-14 of zero), factor = (ER span + slow)^2.
 */
function smoothing(roc: number, sumRoc: number): number {
  const er = sumRoc <= roc || isZero(sumRoc) ? 1 : Math.abs(roc / sumRoc);
  const sc = er * SC_SPAN + SC_SLOW;
  return sc * sc;
}

/**
 * Kaufman adaptive moving average, exactly as TA-Lib's `TA_KAMA`: KAMA_t = (x_t - KAMA_{t-1}) sc_t + KAMA_{t-1},
 * sc_t = (ER_t (2/3 - 2/31) + 2/31)^2, ER_t = |x_t - x_{t-n}| / sum of |x_i - x_{i-1}| over the last n bars
 * (kept as a running sum). The first value, at index `period`, starts from x_{period-1} as the previous KAMA.
 * A NaN input makes every later value NaN.
 *
 * Reference: P. J. Kaufman, "Smarter Trading" (1995); TA-Lib `ta_KAMA.c`.
 *
 * @example
 * ```ts
 * kama(close, 30)
 * ```
 */
export function kama(real: Float64Array, period = 30): Float64Array {
  checkParams(kamaMeta, period);
  const n = checkSeries('KAMA', real);
  const out = nanArray(n);
  kamaInto(real, 0, period, out);
  return out;
}

/**
 * Writes TA-Lib's KAMA of `src[start..]` into `out` (from index `start + period` on).
 * Leaves `out` untouched when the series is too short.
 */
export function kamaInto(src: Float64Array, start: number, period: number, out: Float64Array): void {
  const n = src.length;
  if (n - start <= period) return;
  let sumRoc = 0;
  let today = start;
  for (; today < start + period; today++) sumRoc += Math.abs(src[today]! - src[today + 1]!);
  let trailing = start;
  let trailingValue = src[trailing++]!;
  let last = src[today]!;
  let prev = src[today - 1]!;
  prev = (last - prev) * smoothing(last - trailingValue, sumRoc) + prev;
  out[today++] = prev;
  for (; today < n; today++) {
    const x = src[today]!;
    const oldest = src[trailing++]!;
    sumRoc -= Math.abs(trailingValue - oldest);
    sumRoc += Math.abs(x - last);
    trailingValue = oldest;
    last = x;
    prev = (x - prev) * smoothing(x - oldest, sumRoc) + prev;
    out[today] = prev;
  }
}

/** Streaming {@link kama}: a ring buffer of the last `period` values, the running ROC sum and the last KAMA. */
export class KamaStream extends BaseStream<[number], number> {
  private readonly window: Float64Array;
  private sumRoc = 0;
  private trailingValue = NaN;
  private last = NaN;
  private prev = NaN;
  private count = 0;
  private head = 0;

  constructor(readonly period = 30) {
    super('KAMA', [period]);
    checkParams(kamaMeta, period);
    this.window = new Float64Array(period);
  }

  next(x: number): number {
    return this.update(finiteInput(x, this.indicator));
  }

  /** Updates still needed before one returns a value (0: the next one does). */
  get pending(): number {
    return Math.max(0, this.period - this.count);
  }

  /** {@link KamaStream.next} without the input check, for composites. */
  update(x: number): number {
    const period = this.period;
    const w = this.window;
    const head = this.head;
    const oldest = w[head]!;
    const count = this.count;
    if (count > period) {
      this.sumRoc -= Math.abs(this.trailingValue - oldest);
      this.sumRoc += Math.abs(x - this.last);
    } else if (count > 0) {
      this.sumRoc += Math.abs(this.last - x);
      this.count++;
    } else {
      this.count++;
    }
    let value = NaN;
    if (count >= period) {
      if (count === period) this.prev = this.last;
      this.trailingValue = oldest;
      value = this.prev = (x - this.prev) * smoothing(x - oldest, this.sumRoc) + this.prev;
    }
    this.last = x;
    w[head] = x;
    this.head = head + 1 === period ? 0 : head + 1;
    return value;
  }

  protected override stateRules(): StateRules {
    const { period, count } = this;
    const slot = count % period;
    return {
      period: FIXED,
      count: int(0, period + 1),
      head: count <= period ? int(slot, slot) : int(0, period - 1),
      last: count > 0 ? FINITE : ANY_NUMBER,
      prev: count > period ? FINITE : ANY_NUMBER,
      trailingValue: count > period ? FINITE : ANY_NUMBER,
    };
  }
}

/** KAMA as a uniform {@link IndicatorDefinition}. */
export const KAMA = defineIndicator(kamaMeta, ([real], p) => kama(real!, p.period), (p) => new KamaStream(p.period));
