import { AlphaError, StateError } from '../core/errors.js';
import { checkOptions } from '../core/options.js';
import type { Candles } from '../core/types.js';
import { SYNTHETIC_FEATURE_DEFS } from './catalogue/cross-asset.js';
import { FEATURE_DEFS } from './catalogue/index.js';
import { computeWith, FeatureStreamEngine } from './engine.js';
import { seriesRecord } from '../synthetic/series-checks.js';
import { featureDefsFor } from './select.js';
import { checkSerialized } from './state.js';
import type { FeatureDef, FeatureFrame, FeatureOptions, FeatureSpec, FeatureStream, SerializedFeatureStream } from './types.js';

/** The option names of {@link computeFeatures} and {@link createFeatureStream}. */
const OPTIONS = ['features', 'symbol', 'peers'] as const;

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
 * Throws `CandleValidationError` for invalid candles (a peer's issues named `peers.<symbol>.<field>`), and
 * `InvalidParameterError` naming the option for an unknown option key, a `features` that is no array of distinct
 * catalogue names, a `symbol` that is no string, or `peers` that are no record of candles on the candles' times.
 *
 * @example
 * ```ts
 * const frame = computeFeatures(candles, { features: ['rsi_14', 'sma_50_ratio'] })
 * frame.column('rsi_14')     // Float64Array aligned with candles.time
 * frame.toMatrix()           // rows x 2 model input
 * ```
 */
export function computeFeatures(candles: Candles, options?: FeatureOptions): FeatureFrame {
  const o = checkOptions(options, OPTIONS, 'options');
  const peers = o.peers === undefined ? {} : seriesRecord(o.peers, 'peers');
  return computeWith(featureDefsFor(FEATURE_DEFS, o.features, o.symbol, Object.keys(peers)), candles, peers);
}

/**
 * A live feature stream that yields, candle by candle, exactly (bit for bit) what {@link computeFeatures}
 * gives on the same history. Seed it with `fromHistory(candles)`, persist it with `toJSON()` and resume with
 * {@link restoreFeatureStream}.
 *
 * `next` and `peek` check the candle (and each peer candle: exactly the stream's peers, at the same time) before
 * anything changes: a bad one throws `CandleValidationError` or `InvalidParameterError` and the stream stays as it
 * was. Bad options throw `InvalidParameterError` naming the option, as for {@link computeFeatures}.
 *
 * @example
 * ```ts
 * const live = createFeatureStream({ features: ['rsi_14'] }).fromHistory(last90Days)
 * live.peek(openCandle)   // values if the open candle closed now
 * live.next(closedCandle) // commit
 * // with cross-asset features: createFeatureStream({ symbol: 'ETH', peers: ['BTC', 'SOL'] }).next(eth, { BTC: btc, SOL: sol })
 * ```
 */
export function createFeatureStream(options?: { features?: readonly string[]; symbol?: string; peers?: readonly string[] }): FeatureStream {
  const o = checkOptions(options, OPTIONS, 'options');
  const peers = o.peers === undefined ? [] : o.peers;
  return new FeatureStreamEngine(featureDefsFor(FEATURE_DEFS, o.features, o.symbol, peers), peers);
}

/**
 * Resumes a feature stream from `stream.toJSON()` (or its JSON string parsed), without replaying history.
 *
 * The state is checked before it is used: its shape (the fields `toJSON` writes, of the right types), its features
 * and peers (they must make a stream), the state of exactly the kernels those features need, and each kernel's state
 * by the restore rules of its streams (configuration, counters, positions, values). Anything else throws `StateError`
 * naming the field (`committed`, `kernels["RSI(14)"]: kernel:RSI.inner.period: ...`); nothing is returned then.
 *
 * @example
 * ```ts
 * const saved = JSON.stringify(live.toJSON())
 * const resumed = restoreFeatureStream(JSON.parse(saved))
 * ```
 */
export function restoreFeatureStream(json: SerializedFeatureStream): FeatureStream {
  const state = checkSerialized(json);
  let defs: FeatureDef[];
  try {
    defs = featureDefsFor(FEATURE_DEFS, state.features, undefined, state.peers);
  } catch (e) {
    throw e instanceof AlphaError ? new StateError(`features: the saved features and peers do not make a stream: ${e.message}`) : e;
  }
  return new FeatureStreamEngine(defs, state.peers).restore(state);
}
