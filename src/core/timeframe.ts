import { InvalidParameterError } from './errors.js';
import { describeValue } from './describe.js';

/** Supported candle timeframes. */
export type Timeframe = '1m' | '5m' | '15m' | '30m' | '1h' | '4h' | '1d';

const MINUTE = 60_000;

/**
 * Length of each timeframe in milliseconds.
 *
 * @example
 * ```ts
 * TIMEFRAME_MS['15m'] // => 900000
 * ```
 */
export const TIMEFRAME_MS: Readonly<Record<Timeframe, number>> = Object.freeze({
  '1m': MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': 60 * MINUTE,
  '4h': 240 * MINUTE,
  '1d': 1440 * MINUTE,
});

/**
 * Every supported timeframe, shortest first.
 *
 * @example
 * ```ts
 * TIMEFRAMES // => ['1m', '5m', '15m', '30m', '1h', '4h', '1d']
 * ```
 */
export const TIMEFRAMES: readonly Timeframe[] = Object.freeze(Object.keys(TIMEFRAME_MS) as Timeframe[]);

/**
 * Parses a timeframe string and throws a typed error for anything unsupported (any other string, any other type).
 *
 * @param value what the caller passed
 * @param parameter the argument's name in the error (default `'timeframe'`; `resample` says `'from'` or `'to'`)
 *
 * @example
 * ```ts
 * parseTimeframe('15m')       // => '15m'
 * parseTimeframe('2h')        // throws InvalidParameterError: timeframe: expected one of 1m, 5m, 15m, 30m, 1h, 4h, 1d, got "2h"
 * parseTimeframe(null, 'to')  // throws InvalidParameterError: to: expected one of ..., got null
 * ```
 */
export function parseTimeframe(value: unknown, parameter = 'timeframe'): Timeframe {
  if (typeof value === 'string' && Object.prototype.hasOwnProperty.call(TIMEFRAME_MS, value)) {
    return value as Timeframe;
  }
  throw new InvalidParameterError(parameter, `expected one of ${TIMEFRAMES.join(', ')}, got ${describeValue(value)}`);
}

/**
 * Milliseconds in one candle of `timeframe`. Candle open times lie on the UTC grid `time % timeframeMs(tf) === 0`.
 * An unsupported timeframe is an `InvalidParameterError` naming `parameter`.
 *
 * @example
 * ```ts
 * timeframeMs('1h') // => 3600000
 * ```
 */
export function timeframeMs(timeframe: Timeframe, parameter = 'timeframe'): number {
  return TIMEFRAME_MS[parseTimeframe(timeframe, parameter)];
}

/** Milliseconds in the 365-day year of crypto markets, which trade every day. */
export const YEAR_MS = 365 * 86_400_000;

/**
 * Candles of `timeframe` in a 365-day year (crypto trades every day): P = 365 * 86,400,000 / timeframe ms, the
 * factor that annualises a per-candle volatility (sigma * sqrt(P)) or Sharpe ratio. An unsupported timeframe is an
 * `InvalidParameterError` naming `parameter`.
 *
 * @example
 * ```ts
 * periodsPerYear('15m') // => 35040
 * periodsPerYear('1h')  // => 8760
 * ```
 */
export function periodsPerYear(timeframe: Timeframe, parameter = 'timeframe'): number {
  return YEAR_MS / timeframeMs(timeframe, parameter);
}
