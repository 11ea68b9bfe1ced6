import type { Candle } from '../../core/types.js';
import { checkSeries } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream } from '../../core/stream.js';
import { checkHL } from '../input.js';
import type { IndicatorMeta } from '../types.js';

/** Metadata of {@link medPrice}. */
export const medPriceMeta: IndicatorMeta = defineMeta({
  name: 'MEDPRICE',
  group: 'price',
  description: 'Median price: midpoint of high and low',
  inputs: ['high', 'low'],
  params: [],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: () => 0,
});

/**
 * Median price: midpoint of high and low, exactly as TA-Lib's `TA_MEDPRICE`:
 * MEDPRICE = (high + low) / 2, bar by bar, in TA-Lib's order of operations. No warm-up; a NaN field gives NaN
 * at that bar only.
 *
 * Reference: TA-Lib `ta_MEDPRICE.c`.
 *
 * @example
 * ```ts
 * medPrice(new Float64Array([4]), new Float64Array([2])) // [3]
 * ```
 */
export function medPrice(high: Float64Array, low: Float64Array): Float64Array {
  const n = checkSeries('MEDPRICE', high, low);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (high[i]! + low[i]!) / 2;
  return out;
}

/** Streaming {@link medPrice}: stateless, so `peek` is `next`. */
export class MedPriceStream extends BaseStream<[Pick<Candle, 'high' | 'low'>], number> {
  constructor() {
    super('MEDPRICE', []);
  }

  next(c: Pick<Candle, 'high' | 'low'>): number {
    checkHL(c, this.indicator);
    return (c.high + c.low) / 2;
  }

  override peek(c: Pick<Candle, 'high' | 'low'>): number {
    return this.next(c);
  }
}

/** MEDPRICE as a uniform {@link IndicatorDefinition}. */
export const MEDPRICE = defineIndicator(medPriceMeta, ([high, low]) => medPrice(high!, low!), () => new MedPriceStream());
