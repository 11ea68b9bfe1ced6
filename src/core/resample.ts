import { InvalidParameterError } from './errors.js';
import { allocateCandles, type Candles } from './types.js';
import { timeframeMs, type Timeframe } from './timeframe.js';
import { assertCandles, sliceCandles } from './candles.js';
import { checkOptions } from './options.js';
import { describeValue } from './describe.js';

/** Options of {@link resample}. */
export interface ResampleOptions {
  /** Keep buckets that miss some source candles (for example the still-forming last hour). Default false. */
  partial?: boolean;
}

/**
 * Aggregates candles of timeframe `from` into the longer timeframe `to` on the UTC grid: bucket
 * `b = floor(time / toMs) * toMs`, and per bucket open = first open, high = max high, low = min low,
 * close = last close, volume = sum. By default only complete buckets (all `toMs / fromMs` source candles present)
 * are emitted, so a resampled candle never changes after it appears.
 *
 * The input is validated first as {@link assertCandles} does, on the `from` grid: NaN, infinite or out-of-range
 * times, duplicate or decreasing times, times off the `from` grid, columns of unequal length and bad prices are a
 * `CandleValidationError` (so no bucket is ever filled from copies of one candle); a `CandleSeries` tagged with
 * another timeframe than `from`, an unknown timeframe, a `to` that is no longer multiple of `from` and an unknown
 * option are `InvalidParameterError`s. Cost O(n).
 *
 * Reference: the OHLCV aggregation of pandas' `DataFrame.resample(rule, label='left', closed='left')`.
 *
 * @example
 * ```ts
 * const m15 = { time: Float64Array.of(0, 9e5, 1.8e6, 2.7e6), open: Float64Array.of(10, 11, 12, 13),
 *               high: Float64Array.of(11, 12, 14, 13), low: Float64Array.of(9, 10, 11, 12),
 *               close: Float64Array.of(11, 12, 13, 12.5), volume: Float64Array.of(1, 2, 3, 4) }
 * const h = resample(m15, '15m', '1h')
 * [h.time[0], h.open[0], h.high[0], h.low[0], h.close[0], h.volume[0]] // => [0, 10, 14, 9, 12.5, 10]
 * ```
 */
export function resample(candles: Candles, from: Timeframe, to: Timeframe, options?: ResampleOptions): Candles {
  const fromMs = timeframeMs(from, 'from');
  const toMs = timeframeMs(to, 'to');
  if (toMs <= fromMs || toMs % fromMs !== 0) {
    throw new InvalidParameterError('to', `${to} must be a whole multiple of ${from} and longer than it`);
  }
  const { partial = false } = checkOptions(options, ['partial'], 'options');
  if (typeof partial !== 'boolean') throw new InvalidParameterError('partial', `expected a boolean, got ${describeValue(partial)}`);
  const tag = (candles as { timeframe?: unknown } | null)?.timeframe;
  if (tag !== undefined && tag !== from) throw new InvalidParameterError('from', `the candles are tagged ${describeValue(tag)}, not ${from}`);
  assertCandles(candles, from);
  const per = toMs / fromMs;
  const { time, open, high, low, close, volume } = candles;
  const n = time.length;
  const out = allocateCandles(n);
  let k = 0;
  let i = 0;
  while (i < n) {
    const bucket = Math.floor(time[i]! / toMs) * toMs;
    const end = bucket + toMs;
    let h = high[i]!, l = low[i]!, v = 0, count = 0;
    const o = open[i]!;
    let j = i;
    for (; j < n && time[j]! < end; j++) {
      if (high[j]! > h) h = high[j]!;
      if (low[j]! < l) l = low[j]!;
      v += volume[j]!;
      count++;
    }
    if (count === per || partial) {
      out.time[k] = bucket;
      out.open[k] = o;
      out.high[k] = h;
      out.low[k] = l;
      out.close[k] = close[j - 1]!;
      out.volume[k] = v;
      k++;
    }
    i = j;
  }
  return sliceCandles(out, 0, k);
}
