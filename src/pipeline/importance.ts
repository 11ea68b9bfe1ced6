/**
 * Weekly feature importance: the mean |TreeSHAP| of each active model's tree members over the latest feature rows,
 * written into `alpha_v4.feature_importance_history`.
 *
 * @module
 */
import { describeValue } from '../core/describe.js';
import { AlphaError, InvalidParameterError } from '../core/errors.js';
import { checkOptions } from '../core/options.js';
import type { Matrix } from '../core/types.js';
import { memberShares } from '../ensemble/combine/combination.js';
import type { Ensemble } from '../ensemble/ensemble.js';
import { meanAbsShap } from '../ensemble/gbdt/importance.js';
import { modelFromBinary } from '../ensemble/gbdt/io/model-binary.js';
import { checkMatrix } from '../ensemble/mlp/inputs.js';
import { featureTable } from '../store/ops/feature-batch.js';
import type { FeatureTimeframe } from '../store/schema.js';
import type { AlphaStore } from '../store/types.js';
import { checkMarkets, nowMs } from './markets.js';
import { loadServableModel, type ServableModel } from './model-codec.js';
import type { ModelRegistry } from './registry.js';
import type { Market } from './types.js';

/** Options of {@link computeFeatureImportance}. An unknown key is an error. */
export interface FeatureImportanceOptions {
  /** The markets. Default `DEFAULT_MARKETS`. */
  readonly markets?: readonly Market[];
  /** How many of the latest feature rows (open time <= `now`) to explain. Default 1000. */
  readonly rows?: number;
  /** The computation time (`computed_at`), and the latest feature row read. Default the current time. */
  readonly now?: Date | number;
  /** Take the active models from this registry (already loaded) instead of loading them from the store. */
  readonly registry?: ModelRegistry;
  /** The rows to explain, given (columns in `featureNames` order) instead of read from the feature store. */
  readonly features?: (market: Market, featureNames: readonly string[]) => Matrix | Promise<Matrix>;
}

/** One row written into `alpha_v4.feature_importance_history`. */
export interface ImportanceRow {
  readonly symbol: string;
  readonly timeframe: string;
  readonly modelVersion: number;
  /** `'shap'` for the model's first (shortest) horizon, `'shap_h<h>'` for each other horizon h of a bundle. */
  readonly method: string;
  readonly computedAt: Date;
  readonly feature: string;
  /** The share-weighted mean |SHAP| of the tree members (log-odds units). */
  readonly importance: number;
  /** 1 = most important (ties by feature order). */
  readonly rank: number;
}

/** A market left out, and why. */
export interface SkippedMarket {
  readonly market: Market;
  readonly reason: string;
}

/** What {@link computeFeatureImportance} wrote, and the markets it skipped. */
export interface FeatureImportanceResult {
  readonly rows: readonly ImportanceRow[];
  readonly skipped: readonly SkippedMarket[];
}

const TREE_KINDS: readonly string[] = ['gbdt-depthwise', 'gbdt-leafwise', 'xgboost', 'lightgbm'];

/**
 * The importance of each feature to one ensemble over X: with T the tree members, s_k member k's share of the
 * combination (`memberShares`) and φ_k(x)_j its TreeSHAP value of feature j on row x,
 * `I_j = Σ_{k ∈ T} s_k · (1/n) Σ_x |φ_k(x)_j| / Σ_{k ∈ T} s_k` (`meanAbsShap` of each member's trees, read back
 * from its binary form). Undefined (no value) without a tree member.
 */
function ensembleImportance(ensemble: Ensemble, X: Matrix): Float64Array | undefined {
  const shares = memberShares(ensemble.combination);
  const out = new Float64Array(ensemble.featureNames.length);
  let total = 0;
  ensemble.members.forEach((member, k) => {
    if (!TREE_KINDS.includes(member.kind) || member.toBinary === undefined) return;
    const shap = meanAbsShap(modelFromBinary(member.toBinary()), X);
    for (let j = 0; j < out.length; j++) out[j] = out[j]! + shares[k]! * shap[j]!;
    total += shares[k]!;
  });
  if (total === 0) return undefined;
  for (let j = 0; j < out.length; j++) out[j] = out[j]! / total;
  return out;
}

/** The importance rows of one horizon, ranked (importance descending, ties in feature order). */
function ranked(market: Market, version: number, method: string, computedAt: Date, names: readonly string[], values: Float64Array): ImportanceRow[] {
  const order = names.map((_, j) => j).sort((a, b) => values[b]! - values[a]! || a - b);
  return order.map((j, r) => ({ symbol: market.symbol, timeframe: market.timeframe, modelVersion: version, method, computedAt, feature: names[j]!, importance: values[j]!, rank: r + 1 }));
}

/** The latest `rows` feature rows of a market with open time <= now (`to` is exclusive: now + 1 ms), from the feature store. */
async function latestFeatures(store: AlphaStore, market: Market, names: readonly string[], rows: number, now: number): Promise<Matrix> {
  const timeframe = market.timeframe as FeatureTimeframe; // checkMarkets keeps to the feature store's timeframes
  const table = featureTable(timeframe, 'markets[].timeframe') as 'alpha_v4.feature_store_15m';
  const cut = await store.pools.training
    .selectFrom(table)
    .select('ts')
    .where('symbol', '=', market.symbol)
    .where('ts', '<=', new Date(now))
    .orderBy('ts', 'desc')
    .limit(1)
    .offset(rows - 1)
    .executeTakeFirst();
  const frame = await store.readFeatures({ symbol: market.symbol, timeframe, names, to: now + 1, ...(cut ? { from: cut.ts } : {}) });
  return frame.toMatrix();
}

