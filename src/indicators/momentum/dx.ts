import type { Candle } from '../../core/types.js';
import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, fixed, type StateRules } from '../../core/stream.js';
import { checkHLC } from '../input.js';
import type { IndicatorMeta } from '../types.js';
import { DirectionalStream, directionalInto, directionalLookback } from '../kernels/directional.js';

/** Metadata of {@link dx}. */
export const dxMeta: IndicatorMeta = defineMeta({
  name: 'DX',
  group: 'momentum',
  description: 'Directional movement index',
  inputs: ['high', 'low', 'close'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 14, min: 2, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => directionalLookback.dx(p.period!),
});

/**
 * Directional movement index, exactly as TA-Lib's `TA_DX`: DX = 100 |-DI - +DI| / (-DI + +DI) from Wilder-smoothed
 * +DI and -DI (see {@link plusDI}), first value at index n. Where the smoothed true range or the DI sum is within
 * 1e-14 of zero, DX repeats its previous value (0 at the first bar). A NaN high or low poisons every later value.
 *
 * Reference: Wilder (1978), "New Concepts in Technical Trading Systems"; TA-Lib `ta_DX.c`.
 *
 * @example
 * ```ts
 * dx(high, low, close, 14)
 * ```
 */
export function dx(high: Float64Array, low: Float64Array, close: Float64Array, period = 14): Float64Array {
  checkParams(dxMeta, period);
  const n = checkSeries('DX', high, low, close);
  const out = nanArray(n);
  directionalInto(high, low, close, period, { dx: out });
  return out;
}

/** Streaming {@link dx} on the shared {@link DirectionalStream} kernel. */
export class DxStream extends BaseStream<[Pick<Candle, 'high' | 'low' | 'close'>], number> {
  private readonly core: DirectionalStream;

  constructor(readonly period = 14) {
    super('DX', [period]);
    checkParams(dxMeta, period);
    this.core = new DirectionalStream(period);
  }

  next(c: Pick<Candle, 'high' | 'low' | 'close'>): number {
    checkHLC(c, this.indicator);
    this.core.next(c.high, c.low, c.close);
    return this.core.dx;
  }

  protected override stateRules(): StateRules {
    return fixed('period');
  }
}

/** DX as a uniform {@link IndicatorDefinition}. */
export const DX = defineIndicator(dxMeta, ([high, low, close], p) => dx(high!, low!, close!, p.period), (p) => new DxStream(p.period));
