import type { Candle } from '../../core/types.js';
import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, fixed, type StateRules } from '../../core/stream.js';
import { checkHLC } from '../input.js';
import type { IndicatorMeta } from '../types.js';
import { HighLowWindow, trackHighest, trackLowest } from '../kernels/rolling-extreme.js';

/** Metadata of {@link willR}. */
export const willRMeta: IndicatorMeta = defineMeta({
  name: 'WILLR',
  group: 'momentum',
  description: "Williams' %R",
  inputs: ['high', 'low', 'close'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 14, min: 2, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => p.period! - 1,
});

/** %R from the window's extremes, in TA-Lib's order of operations: 0 when the range is exactly 0. */
function percentR(highest: number, lowest: number, close: number): number {
  const diff = (highest - lowest) / -100;
  return diff !== 0 ? (highest - close) / diff : 0;
}

/**
 * Williams' %R, exactly as TA-Lib's `TA_WILLR`: %R = -100 (HH - close) / (HH - LL) over the last n bars, computed as
 * (HH - close) / ((HH - LL) / -100), and 0 when HH = LL. First value at index n - 1. A NaN close gives NaN at its own
 * bar only; a NaN high or low is never an extreme (unless it starts a rescanned window, where it sticks).
 *
 * Reference: Larry Williams (1973), "How I Made One Million Dollars Last Year Trading Commodities"; TA-Lib `ta_WILLR.c`.
 *
 * @example
 * ```ts
 * willR(high, low, close, 14)
 * ```
 */
export function willR(high: Float64Array, low: Float64Array, close: Float64Array, period = 14): Float64Array {
  checkParams(willRMeta, period);
  const n = checkSeries('WILLR', high, low, close);
  const out = nanArray(n);
  let hi = -1;
  let lo = -1;
  for (let t = period - 1; t < n; t++) {
    const trailing = t - period + 1;
    lo = trackLowest(low, trailing, t, lo, false);
    hi = trackHighest(high, trailing, t, hi, false);
    out[t] = percentR(high[hi]!, low[lo]!, close[t]!);
  }
  return out;
}

/** Streaming {@link willR} on a {@link HighLowWindow} of n bars. */
export class WillRStream extends BaseStream<[Pick<Candle, 'high' | 'low' | 'close'>], number> {
  private readonly window: HighLowWindow;

  constructor(readonly period = 14) {
    super('WILLR', [period]);
    checkParams(willRMeta, period);
    this.window = new HighLowWindow(period, false);
  }

  next(c: Pick<Candle, 'high' | 'low' | 'close'>): number {
    checkHLC(c, this.indicator);
    if (this.window.next(c.high, c.low) < this.period) return NaN;
    return percentR(this.window.highest, this.window.lowest, c.close);
  }

  protected override stateRules(): StateRules {
    return fixed('period');
  }
}

/** WILLR as a uniform {@link IndicatorDefinition}. */
export const WILLR = defineIndicator(willRMeta, ([high, low, close], p) => willR(high!, low!, close!, p.period), (p) => new WillRStream(p.period));
