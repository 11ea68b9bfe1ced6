import { checkParams, checkSeries } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { ANY_NUMBER, BaseStream, FINITE, FIXED, int, type StateRules } from '../../core/stream.js';
import { finiteInput } from '../input.js';
import { ringHead } from '../state.js';
import { isZero } from '../math.js';
import type { IndicatorMeta } from '../types.js';

/** Metadata of {@link beta}. */
export const betaMeta: IndicatorMeta = defineMeta({
  name: 'BETA',
  group: 'statistic',
  description: 'Beta: regression slope of the returns of real1 on the returns of real0',
  inputs: ['real0', 'real1'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 5, min: 1, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => p.period!,
});

/** TA-Lib's one-bar return (price - last) / last, or 0 when `last` is within 1e-14 of zero. */
function simpleReturn(price: number, last: number): number {
  return isZero(last) ? 0 : (price - last) / last;
}

/** TA-Lib's beta from running sums of n returns: (n Sxy - Sx Sy) / (n Sxx - Sx²), or 0 when the divisor is ~0. */
function slope(n: number, sxx: number, sxy: number, sx: number, sy: number): number {
  const d = n * sxx - sx * sx;
  return isZero(d) ? 0 : (n * sxy - sx * sy) / d;
}

/**
 * Beta, exactly as TA-Lib's `TA_BETA`: with one-bar returns x_t = (real0_t - real0_{t-1}) / real0_{t-1} and
 * y_t likewise from real1 (0 when the previous price is within 1e-14 of zero), the least-squares slope of y on x
 * over the last `period` returns, (n Σxy - Σx Σy) / (n Σx² - (Σx)²), from running sums (0 when the divisor is
 * within 1e-14 of zero). That is cov(x, y) / var(x): pass the benchmark as `real0` to get the usual beta of `real1`.
 * First value at index `period`. A NaN price poisons the running sums, so every later value is NaN.
 *
 * Reference: TA-Lib `ta_BETA.c`; Sharpe (1964), capital asset pricing model.
 *
 * @example
 * ```ts
 * beta(new Float64Array([100, 101, 99, 102]), new Float64Array([50, 51, 49, 52]), 2)
 * // [NaN, NaN, 1.986971532799166, 2.004593454148126]
 * ```
 */
export function beta(real0: Float64Array, real1: Float64Array, period = 5): Float64Array {
  checkParams(betaMeta, period);
  const n = checkSeries('BETA', real0, real1);
  const out = new Float64Array(n).fill(NaN, 0, period); // NaN warm-up (all of a too-short series)
  if (n <= period) return out;
  let sxx = 0;
  let sxy = 0;
  let sx = 0;
  let sy = 0;
  let lastX = real0[0]!;
  let lastY = real1[0]!;
  let trailX = lastX;
  let trailY = lastY;
  for (let i = 1; i < period; i++) {
    const px = real0[i]!;
    const x = simpleReturn(px, lastX);
    lastX = px;
    const py = real1[i]!;
    const y = simpleReturn(py, lastY);
    lastY = py;
    sxx += x * x;
    sxy += x * y;
    sx += x;
    sy += y;
  }
  for (let i = period, t = 1; i < n; i++, t++) {
    const px = real0[i]!;
    let x = simpleReturn(px, lastX);
    lastX = px;
    const py = real1[i]!;
    let y = simpleReturn(py, lastY);
    lastY = py;
    sxx += x * x;
    sxy += x * y;
    sx += x;
    sy += y;
    const tx = real0[t]!;
    x = simpleReturn(tx, trailX);
    trailX = tx;
    const ty = real1[t]!;
    y = simpleReturn(ty, trailY);
    trailY = ty;
    out[i] = slope(period, sxx, sxy, sx, sy);
    sxx -= x * x;
    sxy -= x * y;
    sx -= x;
    sy -= y;
  }
  return out;
}

/** Streaming {@link beta}: the last prices, ring buffers of the last `period` returns and the same running sums. */
export class BetaStream extends BaseStream<[number, number], number> {
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private lastX = NaN;
  private lastY = NaN;
  private primed = false;
  private sxx = 0;
  private sxy = 0;
  private sx = 0;
  private sy = 0;
  private count = 0;
  private head = 0;

  constructor(readonly period = 5) {
    super('BETA', [period]);
    checkParams(betaMeta, period);
    this.xs = new Float64Array(period);
    this.ys = new Float64Array(period);
  }

  /** Commits one bar: `a` from real0 (the regressor x), `b` from real1 (the regressand y). */
  next(a: number, b: number): number {
    finiteInput(a, this.indicator, 'real0');
    finiteInput(b, this.indicator, 'real1');
    if (!this.primed) {
      this.lastX = a;
      this.lastY = b;
      this.primed = true;
      return NaN;
    }
    const period = this.period;
    const x = simpleReturn(a, this.lastX);
    this.lastX = a;
    const y = simpleReturn(b, this.lastY);
    this.lastY = b;
    this.sxx += x * x;
    this.sxy += x * y;
    this.sx += x;
    this.sy += y;
    this.xs[this.head] = x;
    this.ys[this.head] = y;
    this.head = this.head + 1 === period ? 0 : this.head + 1;
    if (this.count < period - 1) {
      this.count++;
      return NaN;
    }
    const value = slope(period, this.sxx, this.sxy, this.sx, this.sy);
    const ox = this.xs[this.head]!;
    const oy = this.ys[this.head]!;
    this.sxx -= ox * ox;
    this.sxy -= ox * oy;
    this.sx -= ox;
    this.sy -= oy;
    return value;
  }

  protected override stateRules(): StateRules {
    const last = this.period - 1;
    const prices = this.primed ? FINITE : ANY_NUMBER;
    return { period: FIXED, count: this.primed ? int(0, last) : int(0, 0), head: ringHead(this.count, last, this.period), lastX: prices, lastY: prices };
  }
}

/** BETA as a uniform {@link IndicatorDefinition}. */
export const BETA = defineIndicator(betaMeta, ([real0, real1], p) => beta(real0!, real1!, p.period), (p) => new BetaStream(p.period));
