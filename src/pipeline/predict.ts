/**
 * `predict` and `predictHorizons`: one market's calibrated, sized predictions from its live features and its
 * serving model; `scoreMarket`, the step `batchPredict` runs for every market.
 */
import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';
import { checkOptions } from '../core/options.js';
import { timeframeMs } from '../core/timeframe.js';
import type { Matrix } from '../core/types.js';
import { createSizingPolicy, type SizingPolicy } from '../sizing/policy.js';
import type { PredictionInput } from '../store/ops/prediction-columns.js';
import type { StoreTimeframe } from '../store/schema.js';
import type { AlphaStore } from '../store/types.js';
import { PipelineError } from './errors.js';
import { planFeatures } from './feature-plan.js';
import { liveCacheOf, type LiveCache } from './live-cache.js';
import { checkWarmup, computeLiveFeatures, saveLiveFeatures } from './live-features.js';
import type { LiveFeatures } from './live-steps.js';
import { checkMarkets, findMarket, nowMs } from './markets.js';
import { createModelRegistry, type ModelRegistry, type Served } from './registry.js';
import type { Market, Prediction } from './types.js';

/** Options of {@link predict}. An unknown key is an `InvalidParameterError`. */
export interface PredictOptions {
  readonly store: AlphaStore;
  readonly symbol: string;
  readonly timeframe: StoreTimeframe;
  /** The clock: candles closed by then count. Default `Date.now()`. */
  readonly now?: Date | number;
  /**
   * The models served. Default: a registry created for this call (`createModelRegistry(store, { markets })`) and
   * released after it; pass a long-lived one to keep the models loaded between calls.
   */
  readonly registry?: ModelRegistry;
  /** Sizes each prediction. Default `createSizingPolicy()`. */
  readonly policy?: SizingPolicy;
  /** The horizon of the prediction returned (one of the model's). Default the model's smallest. */
  readonly horizon?: number;
  /** Write the predictions of every horizon of the model (`store.writePredictions`). Default false. */
  readonly write?: boolean;
  /** The pipeline's markets. Default `DEFAULT_MARKETS`. */
  readonly markets?: readonly Market[];
  /** Candles read beyond the features' lookback when features are computed from history. Default 1000. */
  readonly warmup?: number;
}

/** Options of {@link predictHorizons}: those of {@link predict} but `horizon`. */
export type PredictHorizonsOptions = Omit<PredictOptions, 'horizon'>;

/** What one market's scoring gives: every horizon's prediction, and the live features to save with them. */
export interface ScoredMarket {
  /** One prediction per horizon of the serving model, increasing horizons. */
  readonly predictions: readonly Prediction[];
  readonly live: LiveFeatures;
}

/** How {@link scoreMarket} scores: the checked options. */
export interface ScoringContext {
  readonly store: AlphaStore;
  readonly registry: ModelRegistry;
  readonly policy: SizingPolicy;
  readonly markets: readonly Market[];
  /** Epoch milliseconds. */
  readonly now: number;
  readonly warmup: number;
  /** The warm live streams (see live-cache.ts): the registry's when one was given, none for a registry created for one call. */
  readonly cache?: LiveCache;
}

const OPTIONS = ['store', 'symbol', 'timeframe', 'now', 'registry', 'policy', 'horizon', 'write', 'markets', 'warmup'];

/**
 * Scores one market: `registry.serve` asks for the rows of the serving model's feature names, which are the live
 * features of the latest closed candle (`computeLiveFeatures`: nothing is written); each horizon's calibrated pUp
 * is sized by the policy (`policy.size({ pUp })`: direction, confidence and size), its members' probabilities kept.
 * When the active model fails and the previous one serves with other feature names, the features are computed again
 * for those, and the ones of the model that served are kept. Refusals and failures propagate as thrown
 * (`PipelineError` 'STALE_CANDLES', 'MISSING_FEATURES', 'FEATURE_MISMATCH', 'NO_ACTIVE_MODEL', 'MODEL_UNAVAILABLE').
 * `synced`: the registry has just synced the market (one query for a batch), so `serve` does not query again.
 *
 * @example
 * ```ts
 * const { predictions, live } = await scoreMarket(ctx, { symbol: 'BTC', timeframe: '15m' })
 * predictions.map((p) => p.horizon) // => [1, 4]
 * ```
 */
export async function scoreMarket(ctx: ScoringContext, market: Market, synced = false): Promise<ScoredMarket> {
  const computed: LiveFeatures[] = [];
  const rows = async (featureNames: readonly string[]): Promise<Matrix> => {
    const live = await computeLiveFeatures(ctx.store, planFeatures(market, featureNames, ctx.markets), ctx.now, ctx.warmup, ctx.cache);
    computed.push(live);
    return { rows: 1, cols: live.row.length, data: live.row };
  };
  const served = await ctx.registry.serve(market, rows, { sync: !synced });
  const live = computed.reverse().find((l) => l.plan.names.length === served.featureNames.length && l.plan.names.every((n, j) => n === served.featureNames[j]));
  if (live === undefined) {
    const { symbol, timeframe } = market;
    throw new PipelineError('MODEL_UNAVAILABLE', `${symbol} ${timeframe}: the registry served version ${served.version} without asking for the features of its names`, { symbol, timeframe });
  }
  const predictions = toPredictions(market, live.ts, served, ctx.policy);
  return { predictions, live };
}

