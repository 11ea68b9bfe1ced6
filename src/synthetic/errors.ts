import { AlphaError } from '../core/errors.js';
import type { Timeframe } from '../core/timeframe.js';

/**
 * Thrown by {@link alignCandles} when a symbol's candles are not on the requested timeframe: a series tagged with
 * another timeframe (a `CandleSeries`), a candle time off the timeframe grid, or a series whose candles are never one
 * timeframe apart (a coarser series, such as 1h candles passed as 15m ones).
 *
 * @example
 * ```ts
 * try { alignCandles({ BTC: btc15m, ETH: eth1h }, { timeframe: '15m' }) }
 * catch (e) { if (e instanceof TimeframeMismatchError) console.log(e.symbol) } // 'ETH'
 * ```
 */
export class TimeframeMismatchError extends AlphaError {
  constructor(
    /** The symbol whose candles do not fit. */
    readonly symbol: string,
    /** The timeframe asked for. */
    readonly expected: Timeframe,
    detail: string,
  ) {
    super('TIMEFRAME_MISMATCH', `${symbol}: not ${expected} candles: ${detail}`);
  }
}

/**
 * Thrown when a cross-asset feature needs a peer symbol whose candles were not given.
 *
 * @example
 * ```ts
 * computeFeatures(eth, { features: ['syn_eth_btc_correlation_20'] }) // MissingPeerError, peer 'BTC'
 * ```
 */
export class MissingPeerError extends AlphaError {
  constructor(
    /** The missing peer, upper-cased as symbols are usually written (the feature name spells it lower-case). */
    readonly peer: string,
    /** The feature that needs it. */
    readonly feature: string,
  ) {
    super('MISSING_PEER', `${feature} needs the candles of peer ${peer}: pass them in peers (aligned with alignCandles)`);
  }
}

/**
 * Thrown when a symbol cannot be used for cross-asset features: it cannot be spelled in a feature name (it must be
 * letters and digits, starting with a letter), or a `syn_*` feature of one symbol is requested while computing another.
 *
 * @example
 * ```ts
 * syntheticFeatures('BTC-USD', ['ETH']) // UnknownSymbolError: not a letters-and-digits symbol
 * computeFeatures(btc, { symbol: 'BTC', features: ['syn_eth_btc_correlation_20'], peers }) // UnknownSymbolError
 * ```
 */
export class UnknownSymbolError extends AlphaError {
  constructor(
    /** The symbol at fault, as given. */
    readonly symbol: string,
    detail: string,
  ) {
    super('UNKNOWN_SYMBOL', `symbol ${JSON.stringify(symbol)}: ${detail}`);
  }
}
