import { checkParams, checkSeries } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, FIXED, type StateRules } from '../../core/stream.js';
import { finiteInput } from '../input.js';
import { isZeroOrNeg } from '../math.js';
import type { IndicatorMeta } from '../types.js';
import { VarStream, varianceInto } from './var.js';

/** Metadata of {@link stddev}. */
export const stddevMeta: IndicatorMeta = defineMeta({
  name: 'STDDEV',
  group: 'statistic',
  description: 'Population standard deviation over a rolling window, times a factor',
  inputs: ['real'],
  params: [
    { name: 'period', talib: 'optInTimePeriod', default: 5, min: 2, max: 100000, integer: true },
    { name: 'nbDev', talib: 'optInNbDev', default: 1, min: -3e37, max: 3e37, integer: false },
  ],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => p.period! - 1,
});

/** TA-Lib's STDDEV of one variance: sqrt(v) * nbDev, or 0 where v < 1e-14 (zero or negative); NaN stays NaN. */
function fromVariance(v: number, nbDev: number): number {
  return isZeroOrNeg(v) ? 0 : Math.sqrt(v) * nbDev;
}

/**
 * Population standard deviation, exactly as TA-Lib's `TA_STDDEV`: STDDEV = sqrt(VAR) * nbDev, with VAR the
 * rolling variance of {@link variance}; a variance below TA-Lib's epsilon (1e-14, including the tiny negatives
 * of constant windows) gives 0. NaN until index `period - 1`; a NaN input makes every later value NaN.
 *
 * Reference: TA-Lib `ta_STDDEV.c`.
 *
 * @example
 * ```ts
 * stddev(new Float64Array([1, 3, 5, 7]), 2, 2) // [NaN, 2, 2, 2]
 * ```
 */
export function stddev(real: Float64Array, period = 5, nbDev = 1): Float64Array {
  checkParams(stddevMeta, period, nbDev);
  const n = checkSeries('STDDEV', real);
  const out = new Float64Array(n).fill(NaN, 0, period - 1); // NaN warm-up (all of a too-short series)
  varianceInto(real, 0, period, out);
  for (let i = period - 1; i < n; i++) out[i] = fromVariance(out[i]!, nbDev);
  return out;
}

/** Streaming {@link stddev}: a {@link VarStream} and the same square root. */
export class StddevStream extends BaseStream<[number], number> {
  private readonly variance: VarStream;

  constructor(
    readonly period = 5,
    readonly nbDev = 1,
  ) {
    super('STDDEV', [period, nbDev]);
    checkParams(stddevMeta, period, nbDev);
    this.variance = new VarStream(period);
  }

  next(x: number): number {
    return this.update(finiteInput(x, this.indicator));
  }

  /** {@link StddevStream.next} without the input check, for composites. */
  update(x: number): number {
    return fromVariance(this.variance.update(x), this.nbDev); // NaN in warm-up: sqrt(NaN) is NaN
  }

  protected override stateRules(): StateRules {
    return { period: FIXED, nbDev: FIXED };
  }
}

/** STDDEV as a uniform {@link IndicatorDefinition}. */
export const STDDEV = defineIndicator(stddevMeta, ([real], p) => stddev(real!, p.period, p.nbDev), (p) => new StddevStream(p.period, p.nbDev));
