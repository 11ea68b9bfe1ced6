import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import type { IndicatorMeta } from '../types.js';
import { WilderGainLossStream, wilderGainLossInto } from '../kernels/wilder-gain-loss.js';

/** Metadata of {@link cmo}. */
export const cmoMeta: IndicatorMeta = defineMeta({
  name: 'CMO',
  group: 'momentum',
  description: "Chande momentum oscillator (Wilder's smoothing, as TA-Lib)",
  inputs: ['real'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 14, min: 2, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => p.period!,
});

/**
 * Chande momentum oscillator, exactly as TA-Lib's `TA_CMO`: average gain G and loss L start as plain means of the
 * first n changes, then G_t = (G_{t-1} (n - 1) + gain_t) / n (same for L), as in RSI, and
 * CMO = 100 (G - L) / (G + L), or 0 when G + L is within 1e-14 of zero. First value at index n. A NaN input counts as
 * a gain of NaN and poisons every later value.
 *
 * Note: Chande's original uses plain n-bar sums; TA-Lib (and so this) smooths like Wilder's RSI.
 *
 * Reference: Tushar Chande and Stanley Kroll (1994), "The New Technical Trader"; TA-Lib `ta_CMO.c`.
 *
 * @example
 * ```ts
 * cmo(close, 14)
 * ```
 */
export function cmo(real: Float64Array, period = 14): Float64Array {
  checkParams(cmoMeta, period);
  const n = checkSeries('CMO', real);
  const out = nanArray(n);
  wilderGainLossInto(real, period, true, out);
  return out;
}

/** Streaming {@link cmo}: the same steps, one bar at a time. */
export class CmoStream extends WilderGainLossStream {
  constructor(period = 14) {
    super('CMO', period, true);
    checkParams(cmoMeta, period);
  }
}

/** CMO as a uniform {@link IndicatorDefinition}. */
export const CMO = defineIndicator(cmoMeta, ([real], p) => cmo(real!, p.period), (p) => new CmoStream(p.period));