/**
 * The predictions of one market from the scores that served it, one per horizon (frozen): the features' candle `ts`;
 * pUp = the horizon's calibrated probability of row 0; direction, confidence and size = `policy.size({ pUp })`;
 * members = each member's probability of row 0; targetTs = ts + horizon intervals; modelVersion and fallback from
 * `served`. `predict`, `batchPredict` and the plv8 bundle build their predictions with it.
 *
 * @example
 * ```ts
 * const [p] = toPredictions({ symbol: 'BTC', timeframe: '15m' }, new Date('2025-03-01T09:45Z'), served, createSizingPolicy())
 * [p.targetTs.toISOString(), p.direction] // => ['2025-03-01T10:00:00.000Z', 1] (horizon 1, pUp 0.62)
 * ```
 */
export function toPredictions(market: Market, ts: Date, served: Pick<Served, 'version' | 'fallback' | 'scores'>, policy: SizingPolicy): Prediction[] {
  const interval = timeframeMs(market.timeframe);
  return served.scores.map((s): Prediction => {
    const pUp = s.pUp[0]!;
    const { direction, confidence, size } = policy.size({ pUp });
    const members = Object.fromEntries(Object.entries(s.members).map(([name, p]) => [name, p[0]!]));
    return Object.freeze({
      symbol: market.symbol,
      timeframe: market.timeframe,
      ts,
      targetTs: new Date(ts.getTime() + s.horizon * interval),
      horizon: s.horizon,
      pUp,
      direction,
      confidence,
      size,
      modelVersion: served.version,
      members: Object.freeze(members),
      fallback: served.fallback,
    });
  });
}

/**
 * A prediction as a row of `store.writePredictions`: every field but `fallback` (not a column; the model events
 * record fallbacks).
 *
 * @example
 * ```ts
 * toPredictionInput(prediction).modelVersion // => prediction.modelVersion
 * ```
 */
export function toPredictionInput(p: Prediction): PredictionInput {
  const { symbol, timeframe, ts, targetTs, horizon, pUp, direction, confidence, size, modelVersion, members } = p;
  return { symbol, timeframe, ts, targetTs, horizon, pUp, direction, confidence, size, modelVersion, members: { ...members } };
}

/**
 * Runs `fn` with the options shared by predict, predictHorizons and batchPredict, checked, with their defaults:
 * `store` an AlphaStore, `registry` (default: `createModelRegistry(store, { markets })`, released when `fn` is
 * done), `policy` (default `createSizingPolicy()`), `now` (default `Date.now()`), `warmup` (default 1000). A bad
 * one is an `InvalidParameterError` naming it, before `fn` runs. A registry given brings its warm live streams
 * (`liveCacheOf(registry)`), kept between calls.
 *
 * @example
 * ```ts
 * await withScoring({ store, now: 0 }, DEFAULT_MARKETS, async (ctx) => ctx.now) // => 0
 * await withScoring({ store: {} }, DEFAULT_MARKETS, f) // throws InvalidParameterError: options.store: expected an AlphaStore, got {}
 * ```
 */
export async function withScoring<T>(
  o: { store?: unknown; registry?: unknown; policy?: unknown; now?: unknown; warmup?: unknown },
  markets: readonly Market[],
  fn: (ctx: ScoringContext) => Promise<T>,
): Promise<T> {
  const store = o.store as AlphaStore;
  if (store === null || typeof store !== 'object' || typeof store.readCandles !== 'function') {
    throw new InvalidParameterError('options.store', `expected an AlphaStore, got ${describeValue(o.store)}`);
  }
  if (o.registry !== undefined && typeof (o.registry as ModelRegistry | null)?.serve !== 'function') {
    throw new InvalidParameterError('options.registry', `expected a ModelRegistry, got ${describeValue(o.registry)}`);
  }
  const policy = (o.policy as SizingPolicy | undefined) ?? createSizingPolicy();
  if (typeof policy?.size !== 'function') throw new InvalidParameterError('options.policy', `expected a SizingPolicy, got ${describeValue(o.policy)}`);
  const now = nowMs(o.now);
  const warmup = checkWarmup(o.warmup);
  const registry = (o.registry as ModelRegistry | undefined) ?? createModelRegistry(store, { markets });
  try {
    const cache = o.registry === undefined ? undefined : liveCacheOf(registry);
    return await fn({ store, registry, policy, markets, now, warmup, cache });
  } finally {
    if (o.registry === undefined) await registry.release();
  }
}

