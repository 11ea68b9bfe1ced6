import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, FIXED, type StateRules } from '../../core/stream.js';
import { stagedCounter } from '../state.js';
import { finiteInput } from '../input.js';
import type { IndicatorMeta } from '../types.js';
import { EmaStream, emaSeeded, emaK } from './ema.js';

/** Metadata of {@link tema}. */
export const temaMeta: IndicatorMeta = defineMeta({
  name: 'TEMA',
  group: 'overlap',
  description: 'Triple exponential moving average (Mulloy)',
  inputs: ['real'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 30, min: 2, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => 3 * (p.period! - 1),
});

/**
 * Triple exponential moving average, exactly as TA-Lib's `TA_TEMA`: TEMA = EMA3 + (3 EMA1 - 3 EMA2) with
 * EMA1 = EMA(x, n), EMA2 = EMA(EMA1, n), EMA3 = EMA(EMA2, n), each seeded with the simple average of its first
 * n inputs. First value at index 3 (period - 1). A NaN input makes every later value NaN.
 *
 * Reference: P. G. Mulloy, "Smoothing Data With Less Lag", Stocks & Commodities V.12:2 (1994); TA-Lib `ta_TEMA.c`.
 *
 * @example
 * ```ts
 * tema(close, 30)
 * ```
 */
export function tema(real: Float64Array, period = 30): Float64Array {
  checkParams(temaMeta, period);
  const n = checkSeries('TEMA', real);
  const out = nanArray(n);
  temaSeeded(real, 0, period, out);
  return out;
}

/**
 * Writes TA-Lib's TEMA of `src[start..]` into `out` (from index `start + 3 (period - 1)` on).
 * Leaves `out` untouched when the series is too short.
 */
export function temaSeeded(src: Float64Array, start: number, period: number, out: Float64Array): void {
  const n = src.length;
  const lb = period - 1;
  if (n - start <= 3 * lb) return;
  const k = emaK(period);
  const e1 = new Float64Array(n);
  const e2 = new Float64Array(n);
  const e3 = new Float64Array(n);
  emaSeeded(src, start, period, k, e1);
  emaSeeded(e1, start + lb, period, k, e2);
  emaSeeded(e2, start + 2 * lb, period, k, e3);
  for (let i = start + 3 * lb; i < n; i++) out[i] = e3[i]! + (3 * e1[i]! - 3 * e2[i]!);
}

/** Streaming {@link tema}: three chained {@link EmaStream}s. */
export class TemaStream extends BaseStream<[number], number> {
  private readonly ema1: EmaStream;
  private readonly ema2: EmaStream;
  private readonly ema3: EmaStream;
  private count = 0;

  constructor(readonly period = 30) {
    super('TEMA', [period]);
    checkParams(temaMeta, period);
    this.ema1 = new EmaStream(period);
    this.ema2 = new EmaStream(period);
    this.ema3 = new EmaStream(period);
  }

  next(x: number): number {
    return this.update(finiteInput(x, this.indicator));
  }

  /** Updates still needed before one returns a value (0: the next one does). */
  get pending(): number {
    return Math.max(0, 3 * (this.period - 1) - this.count);
  }

  /** {@link TemaStream.next} without the input check, for composites. */
  update(x: number): number {
    const lb = this.period - 1;
    const count = this.count;
    if (count < 3 * lb) this.count++;
    const e1 = this.ema1.update(x);
    if (count < lb) return NaN;
    const e2 = this.ema2.update(e1);
    if (count < 2 * lb) return NaN;
    const e3 = this.ema3.update(e2);
    if (count < 3 * lb) return NaN;
    return e3 + (3 * e1 - 3 * e2);
  }

  protected override stateRules(): StateRules {
    const lb = this.period - 1;
    return { period: FIXED, count: stagedCounter(3 * lb, [lb, 0, this.ema1.pending], [2 * lb, lb, this.ema2.pending], [3 * lb, 2 * lb, this.ema3.pending]) };
  }
}

/** TEMA as a uniform {@link IndicatorDefinition}. */
export const TEMA = defineIndicator(temaMeta, ([real], p) => tema(real!, p.period), (p) => new TemaStream(p.period));
