import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator } from '../define.js';
import { BaseStream } from '../stream.js';
import type { Candle } from '../../core/types.js';
import type { IndicatorMeta } from '../types.js';

/** Metadata of {@link midprice}. */
export const midpriceMeta: IndicatorMeta = {
  name: 'MIDPRICE',
  group: 'overlap',
  description: 'Midpoint of the highest high and the lowest low over a window',
  inputs: ['high', 'low'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 14, min: 2, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => p.period! - 1,
};

/**
 * Midpoint price, exactly as TA-Lib's `TA_MIDPRICE`: (highest high + lowest low) / 2 over the last `period` bars.
 * NaN until index `period - 1`. As in TA-Lib, the scan starts from the oldest bar of the window: the value is NaN
 * while that bar's high or low is NaN, and NaNs elsewhere in the window are skipped.
 *
 * Reference: TA-Lib `ta_MIDPRICE.c`.
 *
 * @example
 * ```ts
 * midprice(new Float64Array([2, 4, 3]), new Float64Array([1, 2, 2]), 2) // [NaN, 2.5, 3]
 * ```
 */
export function midprice(high: Float64Array, low: Float64Array, period = 14): Float64Array {
  checkParams(midpriceMeta, period);
  const n = checkSeries('MIDPRICE', high, low);
  const out = nanArray(n);
  midRangeInto(high, low, period, out);
  return out;
}

/**
 * Writes (max(high) + min(low)) / 2 over each window of `period` bars into `out` (from index `period - 1` on), with
 * TA-Lib's tie and NaN semantics (the earliest extreme wins; NaN iff the oldest bar is NaN). The extremes are
 * tracked by index and rescanned only when they leave the window. The kernel of MIDPRICE and MIDPOINT.
 */
export function midRangeInto(high: Float64Array, low: Float64Array, period: number, out: Float64Array): void {
  const n = high.length;
  let hiIdx = -1;
  let loIdx = -1;
  for (let today = period - 1, trailing = 0; today < n; today++, trailing++) {
    if (hiIdx < trailing) {
      hiIdx = trailing;
      for (let i = trailing + 1; i <= today; i++) if (high[i]! > high[hiIdx]!) hiIdx = i;
    } else if (high[today]! > high[hiIdx]!) hiIdx = today;
    if (loIdx < trailing) {
      loIdx = trailing;
      for (let i = trailing + 1; i <= today; i++) if (low[i]! < low[loIdx]!) loIdx = i;
    } else if (low[today]! < low[loIdx]!) loIdx = today;
    const oldestHigh = high[trailing]!;
    const oldestLow = low[trailing]!;
    const hi = oldestHigh !== oldestHigh ? NaN : high[hiIdx]!;
    const lo = oldestLow !== oldestLow ? NaN : low[loIdx]!;
    out[today] = (hi + lo) / 2;
  }
}

/** Streaming {@link midprice}: ring buffers of the last `period` highs and lows, scanned oldest first. */
export class MidpriceStream extends BaseStream<[Pick<Candle, 'high' | 'low'>], number> {
  private readonly highs: Float64Array;
  private readonly lows: Float64Array;
  private count = 0;
  private head = 0;

  constructor(readonly period = 14) {
    super('MIDPRICE', [period]);
    checkParams(midpriceMeta, period);
    this.highs = new Float64Array(period);
    this.lows = new Float64Array(period);
  }

  next(c: Pick<Candle, 'high' | 'low'>): number {
    return this.update(c.high, c.low);
  }

  /** Commits one bar given as numbers (MIDPOINT passes the same value twice). */
  update(high: number, low: number): number {
    const period = this.period;
    const highs = this.highs;
    const lows = this.lows;
    highs[this.head] = high;
    lows[this.head] = low;
    this.head = this.head + 1 === period ? 0 : this.head + 1;
    if (this.count < period - 1) {
      this.count++;
      return NaN;
    }
    let i = this.head;
    let hi = highs[i]!;
    let lo = lows[i]!;
    for (let k = 1; k < period; k++) {
      i = i + 1 === period ? 0 : i + 1;
      if (lows[i]! < lo) lo = lows[i]!;
      if (highs[i]! > hi) hi = highs[i]!;
    }
    return (hi + lo) / 2;
  }
}

/** MIDPRICE as a uniform {@link IndicatorDefinition}. */
export const MIDPRICE = defineIndicator(
  midpriceMeta,
  ([high, low], p) => midprice(high!, low!, p.period),
  (p) => new MidpriceStream(p.period),
);
