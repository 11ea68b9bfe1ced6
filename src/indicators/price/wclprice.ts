import type { Candle } from '../../core/types.js';
import { checkSeries } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream } from '../../core/stream.js';
import { checkHLC } from '../input.js';
import type { IndicatorMeta } from '../types.js';

/** Metadata of {@link wclPrice}. */
export const wclPriceMeta: IndicatorMeta = defineMeta({
  name: 'WCLPRICE',
  group: 'price',
  description: 'Weighted close price: (high + low + 2 close) / 4',
  inputs: ['high', 'low', 'close'],
  params: [],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: () => 0,
});

/**
 * Weighted close price, exactly as TA-Lib's `TA_WCLPRICE`:
 * WCLPRICE = (high + low + close * 2) / 4, bar by bar, in TA-Lib's order of operations. No warm-up; a NaN field gives NaN
 * at that bar only.
 *
 * Reference: TA-Lib `ta_WCLPRICE.c`.
 *
 * @example
 * ```ts
 * wclPrice(new Float64Array([4]), new Float64Array([2]), new Float64Array([3])) // [3]
 * ```
 */
export function wclPrice(high: Float64Array, low: Float64Array, close: Float64Array): Float64Array {
  const n = checkSeries('WCLPRICE', high, low, close);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (high[i]! + low[i]! + close[i]! * 2) / 4;
  return out;
}

/** Streaming {@link wclPrice}: stateless, so `peek` is `next`. */
export class WclPriceStream extends BaseStream<[Pick<Candle, 'high' | 'low' | 'close'>], number> {
  constructor() {
    super('WCLPRICE', []);
  }

  next(c: Pick<Candle, 'high' | 'low' | 'close'>): number {
    checkHLC(c, this.indicator);
    return (c.high + c.low + c.close * 2) / 4;
  }

  override peek(c: Pick<Candle, 'high' | 'low' | 'close'>): number {
    return this.next(c);
  }
}

/** WCLPRICE as a uniform {@link IndicatorDefinition}. */
export const WCLPRICE = defineIndicator(wclPriceMeta, ([high, low, close]) => wclPrice(high!, low!, close!), () => new WclPriceStream());