/** The market's active model (and whether this call must release it), or why there is none. */
async function activeOf(store: AlphaStore, market: Market, registry: ModelRegistry | undefined): Promise<{ model: ServableModel; own: boolean } | { reason: string }> {
  if (registry) {
    try {
      return { model: await registry.activeModel(market), own: false };
    } catch (e) {
      if (e instanceof AlphaError && (e.code === 'NO_ACTIVE_MODEL' || e.code === 'MODEL_UNAVAILABLE')) return { reason: e.message };
      throw e;
    }
  }
  const stored = await store.loadActiveModel(market.symbol, market.timeframe);
  if (stored === null) return { reason: `${market.symbol} ${market.timeframe} has no active model` };
  try {
    return { model: await loadServableModel(stored), own: true };
  } catch (e) {
    if (e instanceof AlphaError) return { reason: `${market.symbol} ${market.timeframe}: active v${stored.version} failed to load (${e.code}: ${e.message})` };
    throw e;
  }
}

/** The importance rows of one market, or why it is skipped. */
async function marketImportance(store: AlphaStore, market: Market, o: FeatureImportanceOptions, rows: number, now: number): Promise<ImportanceRow[] | string> {
  const active = await activeOf(store, market, o.registry);
  if ('reason' in active) return active.reason;
  const { model } = active;
  try {
    const X = o.features ? await o.features(market, model.featureNames) : await latestFeatures(store, market, model.featureNames, rows, now);
    checkMatrix(X, 'features(market, featureNames)', model.featureNames.length);
    if (X.rows === 0) return `${market.symbol} ${market.timeframe}: no feature rows at or before ${new Date(now).toISOString()}`;
    const out: ImportanceRow[] = [];
    for (const [k, { horizon, ensemble }] of model.models.entries()) {
      const values = ensembleImportance(ensemble, X);
      if (values === undefined) return `${market.symbol} ${market.timeframe}: v${model.version} has no tree member (TreeSHAP explains trees only)`;
      out.push(...ranked(market, model.version, k === 0 ? 'shap' : `shap_h${horizon}`, new Date(now), model.featureNames, values));
    }
    return out;
  } finally {
    if (active.own) await model.release();
  }
}

/**
 * Computes and stores the SHAP feature importance of each market's active model: over the latest `rows` feature
 * rows (open time <= `now`, read with `store.readFeatures`, or given by `features`), the share-weighted mean
 * |TreeSHAP| of the tree members of each horizon's ensemble (exact TreeSHAP, Lundberg et al. 2020; MLP and ONNX
 * members are left out and the shares renormalised over the trees), ranked (1 = most important). Every row of every
 * market is written into `alpha_v4.feature_importance_history` (method `'shap'`, `'shap_h<h>'` for the further
 * horizons of a bundle; `computed_at = now`) in one transaction; a run repeated with the same `now` overwrites its
 * rows.
 *
 * A market without an active model, whose active model fails to load, without a tree member, or without feature
 * rows is skipped and reported in `skipped` with the reason; the other markets are written. Throws
 * `InvalidParameterError` for a bad option (`rows` not an integer >= 1, a bad `now`, markets or registry), a matrix
 * from `features` of the wrong width (`FeatureMismatchError`), and the store's errors (nothing is written then).
 *
 * @example
 * ```ts
 * const { rows, skipped } = await computeFeatureImportance(store, { now: new Date('2025-03-02T00:00:00Z') })
 * rows.filter((r) => r.symbol === 'BTC' && r.rank <= 3).map((r) => r.feature) // => ['atr_14', 'rsi_14', 'adx_14']
 * skipped // => [{ market: { symbol: 'SOL', timeframe: '1h' }, reason: 'SOL 1h has no active model' }]
 * ```
 */
export async function computeFeatureImportance(store: AlphaStore, options?: FeatureImportanceOptions): Promise<FeatureImportanceResult> {
  const o = checkOptions(options, ['markets', 'rows', 'now', 'registry', 'features'], 'options');
  const markets = checkMarkets(o.markets);
  const rows = o.rows ?? 1000;
  if (typeof rows !== 'number' || !Number.isInteger(rows) || rows < 1) throw new InvalidParameterError('options.rows', `must be an integer >= 1, got ${describeValue(rows)}`);
  const now = nowMs(o.now);
  if (o.registry !== undefined && typeof o.registry?.activeModel !== 'function') throw new InvalidParameterError('options.registry', `expected a ModelRegistry, got ${describeValue(o.registry)}`);
  if (o.features !== undefined && typeof o.features !== 'function') throw new InvalidParameterError('options.features', `expected a function of the market and feature names, got ${describeValue(o.features)}`);
  const written: ImportanceRow[] = [];
  const skipped: SkippedMarket[] = [];
  for (const market of markets) {
    const result = await marketImportance(store, market, o, rows, now);
    if (typeof result === 'string') skipped.push({ market, reason: result });
    else written.push(...result);
  }
  await store.driver.transaction('training', async (s) => {
    for (let i = 0; i < written.length; i += 1000) {
      const chunk = written.slice(i, i + 1000).map((r) => ({ symbol: r.symbol, timeframe: r.timeframe, model_version: r.modelVersion, method: r.method, computed_at: r.computedAt, feature: r.feature, importance: r.importance, rank: r.rank }));
      const query = store.db
        .insertInto('alpha_v4.feature_importance_history')
        .values(chunk)
        .onConflict((oc) => oc.columns(['symbol', 'timeframe', 'model_version', 'method', 'computed_at', 'feature']).doUpdateSet((eb) => ({ importance: eb.ref('excluded.importance'), rank: eb.ref('excluded.rank') })));
      await s.execute(query.compile());
    }
  });
  return { rows: written, skipped };
}
