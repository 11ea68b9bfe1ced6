import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';
import { parseTimeframe, type Timeframe } from '../core/timeframe.js';
import { FEATURES } from './compute.js';
import { previousPeriodLookback } from './kernels/pivots.js';
import type { FeatureSpec } from './types.js';

/**
 * The lookback of a feature on one timeframe: after this many candles, its values are defined on every series of
 * that timeframe without gaps (or with its gaps filled), whatever the series' start time.
 *
 * - A feature without `calendar` counts candles, the same on every timeframe: its `lookback`, exactly (the value at
 *   that index is its first defined one).
 * - A `calendar` feature (daily and weekly pivots) reads the previous completed UTC day or week: 2P - 1 with P the
 *   candles per period, the worst case over start times (one candle after a period boundary). A series starting on
 *   a boundary has its first value at P. `spec.lookback` is the largest of these, the 1m one, so
 *   `featureLookback(spec, tf) <= spec.lookback` on every timeframe.
 *
 * Throws `InvalidParameterError` for a name not in `FEATURES` or a spec without a valid lookback and calendar
 * (parameter 'feature'), or an unknown timeframe (parameter 'timeframe').
 *
 * @example
 * ```ts
 * featureLookback('rsi_14', '1h')     // => 14
 * featureLookback('pivot_pp_d', '1h') // => 47 (two days of 1h candles minus one)
 * featureLookback('pivot_pp_w', '1d') // => 13
 * ```
 */
export function featureLookback(feature: string | FeatureSpec, timeframe: Timeframe): number {
  const spec = typeof feature === 'string' ? FEATURES.find((f) => f.name === feature) : feature;
  if (spec === undefined) throw new InvalidParameterError('feature', `unknown feature ${describeValue(feature)}`);
  const { lookback, calendar } = (spec ?? {}) as Partial<FeatureSpec>;
  if (!Number.isSafeInteger(lookback) || lookback! < 0 || (calendar !== undefined && calendar !== 'day' && calendar !== 'week')) {
    throw new InvalidParameterError('feature', `expected a feature name or a FeatureSpec (an integer lookback >= 0, calendar 'day', 'week' or none), got ${describeValue(spec)}`);
  }
  const tf = parseTimeframe(timeframe);
  return spec.calendar === undefined ? spec.lookback : previousPeriodLookback(spec.calendar, tf);
}
