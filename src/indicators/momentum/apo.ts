import { checkParams, checkSeries } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import type { IndicatorMeta } from '../types.js';
import { MAType, maTypeParam } from '../overlap/ma.js';
import { PriceOscillatorStream, priceOscillator, priceOscillatorLookback } from '../kernels/price-oscillator.js';

/** Metadata of {@link apo}. */
export const apoMeta: IndicatorMeta = defineMeta({
  name: 'APO',
  group: 'momentum',
  description: 'Absolute price oscillator: fast moving average minus slow moving average',
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
 * Absolute price oscillator, exactly as TA-Lib's `TA_APO`: APO = MA(fast) - MA(slow), both averages of type
 * `maType` computed over the whole input with their own warm-up (periods swapped when `slowPeriod < fastPeriod`).
 * First value at the slow average's lookback. A NaN input propagates as in the chosen average.
 *
 * Reference: TA-Lib `ta_APO.c` (`INT_PO`).
 *
 * @example
 * ```ts
 * apo(close, 12, 26, MAType.EMA)
 * ```
 */
export function apo(real: Float64Array, fastPeriod = 12, slowPeriod = 26, maType: number = MAType.SMA): Float64Array {
  checkParams(apoMeta, fastPeriod, slowPeriod, maType);
  checkSeries('APO', real);
  return priceOscillator(real, fastPeriod, slowPeriod, maType, false);
}

/** Streaming {@link apo}. */
export class ApoStream extends PriceOscillatorStream {
  constructor(fastPeriod = 12, slowPeriod = 26, maType: number = MAType.SMA) {
    checkParams(apoMeta, fastPeriod, slowPeriod, maType);
    super('APO', [fastPeriod, slowPeriod, maType], fastPeriod, slowPeriod, maType, false);
  }
}

/** APO as a uniform {@link IndicatorDefinition}. */
export const APO = defineIndicator(
  apoMeta,
  ([real], p) => apo(real!, p.fastPeriod, p.slowPeriod, p.maType),
  (p) => new ApoStream(p.fastPeriod, p.slowPeriod, p.maType),
);
