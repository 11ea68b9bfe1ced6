/**
 * Checks of several named candle series (one per symbol), shared by `alignCandles` and the features' peers: the core
 * candle checks, with every issue naming the series it is in.
 * @module
 */
import { assertCandles } from '../core/candles.js';
import { describeValue } from '../core/describe.js';
import { CandleValidationError, InvalidParameterError } from '../core/errors.js';
import type { Timeframe } from '../core/timeframe.js';
import type { Candles } from '../core/types.js';

/** A key short and plain enough to be written as a path segment as it is. */
const PLAIN_KEY = /^[A-Za-z0-9_]{1,40}$/;

/**
 * The path of `key` under `prefix` for error messages and `parameter` names: `prefix.key` for a plain key (letters,
 * digits and underscores, at most 40), else `prefix[<description>]`, so that a huge or odd key never makes a message
 * long.
 *
 * @example
 * ```ts
 * seriesPath('peers', 'BTC')              // => 'peers.BTC'
 * seriesPath('peers', 'x'.repeat(10_000)) // => 'peers["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..." (10000 chars)]'
 * seriesPath('', 'ETH')                   // => 'ETH'
 * ```
 */
export function seriesPath(prefix: string, key: string): string {
  if (PLAIN_KEY.test(key)) return prefix === '' ? key : `${prefix}.${key}`;
  return `${prefix}[${describeValue(key)}]`;
}

/**
 * Returns `value` typed as a record of candle series by symbol when it is a plain object (no array, typed array, Map
 * or Set; the series themselves are checked later), else throws `InvalidParameterError` naming `parameter`.
 *
 * @example
 * ```ts
 * seriesRecord({ BTC: btc }, 'peers') // => { BTC: btc }
 * seriesRecord([btc], 'peers')        // throws InvalidParameterError: peers: expected a record of candles by symbol, got Array(1)
 * ```
 */
export function seriesRecord(value: unknown, parameter: string): Record<string, Candles> {
  const plain = typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value) && !(value instanceof Map) && !(value instanceof Set);
  if (!plain) throw new InvalidParameterError(parameter, `expected a record of candles by symbol, got ${describeValue(value)}`);
  return value as Record<string, Candles>;
}

/**
 * `assertCandles(candles, timeframe)` for one of several series: on failure, the same `CandleValidationError` with
 * each issue's field prefixed by `label` (`'ETH.high'`, `'peers.BTC.close'`), so that the message says which series.
 *
 * @example
 * ```ts
 * assertSeries(eth, 'ETH', '15m') // throws CandleValidationError: 1 invalid candle value(s): row 2 ETH.high: high 0.5 < low 1
 * ```
 */
export function assertSeries(candles: Candles, label: string, timeframe?: Timeframe): void {
  try {
    assertCandles(candles, timeframe);
  } catch (e) {
    if (!(e instanceof CandleValidationError)) throw e;
    throw new CandleValidationError(
      e.issues.map((i) => ({ ...i, field: `${label}.${i.field}` })),
      e.issueCount,
    );
  }
}
