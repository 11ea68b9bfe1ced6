import type { Candle } from '../../core/types.js';
import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, fixed, type StateRules } from '../../core/stream.js';
import { checkHLC } from '../input.js';
import type { IndicatorMeta } from '../types.js';
import { DirectionalStream, directionalInto, directionalLookback } from '../kernels/directional.js';

/** Metadata of {@link minusDI}. */
export const minusDIMeta: IndicatorMeta = defineMeta({
  name: 'MINUS_DI',
  group: 'momentum',
  description: 'Minus directional indicator',
  inputs: ['high', 'low', 'close'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 14, min: 1, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => directionalLookback.di(p.period!),
});

/**
 * Minus directional indicator, exactly as TA-Lib's `TA_MINUS_DI`: -DI = 100 (-DM_n / TR_n), where -DM_n and TR_n are
 * Wilder-smoothed (sums of bars 1..n-1, then S = S - S/n + x, first value at index n), and 0 when TR_n is within
 * 1e-14 of zero. As in TA-Lib, period 1 is unsmoothed and *not* scaled by 100: -DM1 / TR1 (0 without a minus move).
 * A NaN high or low poisons the true range and every later value; a NaN close shortens the next true range to
 * high - low.
 *
 * Reference: Wilder (1978), "New Concepts in Technical Trading Systems"; TA-Lib `ta_MINUS_DI.c`.
 *
 * @example
 * ```ts
 * minusDI(high, low, close, 14)
 * ```
 */
export function minusDI(high: Float64Array, low: Float64Array, close: Float64Array, period = 14): Float64Array {
  checkParams(minusDIMeta, period);
  const n = checkSeries('MINUS_DI', high, low, close);
  const out = nanArray(n);
  directionalInto(high, low, close, period, { minusDI: out });
  return out;
}

/** Streaming {@link minusDI} on the shared {@link DirectionalStream} kernel. */
export class MinusDIStream extends BaseStream<[Pick<Candle, 'high' | 'low' | 'close'>], number> {
  private readonly core: DirectionalStream;

  constructor(readonly period = 14) {
    super('MINUS_DI', [period]);
    checkParams(minusDIMeta, period);
    this.core = new DirectionalStream(period);
  }

  next(c: Pick<Candle, 'high' | 'low' | 'close'>): number {
    checkHLC(c, this.indicator);
    this.core.next(c.high, c.low, c.close);
    return this.core.minusDI;
  }

  protected override stateRules(): StateRules {
    return fixed('period');
  }
}

/** MINUS_DI as a uniform {@link IndicatorDefinition}. */
export const MINUS_DI = defineIndicator(minusDIMeta, ([high, low, close], p) => minusDI(high!, low!, close!, p.period), (p) => new MinusDIStream(p.period));
