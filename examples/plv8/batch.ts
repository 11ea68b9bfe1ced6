/**
 * `batchPredictPlv8`, the body of the SQL function `alpha_v4.batch_predict()` in plv8: every market's predictions of
 * every horizon, scored synchronously in the calling transaction and inserted in one statement.
 *
 * @module
 */
import { describeValue } from '../../src/core/describe.js';
import { AlphaError, InvalidParameterError } from '../../src/core/errors.js';
import { checkOptions } from '../../src/core/options.js';
import { BatchPredictError, type BatchFailure } from '../../src/pipeline/errors.js';
import { planFeatures } from '../../src/pipeline/feature-plan.js';
import { checkWarmup } from '../../src/pipeline/live-features.js';
import { checkMarkets, nowMs } from '../../src/pipeline/markets.js';
import { checkWrite, toPredictions } from '../../src/pipeline/predict.js';
import type { Market, Prediction } from '../../src/pipeline/types.js';
import type { SizingConfig } from '../../src/sizing/config.js';
import { createSizingPolicy, type SizingPolicy } from '../../src/sizing/policy.js';
import { candleSources } from './candles.js';
import { saveLiveFeaturesSync } from './live-features.js';
import { marketFeatures, type FeatureSource, type MarketFeatures } from './market-features.js';
import { readActiveModels, serveSync, type ModelRow } from './models.js';
import { checkPlv8, type Plv8 } from './plv8.js';
import { insertPredictions } from './predictions.js';

/** Options of {@link batchPredictPlv8} (the SQL function passes its `p_options` jsonb and `p_now`). An unknown key is an `InvalidParameterError`. */
export interface BatchPredictPlv8Options {
  /** The clock: candles closed by then count. A Date (plv8 gives timestamptz as one) or epoch milliseconds. Default `Date.now()`. */
  readonly now?: Date | number;
  /** The markets predicted. Default `DEFAULT_MARKETS` (BTC, ETH, SOL at 15m and 1h). */
  readonly markets?: readonly Market[];
  /** Insert the predictions (one statement). Default true. */
  readonly write?: boolean;
  /** Candles read beyond the features' lookback when features are computed from history. Default 1000. */
  readonly warmup?: number;
  /** A market that fails: `'reject'` (default) throws a `BatchPredictError`, nothing written; `'skip'` goes on without it. */
  readonly onError?: 'reject' | 'skip';
  /** The sizing policy's configuration (`createSizingPolicy`'s keys). Default the library's. */
  readonly sizing?: Partial<SizingConfig>;
}

/** One prediction as `alpha_v4.batch_predict()` returns it: the library's `Prediction` in JSON (times as ISO-8601 text). */
export type Plv8Prediction = Omit<Prediction, 'ts' | 'targetTs'> & {
  readonly ts: string;
  readonly targetTs: string;
  /** Where the features came from: the feature store's row, or computed from the saved stream state or from history. */
  readonly featureSource: FeatureSource;
};

/** A market that failed, as returned with `onError: 'skip'`. */
export interface Plv8Failure {
  readonly symbol: string;
  readonly timeframe: string;
  /** The error's `code` (`'STALE_CANDLES'`, `'NO_ACTIVE_MODEL'`, ...), `'ERROR'` for an error without one. */
  readonly code: string;
  readonly message: string;
}

/** What {@link batchPredictPlv8} returns. */
export interface BatchPredictPlv8Result {
  /** Every prediction of every market that succeeded, in market order, then increasing horizons. */
  readonly predictions: Plv8Prediction[];
  /** The markets that failed (only with `onError: 'skip'`; `'reject'` throws instead). */
  readonly failures: Plv8Failure[];
  /** Rows the one INSERT added (0 without `write`, or for a retry of the same batch). */
  readonly inserted: number;
}

const OPTIONS = ['now', 'markets', 'write', 'warmup', 'onError', 'sizing'];

/** One market scored: its predictions (each with where its features came from) and the features to save. */
interface Scored {
  readonly predictions: { prediction: Prediction; featureSource: FeatureSource }[];
  readonly features: MarketFeatures;
}

/** Scores one market as `scoreMarket` does, synchronously: the same serving rule, features and predictions (`toPredictions`). */
function scoreMarketSync(plv8: Plv8, ctx: { table: string; markets: readonly Market[]; now: number; warmup: number; policy: SizingPolicy }, market: Market, active: ModelRow | undefined): Scored {
  const served = serveSync(plv8, market, active, (names) => {
    const features = marketFeatures(plv8, ctx.table, planFeatures(market, names, ctx.markets), ctx.now, ctx.warmup);
    return { X: { rows: 1, cols: features.row.length, data: features.row }, features };
  });
  const predictions = toPredictions(market, new Date(served.features.ts), served, ctx.policy);
  return { predictions: predictions.map((prediction) => ({ prediction, featureSource: served.features.source })), features: served.features };
}

