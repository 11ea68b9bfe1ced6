import { checkParams, checkSeries } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { ANY_NUMBER, BaseStream, FINITE, FIXED, type StateRules } from '../../core/stream.js';
import { stagedCounter } from '../state.js';
import { finiteInput } from '../input.js';
import type { IndicatorMeta } from '../types.js';
import { EmaStream, emaSeeded, emaK } from '../overlap/ema.js';

/** Metadata of {@link trix}. */
export const trixMeta: IndicatorMeta = defineMeta({
  name: 'TRIX',
  group: 'momentum',
  description: '1-period rate of change (percent) of a triple-smoothed EMA',
  inputs: ['real'],
  params: [
    // TA-Lib declares 1..100000, but TA_EMA_Lookback(1) is -1 (EMA takes 2..100000): TRIX(1) then starts at a negative
    // lookback and reads past the end of its buffer, so its output is undefined. Rejected, not reproduced.
    { name: 'period', talib: 'optInTimePeriod', default: 30, min: 2, max: 100000, integer: true },
  ],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => 3 * (p.period! - 1) + 1,
});

/** TA-Lib's ROC step: ((x / prev) - 1) * 100, or 0 when prev is exactly 0. */
function rocPercent(x: number, prev: number): number {
  return prev !== 0 ? (x / prev - 1) * 100 : 0;
}

/**
 * TRIX, exactly as TA-Lib's `TA_TRIX`: E3 = EMA(EMA(EMA(x))) with k = 2 / (period + 1), each EMA seeded with the
 * mean of the first `period` values of its own input (so the second starts at `period - 1`, the third at
 * `2 (period - 1)`), then TRIX = ((E3_t / E3_{t-1}) - 1) * 100, or 0 when E3_{t-1} is exactly 0.
 * First value at index `3 (period - 1) + 1`. A NaN input makes every later value NaN.
 *
 * Reference: Jack Hutson, Technical Analysis of Stocks & Commodities (1983); TA-Lib `ta_TRIX.c`.
 *
 * @example
 * ```ts
 * trix(close, 30)
 * ```
 */
export function trix(real: Float64Array, period = 30): Float64Array {
  checkParams(trixMeta, period);
  const n = checkSeries('TRIX', real);
  const lookback = 3 * (period - 1) + 1;
  const out = new Float64Array(n).fill(NaN, 0, lookback);
  if (n <= lookback) return out;
  const k = emaK(period);
  const e = new Float64Array(n);
  emaSeeded(real, 0, period, k, e);
  emaSeeded(e, period - 1, period, k, e);
  emaSeeded(e, 2 * (period - 1), period, k, e);
  for (let i = lookback; i < n; i++) out[i] = rocPercent(e[i]!, e[i - 1]!);
  return out;
}

/** Streaming {@link trix}: three chained {@link EmaStream}s and the previous triple EMA. */
export class TrixStream extends BaseStream<[number], number> {
  private index = 0;
  private prev = NaN;
  private readonly ema1: EmaStream;
  private readonly ema2: EmaStream;
  private readonly ema3: EmaStream;

  constructor(readonly period = 30) {
    super('TRIX', [period]);
    checkParams(trixMeta, period);
    this.ema1 = new EmaStream(period);
    this.ema2 = new EmaStream(period);
    this.ema3 = new EmaStream(period);
  }

  next(x: number): number {
    finiteInput(x, this.indicator);
    const i = this.index;
    const lag = this.period - 1;
    if (i <= 3 * lag) this.index = i + 1;
    const e1 = this.ema1.update(x);
    if (i < lag) return NaN;
    const e2 = this.ema2.update(e1);
    if (i < 2 * lag) return NaN;
    const e3 = this.ema3.update(e2);
    const prev = this.prev;
    this.prev = e3;
    return i <= 3 * lag ? NaN : rocPercent(e3, prev);
  }

  protected override stateRules(): StateRules {
    const lag = this.period - 1;
    // prev holds the last triple EMA, defined from bar 3 lag on
    return { period: FIXED, index: stagedCounter(3 * lag + 1, [lag, 0, this.ema1.pending], [2 * lag, lag, this.ema2.pending]), prev: this.index > 3 * lag ? FINITE : ANY_NUMBER };
  }
}

/** TRIX as a uniform {@link IndicatorDefinition}. */
export const TRIX = defineIndicator(trixMeta, ([real], p) => trix(real!, p.period), (p) => new TrixStream(p.period));