/**
 * A `write` option: a boolean, `fallback` when undefined (`InvalidParameterError` naming `options.write` otherwise).
 *
 * @example
 * ```ts
 * checkWrite(undefined, true) // => true
 * checkWrite('yes', false)    // throws InvalidParameterError: options.write: expected true or false, got "yes"
 * ```
 */
export function checkWrite(write: unknown, fallback: boolean): boolean {
  if (write === undefined) return fallback;
  if (typeof write !== 'boolean') throw new InvalidParameterError('options.write', `expected true or false, got ${describeValue(write)}`);
  return write;
}

/** Checks the options of predict / predictHorizons, scores the market, saves its features, writes when asked. */
async function run(options: PredictOptions, keys: readonly string[]): Promise<{ predictions: readonly Prediction[] }> {
  if (options === null || typeof options !== 'object') throw new InvalidParameterError('options', `expected { store, symbol, timeframe, ... }, got ${describeValue(options)}`);
  const o = checkOptions(options, keys, 'options');
  const markets = checkMarkets(o.markets);
  const market = findMarket(markets, o.symbol, o.timeframe);
  const write = checkWrite(o.write, false);
  const horizon = o.horizon;
  if (horizon !== undefined && (typeof horizon !== 'number' || !Number.isInteger(horizon) || horizon < 1)) {
    throw new InvalidParameterError('options.horizon', `expected a positive integer number of candles, got ${describeValue(horizon)}`);
  }
  return withScoring(o, markets, async (ctx) => {
    const { predictions, live } = await scoreMarket(ctx, market);
    if (horizon !== undefined && !predictions.some((p) => p.horizon === horizon)) {
      throw new InvalidParameterError('options.horizon', `the model of ${market.symbol} ${market.timeframe} (version ${predictions[0]!.modelVersion}) predicts horizons ${predictions.map((p) => p.horizon).join(', ')}, not ${horizon}`);
    }
    await saveLiveFeatures(ctx.store, [live], ctx.cache);
    if (write) await ctx.store.writePredictions(predictions.map(toPredictionInput));
    return { predictions };
  });
}

/**
 * A calibrated, sized prediction for one market, from the features of its latest closed candle:
 *
 * 1. the options are checked (`InvalidParameterError` for an unknown key or a bad value; `PipelineError`
 *    'UNKNOWN_MARKET' for a symbol or timeframe outside `markets`);
 * 2. the registry serves the market's model (`PipelineError` 'NO_ACTIVE_MODEL', 'MODEL_UNAVAILABLE'), asking for the
 *    features of its feature names: the live features of the latest closed candle (see `latestFeatureRow`: closed
 *    candles only, 'STALE_CANDLES' when it closed more than 2 intervals before `now`, 'FEATURE_MISMATCH',
 *    'MISSING_FEATURES', from the saved stream state or from history);
 * 3. each horizon: pUp = the model's calibrated probability; direction = sign(pUp - 0.5); confidence =
 *    max(pUp, 1 - pUp); size = `policy.size({ pUp }).size` (no volatility, drawdown or exposure given: the policy's
 *    Kelly fraction, threshold and caps); members = each member's probability; targetTs = ts + horizon intervals;
 *    modelVersion and fallback from the registry;
 * 4. the features' stream state and row are saved (a cache the next call resumes from, whatever `write`);
 * 5. with `write: true`, the predictions of every horizon are written in one `store.writePredictions` call
 *    (`fallback` is not a column); a retry at the same `now` writes nothing new.
 *
 * A refusal or a failure (of the options, the model, the candles or the features) writes nothing: the writes come
 * after the scoring. Returns the prediction of `horizon` (default the model's smallest).
 *
 * @example
 * ```ts
 * const p = await predict({ store, symbol: 'BTC', timeframe: '15m', now: Date.parse('2025-03-01T10:07Z') })
 * [p.ts.toISOString(), p.targetTs.toISOString()] // => ['2025-03-01T09:45:00.000Z', '2025-03-01T10:00:00.000Z'] (horizon 1)
 * p.direction                                    // => 1 when p.pUp > 0.5
 * ```
 */
export async function predict(options: PredictOptions): Promise<Prediction> {
  const { predictions } = await run(options, OPTIONS);
  return predictions.find((p) => p.horizon === (options.horizon ?? predictions[0]!.horizon))!;
}

/**
 * Every horizon's prediction for one market, increasing horizons: {@link predict}'s steps and options, without
 * `horizon`.
 *
 * @example
 * ```ts
 * (await predictHorizons({ store, symbol: 'ETH', timeframe: '1h' })).map((p) => p.horizon) // => [1, 4, 24]
 * ```
 */
export async function predictHorizons(options: PredictHorizonsOptions): Promise<Prediction[]> {
  return [...(await run(options as PredictOptions, OPTIONS.filter((k) => k !== 'horizon'))).predictions];
}
