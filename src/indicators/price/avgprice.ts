import type { Candle } from '../../core/types.js';
import { checkSeries } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream } from '../../core/stream.js';
import { checkOHLC } from '../input.js';
import type { IndicatorMeta } from '../types.js';

/** Metadata of {@link avgPrice}. */
export const avgPriceMeta: IndicatorMeta = defineMeta({
  name: 'AVGPRICE',
  group: 'price',
  description: 'Average of open, high, low and close',
  inputs: ['open', 'high', 'low', 'close'],
  params: [],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: () => 0,
});

/**
 * Average of open, high, low and close, exactly as TA-Lib's `TA_AVGPRICE`:
 * AVGPRICE = (high + low + close + open) / 4, bar by bar, in TA-Lib's order of operations. No warm-up; a NaN field gives NaN
 * at that bar only.
 *
 * Reference: TA-Lib `ta_AVGPRICE.c`.
 *
 * @example
 * ```ts
 * avgPrice(new Float64Array([1]), new Float64Array([4]), new Float64Array([0.5]), new Float64Array([2.5])) // [2]
 * ```
 */
export function avgPrice(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array): Float64Array {
  const n = checkSeries('AVGPRICE', open, high, low, close);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (high[i]! + low[i]! + close[i]! + open[i]!) / 4;
  return out;
}

/** Streaming {@link avgPrice}: stateless, so `peek` is `next`. */
export class AvgPriceStream extends BaseStream<[Pick<Candle, 'open' | 'high' | 'low' | 'close'>], number> {
  constructor() {
    super('AVGPRICE', []);
  }

  next(c: Pick<Candle, 'open' | 'high' | 'low' | 'close'>): number {
    checkOHLC(c, this.indicator);
    return (c.high + c.low + c.close + c.open) / 4;
  }

  override peek(c: Pick<Candle, 'open' | 'high' | 'low' | 'close'>): number {
    return this.next(c);
  }
}

/** AVGPRICE as a uniform {@link IndicatorDefinition}. */
export const AVGPRICE = defineIndicator(avgPriceMeta, ([open, high, low, close]) => avgPrice(open!, high!, low!, close!), () => new AvgPriceStream());
