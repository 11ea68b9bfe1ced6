import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, FIXED, type StateRules } from '../../core/stream.js';
import { stagedCounter } from '../state.js';
import { finiteInput } from '../input.js';
import type { IndicatorMeta } from '../types.js';
import { EmaStream, emaSeeded, emaK } from './ema.js';

/** Metadata of {@link dema}. */
export const demaMeta: IndicatorMeta = defineMeta({
  name: 'DEMA',
  group: 'overlap',
  description: 'Double exponential moving average (Mulloy)',
  inputs: ['real'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 30, min: 2, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => 2 * (p.period! - 1),
});

/**
 * Double exponential moving average, exactly as TA-Lib's `TA_DEMA`: DEMA = 2 EMA1 - EMA2 with
 * EMA1 = EMA(x, n) and EMA2 = EMA(EMA1, n), each EMA seeded with the simple average of its first n inputs.
 * First value at index 2 (period - 1). A NaN input makes every later value NaN.
 *
 * Reference: P. G. Mulloy, "Smoothing Data With Faster Moving Averages", Stocks & Commodities V.12:1 (1994);
 * TA-Lib `ta_DEMA.c`.
 *
 * @example
 * ```ts
 * dema(close, 30)
 * ```
 */
export function dema(real: Float64Array, period = 30): Float64Array {
  checkParams(demaMeta, period);
  const n = checkSeries('DEMA', real);
  const out = nanArray(n);
  demaSeeded(real, 0, period, out);
  return out;
}

/**
 * Writes TA-Lib's DEMA of `src[start..]` into `out` (from index `start + 2 (period - 1)` on).
 * Leaves `out` untouched when the series is too short.
 */
export function demaSeeded(src: Float64Array, start: number, period: number, out: Float64Array): void {
  const n = src.length;
  const lb = period - 1;
  if (n - start <= 2 * lb) return;
  const k = emaK(period);
  const e1 = new Float64Array(n);
  const e2 = new Float64Array(n);
  emaSeeded(src, start, period, k, e1);
  emaSeeded(e1, start + lb, period, k, e2);
  for (let i = start + 2 * lb; i < n; i++) out[i] = 2 * e1[i]! - e2[i]!;
}

/** Streaming {@link dema}: two chained {@link EmaStream}s. */
export class DemaStream extends BaseStream<[number], number> {
  private readonly ema1: EmaStream;
  private readonly ema2: EmaStream;
  private count = 0;

  constructor(readonly period = 30) {
    super('DEMA', [period]);
    checkParams(demaMeta, period);
    this.ema1 = new EmaStream(period);
    this.ema2 = new EmaStream(period);
  }

  next(x: number): number {
    return this.update(finiteInput(x, this.indicator));
  }

  /** Updates still needed before one returns a value (0: the next one does). */
  get pending(): number {
    return Math.max(0, 2 * (this.period - 1) - this.count);
  }

  /** {@link DemaStream.next} without the input check, for composites. */
  update(x: number): number {
    const lb = this.period - 1;
    const count = this.count;
    if (count < 2 * lb) this.count++;
    const e1 = this.ema1.update(x);
    if (count < lb) return NaN;
    const e2 = this.ema2.update(e1);
    if (count < 2 * lb) return NaN;
    return 2 * e1 - e2;
  }

  protected override stateRules(): StateRules {
    const lb = this.period - 1;
    return { period: FIXED, count: stagedCounter(2 * lb, [lb, 0, this.ema1.pending], [2 * lb, lb, this.ema2.pending]) };
  }
}

/** DEMA as a uniform {@link IndicatorDefinition}. */
export const DEMA = defineIndicator(demaMeta, ([real], p) => dema(real!, p.period), (p) => new DemaStream(p.period));
