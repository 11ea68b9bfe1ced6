import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineMeta } from '../define.js';
import { BaseStream, FIXED, int, type StateRules } from '../../core/stream.js';
import { finiteInput } from '../input.js';
import { ringHead } from '../state.js';
import type { IndicatorMeta } from '../types.js';

/** The five TA-Lib comparisons of a value with the value `period` bars earlier. */
export type ChangeKind = 'MOM' | 'ROC' | 'ROCP' | 'ROCR' | 'ROCR100';

/** MOM: x - prev. */
function momentumOf(x: number, prev: number): number {
  return x - prev;
}

/** ROC: (x / prev - 1) * 100, 0 when prev is exactly 0. */
function rocOf(x: number, prev: number): number {
  return prev !== 0 ? (x / prev - 1) * 100 : 0;
}

/** ROCP: (x - prev) / prev, 0 when prev is exactly 0. */
function rocpOf(x: number, prev: number): number {
  return prev !== 0 ? (x - prev) / prev : 0;
}

/** ROCR: x / prev, 0 when prev is exactly 0. */
function rocrOf(x: number, prev: number): number {
  return prev !== 0 ? x / prev : 0;
}

/** ROCR100: (x / prev) * 100, 0 when prev is exactly 0. */
function rocr100Of(x: number, prev: number): number {
  return prev !== 0 ? (x / prev) * 100 : 0;
}

/**
 * One rate-of-change value, exactly as TA-Lib computes it from the current value x and the value `prev` n bars
 * earlier: MOM = x - prev; ROC = (x / prev - 1) * 100; ROCP = (x - prev) / prev; ROCR = x / prev;
 * ROCR100 = (x / prev) * 100. The ratio kinds give 0 when prev is exactly 0. NaN in either value gives NaN.
 *
 * @example
 * ```ts
 * change('ROC', 110, 100) // 10.000000000000009
 * ```
 */
function change(kind: ChangeKind, x: number, prev: number): number {
  switch (kind) {
    case 'MOM':
      return momentumOf(x, prev);
    case 'ROC':
      return rocOf(x, prev);
    case 'ROCP':
      return rocpOf(x, prev);
    case 'ROCR':
      return rocrOf(x, prev);
    case 'ROCR100':
      return rocr100Of(x, prev);
  }
}

/** The metadata shared by MOM, ROC, ROCP, ROCR and ROCR100 (one period, 1..100000, default 10). */
export function changeMeta(name: ChangeKind, description: string): IndicatorMeta {
  return defineMeta({
    name,
    group: 'momentum',
    description,
    inputs: ['real'],
    params: [{ name: 'period', talib: 'optInTimePeriod', default: 10, min: 1, max: 100000, integer: true }],
    outputs: [{ name: 'value', talib: 'outReal' }],
    lookback: (p) => p.period!,
  });
}

/**
 * Writes {@link change} of `src[i]` against `src[i - period]` into `out` for every i >= period. The kind is resolved
 * once, outside the loop, so each loop inlines a single formula.
 */
function changeInto(kind: ChangeKind, src: Float64Array, period: number, out: Float64Array): void {
  const n = src.length;
  switch (kind) {
    case 'MOM':
      for (let i = period; i < n; i++) out[i] = momentumOf(src[i]!, src[i - period]!);
      return;
    case 'ROC':
      for (let i = period; i < n; i++) out[i] = rocOf(src[i]!, src[i - period]!);
      return;
    case 'ROCP':
      for (let i = period; i < n; i++) out[i] = rocpOf(src[i]!, src[i - period]!);
      return;
    case 'ROCR':
      for (let i = period; i < n; i++) out[i] = rocrOf(src[i]!, src[i - period]!);
      return;
    case 'ROCR100':
      for (let i = period; i < n; i++) out[i] = rocr100Of(src[i]!, src[i - period]!);
      return;
  }
}

/** The batch body of the family: validates, then {@link changeInto} into a NaN-filled array. */
export function rateOfChange(meta: IndicatorMeta, real: Float64Array, period: number): Float64Array {
  checkParams(meta, period);
  const n = checkSeries(meta.name, real);
  const out = nanArray(n);
  changeInto(meta.name as ChangeKind, real, period, out);
  return out;
}

/** The stream of the family: a ring of the last `period` values. Subclasses only choose the metadata. */
export abstract class ChangeStream extends BaseStream<[number], number> {
  private readonly kind: ChangeKind;
  private readonly window: Float64Array;
  private head = 0;
  private count = 0;

  protected constructor(
    meta: IndicatorMeta,
    readonly period: number,
  ) {
    super(meta.name, [period]);
    checkParams(meta, period);
    this.kind = meta.name as ChangeKind;
    this.window = new Float64Array(period);
  }

  next(x: number): number {
    finiteInput(x, this.indicator);
    const prev = this.window[this.head]!;
    this.window[this.head] = x;
    this.head = this.head + 1 === this.period ? 0 : this.head + 1;
    if (this.count < this.period) {
      this.count++;
      return NaN;
    }
    return change(this.kind, x, prev);
  }

  protected override stateRules(): StateRules {
    return { period: FIXED, kind: FIXED, count: int(0, this.period), head: ringHead(this.count, this.period, this.period) };
  }
}
