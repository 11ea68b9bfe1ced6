import type { Candle } from '../../core/types.js';
import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, fixed, int, type StateRules } from '../../core/stream.js';
import { checkHLC } from '../input.js';
import { ringHead } from '../state.js';
import type { IndicatorMeta } from '../types.js';
import { DirectionalStream, directionalInto, directionalLookback } from '../kernels/directional.js';

/** Metadata of {@link adxr}. */
export const adxrMeta: IndicatorMeta = defineMeta({
  name: 'ADXR',
  group: 'momentum',
  description: 'Average directional movement index rating',
  inputs: ['high', 'low', 'close'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 14, min: 2, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => directionalLookback.adxr(p.period!),
});

/**
 * Average directional movement index rating, exactly as TA-Lib's `TA_ADXR`: ADXR_t = (ADX_t + ADX_{t-n+1}) / 2 with
 * {@link adx} of the same period, first value at index 3n - 2. NaN propagates as in ADX.
 *
 * Reference: Wilder (1978), "New Concepts in Technical Trading Systems"; TA-Lib `ta_ADXR.c`.
 *
 * @example
 * ```ts
 * adxr(high, low, close, 14)
 * ```
 */
export function adxr(high: Float64Array, low: Float64Array, close: Float64Array, period = 14): Float64Array {
  checkParams(adxrMeta, period);
  const n = checkSeries('ADXR', high, low, close);
  const out = nanArray(n);
  directionalInto(high, low, close, period, { adx: out });
  const first = directionalLookback.adxr(period);
  const lag = period - 1;
  // In place, from the end: out[i] still holds ADX_i and out[i - lag] is not yet overwritten.
  for (let i = n - 1; i >= first; i--) out[i] = (out[i]! + out[i - lag]!) / 2;
  out.fill(NaN, 0, Math.min(first, n));
  return out;
}

/** Streaming {@link adxr}: the shared {@link DirectionalStream} kernel and a ring of the last n - 1 ADX values. */
export class AdxrStream extends BaseStream<[Pick<Candle, 'high' | 'low' | 'close'>], number> {
  private readonly core: DirectionalStream;
  private readonly past: Float64Array;
  private count = 0;
  private head = 0;

  constructor(readonly period = 14) {
    super('ADXR', [period]);
    checkParams(adxrMeta, period);
    this.core = new DirectionalStream(period);
    this.past = new Float64Array(period - 1);
  }

  next(c: Pick<Candle, 'high' | 'low' | 'close'>): number {
    checkHLC(c, this.indicator);
    const bar = this.core.next(c.high, c.low, c.close);
    if (bar < directionalLookback.adx(this.period)) return NaN;
    const value = this.core.adx;
    const lag = this.period - 1;
    const old = this.past[this.head]!;
    this.past[this.head] = value;
    this.head = this.head + 1 === lag ? 0 : this.head + 1;
    if (this.count < lag) {
      this.count++;
      return NaN;
    }
    return (value + old) / 2;
  }

  protected override stateRules(): StateRules {
    const lag = this.period - 1;
    return { ...fixed('period'), count: int(0, lag), head: ringHead(this.count, lag, lag) };
  }
}

/** ADXR as a uniform {@link IndicatorDefinition}. */
export const ADXR = defineIndicator(adxrMeta, ([high, low, close], p) => adxr(high!, low!, close!, p.period), (p) => new AdxrStream(p.period));
