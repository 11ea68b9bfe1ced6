import type { Candle } from '../../core/types.js';
import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, fixed, type StateRules } from '../../core/stream.js';
import { checkHL } from '../input.js';
import type { IndicatorMeta } from '../types.js';
import { HighLowWindow, trackHighest, trackLowest } from '../kernels/rolling-extreme.js';

/** Metadata of {@link aroonOsc}. */
export const aroonOscMeta: IndicatorMeta = defineMeta({
  name: 'AROONOSC',
  group: 'momentum',
  description: 'Aroon oscillator: Aroon up minus Aroon down',
  inputs: ['high', 'low'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 14, min: 2, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => p.period!,
});

/**
 * Aroon oscillator, exactly as TA-Lib's `TA_AROONOSC`: (100 / n) (index of the highest high - index of the lowest
 * low) over the last n + 1 bars, which is Aroon up - Aroon down computed in one product (see {@link aroon} for ties
 * and NaN). First value at index n.
 *
 * Reference: Tushar Chande (1995), "Aroon", Technical Analysis of Stocks & Commodities; TA-Lib `ta_AROONOSC.c`.
 *
 * @example
 * ```ts
 * aroonOsc(high, low, 14)
 * ```
 */
export function aroonOsc(high: Float64Array, low: Float64Array, period = 14): Float64Array {
  checkParams(aroonOscMeta, period);
  const n = checkSeries('AROONOSC', high, low);
  const out = nanArray(n);
  const factor = 100 / period;
  let hi = -1;
  let lo = -1;
  for (let t = period; t < n; t++) {
    lo = trackLowest(low, t - period, t, lo, true);
    hi = trackHighest(high, t - period, t, hi, true);
    out[t] = factor * (hi - lo);
  }
  return out;
}

/** Streaming {@link aroonOsc} on a {@link HighLowWindow} of n + 1 bars. */
export class AroonOscStream extends BaseStream<[Pick<Candle, 'high' | 'low'>], number> {
  private readonly window: HighLowWindow;

  constructor(readonly period = 14) {
    super('AROONOSC', [period]);
    checkParams(aroonOscMeta, period);
    this.window = new HighLowWindow(period + 1, true);
  }

  next(c: Pick<Candle, 'high' | 'low'>): number {
    checkHL(c, this.indicator);
    if (this.window.next(c.high, c.low) <= this.period) return NaN;
    return (100 / this.period) * (this.window.lowAge - this.window.highAge);
  }

  protected override stateRules(): StateRules {
    return fixed('period');
  }
}

/** AROONOSC as a uniform {@link IndicatorDefinition}. */
export const AROONOSC = defineIndicator(aroonOscMeta, ([high, low], p) => aroonOsc(high!, low!, p.period), (p) => new AroonOscStream(p.period));
