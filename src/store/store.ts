/**
 * The {@link AlphaStore}: the alpha_v4 operations over a {@link StoreDriver} (PGlite or node-postgres). Every write
 * runs in one transaction on one connection and is idempotent: a retried call leaves the same state, and a failure
 * (a rejected row, a connection killed mid-batch) leaves nothing half-written.
 */
import type { Kysely } from 'kysely';
import { candlesFromRows, type CandleSeries, type GapPolicy } from '../core/candles.js';
import { InvalidParameterError } from '../core/errors.js';
import { parseTimeframe, timeframeMs, type Timeframe } from '../core/timeframe.js';
import type { Matrix } from '../core/types.js';
import { BinaryCopyWriter, utf8Bytes } from './copy-binary.js';
import { FEATURE_COLUMNS } from './feature-columns.js';
import type { PoolName, SqlSession, StoreDriver, StoreEngine } from './driver.js';
import { StoreError, storeError } from './errors.js';
import {
  float8Array,
  ident,
  intArray,
  qualifiedName,
  textArray,
  timestampArray,
  timestampText,
  toEpochMs,
} from './literals.js';
import { runMigrations, type MigrateOptions, type Migration, type MigrationResult } from './migrator.js';
import {
  FEATURE_STORE_TABLES,
  MATERIALIZED_VIEWS,
  type Database,
  type FeatureTimeframe,
  type JsonObject,
  type MaterializedView,
  type StoreTimeframe,
} from './schema.js';

// ---------------------------------------------------------------------------------------------------------------
// Options and inputs.

/** Where candles are read from: table (or view) names, `schema.table`, per timeframe. */
export interface CandleSources {
  /** Live candles. Default `{ '15m': 'indicators.ohlcv_15m', '1h': 'indicators.ohlcv_1h' }`. */
  live?: Partial<Record<Timeframe, string>>;
  /** History for training. Default `{ '15m': 'training.spot_15m' }`. */
  history?: Partial<Record<Timeframe, string>>;
}

/** Options shared by every store factory. */
export interface StoreOptions {
  /** Candle source tables (they need columns symbol, ts, open, high, low, close, volume). */
  sources?: CandleSources;
  /** The migrations {@link AlphaStore.migrate} applies by default (Node factories load supabase/migrations). */
  migrations?: readonly Migration[];
  /** Rows per statement of the feature upsert's `unnest` method (default 1000; 276 bind parameters whatever the size). */
  featureChunkRows?: number;
  /** Rows per statement of the predictions write (default 5000). */
  predictionChunkRows?: number;
}

/** Which pool each operation uses (Supabase's split; one pool elsewhere). */
export const OPERATION_POOLS = {
  migrate: 'monitoring',
  readCandles: 'features',
  upsertFeatures: 'features',
  readFeatures: 'training',
  saveModelVersion: 'training',
  activateModel: 'training',
  loadActiveModel: 'inference',
  writePredictions: 'inference',
  refreshViews: 'monitoring',
  retention: 'monitoring',
  readMetrics: 'monitoring',
  runJob: 'monitoring',
  backup: 'monitoring',
} as const satisfies Record<string, PoolName>;

/** A query for {@link AlphaStore.readCandles}: a time range, or the latest N candles (optionally before `to`). */
export interface CandleQuery {
  symbol: string;
  timeframe: Timeframe;
  /** `'live'` (default) or `'history'` (training.spot_15m). */
  source?: 'live' | 'history';
  /** First candle open time, inclusive. */
  from?: Date | number | string;
  /** Last candle open time, exclusive. */
  to?: Date | number | string;
  /** Only the latest N candles of the range. */
  latest?: number;
  /** Gap policy of the validation (default `'error'`, as in `candlesFromRows`). */
  gaps?: GapPolicy;
}

/** Columnar features, as `computeFeatures` returns them (a `FeatureFrame` fits). */
export interface FeatureFrameLike {
  readonly time: ArrayLike<number>;
  readonly names: readonly string[];
  readonly columns: readonly ArrayLike<number>[];
}

/** One symbol's features for {@link AlphaStore.upsertFeatures}. */
export interface FeatureBatch {
  symbol: string;
  timeframe: FeatureTimeframe;
  /** Rows to write: NaN values are stored as NULL. Only the named columns are written (others stay as they are). */
  frame: FeatureFrameLike;
}

/**
 * How the bulk writes send rows: binary `COPY` into a temporary staging table, then one `INSERT ... ON CONFLICT`
 * (the default where COPY is available: PGlite, and node-postgres with pg-copy-streams; about 5x faster for the
 * 274-column feature rows), or `unnest` of one array parameter per column (276 bind parameters whatever the row
 * count; works through any driver). Neither ever builds one giant VALUES list.
 */
export type BulkMethod = 'unnest' | 'copy';

/** Options of {@link AlphaStore.upsertFeatures}. */
export interface UpsertFeaturesOptions {
  /** Default `'copy'` where COPY is available, else `'unnest'`. */
  method?: BulkMethod;
  /** Create the symbols' weekly partitions covering the rows first (default true; rows land in the default partition otherwise). */
  ensurePartitions?: boolean;
  /** Called after each statement with the rows written so far (per chunk with `unnest`, per batch with COPY). */
  onProgress?: (rowsWritten: number) => void | Promise<void>;
}

/** What {@link AlphaStore.upsertFeatures} wrote. */
export interface UpsertResult {
  /** Rows inserted or updated. */
  readonly rows: number;
  readonly method: BulkMethod;
}

/** One prediction for {@link AlphaStore.writePredictions}. */
export interface PredictionInput {
  symbol: string;
  timeframe: StoreTimeframe;
  /** Open time of the candle at whose close the prediction was made. */
  ts: Date | number | string;
  /** Candles ahead. */
  horizon: number;
  /** Open time of the predicted candle; default `ts + horizon` candles. */
  targetTs?: Date | number | string;
  /** Calibrated probability of an up move, in [0, 1]. */
  pUp: number;
  direction: -1 | 0 | 1;
  /** In [0, 1]. */
  confidence: number;
  /** Position size, >= 0 (default 0). */
  size?: number;
  modelVersion: number;
  /** Per-member probabilities, e.g. `{ gbdt: 0.61, mlp: 0.57 }`. */
  members?: Record<string, number>;
}

/** Options of {@link AlphaStore.writePredictions}. */
export interface WritePredictionsOptions {
  /**
   * A prediction already stored (same symbol, timeframe, ts, horizon, model version): `'ignore'` (default) keeps the
   * stored one, so a retried write changes nothing; `'update'` overwrites its predicted values.
   */
  onConflict?: 'ignore' | 'update';
  /** Default `'copy'` where COPY is available, else `'unnest'`. */
  method?: BulkMethod;
}

/** What {@link AlphaStore.writePredictions} did. */
export interface WritePredictionsResult {
  /** Rows inserted (or updated with `onConflict: 'update'`). */
  readonly written: number;
  /** Rows that were already stored as given (or kept with `'ignore'`). */
  readonly unchanged: number;
}

