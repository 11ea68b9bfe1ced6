import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, FIXED, type StateRules } from '../../core/stream.js';
import { finiteInput } from '../input.js';
import type { IndicatorMeta } from '../types.js';
import { MidpriceStream, midRangeInto } from './midprice.js';

/** Metadata of {@link midpoint}. */
export const midpointMeta: IndicatorMeta = defineMeta({
  name: 'MIDPOINT',
  group: 'overlap',
  description: 'Midpoint of the highest and lowest value over a window',
  inputs: ['real'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 14, min: 2, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => p.period! - 1,
});

/**
 * Midpoint, exactly as TA-Lib's `TA_MIDPOINT`: (max + min) / 2 of the last `period` values (MIDPRICE with the
 * series as both high and low). NaN until index `period - 1`; NaN while the oldest value of the window is NaN,
 * other NaNs in the window are skipped, as in TA-Lib's scan.
 *
 * Reference: TA-Lib `ta_MIDPOINT.c`.
 *
 * @example
 * ```ts
 * midpoint(new Float64Array([1, 5, 3]), 2) // [NaN, 3, 4]
 * ```
 */
export function midpoint(real: Float64Array, period = 14): Float64Array {
  checkParams(midpointMeta, period);
  const n = checkSeries('MIDPOINT', real);
  const out = nanArray(n);
  midRangeInto(real, real, period, out);
  return out;
}

/** Streaming {@link midpoint}: a {@link MidpriceStream} fed the value as both high and low. */
export class MidpointStream extends BaseStream<[number], number> {
  private readonly window: MidpriceStream;

  constructor(readonly period = 14) {
    super('MIDPOINT', [period]);
    checkParams(midpointMeta, period);
    this.window = new MidpriceStream(period);
  }

  next(x: number): number {
    const v = finiteInput(x, this.indicator);
    return this.window.update(v, v);
  }

  protected override stateRules(): StateRules {
    return { period: FIXED };
  }
}

/** MIDPOINT as a uniform {@link IndicatorDefinition}. */
export const MIDPOINT = defineIndicator(midpointMeta, ([real], p) => midpoint(real!, p.period), (p) => new MidpointStream(p.period));
