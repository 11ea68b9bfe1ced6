/** The pipeline's markets (the `markets` option checked, a market looked up in them) and its clock (`now`). */
import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';
import { PipelineError } from './errors.js';
import { DEFAULT_MARKETS, type Market } from './types.js';

/** The largest |epoch milliseconds| a Date holds. */
const MAX_TIME = 8.64e15;
/** The timeframes of the feature store, hence of the pipeline's markets. */
const FEATURE_TIMEFRAMES: readonly string[] = ['15m', '1h'];

/**
 * Checks a `markets` option: undefined ({@link DEFAULT_MARKETS}) or a non-empty array of `{ symbol, timeframe }`, each
 * a non-empty string symbol at a timeframe of the feature store (15m or 1h), each market once. Throws
 * `InvalidParameterError` naming the element (`options.markets[2].timeframe`).
 *
 * @example
 * ```ts
 * checkMarkets(undefined).length                          // => 6
 * checkMarkets([{ symbol: 'BTC', timeframe: '4h' }])      // throws InvalidParameterError: options.markets[0].timeframe: ...
 * ```
 */
export function checkMarkets(markets: unknown, parameter = 'options.markets'): readonly Market[] {
  if (markets === undefined) return DEFAULT_MARKETS;
  if (!Array.isArray(markets) || markets.length === 0) throw new InvalidParameterError(parameter, `expected a non-empty array of { symbol, timeframe }, got ${describeValue(markets)}`);
  const seen = new Set<string>();
  return markets.map((m: unknown, i) => {
    const where = `${parameter}[${i}]`;
    if (m === null || typeof m !== 'object' || Array.isArray(m)) throw new InvalidParameterError(where, `expected { symbol, timeframe }, got ${describeValue(m)}`);
    const { symbol, timeframe, ...rest } = m as Record<string, unknown>;
    const extra = Object.keys(rest)[0];
    if (extra !== undefined) throw new InvalidParameterError(`${where}.${extra}`, 'unknown field (known: symbol, timeframe)');
    if (typeof symbol !== 'string' || symbol === '') throw new InvalidParameterError(`${where}.symbol`, `expected a symbol, got ${describeValue(symbol)}`);
    if (typeof timeframe !== 'string' || !FEATURE_TIMEFRAMES.includes(timeframe)) {
      throw new InvalidParameterError(`${where}.timeframe`, `the feature store has 15m and 1h, got ${describeValue(timeframe)}`);
    }
    const id = `${symbol} ${timeframe}`;
    if (seen.has(id)) throw new InvalidParameterError(where, `${id} is listed twice`);
    seen.add(id);
    return { symbol, timeframe } as Market;
  });
}

/**
 * The market of `symbol` at `timeframe` among `markets`; `PipelineError` 'UNKNOWN_MARKET' naming the symbol or the
 * timeframe (and what the pipeline serves) when it is not one of them.
 *
 * @example
 * ```ts
 * findMarket(DEFAULT_MARKETS, 'ETH', '1h')  // => { symbol: 'ETH', timeframe: '1h' }
 * findMarket(DEFAULT_MARKETS, 'DOGE', '1h') // throws PipelineError UNKNOWN_MARKET: unknown symbol "DOGE" ...
 * ```
 */
export function findMarket(markets: readonly Market[], symbol: unknown, timeframe: unknown): Market {
  const found = markets.find((m) => m.symbol === symbol && m.timeframe === timeframe);
  if (found !== undefined) return found;
  const served = markets.map((m) => `${m.symbol} ${m.timeframe}`).join(', ');
  const what = !markets.some((m) => m.symbol === symbol)
    ? `unknown symbol ${describeValue(symbol)}`
    : !markets.some((m) => m.timeframe === timeframe)
      ? `unknown timeframe ${describeValue(timeframe)}`
      : `no market ${describeValue(symbol)} at ${describeValue(timeframe)}`;
  const options: { symbol?: string; timeframe?: string } = {};
  if (typeof symbol === 'string') options.symbol = symbol;
  if (typeof timeframe === 'string') options.timeframe = timeframe;
  throw new PipelineError('UNKNOWN_MARKET', `${what}: the pipeline serves ${served}`, options);
}

/**
 * The pipeline's clock: `now` as epoch milliseconds (a valid Date, or a number within a Date's range +-8.64e15),
 * `Date.now()` when undefined.
 * Throws `InvalidParameterError` naming `parameter` otherwise.
 *
 * @example
 * ```ts
 * nowMs(new Date('2025-01-01T00:00:00Z')) // => 1735689600000
 * nowMs('today')                           // throws InvalidParameterError: options.now: ...
 * ```
 */
export function nowMs(now: unknown, parameter = 'options.now'): number {
  if (now === undefined) return Date.now();
  const ms = now instanceof Date ? now.getTime() : typeof now === 'number' ? now : Number.NaN;
  if (!(Math.abs(ms) <= MAX_TIME)) throw new InvalidParameterError(parameter, `expected a Date or epoch milliseconds (within +-8.64e15, a Date's range), got ${describeValue(now)}`);
  return ms;
}