/** A prediction as JSON. */
function toJSON({ prediction: p, featureSource }: { prediction: Prediction; featureSource: FeatureSource }): Plv8Prediction {
  return { ...p, ts: p.ts.toISOString(), targetTs: p.targetTs.toISOString(), featureSource };
}

/** A failure as JSON. */
function failureJSON(f: BatchFailure): Plv8Failure {
  const e = f.error;
  const code = e instanceof AlphaError ? e.code : 'ERROR';
  return { symbol: f.symbol, timeframe: f.timeframe, code, message: e instanceof Error ? e.message : describeValue(e) };
}

/**
 * Predicts every market, every horizon, in plv8 (the body of `alpha_v4.batch_predict()`), as `batchPredict` does in
 * Node:
 *
 * 1. the options are checked (`InvalidParameterError` for an unknown key or a bad value; bad `markets` as
 *    `checkMarkets`); the clock is `now` for every market;
 * 2. one query reads the markets' active models (`alpha_v4.models`); each is verified against its checksum
 *    (`sha256Hex`) and decoded synchronously (tree and MLP members; an ONNX member cannot load in plv8);
 * 3. each market's features: the feature store's row of its latest closed candle when it holds every feature the
 *    model needs, else computed from the candles (the saved stream state, or history); refused as the Node pipeline
 *    refuses: 'STALE_CANDLES', 'MISSING_FEATURES', 'FEATURE_MISMATCH', 'NO_ACTIVE_MODEL';
 * 4. each horizon's calibrated pUp is sized by the policy (direction, confidence, size); when the active version
 *    fails (checksum, decoding, prediction, no probability) the previous version serves (`fallback: true`), and
 *    'MODEL_UNAVAILABLE' when it cannot;
 * 5. **failure policy**: `'reject'` (default) throws a `BatchPredictError` naming each failed market, before
 *    anything is written; `'skip'` returns the failures and writes the others;
 * 6. the features it computed are saved (stream states and feature-store rows, as Node's cache), then, with
 *    `write`, every prediction is inserted in ONE statement (a retry at the same `now` inserts nothing new).
 *
 * Everything runs in the caller's transaction: the SQL function's statement commits it all, or nothing.
 *
 * @example
 * ```ts
 * // in SQL: SELECT alpha_v4.batch_predict(now());
 * const result = batchPredictPlv8(plv8, { now: Date.parse('2025-03-01T10:07Z') })
 * [result.predictions.length, result.inserted] // => [12, 12] (six markets, horizons [1, 4])
 * ```
 */
export function batchPredictPlv8(plv8: Plv8, options?: BatchPredictPlv8Options): BatchPredictPlv8Result {
  checkPlv8(plv8);
  const o = checkOptions(options, OPTIONS, 'options');
  const onError = o.onError ?? 'reject';
  if (onError !== 'reject' && onError !== 'skip') throw new InvalidParameterError('options.onError', `expected 'reject' or 'skip', got ${describeValue(onError)}`);
  const write = checkWrite(o.write, true);
  const markets = checkMarkets(o.markets);
  const now = nowMs(o.now);
  const warmup = checkWarmup(o.warmup);
  const policy = createSizingPolicy(o.sizing);
  const sources = candleSources(plv8);
  const models = readActiveModels(plv8, markets);
  const scored: Scored[] = [];
  const failures: BatchFailure[] = [];
  for (const market of markets) {
    try {
      const ctx = { table: sources[market.timeframe]!, markets, now, warmup, policy };
      scored.push(scoreMarketSync(plv8, ctx, market, models.get(`${market.symbol} ${market.timeframe}`)));
    } catch (error) {
      failures.push({ symbol: market.symbol, timeframe: market.timeframe, error });
    }
  }
  if (failures.length > 0 && onError === 'reject') throw new BatchPredictError(failures, markets.length);
  saveLiveFeaturesSync(plv8, scored.flatMap((s) => (s.features.live ? [s.features.live] : [])));
  const predictions = scored.flatMap((s) => s.predictions);
  const inserted = write ? insertPredictions(plv8, predictions.map((p) => p.prediction)) : 0;
  return { predictions: predictions.map(toJSON), failures: failures.map(failureJSON), inserted };
}
