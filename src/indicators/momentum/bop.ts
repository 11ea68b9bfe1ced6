import type { Candle } from '../../core/types.js';
import { checkSeries } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream } from '../../core/stream.js';
import { checkOHLC } from '../input.js';
import { isZeroOrNeg } from '../math.js';
import type { IndicatorMeta } from '../types.js';

/** Metadata of {@link bop}. */
export const bopMeta: IndicatorMeta = defineMeta({
  name: 'BOP',
  group: 'momentum',
  description: 'Balance of power: (close - open) / (high - low)',
  inputs: ['open', 'high', 'low', 'close'],
  params: [],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: () => 0,
});

function balance(open: number, high: number, low: number, close: number): number {
  const range = high - low;
  return isZeroOrNeg(range) ? 0 : (close - open) / range;
}

/**
 * Balance of power, exactly as TA-Lib's `TA_BOP`: (close - open) / (high - low), and 0 when high - low is below
 * 1e-14 (zero or negative range). No warm-up; a NaN field gives NaN at its own bar only (a NaN range is not "zero").
 *
 * Reference: Igor Livshin (2001), "Balance of Market Power", Technical Analysis of Stocks & Commodities;
 * TA-Lib `ta_BOP.c`.
 *
 * @example
 * ```ts
 * bop(new Float64Array([10]), new Float64Array([12]), new Float64Array([9]), new Float64Array([11.5])) // [0.5]
 * ```
 */
export function bop(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array): Float64Array {
  const n = checkSeries('BOP', open, high, low, close);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = balance(open[i]!, high[i]!, low[i]!, close[i]!);
  return out;
}

/** Streaming {@link bop}: stateless, so `peek` is `next`. */
export class BopStream extends BaseStream<[Pick<Candle, 'open' | 'high' | 'low' | 'close'>], number> {
  constructor() {
    super('BOP', []);
  }

  next(c: Pick<Candle, 'open' | 'high' | 'low' | 'close'>): number {
    checkOHLC(c, this.indicator);
    return balance(c.open, c.high, c.low, c.close);
  }

  override peek(c: Pick<Candle, 'open' | 'high' | 'low' | 'close'>): number {
    return this.next(c);
  }
}

/** BOP as a uniform {@link IndicatorDefinition}. */
export const BOP = defineIndicator(bopMeta, ([open, high, low, close]) => bop(open!, high!, low!, close!), () => new BopStream());
