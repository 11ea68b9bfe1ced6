import type { Candle } from '../../core/types.js';
import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, fixed, type StateRules } from '../../core/stream.js';
import { checkHLC } from '../input.js';
import type { IndicatorMeta } from '../types.js';
import { DirectionalStream, directionalInto, directionalLookback } from '../kernels/directional.js';

/** Metadata of {@link plusDI}. */
export const plusDIMeta: IndicatorMeta = defineMeta({
  name: 'PLUS_DI',
  group: 'momentum',
  description: 'Plus directional indicator',
  inputs: ['high', 'low', 'close'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 14, min: 1, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => directionalLookback.di(p.period!),
});

/**
 * Plus directional indicator, exactly as TA-Lib's `TA_PLUS_DI`: +DI = 100 (+DM_n / TR_n), where +DM_n and TR_n are
 * Wilder-smoothed (sums of bars 1..n-1, then S = S - S/n + x, first value at index n), and 0 when TR_n is within
 * 1e-14 of zero. As in TA-Lib, period 1 is unsmoothed and *not* scaled by 100: +DM1 / TR1 (0 without a plus move).
 * A NaN high or low poisons the true range and every later value; a NaN close shortens the next true range to
 * high - low.
 *
 * Reference: Wilder (1978), "New Concepts in Technical Trading Systems"; TA-Lib `ta_PLUS_DI.c`.
 *
 * @example
 * ```ts
 * plusDI(high, low, close, 14)
 * ```
 */
export function plusDI(high: Float64Array, low: Float64Array, close: Float64Array, period = 14): Float64Array {
  checkParams(plusDIMeta, period);
  const n = checkSeries('PLUS_DI', high, low, close);
  const out = nanArray(n);
  directionalInto(high, low, close, period, { plusDI: out });
  return out;
}

/** Streaming {@link plusDI} on the shared {@link DirectionalStream} kernel. */
export class PlusDIStream extends BaseStream<[Pick<Candle, 'high' | 'low' | 'close'>], number> {
  private readonly core: DirectionalStream;

  constructor(readonly period = 14) {
    super('PLUS_DI', [period]);
    checkParams(plusDIMeta, period);
    this.core = new DirectionalStream(period);
  }

  next(c: Pick<Candle, 'high' | 'low' | 'close'>): number {
    checkHLC(c, this.indicator);
    this.core.next(c.high, c.low, c.close);
    return this.core.plusDI;
  }

  protected override stateRules(): StateRules {
    return fixed('period');
  }
}

/** PLUS_DI as a uniform {@link IndicatorDefinition}. */
export const PLUS_DI = defineIndicator(plusDIMeta, ([high, low, close], p) => plusDI(high!, low!, close!, p.period), (p) => new PlusDIStream(p.period));
