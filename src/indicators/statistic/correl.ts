import { checkParams, checkSeries } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, FIXED, int, type StateRules } from '../../core/stream.js';
import { finiteInput } from '../input.js';
import { ringHead } from '../state.js';
import { isZeroOrNeg } from '../math.js';
import type { IndicatorMeta } from '../types.js';

/** Metadata of {@link correl}. */
export const correlMeta: IndicatorMeta = defineMeta({
  name: 'CORREL',
  group: 'statistic',
  description: "Pearson's correlation coefficient of two series over a rolling window",
  inputs: ['real0', 'real1'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 30, min: 1, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => p.period! - 1,
});

/** TA-Lib's r from the window sums, or 0 when the variance product is below 1e-14 (zero or negative). */
function pearson(n: number, sx: number, sy: number, sxy: number, sx2: number, sy2: number): number {
  const v = (sx2 - (sx * sx) / n) * (sy2 - (sy * sy) / n);
  return isZeroOrNeg(v) ? 0 : (sxy - (sx * sy) / n) / Math.sqrt(v);
}

/**
 * Pearson's correlation coefficient, exactly as TA-Lib's `TA_CORREL`: from running sums over the last `period`
 * pairs, r = (Σxy - Σx Σy / n) / sqrt((Σx² - (Σx)² / n) (Σy² - (Σy)² / n)), and 0 when the product under the root
 * is below 1e-14 (for instance where either series is constant). The sums drop the oldest pair, then add the
 * newest, in TA-Lib's order. NaN until index `period - 1`; a NaN input poisons the sums, so every later value is NaN.
 *
 * Reference: TA-Lib `ta_CORREL.c`; Pearson (1895).
 *
 * @example
 * ```ts
 * correl(new Float64Array([1, 2, 3, 4]), new Float64Array([2, 4, 6, 9]), 3) // [NaN, NaN, 1, 0.9933992677987827]
 * ```
 */
export function correl(real0: Float64Array, real1: Float64Array, period = 30): Float64Array {
  checkParams(correlMeta, period);
  const n = checkSeries('CORREL', real0, real1);
  const out = new Float64Array(n).fill(NaN, 0, period - 1); // NaN warm-up (all of a too-short series)
  if (n < period) return out;
  let sx = 0;
  let sy = 0;
  let sxy = 0;
  let sx2 = 0;
  let sy2 = 0;
  for (let i = 0; i < period; i++) {
    const x = real0[i]!;
    sx += x;
    sx2 += x * x;
    const y = real1[i]!;
    sxy += x * y;
    sy += y;
    sy2 += y * y;
  }
  out[period - 1] = pearson(period, sx, sy, sxy, sx2, sy2);
  for (let i = period, t = 0; i < n; i++, t++) {
    const ox = real0[t]!;
    const oy = real1[t]!;
    sx -= ox;
    sx2 -= ox * ox;
    sxy -= ox * oy;
    sy -= oy;
    sy2 -= oy * oy;
    const x = real0[i]!;
    sx += x;
    sx2 += x * x;
    const y = real1[i]!;
    sxy += x * y;
    sy += y;
    sy2 += y * y;
    out[i] = pearson(period, sx, sy, sxy, sx2, sy2);
  }
  return out;
}

/** Streaming {@link correl}: ring buffers of the last `period` pairs and the same running sums. */
export class CorrelStream extends BaseStream<[number, number], number> {
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private sx = 0;
  private sy = 0;
  private sxy = 0;
  private sx2 = 0;
  private sy2 = 0;
  private count = 0;
  private head = 0;

  constructor(readonly period = 30) {
    super('CORREL', [period]);
    checkParams(correlMeta, period);
    this.xs = new Float64Array(period);
    this.ys = new Float64Array(period);
  }

  /** Commits one pair: `a` from real0, `b` from real1. */
  next(a: number, b: number): number {
    finiteInput(a, this.indicator, 'real0');
    finiteInput(b, this.indicator, 'real1');
    const period = this.period;
    const head = this.head;
    if (this.count === period) {
      const ox = this.xs[head]!;
      const oy = this.ys[head]!;
      this.sx -= ox;
      this.sx2 -= ox * ox;
      this.sxy -= ox * oy;
      this.sy -= oy;
      this.sy2 -= oy * oy;
    } else this.count++;
    this.sx += a;
    this.sx2 += a * a;
    this.sxy += a * b;
    this.sy += b;
    this.sy2 += b * b;
    this.xs[head] = a;
    this.ys[head] = b;
    this.head = head + 1 === period ? 0 : head + 1;
    return this.count < period ? NaN : pearson(period, this.sx, this.sy, this.sxy, this.sx2, this.sy2);
  }

  protected override stateRules(): StateRules {
    return { period: FIXED, count: int(0, this.period), head: ringHead(this.count, this.period, this.period) };
  }
}

/** CORREL as a uniform {@link IndicatorDefinition}. */
export const CORREL = defineIndicator(correlMeta, ([real0, real1], p) => correl(real0!, real1!, p.period), (p) => new CorrelStream(p.period));
