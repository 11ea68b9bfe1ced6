import { describeValue } from '../core/describe.js';
import { AlphaError } from '../core/errors.js';
import { seriesPath } from '../synthetic/series-checks.js';

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
    super('UNKNOWN_SYMBOL', `symbol ${describeValue(symbol)}: ${detail}`);
  }
}

/**
 * Thrown by `computeFeaturesParallel` (`@alpha-v4/core/node`) when a worker fails; `symbol` names the series.
 *
 * @example
 * ```ts
 * try { await computeFeaturesParallel({ BTC: btc, ETH: broken }) }
 * catch (e) { if (e instanceof FeatureWorkerError) console.log(e.symbol) } // 'ETH'
 * ```
 */
export class FeatureWorkerError extends AlphaError {
  constructor(
    readonly symbol: string,
    message: string,
  ) {
    super('FEATURE_WORKER', `${seriesPath('', symbol)}: ${message}`);
  }
}