/** A model version to save. */
export interface ModelVersionInput {
  symbol: string;
  timeframe: StoreTimeframe;
  /** Serialization format, e.g. `'alpha-gbdt-binary'`, `'xgboost-json'`, `'lightgbm-text'`, `'onnx'`. */
  format: string;
  binary: Uint8Array;
  featureNames: readonly string[];
  metrics?: JsonObject;
  trainStart?: Date | number | string | null;
  trainEnd?: Date | number | string | null;
  /** Also make it the active model (in the same transaction). */
  activate?: boolean;
}

/** A stored model version. */
export interface StoredModel {
  readonly symbol: string;
  readonly timeframe: StoreTimeframe;
  readonly version: number;
  readonly format: string;
  readonly binary: Uint8Array;
  /** Lowercase hex sha256 of `binary`. */
  readonly checksum: string;
  readonly featureNames: readonly string[];
  readonly metrics: JsonObject;
  readonly trainStart: Date | null;
  readonly trainEnd: Date | null;
  readonly createdAt: Date;
}

/** The active model of a symbol and timeframe. */
export interface ActiveModel extends StoredModel {
  /** The version active before this one (rollback target), if any. */
  readonly previousVersion: number | null;
  readonly activatedAt: Date;
}

/** The result of {@link AlphaStore.saveModelVersion}. */
export interface SavedModel extends StoredModel {
  /** false when an identical version (same binary, format, features, metrics and window) existed and was returned. */
  readonly created: boolean;
  /** Whether it is the active model now. */
  readonly active: boolean;
}

/** A model version without its binary. */
export type ModelVersionInfo = Omit<StoredModel, 'binary'>;

/** Options of {@link AlphaStore.refreshViews}. */
export interface RefreshOptions {
  /** Default: all six. */
  views?: readonly MaterializedView[];
  /** `REFRESH ... CONCURRENTLY` (default true: readers are never blocked). */
  concurrently?: boolean;
}

/** Timing of one refreshed view. */
export interface RefreshResult {
  readonly view: MaterializedView;
  readonly ms: number;
}

/** Options of {@link AlphaStore.retention}. */
export interface RetentionOptions {
  /** Default the database's `now()`. */
  now?: Date | number | string;
  /** Override of the setting `predictions_retention` (default '180 days'), as a PostgreSQL interval. */
  retention?: string;
}

/** What {@link AlphaStore.retention} did. */
export interface RetentionResult {
  /** Predictions moved into `alpha_v4.predictions_archive`. */
  readonly archived: number;
}

/** Filters of {@link AlphaStore.readMetrics}. */
export interface MetricsQuery {
  symbol?: string;
  timeframe?: StoreTimeframe;
  horizon?: number;
  modelVersion?: number;
}

/** The key of a dashboard row. */
export interface MetricsKey {
  readonly symbol: string;
  readonly timeframe: string;
  readonly horizon: number;
  readonly modelVersion: number;
}

/** A row of mv_accuracy_7d / mv_accuracy_30d. */
export interface AccuracyMetrics extends MetricsKey {
  readonly nPredictions: number;
  readonly nDirectional: number;
  readonly nCorrect: number;
  readonly accuracy: number | null;
  readonly coverage: number;
  readonly brier: number | null;
  readonly meanPUp: number;
  readonly baseRate: number;
  readonly firstTs: Date;
  readonly lastTs: Date;
  readonly refreshedAt: Date;
}

/** A row of mv_calibration_error. */
export interface CalibrationMetrics extends MetricsKey {
  readonly nPredictions: number;
  readonly ece: number;
  readonly mce: number;
  readonly bins: readonly { bin: number; n: number; mean_p: number; freq: number }[];
  readonly refreshedAt: Date;
}

/** A row of mv_sharpe_ratio. */
export interface SharpeMetrics extends MetricsKey {
  readonly nPredictions: number;
  readonly meanReturn: number | null;
  readonly stddevReturn: number | null;
  readonly sharpe: number | null;
  readonly totalReturn: number | null;
  readonly winRate: number | null;
  readonly maxDrawdown: number | null;
  readonly refreshedAt: Date;
}

/** A maintenance job's last run. */
export interface JobStatus {
  readonly name: string;
  readonly schedule: string;
  readonly lastStartedAt: Date | null;
  readonly lastFinishedAt: Date | null;
  readonly lastStatus: 'succeeded' | 'failed' | null;
  readonly lastError: string | null;
  readonly runs: number;
}

/** The dashboard metrics (as of the views' last refresh) and the jobs' state. */
export interface StoreMetrics {
  readonly accuracy7d: readonly AccuracyMetrics[];
  readonly accuracy30d: readonly AccuracyMetrics[];
  readonly calibration: readonly CalibrationMetrics[];
  readonly sharpe: readonly SharpeMetrics[];
  readonly jobs: readonly JobStatus[];
}

/** What the database offers. */
export interface StoreCapabilities {
  readonly engine: StoreEngine;
  /** pg_cron installed in this database: the jobs run by themselves. Otherwise call {@link AlphaStore.runDueJobs}. */
  readonly pgCron: boolean;
  /** plpython3u installed. */
  readonly plpython3u: boolean;
  /** How the jobs are scheduled: `'pg_cron'` or `'function'` (a worker calls run_job / run_due_jobs). */
  readonly scheduler: 'pg_cron' | 'function';
  /** COPY is available to the bulk writes. */
  readonly copy: boolean;
}

/** The maintenance jobs of alpha_v4.jobs. */
export type JobName = 'refresh_features_15m' | 'refresh_features_1h' | 'refresh_dashboards' | 'archive_predictions' | 'maintain_partitions';

// ---------------------------------------------------------------------------------------------------------------
// The store.

/**
 * The alpha_v4 store: candles in, features, models and predictions out, metrics and maintenance. Create one with
 * `createPgliteStore` (embedded), `createPostgresStore` or `createSupabaseStore` (from `@alpha-v4/core/node`), or
 * {@link createStore} over any {@link StoreDriver}.
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
  readonly sources: Readonly<{ live: Readonly<Partial<Record<Timeframe, string>>>; history: Readonly<Partial<Record<Timeframe, string>>> }>;

  /** Applies the migrations (idempotent; each in its own transaction, recorded in alpha_v4_meta.schema_migrations). */
  migrate(options?: MigrateOptions): Promise<MigrationResult>;
  /** What the database offers (pg_cron, plpython3u, COPY) and how jobs are scheduled. */
  capabilities(): Promise<StoreCapabilities>;
  /** Reads candles (a range, or the latest N) into validated columnar candles. */
  readCandles(query: CandleQuery): Promise<CandleSeries>;
  /** Upserts features in bulk (`unnest` arrays or COPY, never one giant VALUES), all batches in one transaction. */
  upsertFeatures(batches: FeatureBatch | readonly FeatureBatch[], options?: UpsertFeaturesOptions): Promise<UpsertResult>;
  /** Reads stored features (NULL as NaN) into a frame. */
  readFeatures(query: FeatureQuery): Promise<StoredFeatures>;
  /** Writes predictions in one transaction; a retry never duplicates. */
  writePredictions(rows: readonly PredictionInput[], options?: WritePredictionsOptions): Promise<WritePredictionsResult>;
  /** Saves a model version (numbered by the database; at most 10 kept); idempotent for an identical version. */
  saveModelVersion(input: ModelVersionInput): Promise<SavedModel>;
  /** Makes a saved version the active model; the one it replaces becomes the previous one. */
  activateModel(symbol: string, timeframe: StoreTimeframe, version: number): Promise<ActiveModel>;
  /** The active model, or null. */
  loadActiveModel(symbol: string, timeframe: StoreTimeframe): Promise<ActiveModel | null>;
  /** The model active before the current one (the rollback target), or null. */
  loadPreviousModel(symbol: string, timeframe: StoreTimeframe): Promise<StoredModel | null>;
  /** The saved versions, newest first, without binaries. */
  listModelVersions(symbol: string, timeframe: StoreTimeframe): Promise<ModelVersionInfo[]>;
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

