/**
 * The store's interface: {@link AlphaStore} (what every store offers, whatever its engine) and the
 * {@link StoreOptions} shared by every factory. The types of each operation live beside it in ops/.
 */
import type { Kysely } from 'kysely';
import type { CandleSeries } from '../core/candles.js';
import type { PoolName, StoreDriver, StoreEngine } from './drivers/driver.js';
import type { MigrateOptions, Migration, MigrationResult } from './migrator.js';
import type { CandleQuery, CandleSources, ResolvedSources } from './ops/candles.js';
import type { WriteCandlesInput, WriteCandlesResult } from './ops/candles-write.js';
import type { FeatureStateInput, FeatureStateKey, StoredFeatureState } from './ops/feature-state.js';
import type { FeatureBatch } from './ops/feature-batch.js';
import type { FeatureQuery, StoredFeatures, UpsertFeaturesOptions, UpsertResult } from './ops/features.js';
import type { JobName, JobStatus, RefreshOptions, RefreshResult } from './ops/jobs.js';
import type { MetricsQuery, StoreMetrics } from './ops/metrics.js';
import type { ModelEvent, ModelEventInput, ModelEventQuery } from './ops/model-events.js';
import type { ActiveModel, ModelVersionInfo, ModelVersionInput, SavedModel, StoredModel } from './ops/model-rows.js';
import type { PredictionInput } from './ops/prediction-columns.js';
import type { RetentionOptions, RetentionResult, WritePredictionsOptions, WritePredictionsResult } from './ops/predictions.js';
import type { StoreCapabilities } from './ops/setup.js';
import type { Database, StoreTimeframe } from './schema.js';

/** Options shared by every store factory. */
export interface StoreOptions {
  /** Candle source tables (they need columns symbol, ts, open, high, low, close, volume). */
  sources?: CandleSources;
  /**
   * The migrations {@link AlphaStore.migrate} applies by default, or a function that gives them, called by `migrate`
   * only (the Node factories pass `loadMigrations`, so a store that never migrates never reads supabase/migrations:
   * an Edge Function without file access can open one).
   */
  migrations?: readonly Migration[] | (() => readonly Migration[]);
  /** Rows per statement of the feature upsert's `unnest` method (default 1000; 276 bind parameters whatever the size). */
  featureChunkRows?: number;
  /** Rows per statement of the predictions write (default 5000). */
  predictionChunkRows?: number;
}

/**
 * The alpha_v4 store: candles in, features, models and predictions out, metrics and maintenance. Create one with
 * `createPgliteStore` (embedded), `createPostgresStore` or `createSupabaseStore` (from `@alpha-v4/core/node`), or
 * `createStore` over any {@link StoreDriver}. Every write runs in one transaction on one connection and is
 * idempotent: a retried call leaves the same state, and a failure (a rejected row, a connection killed mid-batch)
 * leaves nothing half-written.
 *
 * @example
 * ```ts
 * const store = await createPgliteStore()          // in-memory; pass a directory to persist
 * await store.migrate()
 * await store.upsertFeatures({ symbol: 'BTC', timeframe: '15m', frame: computeFeatures(candles) })
 * const model = await store.loadActiveModel('BTC', '15m')
 * await store.close()
 * ```
 */
export interface AlphaStore {
  readonly engine: StoreEngine;
  /** kysely over the default pool, typed with the whole schema. */
  readonly db: Kysely<Database>;
  /** kysely per named pool (all the same instance outside Supabase). */
  readonly pools: Readonly<Record<PoolName, Kysely<Database>>>;
  /** The underlying driver (raw transactions, COPY). */
  readonly driver: StoreDriver;
  /** The candle sources in use. */
  readonly sources: ResolvedSources;

  /** Applies the migrations (idempotent; each in its own transaction, recorded in alpha_v4_meta.schema_migrations). */
  migrate(options?: MigrateOptions): Promise<MigrationResult>;
  /** What the database offers (pg_cron, plpython3u, COPY) and how jobs are scheduled. */
  capabilities(): Promise<StoreCapabilities>;
  /** Reads candles (a range, or the latest N) into validated columnar candles. */
  readCandles(query: CandleQuery): Promise<CandleSeries>;
  /** Writes validated candles into the configured source tables (upsert on (symbol, ts), one transaction). */
  writeCandles(input: WriteCandlesInput): Promise<WriteCandlesResult>;
  /** Saves a feature-stream state; a `ts` older than the stored one is refused (`STORE_CONFLICT`). */
  saveFeatureState(input: FeatureStateInput): Promise<void>;
  /** The stored feature-stream state of a key, or null. */
  loadFeatureState(key: FeatureStateKey): Promise<StoredFeatureState | null>;
  /** Upserts features in bulk (`unnest` arrays or COPY, never one giant VALUES), all batches in one transaction. */
  upsertFeatures(batches: FeatureBatch | readonly FeatureBatch[], options?: UpsertFeaturesOptions): Promise<UpsertResult>;
  /** Reads stored features (NULL as NaN) into a frame. */
  readFeatures(query: FeatureQuery): Promise<StoredFeatures>;
  /** Writes predictions in one transaction; a retry never duplicates. */
  writePredictions(rows: readonly PredictionInput[], options?: WritePredictionsOptions): Promise<WritePredictionsResult>;
  /** Saves a model version (numbered by the database; at most 10 kept); idempotent for an identical version. */
  saveModelVersion(input: ModelVersionInput): Promise<SavedModel>;
  /** Makes a saved version the active model; the one it replaces becomes the previous one (an 'activated' model event records it). */
  activateModel(symbol: string, timeframe: StoreTimeframe, version: number): Promise<ActiveModel>;
  /** The active model, or null. */
  loadActiveModel(symbol: string, timeframe: StoreTimeframe): Promise<ActiveModel | null>;
  /** The model active before the current one (the rollback target), or null. */
  loadPreviousModel(symbol: string, timeframe: StoreTimeframe): Promise<StoredModel | null>;
  /** The saved versions, newest first, without binaries. */
  listModelVersions(symbol: string, timeframe: StoreTimeframe): Promise<ModelVersionInfo[]>;
  /** Records a model event (activation, load or prediction failure, fallback, recovery). */
  recordModelEvent(event: ModelEventInput): Promise<ModelEvent>;
  /** Model events, newest first, optionally of one symbol or timeframe, since a time, at most `limit` (default 100). */
  readModelEvents(query?: ModelEventQuery): Promise<ModelEvent[]>;
  /** Refreshes the materialized views (concurrently by default). */
  refreshViews(options?: RefreshOptions): Promise<RefreshResult[]>;
  /** Fills outcomes of predictions whose target candle exists, then the performance log. Returns the rows resolved. */
  resolvePredictions(now?: Date | number | string): Promise<number>;
  /** Moves predictions past the retention window (180 days) into the archive. */
  retention(options?: RetentionOptions): Promise<RetentionResult>;
  /** Runs one maintenance job now (the pg_cron fallback); throws when it fails. */
  runJob(name: JobName): Promise<JobStatus>;
  /** Runs the jobs whose period has elapsed (a worker calls this every few minutes where pg_cron is absent). */
  runDueJobs(now?: Date | number | string): Promise<JobStatus[]>;
  /** Dashboard metrics and job states. */
  readMetrics(query?: MetricsQuery): Promise<StoreMetrics>;
  /** Closes the pools or the embedded database that the factory opened. */
  close(): Promise<void>;
}
