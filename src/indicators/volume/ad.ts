import type { Candle } from '../../core/types.js';
import { checkSeries } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream } from '../../core/stream.js';
import { checkHLCV } from '../input.js';
import type { IndicatorMeta } from '../types.js';

/** Metadata of {@link ad}. */
export const adMeta: IndicatorMeta = defineMeta({
  name: 'AD',
  group: 'volume',
  description: 'Chaikin accumulation/distribution line',
  inputs: ['high', 'low', 'close', 'volume'],
  params: [],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: () => 0,
});

/**
 * One accumulation/distribution step as TA-Lib computes it: AD + (((close - low) - (high - close)) / (high - low)) * volume,
 * or AD unchanged when high - low is not positive. Shared by AD and ADOSC.
 */
export function adStep(ad: number, high: number, low: number, close: number, volume: number): number {
  const range = high - low;
  return range > 0 ? ad + ((close - low - (high - close)) / range) * volume : ad;
}

/**
 * Chaikin accumulation/distribution line, exactly as TA-Lib's `TA_AD`: the running sum from 0 of the money-flow
 * volume ((close - low) - (high - close)) / (high - low) * volume, skipping candles with a zero range.
 * Defined from index 0. A NaN in a candle with a positive range makes every later value NaN.
 *
 * Reference: Marc Chaikin; TA-Lib `ta_AD.c`.
 *
 * @example
 * ```ts
 * ad(high, low, close, volume)
 * ```
 */
export function ad(high: Float64Array, low: Float64Array, close: Float64Array, volume: Float64Array): Float64Array {
  const n = checkSeries('AD', high, low, close, volume);
  const out = new Float64Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc = adStep(acc, high[i]!, low[i]!, close[i]!, volume[i]!);
    out[i] = acc;
  }
  return out;
}

/** Streaming {@link ad}. */
export class AdStream extends BaseStream<[Pick<Candle, 'high' | 'low' | 'close' | 'volume'>], number> {
  private ad = 0;

  constructor() {
    super('AD', []);
  }

  next(c: Pick<Candle, 'high' | 'low' | 'close' | 'volume'>): number {
    checkHLCV(c, this.indicator);
    return (this.ad = adStep(this.ad, c.high, c.low, c.close, c.volume));
  }
}

/** AD as a uniform {@link IndicatorDefinition}. */
export const AD = defineIndicator(adMeta, ([high, low, close, volume]) => ad(high!, low!, close!, volume!), () => new AdStream());
