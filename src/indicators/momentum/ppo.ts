import { checkParams, checkSeries } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import type { IndicatorMeta } from '../types.js';
import { MAType, maTypeParam } from '../overlap/ma.js';
import { PriceOscillatorStream, priceOscillator, priceOscillatorLookback } from '../kernels/price-oscillator.js';

/** Metadata of {@link ppo}. */
export const ppoMeta: IndicatorMeta = defineMeta({
  name: 'PPO',
  group: 'momentum',
  description: 'Percentage price oscillator: (fast MA - slow MA) / slow MA, in percent',
  inputs: ['real'],
  params: [
    { name: 'fastPeriod', talib: 'optInFastPeriod', default: 12, min: 2, max: 100000, integer: true },
    { name: 'slowPeriod', talib: 'optInSlowPeriod', default: 26, min: 2, max: 100000, integer: true },
    maTypeParam('maType', 'optInMAType'),
  ],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => priceOscillatorLookback(p.fastPeriod!, p.slowPeriod!, p.maType!),
});

/**
 * Percentage price oscillator, exactly as TA-Lib's `TA_PPO`: PPO = ((MA(fast) - MA(slow)) / MA(slow)) * 100,
 * or 0 when MA(slow) is within 1e-14 of zero; both averages of type `maType` computed over the whole input with
 * their own warm-up (periods swapped when `slowPeriod < fastPeriod`). First value at the slow average's lookback.
 * TA-Lib's PPO has no signal line. A NaN input propagates as in the chosen average.
 *
 * Reference: TA-Lib `ta_PPO.c` (`INT_PO`).
 *
 * @example
 * ```ts
 * ppo(close, 12, 26, MAType.EMA)
 * ```
 */
export function ppo(real: Float64Array, fastPeriod = 12, slowPeriod = 26, maType: number = MAType.SMA): Float64Array {
  checkParams(ppoMeta, fastPeriod, slowPeriod, maType);
  checkSeries('PPO', real);
  return priceOscillator(real, fastPeriod, slowPeriod, maType, true);
}

/** Streaming {@link ppo}. */
export class PpoStream extends PriceOscillatorStream {
  constructor(fastPeriod = 12, slowPeriod = 26, maType: number = MAType.SMA) {
    checkParams(ppoMeta, fastPeriod, slowPeriod, maType);
    super('PPO', [fastPeriod, slowPeriod, maType], fastPeriod, slowPeriod, maType, true);
  }
}

/** PPO as a uniform {@link IndicatorDefinition}. */
export const PPO = defineIndicator(
  ppoMeta,
  ([real], p) => ppo(real!, p.fastPeriod, p.slowPeriod, p.maType),
  (p) => new PpoStream(p.fastPeriod, p.slowPeriod, p.maType),
);