/** A query for {@link AlphaStore.readFeatures}. */
export interface FeatureQuery {
  symbol: string;
  timeframe: FeatureTimeframe;
  from?: Date | number | string;
  to?: Date | number | string;
  /** Columns to read (default: every catalogue column). */
  names?: readonly string[];
}

/** Stored features as a frame (a `FeatureFrame`). */
export interface StoredFeatures {
  readonly time: Float64Array;
  readonly names: readonly string[];
  readonly columns: readonly Float64Array[];
  column(name: string): Float64Array;
  toMatrix(names?: readonly string[]): Matrix;
}

const DEFAULT_SOURCES = {
  live: { '15m': 'indicators.ohlcv_15m', '1h': 'indicators.ohlcv_1h' },
  history: { '15m': 'training.spot_15m' },
} as const;

const FEATURE_SET: ReadonlySet<string> = new Set(FEATURE_COLUMNS);
const STORE_TIMEFRAMES: ReadonlySet<string> = new Set(['1m', '5m', '15m', '30m', '1h', '4h', '1d']);

/**
 * Builds an {@link AlphaStore} over a driver. The Node factories call this; use it directly with
 * `pgliteDriver(new PGlite())` in a browser or Deno, passing `migrations` explicitly.
 */
export function createStore(driver: StoreDriver, options: StoreOptions = {}): AlphaStore {
  const sources = {
    live: { ...DEFAULT_SOURCES.live, ...options.sources?.live },
    history: { ...DEFAULT_SOURCES.history, ...options.sources?.history },
  };
  for (const group of [sources.live, sources.history]) {
    for (const [tf, name] of Object.entries(group)) {
      parseTimeframe(tf);
      try {
        qualifiedName(name as string);
      } catch (e) {
        throw new StoreError('STORE_CONFIG', `sources: ${(e as Error).message}`);
      }
    }
  }
  const featureChunk = positiveInt(options.featureChunkRows ?? 1000, 'featureChunkRows');
  const predictionChunk = positiveInt(options.predictionChunkRows ?? 5000, 'predictionChunkRows');
  let closed = false;
  const tx = <T>(pool: PoolName, what: string, code: 'STORE_WRITE' | 'STORE_READ', fn: (s: SqlSession) => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new StoreError('STORE_CLOSED', `${what}: the store is closed`));
    return driver.transaction(pool, fn).catch((e: unknown) => {
      throw storeError(code, what, e);
    });
  };

  const store: AlphaStore = {
    engine: driver.engine,
    db: driver.pools.monitoring,
    pools: driver.pools,
    driver,
    sources,

    async migrate(migrateOptions = {}) {
      if (closed) throw new StoreError('STORE_CLOSED', 'migrate: the store is closed');
      const migrations = migrateOptions.migrations ?? options.migrations;
      if (!migrations || migrations.length === 0) {
        throw new StoreError('STORE_CONFIG', 'migrate: no migrations given (pass options.migrations, or use a Node factory that loads supabase/migrations)');
      }
      const result = await runMigrations(driver, migrations, migrateOptions.onChanged);
      if (options.sources) {
        // Keep the SQL jobs (resolve_predictions) reading the same candle tables as the library.
        await tx('monitoring', 'migrate: recording the candle sources', 'STORE_WRITE', async (s) => {
          const entries = [
            ...Object.entries(sources.live).map(([tf, name]) => [`source_${tf}`, name] as const),
            ...Object.entries(sources.history).map(([tf, name]) => [`history_${tf}`, name] as const),
          ];
          for (const [key, name] of entries) {
            await s.query(
              `INSERT INTO alpha_v4.settings (key, value, description) VALUES ($1, $2, 'set by the store options')
               ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
              [key, name],
            );
          }
        });
      }
      return result;
    },

    capabilities() {
      return tx('monitoring', 'capabilities', 'STORE_READ', async (s) => {
        const caps = await s.query<{ name: string; installed: boolean }>('SELECT name, installed FROM alpha_v4.capabilities()');
        const jobs = await s.query<{ scheduler: string }>('SELECT scheduler FROM alpha_v4.job_schedule()');
        const installed = (n: string) => caps.rows.some((r) => r.name === n && r.installed);
        return {
          engine: driver.engine,
          pgCron: installed('pg_cron'),
          plpython3u: installed('plpython3u'),
          scheduler: jobs.rows.length > 0 && jobs.rows.every((r) => r.scheduler === 'pg_cron') ? 'pg_cron' : 'function',
          copy: driver.canCopy,
        } satisfies StoreCapabilities;
      });
    },

    async readCandles(query) {
      const symbol = requireSymbol(query.symbol);
      const timeframe = parseTimeframe(query.timeframe);
      const source = query.source ?? 'live';
      if (source !== 'live' && source !== 'history') throw new InvalidParameterError('source', `expected 'live' or 'history', got ${JSON.stringify(source)}`);
      const table = (source === 'history' ? sources.history : sources.live)[timeframe];
      if (!table) throw new StoreError('STORE_CONFIG', `readCandles: no ${source} candle source for ${timeframe} (set options.sources.${source}['${timeframe}'])`);
      const params: unknown[] = [symbol];
      let where = 'symbol = $1';
      if (query.from !== undefined) {
        params.push(timestampText(requireTime(query.from, 'from')));
        where += ` AND ts >= $${params.length}`;
      }
      if (query.to !== undefined) {
        params.push(timestampText(requireTime(query.to, 'to')));
        where += ` AND ts < $${params.length}`;
      }
      let text = `SELECT ts, open, high, low, close, volume FROM ${qualifiedName(table)} WHERE ${where} ORDER BY ts`;
      if (query.latest !== undefined) {
        const n = positiveInt(query.latest, 'latest');
        text = `SELECT * FROM (${text} DESC LIMIT ${n}) latest ORDER BY ts`;
      }
      const rows = await tx('features', `readCandles ${symbol} ${timeframe}`, 'STORE_READ', (s) => s.query(text, params));
      if (rows.rows.length === 0) {
        throw new StoreError('STORE_NOT_FOUND', `readCandles: no ${timeframe} candles for ${symbol} in ${table} for the requested range`);
      }
      return candlesFromRows(rows.rows, { timeframe, gaps: query.gaps ?? 'error' });
    },

    async upsertFeatures(input, upsertOptions = {}) {
      const batches = (Array.isArray(input) ? input : [input]) as readonly FeatureBatch[];
      const method = upsertOptions.method ?? (driver.canCopy ? 'copy' : 'unnest');
      if (method !== 'unnest' && method !== 'copy') throw new InvalidParameterError('method', `expected 'unnest' or 'copy', got ${JSON.stringify(method)}`);
      if (method === 'copy' && !driver.canCopy) {
        throw new StoreError('STORE_UNSUPPORTED', "upsertFeatures: method 'copy' needs the optional peer dependency pg-copy-streams");
      }
      const checked = batches.map((b, i) => checkFeatureBatch(b, i));
      const total = await tx('features', 'upsertFeatures (rolled back, nothing written)', 'STORE_WRITE', (s) =>
        writeFeatures(s, checked, { method, chunkRows: featureChunk, ensurePartitions: upsertOptions.ensurePartitions ?? true, onProgress: upsertOptions.onProgress }),
      );
      return { rows: total, method };
    },

    async readFeatures(query) {
      const symbol = requireSymbol(query.symbol);
      const table = featureTable(query.timeframe);
      const names = query.names ? checkFeatureNames(query.names, 'names') : [...FEATURE_COLUMNS];
      const params: unknown[] = [symbol];
      let where = 'symbol = $1';
      if (query.from !== undefined) {
        params.push(timestampText(requireTime(query.from, 'from')));
        where += ` AND ts >= $${params.length}`;
      }
      if (query.to !== undefined) {
        params.push(timestampText(requireTime(query.to, 'to')));
        where += ` AND ts < $${params.length}`;
      }
      const cols = names.map(ident).join(', ');
      const r = await tx('training', `readFeatures ${symbol} ${query.timeframe}`, 'STORE_READ', (s) =>
        s.query<Record<string, unknown>>(`SELECT ts${cols ? `, ${cols}` : ''} FROM ${table} WHERE ${where} ORDER BY ts`, params),
      );
      return featureFrame(r.rows, names);
    },

    async writePredictions(rows, writeOptions = {}) {
      const onConflict = writeOptions.onConflict ?? 'ignore';
      if (onConflict !== 'ignore' && onConflict !== 'update') throw new InvalidParameterError('onConflict', `expected 'ignore' or 'update', got ${JSON.stringify(onConflict)}`);
      const method = writeOptions.method ?? (driver.canCopy ? 'copy' : 'unnest');
      if (method === 'copy' && !driver.canCopy) {
        throw new StoreError('STORE_UNSUPPORTED', "writePredictions: method 'copy' needs the optional peer dependency pg-copy-streams");
      }
      const cols = predictionColumns(rows);
      if (cols.n === 0) return { written: 0, unchanged: 0 };
      const written = await tx('inference', 'writePredictions (rolled back, nothing written)', 'STORE_WRITE', (s) =>
        writePredictionColumns(s, cols, onConflict, method, predictionChunk),
      );
      return { written, unchanged: cols.n - written };
    },

    async saveModelVersion(input) {
      const m = checkModelInput(input);
      return tx('training', `saveModelVersion ${m.symbol} ${m.timeframe}`, 'STORE_WRITE', async (s) => {
        await s.query(`SELECT pg_advisory_xact_lock(hashtext('alpha_v4.model_versions'), hashtext($1 || '|' || $2))`, [m.symbol, m.timeframe]);
        const same = await s.query<ModelRow>(
          `SELECT ${MODEL_COLUMNS} FROM alpha_v4.model_versions
           WHERE symbol = $1 AND timeframe = $2 AND checksum = encode(sha256($3::bytea), 'hex') AND format = $4
             AND feature_names = $5::text[] AND metrics = $6::jsonb
             AND train_start IS NOT DISTINCT FROM $7::timestamptz AND train_end IS NOT DISTINCT FROM $8::timestamptz
           ORDER BY version DESC LIMIT 1`,
          [m.symbol, m.timeframe, m.binary, m.format, m.featureNames, m.metrics, m.trainStart, m.trainEnd],
        );
        let row = same.rows[0];
        const created = row === undefined;
        if (!row) {
          const ins = await s.query<ModelRow>(
            `INSERT INTO alpha_v4.model_versions (symbol, timeframe, version, format, model_binary, checksum, feature_names,
                                                  metrics, train_start, train_end)
             VALUES ($1, $2, NULL, $4, $3::bytea, encode(sha256($3::bytea), 'hex'), $5::text[], $6::jsonb, $7::timestamptz, $8::timestamptz)
             RETURNING ${MODEL_COLUMNS}`,
            [m.symbol, m.timeframe, m.binary, m.format, m.featureNames, m.metrics, m.trainStart, m.trainEnd],
          );
          row = ins.rows[0]!;
        }
        if (m.activate) await s.query('SELECT 1 FROM alpha_v4.activate_model($1, $2, $3)', [m.symbol, m.timeframe, row.version]);
        const act = await s.query<{ version: number }>('SELECT version FROM alpha_v4.models WHERE symbol = $1 AND timeframe = $2', [m.symbol, m.timeframe]);
        return { ...toStoredModel(row), created, active: act.rows[0]?.version === row.version };
      });
    },

    async activateModel(symbol, timeframe, version) {
      requireSymbol(symbol);
      requireStoreTimeframe(timeframe);
      if (!Number.isInteger(version) || version <= 0) throw new InvalidParameterError('version', `expected a positive integer, got ${version}`);
      try {
        return await tx('training', `activateModel ${symbol} ${timeframe} v${version}`, 'STORE_WRITE', async (s) => {
          const r = await s.query<ModelRow & ActiveRow>(`SELECT ${MODEL_COLUMNS}, previous_version, activated_at FROM alpha_v4.activate_model($1, $2, $3)`, [symbol, timeframe, version]);
          return toActiveModel(r.rows[0]!);
        });
      } catch (e) {
        if (e instanceof StoreError && e.sqlState === 'P0002') {
          throw new StoreError('STORE_NOT_FOUND', `activateModel: ${symbol} ${timeframe} has no saved version ${version}`, { cause: e });
        }
        throw e;
      }
    },

    async loadActiveModel(symbol, timeframe) {
      requireSymbol(symbol);
      requireStoreTimeframe(timeframe);
      const r = await tx('inference', `loadActiveModel ${symbol} ${timeframe}`, 'STORE_READ', (s) =>
        s.query<ModelRow & ActiveRow>(`SELECT ${MODEL_COLUMNS}, previous_version, activated_at FROM alpha_v4.models WHERE symbol = $1 AND timeframe = $2`, [symbol, timeframe]),
      );
      return r.rows[0] ? toActiveModel(r.rows[0]) : null;
    },

    async loadPreviousModel(symbol, timeframe) {
      requireSymbol(symbol);
      requireStoreTimeframe(timeframe);
      const r = await tx('inference', `loadPreviousModel ${symbol} ${timeframe}`, 'STORE_READ', (s) =>
        s.query<ModelRow>(
          `SELECT ${MODEL_COLUMNS.split(', ').map((c) => `v.${c}`).join(', ')} FROM alpha_v4.models m
           JOIN alpha_v4.model_versions v ON v.symbol = m.symbol AND v.timeframe = m.timeframe AND v.version = m.previous_version
           WHERE m.symbol = $1 AND m.timeframe = $2`,
          [symbol, timeframe],
        ),
      );
      return r.rows[0] ? toStoredModel(r.rows[0]) : null;
    },

    async listModelVersions(symbol, timeframe) {
      requireSymbol(symbol);
      requireStoreTimeframe(timeframe);
      const r = await tx('training', `listModelVersions ${symbol} ${timeframe}`, 'STORE_READ', (s) =>
        s.query<ModelRow>(
          `SELECT ${MODEL_COLUMNS.replace('model_binary', `'\\x'::bytea AS model_binary`)} FROM alpha_v4.model_versions
           WHERE symbol = $1 AND timeframe = $2 ORDER BY version DESC`,
          [symbol, timeframe],
        ),
      );
      return r.rows.map((row) => {
        const { binary: _binary, ...info } = toStoredModel(row);
        return info;
      });
    },

    async refreshViews(refreshOptions = {}) {
      const views = refreshOptions.views ?? MATERIALIZED_VIEWS;
      for (const v of views) {
        if (!(MATERIALIZED_VIEWS as readonly string[]).includes(v)) throw new InvalidParameterError('views', `unknown view ${JSON.stringify(v)}; expected one of ${MATERIALIZED_VIEWS.join(', ')}`);
      }
      const concurrently = refreshOptions.concurrently ?? true;
      const out: RefreshResult[] = [];
      for (const view of views) {
        const t0 = Date.now();
        await tx('monitoring', `refreshViews ${view}`, 'STORE_WRITE', (s) =>
          s.query(`REFRESH MATERIALIZED VIEW ${concurrently ? 'CONCURRENTLY ' : ''}alpha_v4.${ident(view)}`),
        );
        out.push({ view, ms: Date.now() - t0 });
      }
      return out;
    },

    async resolvePredictions(now) {
      const at = now === undefined ? null : timestampText(requireTime(now, 'now'));
      return tx('monitoring', 'resolvePredictions', 'STORE_WRITE', async (s) => {
        const r = await s.query<{ n: string | number }>('SELECT alpha_v4.resolve_predictions(coalesce($1::timestamptz, now())) AS n', [at]);
        await s.query(`SELECT alpha_v4.log_performance(coalesce($1::timestamptz, now()) - interval '2 days')`, [at]);
        return Number(r.rows[0]!.n);
      });
    },

    async retention(retentionOptions = {}) {
      const at = retentionOptions.now === undefined ? null : timestampText(requireTime(retentionOptions.now, 'now'));
      const keep = retentionOptions.retention ?? null;
      return tx('monitoring', 'retention', 'STORE_WRITE', async (s) => {
        const r = await s.query<{ n: string | number }>('SELECT alpha_v4.archive_predictions(coalesce($1::timestamptz, now()), $2::interval) AS n', [at, keep]);
        return { archived: Number(r.rows[0]!.n) };
      });
    },

    async runJob(name) {
      const r = await tx('monitoring', `runJob ${name}`, 'STORE_WRITE', (s) => s.query<JobRow>('SELECT * FROM alpha_v4.run_job($1, true)', [name]));
      return toJob(r.rows[0]!);
    },

    async runDueJobs(now) {
      const at = now === undefined ? null : timestampText(requireTime(now, 'now'));
      const r = await tx('monitoring', 'runDueJobs', 'STORE_WRITE', (s) => s.query<JobRow>('SELECT * FROM alpha_v4.run_due_jobs(coalesce($1::timestamptz, now()))', [at]));
      return r.rows.map(toJob);
    },

    async readMetrics(query = {}) {
      const params: unknown[] = [];
      const conds: string[] = [];
      const add = (col: string, v: unknown) => {
        params.push(v);
        conds.push(`${col} = $${params.length}`);
      };
      if (query.symbol !== undefined) add('symbol', query.symbol);
      if (query.timeframe !== undefined) add('timeframe', query.timeframe);
      if (query.horizon !== undefined) add('horizon', query.horizon);
      if (query.modelVersion !== undefined) add('model_version', query.modelVersion);
      const where = conds.length ? ` WHERE ${conds.join(' AND ')}` : '';
      const order = ' ORDER BY symbol, timeframe, horizon, model_version';
      return tx('monitoring', 'readMetrics', 'STORE_READ', async (s) => {
        const q = (view: string) => s.query<Record<string, unknown>>(`SELECT * FROM alpha_v4.${view}${where}${order}`, params).then((r) => r.rows);
        const jobs = await s.query<JobRow>('SELECT * FROM alpha_v4.jobs ORDER BY name');
        return {
          accuracy7d: (await q('mv_accuracy_7d')).map(toAccuracy),
          accuracy30d: (await q('mv_accuracy_30d')).map(toAccuracy),
          calibration: (await q('mv_calibration_error')).map(
            (r): CalibrationMetrics => ({
              ...metricsKey(r),
              nPredictions: Number(r.n_predictions),
              ece: Number(r.ece),
              mce: Number(r.mce),
              bins: (typeof r.bins === 'string' ? JSON.parse(r.bins) : r.bins) as CalibrationMetrics['bins'],
              refreshedAt: r.refreshed_at as Date,
            }),
          ),
          sharpe: (await q('mv_sharpe_ratio')).map(
            (r): SharpeMetrics => ({
              ...metricsKey(r),
              nPredictions: Number(r.n_predictions),
              meanReturn: num(r.mean_return),
              stddevReturn: num(r.stddev_return),
              sharpe: num(r.sharpe),
              totalReturn: num(r.total_return),
              winRate: num(r.win_rate),
              maxDrawdown: num(r.max_drawdown),
              refreshedAt: r.refreshed_at as Date,
            }),
          ),
          jobs: jobs.rows.map(toJob),
        };
      });
    },

    async close() {
      if (closed) return;
      closed = true;
      await driver.destroy();
    },
  };
  return store;
}

// ---------------------------------------------------------------------------------------------------------------
// Validation helpers.

function positiveInt(n: number, name: string): number {
  if (!Number.isInteger(n) || n <= 0) throw new InvalidParameterError(name, `expected a positive integer, got ${n}`);
  return n;
}

function requireSymbol(symbol: unknown): string {
  if (typeof symbol !== 'string' || symbol === '') throw new InvalidParameterError('symbol', `expected a non-empty string, got ${JSON.stringify(symbol)}`);
  return symbol;
}

function requireStoreTimeframe(tf: unknown): StoreTimeframe {
  if (typeof tf !== 'string' || !STORE_TIMEFRAMES.has(tf)) throw new InvalidParameterError('timeframe', `expected one of ${[...STORE_TIMEFRAMES].join(', ')}, got ${JSON.stringify(tf)}`);
  return tf as StoreTimeframe;
}

function requireTime(value: Date | number | string, name: string): number {
  const ms = toEpochMs(value);
  if (!Number.isFinite(ms)) throw new InvalidParameterError(name, `expected a Date, epoch milliseconds or an ISO-8601 string, got ${JSON.stringify(String(value))}`);
  return ms;
}

function featureTable(tf: unknown): string {
  if (tf !== '15m' && tf !== '1h') throw new InvalidParameterError('timeframe', `the feature store has 15m and 1h, got ${JSON.stringify(tf)}`);
  return FEATURE_STORE_TABLES[tf];
}

/** Checks feature names against the catalogue's columns; returns them. */
export function checkFeatureNames(names: readonly string[], what: string): string[] {
  const seen = new Set<string>();
  for (const n of names) {
    if (!FEATURE_SET.has(n)) throw new InvalidParameterError(what, `${JSON.stringify(n)} is not a feature-store column (not in the catalogue)`);
    if (seen.has(n)) throw new InvalidParameterError(what, `${JSON.stringify(n)} appears twice`);
    seen.add(n);
  }
  return [...names];
}

/** A feature batch checked for writing. */
export interface CheckedFeatureBatch {
  readonly symbol: string;
  readonly timeframe: FeatureTimeframe;
  readonly table: string;
  readonly time: ArrayLike<number>;
  readonly names: readonly string[];
  readonly columns: readonly ArrayLike<number>[];
}

/** Validates one batch: symbol, timeframe, known unique names, aligned columns, strictly increasing finite times. */
export function checkFeatureBatch(b: FeatureBatch, index = 0): CheckedFeatureBatch {
  const where = `batches[${index}]`;
  if (b === null || typeof b !== 'object' || !b.frame) throw new InvalidParameterError(where, 'expected { symbol, timeframe, frame }');
  const symbol = requireSymbol(b.symbol);
  const table = featureTable(b.timeframe);
  const { time, names, columns } = b.frame;
  checkFeatureNames(names, `${where}.frame.names`);
  if (columns.length !== names.length) throw new InvalidParameterError(`${where}.frame.columns`, `${columns.length} columns for ${names.length} names`);
  for (let c = 0; c < columns.length; c++) {
    if (columns[c]!.length !== time.length) {
      throw new InvalidParameterError(`${where}.frame.columns[${c}]`, `column ${names[c]} has ${columns[c]!.length} rows, time has ${time.length}`);
    }
  }
  for (let i = 0; i < time.length; i++) {
    const t = time[i]!;
    if (!Number.isFinite(t)) throw new InvalidParameterError(`${where}.frame.time[${i}]`, `not a finite epoch-millisecond time: ${t}`);
    if (i > 0 && t <= time[i - 1]!) throw new InvalidParameterError(`${where}.frame.time[${i}]`, `times must increase strictly (${t} after ${time[i - 1]})`);
  }
  return { symbol, timeframe: b.timeframe, table, time, names, columns };
}

// ---------------------------------------------------------------------------------------------------------------
// Feature writes (inside a session's transaction).

/** Writes feature batches through a session; returns the rows inserted or updated. */
export async function writeFeatures(
  s: SqlSession,
  batches: readonly CheckedFeatureBatch[],
  options: { method: BulkMethod; chunkRows: number; ensurePartitions: boolean; onProgress?: ((rows: number) => void | Promise<void>) | undefined },
): Promise<number> {
  let total = 0;
  for (const b of batches) {
    const n = b.time.length;
    if (n === 0) continue;
    if (options.ensurePartitions) {
      await s.query('SELECT alpha_v4.ensure_feature_partitions($1, ARRAY[$2::text], $3::timestamptz, $4::timestamptz)', [
        b.timeframe,
        b.symbol,
        timestampText(b.time[0]!),
        timestampText(b.time[n - 1]! + 1),
      ]);
    }
    const colList = ['symbol', 'ts', ...b.names].map(ident).join(', ');
    const update = b.names.length > 0 ? `DO UPDATE SET ${b.names.map((c) => `${ident(c)} = EXCLUDED.${ident(c)}`).join(', ')}` : 'DO NOTHING';
    if (options.method === 'copy') {
      await s.query(`CREATE TEMP TABLE IF NOT EXISTS alpha_v4_stage_features (LIKE ${b.table}) ON COMMIT DROP`);
      await s.query('TRUNCATE alpha_v4_stage_features');
      const copied = await s.copyFrom(`alpha_v4_stage_features (${colList})`, 'WITH (FORMAT binary)', featureCopyBinary(b, options.chunkRows));
      if (copied !== n && copied !== 0) throw new StoreError('STORE_WRITE', `COPY sent ${n} rows but the server counted ${copied}`);
      const r = await s.query(`INSERT INTO ${b.table} (${colList}) SELECT ${colList} FROM alpha_v4_stage_features ON CONFLICT (symbol, ts) ${update}`);
      total += r.rowCount;
      await s.query('DROP TABLE alpha_v4_stage_features');
      if (options.onProgress) await options.onProgress(total);
      continue;
    }
    const unnestArgs = ['$2::timestamptz[]', ...b.names.map((_, i) => `$${i + 3}::float8[]`)].join(', ');
    const text = `INSERT INTO ${b.table} (${colList}) SELECT $1::text, u.* FROM unnest(${unnestArgs}) AS u ON CONFLICT (symbol, ts) ${update}`;
    for (let start = 0; start < n; start += options.chunkRows) {
      const end = Math.min(n, start + options.chunkRows);
      const params: string[] = [b.symbol, timestampArray(slice(b.time, start, end))];
      for (const col of b.columns) params.push(float8Array(slice(col, start, end), true));
      const r = await s.query(text, params);
      total += r.rowCount;
      if (options.onProgress) await options.onProgress(total);
    }
  }
  return total;
}

function slice(a: ArrayLike<number>, start: number, end: number): ArrayLike<number> {
  if (start === 0 && end === a.length) return a;
  if (ArrayBuffer.isView(a)) return (a as unknown as Float64Array).subarray(start, end);
  return Array.prototype.slice.call(a, start, end) as number[];
}

/** Binary COPY data of a batch, in chunks of `chunkRows` rows (NaN as NULL). */
function* featureCopyBinary(b: CheckedFeatureBatch, chunkRows: number): Generator<Uint8Array> {
  const sym = utf8Bytes(b.symbol);
  const n = b.time.length;
  const m = b.columns.length;
  const w = new BinaryCopyWriter(Math.min(n, chunkRows) * (22 + sym.length + 12 * m) + 32);
  w.header();
  for (let start = 0; start < n; start += chunkRows) {
    const end = Math.min(n, start + chunkRows);
    for (let i = start; i < end; i++) {
      w.row(m + 2).bytes(sym).timestamptz(b.time[i]!);
      for (let c = 0; c < m; c++) w.float8(b.columns[c]![i]!, true);
    }
    if (end === n) w.trailer();
    yield w.take();
  }
  if (n === 0) yield w.trailer().take();
}

/** Rows (ts + named columns) to a frame; NULL as NaN. */
function featureFrame(rows: readonly Record<string, unknown>[], names: readonly string[]): StoredFeatures {
  const n = rows.length;
  const time = new Float64Array(n);
  const columns = names.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    time[i] = (r.ts as Date).getTime();
    for (let c = 0; c < names.length; c++) {
      const v = r[names[c]!];
      columns[c]![i] = v === null || v === undefined ? Number.NaN : Number(v);
    }
  }
  const index = new Map(names.map((name, i) => [name, i]));
  const column = (name: string): Float64Array => {
    const i = index.get(name);
    if (i === undefined) throw new InvalidParameterError('name', `${JSON.stringify(name)} was not read`);
    return columns[i]!;
  };
  return {
    time,
    names,
    columns,
    column,
    toMatrix(pick = names) {
      const cols = pick.map(column);
      const data = new Float64Array(n * cols.length);
      for (let i = 0; i < n; i++) for (let c = 0; c < cols.length; c++) data[i * cols.length + c] = cols[c]![i]!;
      return { rows: n, cols: cols.length, data };
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Predictions.

/** Predictions as columns, validated. */
export interface PredictionColumns {
  readonly n: number;
  readonly symbol: string[];
  readonly timeframe: string[];
  readonly ts: Float64Array;
  readonly targetTs: Float64Array;
  readonly horizon: Int32Array;
  readonly pUp: Float64Array;
  readonly direction: Int16Array;
  readonly confidence: Float64Array;
  readonly size: Float64Array;
  readonly modelVersion: Int32Array;
  readonly members: string[];
}

/** Validates predictions (each problem names its row) and lays them out as columns; duplicates keys are rejected. */
export function predictionColumns(rows: readonly PredictionInput[]): PredictionColumns {
  if (!Array.isArray(rows)) throw new InvalidParameterError('rows', 'expected an array of predictions');
  const n = rows.length;
  const out: PredictionColumns = {
    n,
    symbol: new Array<string>(n),
    timeframe: new Array<string>(n),
    ts: new Float64Array(n),
    targetTs: new Float64Array(n),
    horizon: new Int32Array(n),
    pUp: new Float64Array(n),
    direction: new Int16Array(n),
    confidence: new Float64Array(n),
    size: new Float64Array(n),
    modelVersion: new Int32Array(n),
    members: new Array<string>(n),
  };
  const keys = new Set<string>();
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    const at = (field: string) => `rows[${i}].${field}`;
    if (r === null || typeof r !== 'object') throw new InvalidParameterError(`rows[${i}]`, 'expected a prediction object');
    if (typeof r.symbol !== 'string' || r.symbol === '') throw new InvalidParameterError(at('symbol'), 'expected a non-empty string');
    if (typeof r.timeframe !== 'string' || !STORE_TIMEFRAMES.has(r.timeframe)) throw new InvalidParameterError(at('timeframe'), `unsupported timeframe ${JSON.stringify(r.timeframe)}`);
    const ts = toEpochMs(r.ts);
    if (!Number.isFinite(ts)) throw new InvalidParameterError(at('ts'), `not a time: ${JSON.stringify(String(r.ts))}`);
    if (!Number.isInteger(r.horizon) || r.horizon <= 0) throw new InvalidParameterError(at('horizon'), `expected a positive integer, got ${r.horizon}`);
    const target = r.targetTs === undefined ? ts + r.horizon * timeframeMs(r.timeframe as Timeframe) : toEpochMs(r.targetTs);
    if (!Number.isFinite(target) || target <= ts) throw new InvalidParameterError(at('targetTs'), 'must be a time after ts');
    if (!(r.pUp >= 0 && r.pUp <= 1)) throw new InvalidParameterError(at('pUp'), `expected a probability in [0, 1], got ${r.pUp}`);
    if (r.direction !== -1 && r.direction !== 0 && r.direction !== 1) throw new InvalidParameterError(at('direction'), `expected -1, 0 or 1, got ${r.direction}`);
    if (!(r.confidence >= 0 && r.confidence <= 1)) throw new InvalidParameterError(at('confidence'), `expected a value in [0, 1], got ${r.confidence}`);
    const size = r.size ?? 0;
    if (!(size >= 0 && Number.isFinite(size))) throw new InvalidParameterError(at('size'), `expected a finite size >= 0, got ${size}`);
    if (!Number.isInteger(r.modelVersion) || r.modelVersion <= 0 || r.modelVersion > 2147483647) throw new InvalidParameterError(at('modelVersion'), `expected a positive integer, got ${r.modelVersion}`);
    const members = r.members ?? {};
    if (members === null || typeof members !== 'object' || Array.isArray(members)) throw new InvalidParameterError(at('members'), 'expected an object of member probabilities');
    for (const [k, v] of Object.entries(members)) {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidParameterError(at(`members.${k}`), `expected a finite number, got ${String(v)}`);
    }
    const key = `${r.symbol}\u0000${r.timeframe}\u0000${ts}\u0000${r.horizon}\u0000${r.modelVersion}`;
    if (keys.has(key)) throw new InvalidParameterError(`rows[${i}]`, 'the same prediction (symbol, timeframe, ts, horizon, modelVersion) appears twice in one write');
    keys.add(key);
    out.symbol[i] = r.symbol;
    out.timeframe[i] = r.timeframe;
    out.ts[i] = ts;
    out.targetTs[i] = target;
    out.horizon[i] = r.horizon;
    out.pUp[i] = r.pUp;
    out.direction[i] = r.direction;
    out.confidence[i] = r.confidence;
    out.size[i] = size;
    out.modelVersion[i] = r.modelVersion;
    out.members[i] = JSON.stringify(members);
  }
  return out;
}

const PREDICTION_COLUMNS = ['symbol', 'timeframe', 'ts', 'target_ts', 'horizon', 'p_up', 'direction', 'confidence', 'size', 'model_version', 'members'];
const PREDICTION_VALUES = ['p_up', 'direction', 'confidence', 'size', 'members', 'target_ts'];

function predictionConflict(onConflict: 'ignore' | 'update'): string {
  if (onConflict === 'ignore') return 'ON CONFLICT (symbol, timeframe, ts, horizon, model_version) DO NOTHING';
  const set = PREDICTION_VALUES.map((c) => `${c} = EXCLUDED.${c}`).join(', ');
  const distinct = `(p.${PREDICTION_VALUES.join(', p.')}) IS DISTINCT FROM (EXCLUDED.${PREDICTION_VALUES.join(', EXCLUDED.')})`;
  return `ON CONFLICT (symbol, timeframe, ts, horizon, model_version) DO UPDATE SET ${set} WHERE ${distinct}`;
}

/** Writes prediction columns through a session (chunked `unnest`, or COPY into a staging table); returns rows written. */
export async function writePredictionColumns(
  s: SqlSession,
  p: PredictionColumns,
  onConflict: 'ignore' | 'update',
  method: BulkMethod,
  chunkRows: number,
): Promise<number> {
  const cols = PREDICTION_COLUMNS.join(', ');
  const conflict = predictionConflict(onConflict);
  if (method === 'copy') {
    await s.query(
      `CREATE TEMP TABLE IF NOT EXISTS alpha_v4_stage_predictions AS SELECT ${cols} FROM alpha_v4.predictions WITH NO DATA`,
    );
    await s.query('TRUNCATE alpha_v4_stage_predictions');
    await s.copyFrom(`alpha_v4_stage_predictions (${cols})`, 'WITH (FORMAT binary)', predictionCopyBinary(p, chunkRows));
    const r = await s.query(`INSERT INTO alpha_v4.predictions AS p (${cols}) SELECT ${cols} FROM alpha_v4_stage_predictions ${conflict}`);
    await s.query('DROP TABLE alpha_v4_stage_predictions');
    return r.rowCount;
  }
  const text = `INSERT INTO alpha_v4.predictions AS p (${cols})
    SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::int4[], $6::float8[], $7::int2[],
                         $8::float8[], $9::float8[], $10::int4[], $11::jsonb[]) ${conflict}`;
  let written = 0;
  for (let start = 0; start < p.n; start += chunkRows) {
    const end = Math.min(p.n, start + chunkRows);
    const r = await s.query(text, [
      textArray(p.symbol.slice(start, end)),
      textArray(p.timeframe.slice(start, end)),
      timestampArray(p.ts.subarray(start, end)),
      timestampArray(p.targetTs.subarray(start, end)),
      intArray(p.horizon.subarray(start, end)),
      float8Array(p.pUp.subarray(start, end)),
      intArray(p.direction.subarray(start, end)),
      float8Array(p.confidence.subarray(start, end)),
      float8Array(p.size.subarray(start, end)),
      intArray(p.modelVersion.subarray(start, end)),
      textArray(p.members.slice(start, end)),
    ]);
    written += r.rowCount;
  }
  return written;
}

/** Binary COPY data of prediction columns, in chunks of `chunkRows` rows (the staging-table layout). */
export function* predictionCopyBinary(p: PredictionColumns, chunkRows: number): Generator<Uint8Array> {
  const w = new BinaryCopyWriter(Math.min(p.n, chunkRows) * 160 + 32);
  const texts = new Map<string, Uint8Array>();
  const text = (t: string) => {
    let b = texts.get(t);
    if (!b) {
      b = utf8Bytes(t);
      if (texts.size < 10_000) texts.set(t, b);
    }
    return b;
  };
  w.header();
  for (let start = 0; start < p.n; start += chunkRows) {
    const end = Math.min(p.n, start + chunkRows);
    for (let i = start; i < end; i++) {
      w.row(11).bytes(text(p.symbol[i]!)).bytes(text(p.timeframe[i]!)).timestamptz(p.ts[i]!).timestamptz(p.targetTs[i]!).int4(p.horizon[i]!);
      w.float8(p.pUp[i]!).int2(p.direction[i]!).float8(p.confidence[i]!).float8(p.size[i]!).int4(p.modelVersion[i]!).jsonb(utf8Bytes(p.members[i]!));
    }
    if (end === p.n) w.trailer();
    yield w.take();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Models.

const MODEL_COLUMNS = 'symbol, timeframe, version, format, model_binary, checksum, feature_names, metrics, train_start, train_end, created_at';

interface ModelRow {
  symbol: string;
  timeframe: StoreTimeframe;
  version: number;
  format: string;
  model_binary: Uint8Array;
  checksum: string;
  feature_names: string[];
  metrics: JsonObject | string;
  train_start: Date | null;
  train_end: Date | null;
  created_at: Date;
}

interface ActiveRow {
  previous_version: number | null;
  activated_at: Date;
}

function bytes(b: Uint8Array): Uint8Array {
  // node-postgres returns a Buffer; hand out a plain Uint8Array view of the same memory.
  return Object.getPrototypeOf(b) === Uint8Array.prototype ? b : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

function toStoredModel(r: ModelRow): StoredModel {
  return {
    symbol: r.symbol,
    timeframe: r.timeframe,
    version: Number(r.version),
    format: r.format,
    binary: bytes(r.model_binary),
    checksum: r.checksum,
    featureNames: r.feature_names,
    metrics: typeof r.metrics === 'string' ? (JSON.parse(r.metrics) as JsonObject) : r.metrics,
    trainStart: r.train_start,
    trainEnd: r.train_end,
    createdAt: r.created_at,
  };
}

function toActiveModel(r: ModelRow & ActiveRow): ActiveModel {
  return { ...toStoredModel(r), previousVersion: r.previous_version === null ? null : Number(r.previous_version), activatedAt: r.activated_at };
}

function checkModelInput(input: ModelVersionInput) {
  if (input === null || typeof input !== 'object') throw new InvalidParameterError('input', 'expected a model version object');
  const symbol = requireSymbol(input.symbol);
  const timeframe = requireStoreTimeframe(input.timeframe);
  if (typeof input.format !== 'string' || input.format === '') throw new InvalidParameterError('format', 'expected a non-empty string');
  if (!(input.binary instanceof Uint8Array) || input.binary.length === 0) throw new InvalidParameterError('binary', 'expected a non-empty Uint8Array');
  if (!Array.isArray(input.featureNames) || input.featureNames.some((n) => typeof n !== 'string')) {
    throw new InvalidParameterError('featureNames', 'expected an array of strings');
  }
  const metrics = input.metrics ?? {};
  if (metrics === null || typeof metrics !== 'object' || Array.isArray(metrics)) throw new InvalidParameterError('metrics', 'expected a JSON object');
  const time = (v: Date | number | string | null | undefined, name: string) => (v === undefined || v === null ? null : timestampText(requireTime(v, name)));
  const trainStart = time(input.trainStart, 'trainStart');
  const trainEnd = time(input.trainEnd, 'trainEnd');
  if (trainStart !== null && trainEnd !== null && trainStart > trainEnd) throw new InvalidParameterError('trainEnd', 'the training window ends before it starts');
  return {
    symbol,
    timeframe,
    format: input.format,
    binary: input.binary,
    featureNames: textArray([...input.featureNames]),
    metrics: JSON.stringify(metrics),
    trainStart,
    trainEnd,
    activate: input.activate === true,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Metrics and jobs.

interface JobRow {
  name: string;
  schedule: string;
  last_started_at: Date | null;
  last_finished_at: Date | null;
  last_status: 'succeeded' | 'failed' | null;
  last_error: string | null;
  runs: string | number;
}

function toJob(r: JobRow): JobStatus {
  return {
    name: r.name,
    schedule: r.schedule,
    lastStartedAt: r.last_started_at,
    lastFinishedAt: r.last_finished_at,
    lastStatus: r.last_status,
    lastError: r.last_error,
    runs: Number(r.runs),
  };
}

function num(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

function metricsKey(r: Record<string, unknown>): MetricsKey {
  return { symbol: r.symbol as string, timeframe: r.timeframe as string, horizon: Number(r.horizon), modelVersion: Number(r.model_version) };
}

function toAccuracy(r: Record<string, unknown>): AccuracyMetrics {
  return {
    ...metricsKey(r),
    nPredictions: Number(r.n_predictions),
    nDirectional: Number(r.n_directional),
    nCorrect: Number(r.n_correct),
    accuracy: num(r.accuracy),
    coverage: Number(r.coverage),
    brier: num(r.brier),
    meanPUp: Number(r.mean_p_up),
    baseRate: Number(r.base_rate),
    firstTs: r.first_ts as Date,
    lastTs: r.last_ts as Date,
    refreshedAt: r.refreshed_at as Date,
  };
}
