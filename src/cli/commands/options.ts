/**
 * Option specs several commands share (one definition, one help line each), spread into a command's `options`:
 * `options: { ...MARKET_OPTIONS, ...NOW_OPTION }`.
 */
import type { OptionSpec } from '../args.js';

/** `--symbol` and `--timeframe`: the market (one of `--markets`). */
export const MARKET_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  symbol: { type: 'string', value: '<symbol>', description: 'the market’s symbol (BTC)' },
  timeframe: { type: 'string', value: '<tf>', description: 'the market’s timeframe (15m or 1h)' },
};

/** `--markets`: the markets the command knows (default the pipeline's six). */
export const MARKETS_OPTION: Readonly<Record<string, OptionSpec>> = {
  markets: { type: 'string', value: '<list>', description: 'the markets served, SYMBOL:TIMEFRAME,... (default BTC, ETH, SOL at 15m and 1h)' },
};

/** `--from` and `--to`: a time range of candle open times. */
export const RANGE_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  from: { type: 'string', value: '<time>', description: 'first candle open time, inclusive (ISO 8601 or epoch ms)' },
  to: { type: 'string', value: '<time>', description: 'last candle open time, exclusive (ISO 8601 or epoch ms)' },
};

/** `--source`: which stored candles to read. */
export const SOURCE_OPTION: Readonly<Record<string, OptionSpec>> = {
  source: { type: 'string', value: '<live|history>', description: 'read the live candle tables (default) or the history table' },
};

/** `--features`: the features computed or trained on. */
export const FEATURES_OPTION: Readonly<Record<string, OptionSpec>> = {
  features: { type: 'string', value: '<list|all>', description: 'feature names, comma-separated, or all (default: every single-asset feature)' },
};

/** `--now`: the clock of the pipeline. */
export const NOW_OPTION: Readonly<Record<string, OptionSpec>> = {
  now: { type: 'string', value: '<time>', description: 'the clock: candles closed by then count (default now)' },
};

/**
 * The default file of `alpha-v4 report`, in the working directory.
 *
 * @example
 * ```ts
 * DEFAULT_REPORT_FILE // => 'alpha-v4-report.html'
 * ```
 */
export const DEFAULT_REPORT_FILE = 'alpha-v4-report.html';
