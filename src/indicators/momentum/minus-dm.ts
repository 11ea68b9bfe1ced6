import type { Candle } from '../../core/types.js';
import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, fixed, type StateRules } from '../../core/stream.js';
import { checkHL } from '../input.js';
import type { IndicatorMeta } from '../types.js';
import { DirectionalStream, directionalInto, directionalLookback } from '../kernels/directional.js';

/** Metadata of {@link minusDM}. */
export const minusDMMeta: IndicatorMeta = defineMeta({
  name: 'MINUS_DM',
  group: 'momentum',
  description: "Minus directional movement (Wilder's smoothing)",
  inputs: ['high', 'low'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 14, min: 1, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => directionalLookback.dm(p.period!),
});

/**
 * Minus directional movement, exactly as TA-Lib's `TA_MINUS_DM`: -DM1 = low_{t-1} - low_t when that down-move is
 * positive and larger than the up-move high_t - high_{t-1}, else 0; the first value (index n - 1) is the sum of
 * -DM1 over bars 1..n-1, then -DM_t = -DM_{t-1} - -DM_{t-1} / n + -DM1_t. Period 1 gives the raw -DM1 from index 1.
 * A NaN high or low counts as no movement (TA-Lib's comparisons are false).
 *
 * Reference: Wilder (1978), "New Concepts in Technical Trading Systems"; TA-Lib `ta_MINUS_DM.c`.
 *
 * @example
 * ```ts
 * minusDM(high, low, 14)
 * ```
 */
export function minusDM(high: Float64Array, low: Float64Array, period = 14): Float64Array {
  checkParams(minusDMMeta, period);
  const n = checkSeries('MINUS_DM', high, low);
  const out = nanArray(n);
  directionalInto(high, low, undefined, period, { minusDM: out });
  return out;
}

/** Streaming {@link minusDM} on the shared {@link DirectionalStream} kernel. */
export class MinusDMStream extends BaseStream<[Pick<Candle, 'high' | 'low'>], number> {
  private readonly core: DirectionalStream;

  constructor(readonly period = 14) {
    super('MINUS_DM', [period]);
    checkParams(minusDMMeta, period);
    this.core = new DirectionalStream(period);
  }

  next(c: Pick<Candle, 'high' | 'low'>): number {
    checkHL(c, this.indicator);
    this.core.next(c.high, c.low, NaN);
    return this.core.minusDM;
  }

  protected override stateRules(): StateRules {
    return fixed('period');
  }
}

/** MINUS_DM as a uniform {@link IndicatorDefinition}. */
export const MINUS_DM = defineIndicator(minusDMMeta, ([high, low], p) => minusDM(high!, low!, p.period), (p) => new MinusDMStream(p.period));
