import type { Candle } from '../../core/types.js';
import { checkSeries } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream } from '../../core/stream.js';
import { checkHLC } from '../input.js';
import type { IndicatorMeta } from '../types.js';

/** Metadata of {@link typPrice}. */
export const typPriceMeta: IndicatorMeta = defineMeta({
  name: 'TYPPRICE',
  group: 'price',
  description: 'Typical price: mean of high, low and close',
  inputs: ['high', 'low', 'close'],
  params: [],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: () => 0,
});

/**
 * Typical price: mean of high, low and close, exactly as TA-Lib's `TA_TYPPRICE`:
 * TYPPRICE = (high + low + close) / 3, bar by bar, in TA-Lib's order of operations. No warm-up; a NaN field gives NaN
 * at that bar only.
 *
 * Reference: TA-Lib `ta_TYPPRICE.c`.
 *
 * @example
 * ```ts
 * typPrice(new Float64Array([4]), new Float64Array([2]), new Float64Array([3])) // [3]
 * ```
 */
export function typPrice(high: Float64Array, low: Float64Array, close: Float64Array): Float64Array {
  const n = checkSeries('TYPPRICE', high, low, close);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (high[i]! + low[i]! + close[i]!) / 3;
  return out;
}

/** Streaming {@link typPrice}: stateless, so `peek` is `next`. */
export class TypPriceStream extends BaseStream<[Pick<Candle, 'high' | 'low' | 'close'>], number> {
  constructor() {
    super('TYPPRICE', []);
  }

  next(c: Pick<Candle, 'high' | 'low' | 'close'>): number {
    checkHLC(c, this.indicator);
    return (c.high + c.low + c.close) / 3;
  }

  override peek(c: Pick<Candle, 'high' | 'low' | 'close'>): number {
    return this.next(c);
  }
}

/** TYPPRICE as a uniform {@link IndicatorDefinition}. */
export const TYPPRICE = defineIndicator(typPriceMeta, ([high, low, close]) => typPrice(high!, low!, close!), () => new TypPriceStream());
