import type { Candle } from '../../core/types.js';
import { checkParams, checkSeries } from '../params.js';
import { intoOutput, outputFor } from '../output.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, fixed, type StateRules } from '../../core/stream.js';
import { checkHLC } from '../input.js';
import type { IndicatorMeta } from '../types.js';
import { DirectionalStream, directionalInto, directionalLookback } from '../kernels/directional.js';

/** Metadata of {@link adx}. */
export const adxMeta: IndicatorMeta = defineMeta({
  name: 'ADX',
  group: 'momentum',
  description: 'Average directional movement index',
  inputs: ['high', 'low', 'close'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 14, min: 2, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => directionalLookback.adx(p.period!),
});

/**
 * Average directional movement index, exactly as TA-Lib's `TA_ADX`: the first value, at index 2n - 1, is the sum of
 * the DX values (see {@link dx}) of bars n..2n-1 divided by n, then ADX_t = (ADX_{t-1} (n - 1) + DX_t) / n. Bars
 * whose smoothed true range or DI sum is within 1e-14 of zero contribute no DX: they are left out of the first sum
 * and leave ADX unchanged afterwards. A NaN high or low poisons every later value.
 *
 * Reference: Wilder (1978), "New Concepts in Technical Trading Systems"; TA-Lib `ta_ADX.c`.
 *
 * @example
 * ```ts
 * adx(high, low, close, 14)
 * ```
 */
export function adx(high: Float64Array, low: Float64Array, close: Float64Array, period = 14): Float64Array {
  return adxInto(outputFor(high), high, low, close, period);
}

/**
 * {@link adx} written into the caller's buffer `out` (no allocation): `out[0 .. 2 period - 1)` becomes NaN (all of
 * `out[0 .. n)` when n, the inputs' length, is shorter), `out[2 period - 1 .. n)` the values; elements from `n` on are left
 * as they were. Returns `out`. Throws `InvalidParameterError` (`ADX.out`) when `out` is not a `Float64Array`, is
 * shorter than the inputs, or shares memory with an input.
 *
 * @example
 * ```ts
 * const h = new Float64Array([10, 12, 11, 14, 13]), l = new Float64Array([8, 9, 7, 11, 10])
 * adxInto(new Float64Array(5), h, l, new Float64Array([9, 11, 10, 13, 12.5]), 2)
 * // => [NaN, NaN, NaN, 44.44444444444446, 26.06837606837608]
 * ```
 */
export function adxInto(out: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, period = 14): Float64Array {
  checkParams(adxMeta, period);
  const n = checkSeries('ADX', high, low, close);
  directionalInto(high, low, close, period, { adx: intoOutput(adxMeta, out, n, directionalLookback.adx(period), [high, low, close]) });
  return out;
}

/** Streaming {@link adx} on the shared {@link DirectionalStream} kernel. */
export class AdxStream extends BaseStream<[Pick<Candle, 'high' | 'low' | 'close'>], number> {
  private readonly core: DirectionalStream;

  constructor(readonly period = 14) {
    super('ADX', [period]);
    checkParams(adxMeta, period);
    this.core = new DirectionalStream(period);
  }

  next(c: Pick<Candle, 'high' | 'low' | 'close'>): number {
    checkHLC(c, this.indicator);
    this.core.next(c.high, c.low, c.close);
    return this.core.adx;
  }

  protected override stateRules(): StateRules {
    return fixed('period');
  }
}

/** ADX as a uniform {@link IndicatorDefinition}. */
export const ADX = defineIndicator(adxMeta, ([high, low, close], p) => adx(high!, low!, close!, p.period), (p) => new AdxStream(p.period));
