import type { Candle } from '../../core/types.js';
import { checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { ANY_NUMBER, BaseStream, FINITE, type StateRules } from '../../core/stream.js';
import { checkHLC } from '../input.js';
import type { IndicatorMeta } from '../types.js';

/** Metadata of {@link trange}. */
export const trangeMeta: IndicatorMeta = defineMeta({
  name: 'TRANGE',
  group: 'volatility',
  description: 'True range',
  inputs: ['high', 'low', 'close'],
  params: [],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: () => 1,
});

/**
 * Wilder's true range of one bar, exactly as TA-Lib's `TRUE_RANGE` macro: start from high - low and replace it by
 * |prevClose - high|, then by |prevClose - low|, whenever one is strictly greater. Because NaN never compares greater,
 * a NaN previous close yields high - low, while a NaN high or low yields NaN (unlike `Math.max`).
 * Shared by TRANGE, ATR, NATR, ULTOSC and the directional-movement family.
 *
 * @example
 * ```ts
 * trueRange(12, 10, 9) // 3
 * ```
 */
export function trueRange(high: number, low: number, prevClose: number): number {
  let range = high - low;
  const up = Math.abs(prevClose - high);
  if (up > range) range = up;
  const down = Math.abs(prevClose - low);
  if (down > range) range = down;
  return range;
}

/**
 * True range series, exactly as TA-Lib's `TA_TRANGE`: TR_t = max(high_t - low_t, |close_{t-1} - high_t|,
 * |close_{t-1} - low_t|) with the comparison rules of {@link trueRange}. NaN at index 0 (no previous close).
 * A NaN input gives NaN at its own bar only, and a NaN close leaves the next bar at high - low.
 *
 * Reference: Wilder (1978), "New Concepts in Technical Trading Systems"; TA-Lib `ta_TRANGE.c`.
 *
 * @example
 * ```ts
 * trange(new Float64Array([10, 12]), new Float64Array([9, 10]), new Float64Array([9.5, 11])) // [NaN, 2.5]
 * ```
 */
export function trange(high: Float64Array, low: Float64Array, close: Float64Array): Float64Array {
  const n = checkSeries('TRANGE', high, low, close);
  const out = nanArray(n);
  for (let i = 1; i < n; i++) out[i] = trueRange(high[i]!, low[i]!, close[i - 1]!);
  return out;
}

/** Streaming {@link trange}: keeps only the previous close. */
export class TrangeStream extends BaseStream<[Pick<Candle, 'high' | 'low' | 'close'>], number> {
  private prevClose = NaN;
  private started = false;

  constructor() {
    super('TRANGE', []);
  }

  next(c: Pick<Candle, 'high' | 'low' | 'close'>): number {
    checkHLC(c, this.indicator);
    const value = this.started ? trueRange(c.high, c.low, this.prevClose) : NaN;
    this.prevClose = c.close;
    this.started = true;
    return value;
  }

  protected override stateRules(): StateRules {
    return { prevClose: this.started ? FINITE : ANY_NUMBER };
  }
}

/** TRANGE as a uniform {@link IndicatorDefinition}. */
export const TRANGE = defineIndicator(trangeMeta, ([high, low, close]) => trange(high!, low!, close!), () => new TrangeStream());
