import type { Candles } from '../core/types.js';
import { SYNTHETIC_FEATURE_DEFS } from './catalogue/cross-asset.js';
import { FEATURE_DEFS } from './catalogue/index.js';
import { computeWith, FeatureStreamEngine } from './engine.js';
import { featureDefsFor } from './select.js';
import type { FeatureFrame, FeatureOptions, FeatureSpec, FeatureStream, SerializedFeatureStream } from './types.js';

/**
 * The catalogue: every feature's name, group, description, lookback, scale, TA-Lib equivalence and calendar period
 * (see `featureLookback` for the lookback of a calendar feature on one timeframe). It ends with the
 * cross-asset (group 'synthetic') entries of BTC, ETH and SOL, which are computed only for a symbol with its peers.
 */
export const FEATURES: readonly FeatureSpec[] = Object.freeze(
  [...FEATURE_DEFS, ...SYNTHETIC_FEATURE_DEFS].map(({ name, group, description, lookback, scale, talib, calendar }) =>
    Object.freeze({ name, group, description, lookback, scale, ...(talib ? { talib } : {}), ...(calendar ? { calendar } : {}) }),
  ),
);

/**
 * Computes catalogue features over a candle history (batch). Only the requested features and what they depend
 * on are computed; shared intermediates (an EMA used by several features, say) are computed once.
 *
 * By default, the single-asset features; with `symbol` and `peers` (other symbols' candles on the same times: see
 * `alignCandles`), also that symbol's cross-asset `syn_*` features. Requested `syn_*` features need their peers
 * (`MissingPeerError` names a missing one).
 *
 * @example
 * ```ts
 * const frame = computeFeatures(candles, { features: ['rsi_14', 'sma_50_ratio'] })
 * frame.column('rsi_14')     // Float64Array aligned with candles.time
 * frame.toMatrix()           // rows x 2 model input
 * ```
 */
export function computeFeatures(candles: Candles, options: FeatureOptions = {}): FeatureFrame {
  const peers = options.peers === undefined ? [] : Object.keys(options.peers);
  return computeWith(featureDefsFor(FEATURE_DEFS, options.features, options.symbol, peers), candles, options.peers);
}

/**
 * A live feature stream that yields, candle by candle, exactly (bit for bit) what {@link computeFeatures}
 * gives on the same history. Seed it with `fromHistory(candles)`, persist it with `toJSON()` and resume with
 * {@link restoreFeatureStream}.
 *
 * @example
 * ```ts
 * const live = createFeatureStream({ features: ['rsi_14'] }).fromHistory(last90Days)
 * live.peek(openCandle)   // values if the open candle closed now
 * live.next(closedCandle) // commit
 * // with cross-asset features: createFeatureStream({ symbol: 'ETH', peers: ['BTC', 'SOL'] }).next(eth, { BTC: btc, SOL: sol })
 * ```
 */
export function createFeatureStream(options: { features?: readonly string[]; symbol?: string; peers?: readonly string[] } = {}): FeatureStream {
  return new FeatureStreamEngine(featureDefsFor(FEATURE_DEFS, options.features, options.symbol, options.peers), options.peers);
}

/**
 * Resumes a feature stream from `stream.toJSON()` (or its JSON string parsed), without replaying history.
 *
 * @example
 * ```ts
 * const saved = JSON.stringify(live.toJSON())
 * const resumed = restoreFeatureStream(JSON.parse(saved))
 * ```
 */
export function restoreFeatureStream(json: SerializedFeatureStream): FeatureStream {
  return new FeatureStreamEngine(featureDefsFor(FEATURE_DEFS, json.features, undefined, json.peers ?? []), json.peers ?? []).restore(json);
}
