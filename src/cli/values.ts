/**
 * Option values of the command line, read and checked: required strings, integers, lists, times, choices and
 * markets. A bad value is a `CliError` `CLI_USAGE` naming the option and the value.
 *
 * @module
 */
import { describeValue } from '../core/describe.js';
import { toEpochMs } from '../core/time.js';
import { checkMarkets, findMarket } from '../pipeline/markets.js';
import { DEFAULT_MARKETS, type Market } from '../pipeline/types.js';
import type { OptionValues } from './args.js';
import { CliError } from './errors.js';

/** The largest |epoch milliseconds| a Date holds. */
const MAX_TIME = 8.64e15;

function usage(command: string, message: string, cause?: unknown): CliError {
  return new CliError('CLI_USAGE', `${command}: ${message}`, cause === undefined ? {} : { cause });
}

/**
 * A string option, or undefined when absent (or a flag).
 *
 * @example
 * ```ts
 * optionalString({ out: 'report.html' }, 'out') // => 'report.html'
 * ```
 */
export function optionalString(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

/**
 * A required string option; `CLI_USAGE` "--name is required" when absent or empty.
 *
 * @example
 * ```ts
 * requiredString({ symbol: 'BTC' }, 'symbol', 'train') // => 'BTC'
 * requiredString({}, 'symbol', 'train')                // throws CliError CLI_USAGE: train: --symbol is required
 * ```
 */
export function requiredString(values: OptionValues, name: string, command: string): string {
  const v = optionalString(values, name);
  if (v === undefined || v.trim() === '') throw usage(command, `--${name} is required`);
  return v;
}

/**
 * An integer option in [min, max], or `fallback` when absent.
 *
 * @example
 * ```ts
 * integerOption({ rounds: '20' }, 'rounds', 'train', 1, 10_000, 100) // => 20
 * integerOption({ rounds: '2.5' }, 'rounds', 'train', 1, 10_000, 100) // throws CliError CLI_USAGE: train: --rounds: expected an integer from 1 to 10000, got "2.5"
 * ```
 */
export function integerOption(values: OptionValues, name: string, command: string, min: number, max: number, fallback: number): number {
  const v = optionalString(values, name);
  if (v === undefined) return fallback;
  const n = /^\s*[+-]?\d+\s*$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw usage(command, `--${name}: expected an integer from ${min} to ${max}, got ${describeValue(v)}`);
  return n;
}

/**
 * A comma-separated list option (blanks trimmed, empty items an error), or undefined when absent.
 *
 * @example
 * ```ts
 * listOption({ features: 'rsi_14, atr_14' }, 'features', 'train') // => ['rsi_14', 'atr_14']
 * ```
 */
export function listOption(values: OptionValues, name: string, command: string): string[] | undefined {
  const v = optionalString(values, name);
  if (v === undefined) return undefined;
  const items = v.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw usage(command, `--${name}: expected a comma-separated list, got ${describeValue(v)}`);
  return items;
}

/**
 * A time option: ISO 8601 text (`2024-01-05T10:00Z`, a date alone is UTC midnight) or epoch milliseconds; undefined
 * when absent.
 *
 * @example
 * ```ts
 * timeOption({ now: '2024-01-05T10:00Z' }, 'now', 'predict') // => 1704448800000
 * ```
 */
export function timeOption(values: OptionValues, name: string, command: string): number | undefined {
  const v = optionalString(values, name);
  if (v === undefined) return undefined;
  const ms = toEpochMs(v);
  if (!(Math.abs(ms) <= MAX_TIME)) throw usage(command, `--${name}: expected an ISO 8601 time (2024-01-05T10:00Z) or epoch milliseconds, got ${describeValue(v)}`);
  return ms;
}

/**
 * A choice among `allowed`, or `fallback` when absent.
 *
 * @example
 * ```ts
 * choiceOption({ target: 'both' }, 'target', 'ingest', ['live', 'history', 'both'], 'live') // => 'both'
 * ```
 */
export function choiceOption<T extends string>(values: OptionValues, name: string, command: string, allowed: readonly T[], fallback: T): T {
  const v = optionalString(values, name);
  if (v === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(v)) throw usage(command, `--${name}: expected one of ${allowed.join(', ')}, got ${describeValue(v)}`);
  return v as T;
}

/**
 * The markets of `--markets SYMBOL:TIMEFRAME,...` (default the pipeline's six: BTC, ETH, SOL at 15m and 1h), checked
 * by the pipeline's rules (timeframes of the feature store, each market once).
 *
 * @example
 * ```ts
 * marketsOption({ markets: 'BTC:15m,ETH:1h' }, 'batch-predict') // => [{ symbol: 'BTC', timeframe: '15m' }, { symbol: 'ETH', timeframe: '1h' }]
 * ```
 */
export function marketsOption(values: OptionValues, command: string): readonly Market[] {
  const items = listOption(values, 'markets', command);
  if (items === undefined) return DEFAULT_MARKETS;
  const markets = items.map((item) => {
    const [symbol, timeframe, extra] = item.split(':');
    if (!symbol || !timeframe || extra !== undefined) throw usage(command, `--markets: expected SYMBOL:TIMEFRAME items (BTC:15m), got ${describeValue(item)}`);
    return { symbol, timeframe };
  });
  try {
    return checkMarkets(markets, '--markets');
  } catch (e) {
    throw usage(command, e instanceof Error ? e.message : String(e), e);
  }
}

/**
 * The market of `--symbol` and `--timeframe`, one of `markets`: `PipelineError` `UNKNOWN_MARKET` naming the unknown
 * symbol or timeframe and the markets served (exit code 2).
 *
 * @example
 * ```ts
 * marketOption({ symbol: 'BTC', timeframe: '15m' }, 'predict', DEFAULT_MARKETS) // => { symbol: 'BTC', timeframe: '15m' }
 * marketOption({ symbol: 'DOGE', timeframe: '15m' }, 'predict', DEFAULT_MARKETS) // throws PipelineError UNKNOWN_MARKET: unknown symbol "DOGE": ...
 * ```
 */
export function marketOption(values: OptionValues, command: string, markets: readonly Market[]): Market {
  return findMarket(markets, requiredString(values, 'symbol', command), requiredString(values, 'timeframe', command));
}
