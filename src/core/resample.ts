import { InvalidParameterError } from './errors.js';
import { allocateCandles, type Candles } from './types.js';
import { timeframeMs, type Timeframe } from './timeframe.js';

/** Options of {@link resample}. */
export interface ResampleOptions {
  /** Keep buckets that miss some source candles (for example the still-forming last hour). Default false. */
  partial?: boolean;
}

/**
 * Aggregates candles of timeframe `from` into the longer timeframe `to` on the UTC grid.
 * Rules: open = first open, high = max high, low = min low, close = last close, volume = sum.
 * By default only complete buckets (all `to / from` source candles present) are emitted, so a
 * resampled candle never changes after it appears.
 *
 * @example
 * ```ts
 * const hourly = resample(candles15m, '15m', '1h')
 * ```
 */
export function resample(candles: Candles, from: Timeframe, to: Timeframe, options: ResampleOptions = {}): Candles {
  const fromMs = timeframeMs(from);
  const toMs = timeframeMs(to);
  if (toMs <= fromMs || toMs % fromMs !== 0) {
    throw new InvalidParameterError('to', `${to} must be a whole multiple of ${from} and longer than it`);
  }
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
    if (count === per || options.partial) {
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
  return {
    time: out.time.slice(0, k),
    open: out.open.slice(0, k),
    high: out.high.slice(0, k),
    low: out.low.slice(0, k),
    close: out.close.slice(0, k),
    volume: out.volume.slice(0, k),
  };
}
