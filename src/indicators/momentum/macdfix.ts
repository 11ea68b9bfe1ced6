import { checkParams, checkSeries } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import type { IndicatorMeta } from '../types.js';
import { fixed, type StateRules } from '../../core/stream.js';
import { MACD_OUTPUTS, MacdEngineStream, emaMacdParts, macdSeries, type MacdSeries } from './macd.js';

/** TA-Lib's fixed smoothing factors of MACDFIX: 0.15 for the 12-period EMA, 0.075 for the 26-period EMA. */
const FAST_PERIOD = 12;
const FAST_K = 0.15;
const SLOW_PERIOD = 26;
const SLOW_K = 0.075;

/** Metadata of {@link macdfix}. */
export const macdfixMeta: IndicatorMeta = defineMeta({
  name: 'MACDFIX',
  group: 'momentum',
  description: 'MACD 12/26 with the fixed smoothing factors 0.15 and 0.075',
  inputs: ['real'],
  params: [
    // TA-Lib declares 1..100000; period 1 is rejected for the reason given in macdMeta (TA-Lib reads out of bounds).
    { name: 'signalPeriod', talib: 'optInSignalPeriod', default: 9, min: 2, max: 100000, integer: true },
  ],
  outputs: MACD_OUTPUTS,
  lookback: (p) => SLOW_PERIOD - 1 + p.signalPeriod! - 1,
});

/**
 * MACD with fixed 12/26 periods, exactly as TA-Lib's `TA_MACDFIX`: the same algorithm as {@link macd}, but the
 * EMAs use the rounded factors k = 0.15 (fast) and k = 0.075 (slow) instead of 2 / (period + 1); the signal
 * EMA uses 2 / (signalPeriod + 1). Outputs start at index `25 + signalPeriod - 1`.
 * A NaN input makes every later value NaN.
 *
 * Reference: TA-Lib `ta_MACDFIX.c` (`INT_MACD` with periods 0).
 *
 * @example
 * ```ts
 * const { macd: line, signal, hist } = macdfix(close, 9)
 * ```
 */
export function macdfix(real: Float64Array, signalPeriod = 9): MacdSeries {
  checkParams(macdfixMeta, signalPeriod);
  checkSeries('MACDFIX', real);
  return macdSeries(real, FAST_PERIOD, FAST_K, SLOW_PERIOD, SLOW_K, signalPeriod);
}

/** Streaming {@link macdfix}. */
export class MacdfixStream extends MacdEngineStream {
  constructor(readonly signalPeriod = 9) {
    checkParams(macdfixMeta, signalPeriod);
    super('MACDFIX', [signalPeriod], ...emaMacdParts(FAST_PERIOD, FAST_K, SLOW_PERIOD, SLOW_K, signalPeriod));
  }

  protected override stateRules(): StateRules {
    return { ...super.stateRules(), ...fixed('signalPeriod') };
  }
}

/** MACDFIX as a uniform {@link IndicatorDefinition}. */
export const MACDFIX = defineIndicator(
  macdfixMeta,
  ([real], p) => macdfix(real!, p.signalPeriod),
  (p) => new MacdfixStream(p.signalPeriod),
);
