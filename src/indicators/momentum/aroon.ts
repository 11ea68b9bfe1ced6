import type { Candle } from '../../core/types.js';
import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, fixed, type StateRules } from '../../core/stream.js';
import { checkHL } from '../input.js';
import type { IndicatorMeta } from '../types.js';
import { HighLowWindow, trackHighest, trackLowest } from '../kernels/rolling-extreme.js';

/** Metadata of {@link aroon}. */
export const aroonMeta: IndicatorMeta = defineMeta({
  name: 'AROON',
  group: 'momentum',
  description: 'Aroon down and up: how recent the lowest low and highest high are',
  inputs: ['high', 'low'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 14, min: 2, max: 100000, integer: true }],
  outputs: [
    { name: 'down', talib: 'outAroonDown' },
    { name: 'up', talib: 'outAroonUp' },
  ],
  lookback: (p) => p.period!,
});

/** AROON's two outputs. */
export type AroonResult = {
  down: Float64Array;
  up: Float64Array;
};

/**
 * Aroon, exactly as TA-Lib's `TA_AROON`: over the last n + 1 bars, up = (100 / n) (n - bars since the highest high)
 * and down = (100 / n) (n - bars since the lowest low), the most recent of equal extremes counting. First value at
 * index n. A NaN high or low is never an extreme (unless it starts a rescanned window, where it sticks, as in TA-Lib).
 *
 * Reference: Tushar Chande (1995), "Aroon", Technical Analysis of Stocks & Commodities; TA-Lib `ta_AROON.c`.
 *
 * @example
 * ```ts
 * const { down, up } = aroon(high, low, 14)
 * ```
 */
export function aroon(high: Float64Array, low: Float64Array, period = 14): AroonResult {
  checkParams(aroonMeta, period);
  const n = checkSeries('AROON', high, low);
  const down = nanArray(n);
  const up = nanArray(n);
  const factor = 100 / period;
  let hi = -1;
  let lo = -1;
  for (let t = period; t < n; t++) {
    lo = trackLowest(low, t - period, t, lo, true);
    hi = trackHighest(high, t - period, t, hi, true);
    down[t] = factor * (period - (t - lo));
    up[t] = factor * (period - (t - hi));
  }
  return { down, up };
}

/** Streaming {@link aroon} on a {@link HighLowWindow} of n + 1 bars; returns a reused `{ down, up }`. */
export class AroonStream extends BaseStream<[Pick<Candle, 'high' | 'low'>], Readonly<{ down: number; up: number }>> {
  private readonly window: HighLowWindow;
  private readonly result = { down: NaN, up: NaN };

  constructor(readonly period = 14) {
    super('AROON', [period]);
    checkParams(aroonMeta, period);
    this.window = new HighLowWindow(period + 1, true);
  }

  next(c: Pick<Candle, 'high' | 'low'>): Readonly<{ down: number; up: number }> {
    checkHL(c, this.indicator);
    const period = this.period;
    const r = this.result;
    if (this.window.next(c.high, c.low) <= period) {
      r.down = r.up = NaN;
      return r;
    }
    const factor = 100 / period;
    r.down = factor * (period - this.window.lowAge);
    r.up = factor * (period - this.window.highAge);
    return r;
  }

  protected override stateRules(): StateRules {
    return fixed('period');
  }
}

/** AROON as a uniform {@link IndicatorDefinition}. */
export const AROON = defineIndicator(aroonMeta, ([high, low], p) => aroon(high!, low!, p.period), (p) => new AroonStream(p.period));
