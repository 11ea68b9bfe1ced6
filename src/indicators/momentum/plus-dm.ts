import type { Candle } from '../../core/types.js';
import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, fixed, type StateRules } from '../../core/stream.js';
import { checkHL } from '../input.js';
import type { IndicatorMeta } from '../types.js';
import { DirectionalStream, directionalInto, directionalLookback } from '../kernels/directional.js';

/** Metadata of {@link plusDM}. */
export const plusDMMeta: IndicatorMeta = defineMeta({
  name: 'PLUS_DM',
  group: 'momentum',
  description: "Plus directional movement (Wilder's smoothing)",
  inputs: ['high', 'low'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 14, min: 1, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => directionalLookback.dm(p.period!),
});

/**
 * Plus directional movement, exactly as TA-Lib's `TA_PLUS_DM`: +DM1 = high_t - high_{t-1} when that up-move is
 * positive and larger than the down-move low_{t-1} - low_t, else 0; the first value (index n - 1) is the sum of
 * +DM1 over bars 1..n-1, then +DM_t = +DM_{t-1} - +DM_{t-1} / n + +DM1_t. Period 1 gives the raw +DM1 from index 1.
 * A NaN high or low counts as no movement (TA-Lib's comparisons are false).
 *
 * Reference: Wilder (1978), "New Concepts in Technical Trading Systems"; TA-Lib `ta_PLUS_DM.c`.
 *
 * @example
 * ```ts
 * plusDM(high, low, 14)
 * ```
 */
export function plusDM(high: Float64Array, low: Float64Array, period = 14): Float64Array {
  checkParams(plusDMMeta, period);
  const n = checkSeries('PLUS_DM', high, low);
  const out = nanArray(n);
  directionalInto(high, low, undefined, period, { plusDM: out });
  return out;
}

/** Streaming {@link plusDM} on the shared {@link DirectionalStream} kernel. */
export class PlusDMStream extends BaseStream<[Pick<Candle, 'high' | 'low'>], number> {
  private readonly core: DirectionalStream;

  constructor(readonly period = 14) {
    super('PLUS_DM', [period]);
    checkParams(plusDMMeta, period);
    this.core = new DirectionalStream(period);
  }

  next(c: Pick<Candle, 'high' | 'low'>): number {
    checkHL(c, this.indicator);
    this.core.next(c.high, c.low, NaN);
    return this.core.plusDM;
  }

  protected override stateRules(): StateRules {
    return fixed('period');
  }
}

/** PLUS_DM as a uniform {@link IndicatorDefinition}. */
export const PLUS_DM = defineIndicator(plusDMMeta, ([high, low], p) => plusDM(high!, low!, p.period), (p) => new PlusDMStream(p.period));
