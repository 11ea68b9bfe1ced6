import type { Candle } from '../../core/types.js';
import { checkParams, checkSeries } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, fixed, int, type StateRules } from '../../core/stream.js';
import { checkHLCV } from '../input.js';
import type { IndicatorMeta } from '../types.js';
import { emaK } from '../overlap/ema.js';
import { adStep } from './ad.js';

/** Metadata of {@link adosc}. */
export const adoscMeta: IndicatorMeta = defineMeta({
  name: 'ADOSC',
  group: 'volume',
  description: 'Chaikin A/D oscillator: fast EMA minus slow EMA of the A/D line',
  inputs: ['high', 'low', 'close', 'volume'],
  params: [
    { name: 'fastPeriod', talib: 'optInFastPeriod', default: 3, min: 2, max: 100000, integer: true },
    { name: 'slowPeriod', talib: 'optInSlowPeriod', default: 10, min: 2, max: 100000, integer: true },
  ],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => Math.max(p.fastPeriod!, p.slowPeriod!) - 1,
});

/**
 * Chaikin A/D oscillator, exactly as TA-Lib's `TA_ADOSC`: EMA_fast(AD) - EMA_slow(AD) of the accumulation/distribution
 * line ({@link ad}), where both EMAs are seeded with the first AD value (not a simple average) and updated as
 * EMA = k AD + (1 - k) EMA with k = 2 / (period + 1). The periods are not swapped. First value at
 * `max(fastPeriod, slowPeriod) - 1`. A NaN in a candle with a positive range makes every later value NaN.
 *
 * Reference: Marc Chaikin; TA-Lib `ta_ADOSC.c`.
 *
 * @example
 * ```ts
 * adosc(high, low, close, volume, 3, 10)
 * ```
 */
export function adosc(high: Float64Array, low: Float64Array, close: Float64Array, volume: Float64Array, fastPeriod = 3, slowPeriod = 10): Float64Array {
  checkParams(adoscMeta, fastPeriod, slowPeriod);
  const n = checkSeries('ADOSC', high, low, close, volume);
  const lookback = Math.max(fastPeriod, slowPeriod) - 1;
  const out = new Float64Array(n).fill(NaN, 0, lookback);
  if (n <= lookback) return out;
  const fastK = emaK(fastPeriod);
  const fastK1 = 1 - fastK;
  const slowK = emaK(slowPeriod);
  const slowK1 = 1 - slowK;
  let acc = adStep(0, high[0]!, low[0]!, close[0]!, volume[0]!);
  let fast = acc;
  let slow = acc;
  for (let i = 1; i < n; i++) {
    acc = adStep(acc, high[i]!, low[i]!, close[i]!, volume[i]!);
    fast = fastK * acc + fastK1 * fast;
    slow = slowK * acc + slowK1 * slow;
    if (i >= lookback) out[i] = fast - slow;
  }
  return out;
}

/** Streaming {@link adosc}. */
export class AdoscStream extends BaseStream<[Pick<Candle, 'high' | 'low' | 'close' | 'volume'>], number> {
  private index = 0;
  private ad = 0;
  private fast = 0;
  private slow = 0;
  private readonly fastK: number;
  private readonly slowK: number;

  constructor(
    readonly fastPeriod = 3,
    readonly slowPeriod = 10,
  ) {
    super('ADOSC', [fastPeriod, slowPeriod]);
    checkParams(adoscMeta, fastPeriod, slowPeriod);
    this.fastK = emaK(fastPeriod);
    this.slowK = emaK(slowPeriod);
  }

  next(c: Pick<Candle, 'high' | 'low' | 'close' | 'volume'>): number {
    checkHLCV(c, this.indicator);
    const ad = (this.ad = adStep(this.ad, c.high, c.low, c.close, c.volume));
    const i = this.index;
    const lookback = Math.max(this.fastPeriod, this.slowPeriod) - 1;
    if (i < lookback) this.index = i + 1;
    if (i === 0) {
      this.fast = ad;
      this.slow = ad;
    } else {
      this.fast = this.fastK * ad + (1 - this.fastK) * this.fast;
      this.slow = this.slowK * ad + (1 - this.slowK) * this.slow;
    }
    return i < lookback ? NaN : this.fast - this.slow;
  }

  protected override stateRules(): StateRules {
    return { ...fixed('fastPeriod', 'slowPeriod', 'fastK', 'slowK'), index: int(0, Math.max(this.fastPeriod, this.slowPeriod) - 1) };
  }
}

/** ADOSC as a uniform {@link IndicatorDefinition}. */
export const ADOSC = defineIndicator(
  adoscMeta,
  ([high, low, close, volume], p) => adosc(high!, low!, close!, volume!, p.fastPeriod, p.slowPeriod),
  (p) => new AdoscStream(p.fastPeriod, p.slowPeriod),
);
