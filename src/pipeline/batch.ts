/**
 * `batchPredict`, the system's `alpha_v4.batch_predict()`: every market's predictions of every horizon, computed
 * concurrently and written in one transaction.
 */
import { AlphaError, InvalidParameterError } from '../core/errors.js';
import { checkOptions } from '../core/options.js';
import { describeValue } from '../core/describe.js';
import type { StoreTimeframe } from '../store/schema.js';
import type { AlphaStore } from '../store/types.js';
import { saveLiveFeatures } from './live-features.js';
import { checkMarkets } from './markets.js';
import { checkWrite, scoreMarket, toPredictionInput, withScoring, type ScoredMarket } from './predict.js';
import type { ModelRegistry } from './registry.js';
import type { Market, Prediction } from './types.js';
import { BatchPredictError, type BatchFailure } from './errors.js';
import type { SizingPolicy } from '../sizing/policy.js';

/** Options of {@link batchPredict}. An unknown key is an `InvalidParameterError`. */
export interface BatchPredictOptions {
  readonly store: AlphaStore;
  /** The models served. Default: a registry created for this call (`createModelRegistry(store, { markets })`), released after it. */
  readonly registry?: ModelRegistry;
  /** The markets predicted. Default `DEFAULT_MARKETS` (BTC, ETH, SOL at 15m and 1h). */
  readonly markets?: readonly Market[];
  /** The clock: candles closed by then count. Default `Date.now()`. */
  readonly now?: Date | number;
  /** Sizes each prediction. Default `createSizingPolicy()`. */
  readonly policy?: SizingPolicy;
  /** Write the predictions, all in one `store.writePredictions` call. Default true. */
  readonly write?: boolean;
  /** Candles read beyond the features' lookback when features are computed from history. Default 1000. */
  readonly warmup?: number;
  /**
   * A market that fails: `'reject'` (default) rejects the batch with a {@link BatchPredictError}, nothing written;
   * `'skip'` returns the other markets' predictions (written) and the failures.
   */
  readonly onError?: 'reject' | 'skip';
}

/** What {@link batchPredict} returns with `onError: 'skip'`. */
export interface BatchPredictResult {
  /** Every prediction of every market that succeeded, in market order, then increasing horizons. */
  readonly predictions: Prediction[];
  /** The markets that failed, in market order (none written). */
  readonly failures: BatchFailure[];
}

const OPTIONS = ['store', 'registry', 'markets', 'now', 'policy', 'write', 'warmup', 'onError'];

/**
 * Predicts every market, every horizon, in one pass (the system's `alpha_v4.batch_predict()`):
 *
 * 1. the options are checked (`InvalidParameterError`);
 * 2. one registry sync for every market (one query; the versions not loaded yet are loaded), then every market is
 *    scored concurrently (`scoreMarket`, as `predict` scores one: the registry serves its model,
 *    the live features of its latest closed candle are computed, the probabilities are sized); one clock `now`
 *    for all, so every prediction of a batch is made from the candles closed by then;
 * 3. **failure policy**: with `onError: 'reject'` (default), any market failing (a refusal such as 'STALE_CANDLES',
 *    'NO_ACTIVE_MODEL', or any error) rejects the whole batch with a {@link BatchPredictError} naming each failed
 *    market and its error, and nothing is written; with `onError: 'skip'` the failed markets are reported in
 *    `failures` and the others go on;
 * 4. the live features' stream states and rows of the markets that succeeded are saved (a cache: a retry resumes
 *    from it and computes the same rows); with a `registry` given, each market's stream is also kept warm in memory
 *    with it (see live-cache.ts) and continues at the next call instead of being restored from the saved JSON, as
 *    long as the saved state is still the one it continues (another worker sharing the store moves it: restored
 *    then); the predictions and the saved states are the same either way;
 * 5. with `write` (default true), every prediction is inserted in ONE `store.writePredictions` call, hence one
 *    transaction: all or none. A retry at the same `now` inserts nothing new (the store ignores a prediction already
 *    stored for the same market, ts, horizon and model version).
 *
 * Returns the predictions in market order then increasing horizon (with `onError: 'skip'`, with the failures).
 *
 * @example
 * ```ts
 * const predictions = await batchPredict({ store, registry, now: Date.parse('2025-03-01T10:07Z') })
 * predictions.length // => 6 markets x their models' horizons (12 with horizons [1, 4])
 * ```
 */
export function batchPredict(options: BatchPredictOptions & { readonly onError?: 'reject' }): Promise<Prediction[]>;
export function batchPredict(options: BatchPredictOptions & { readonly onError: 'skip' }): Promise<BatchPredictResult>;
export async function batchPredict(options: BatchPredictOptions): Promise<Prediction[] | BatchPredictResult> {
  if (options === null || typeof options !== 'object') throw new InvalidParameterError('options', `expected { store, ... }, got ${describeValue(options)}`);
  const o = checkOptions(options, OPTIONS, 'options');
  const onError = o.onError ?? 'reject';
  if (onError !== 'reject' && onError !== 'skip') throw new InvalidParameterError('options.onError', `expected 'reject' or 'skip', got ${describeValue(onError)}`);
  const write = checkWrite(o.write, true);
  const markets = checkMarkets(o.markets);
  return withScoring(o, markets, async (ctx) => {
    await ctx.registry.sync(markets);
    const settled = await Promise.allSettled(markets.map((m) => scoreMarket(ctx, m, true)));
    const scored: ScoredMarket[] = [];
    const failures: BatchFailure[] = [];
    settled.forEach((s, k) => {
      if (s.status === 'fulfilled') scored.push(s.value);
      else failures.push({ symbol: markets[k]!.symbol, timeframe: markets[k]!.timeframe, error: s.reason });
    });
    if (failures.length > 0 && onError === 'reject') throw new BatchPredictError(failures, markets.length);
    await saveLiveFeatures(ctx.store, scored.map((s) => s.live), ctx.cache);
    const predictions = scored.flatMap((s) => s.predictions);
    if (write && predictions.length > 0) await ctx.store.writePredictions(predictions.map(toPredictionInput));
    return onError === 'skip' ? { predictions, failures } : predictions;
  });
}
