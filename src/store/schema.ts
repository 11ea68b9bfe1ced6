/**
 * The kysely `Database` type of the alpha_v4 store: every table and materialized view of the `alpha_v4` schema
 * (supabase/migrations), the candle sources it reads, and the migrator's bookkeeping table. The feature columns
 * come from the catalogue through the generated {@link FeatureColumns}.
 *
 * Conventions: `timestamptz` reads as `Date` and accepts `Date` or an ISO string; `bigint` counts read as
 * `string | number | bigint` (node-postgres returns strings, PGlite numbers: convert with `Number`); `bytea` reads
 * as `Uint8Array` (a `Buffer` on node-postgres); `jsonb` reads parsed.
 */
import type { ColumnType } from 'kysely';
import type { Timeframe } from '../core/timeframe.js';
import type { FeatureColumns } from './feature-columns.js';

/** A `timestamptz` column: read as `Date`, written as `Date` or an ISO-8601 string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A `timestamptz` column with a default (`now()`). */
export type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A `bigint` (int8) value as the drivers return it. */
export type Int8 = ColumnType<string | number | bigint, string | number | bigint, string | number | bigint>;
/** A `bytea` column. */
export type Bytea = ColumnType<Uint8Array, Uint8Array, Uint8Array>;
/** A JSON value. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
/** A JSON object. */
export type JsonObject = { [key: string]: Json };
/** A `jsonb` column holding an object, written as an object or its JSON text. */
export type JsonbObject = ColumnType<JsonObject, JsonObject | string, JsonObject | string>;
/** A `jsonb` column holding an object, with a default (`'{}'`). */
export type GeneratedJsonbObject = ColumnType<JsonObject, JsonObject | string | undefined, JsonObject | string>;
/** A view column: read only. */
export type ViewColumn<T> = ColumnType<T, never, never>;

/** The timeframes the schema accepts (`CHECK (timeframe IN (...))`): core's {@link Timeframe}, every one of `TIMEFRAMES`. */
export type StoreTimeframe = Timeframe;

/** A candle source: `indicators.ohlcv_15m`, `indicators.ohlcv_1h`, `training.spot_15m` (or a user's table or view). */
export interface CandleTable {
  symbol: string;
  /** Candle open time. */
  ts: Timestamp;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** `alpha_v4.settings`: configuration read by the SQL jobs. */
export interface SettingsTable {
  key: string;
  value: string;
  description: ColumnType<string, string | undefined, string>;
  updated_at: GeneratedTimestamp;
}

/** The columns shared by `alpha_v4.model_versions` and `alpha_v4.models`. */
interface ModelColumns {
  symbol: string;
  timeframe: StoreTimeframe;
  format: string;
  model_binary: Bytea;
  /** Lowercase hex sha256 of model_binary (checked by the database). */
  checksum: string;
  feature_names: string[];
  metrics: GeneratedJsonbObject;
  train_start: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  train_end: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** `alpha_v4.model_versions`: every saved version, at most 10 per symbol and timeframe (pruned by trigger). */
export interface ModelVersionsTable extends ModelColumns {
  /** Assigned by the database (previous maximum + 1) when inserted as NULL. */
  version: ColumnType<number, number | null | undefined, number>;
  created_at: GeneratedTimestamp;
}

/** `alpha_v4.models`: the active model per symbol and timeframe (a copy of its model_versions row). */
export interface ModelsTable extends ModelColumns {
  version: number;
  /** The version active before this one, for rollback. */
  previous_version: number | null;
  created_at: Timestamp;
  activated_at: GeneratedTimestamp;
}

/** `alpha_v4.feature_store_15m` / `_1h`: one row per (symbol, candle open time), one column per feature. */
export type FeatureStoreTable = { symbol: string; ts: Timestamp } & FeatureColumns;

/** `alpha_v4.mv_features_15m` / `_1h`: the feature store's last 90 days. */
export type FeatureViewTable = { symbol: ViewColumn<string>; ts: ViewColumn<Date> } & {
  [K in keyof FeatureColumns]: ViewColumn<number | null>;
};

/** The predicted values shared by `alpha_v4.predictions` and `alpha_v4.predictions_archive`. */
interface PredictionValues {
  symbol: string;
  /** Open time of the candle at whose close the prediction was made. */
  ts: Timestamp;
  /** Open time of the predicted candle (ts + horizon candles). */
  target_ts: Timestamp;
  horizon: number;
  p_up: number;
  /** -1 short, 0 no trade, 1 long. */
  direction: number;
  confidence: number;
  model_version: number;
}

/** `alpha_v4.predictions`: partitioned by month of ts; unique per (symbol, timeframe, ts, horizon, model_version). */
export interface PredictionsTable extends PredictionValues {
  timeframe: StoreTimeframe;
  size: ColumnType<number, number | undefined, number>;
  /** Per-member probabilities, e.g. `{"gbdt": 0.61, "mlp": 0.57}`. */
  members: GeneratedJsonbObject;
  /** 1 when close(target_ts) > close(ts); filled by `alpha_v4.resolve_predictions()`. */
  outcome: ColumnType<number | null, number | null | undefined, number | null>;
  realized_return: ColumnType<number | null, number | null | undefined, number | null>;
  resolved_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: GeneratedTimestamp;
}

/** `alpha_v4.predictions_archive`: predictions past the 180-day retention window. */
export interface PredictionsArchiveTable extends PredictionValues {
  timeframe: string;
  size: number;
  members: JsonbObject;
  outcome: number | null;
  realized_return: number | null;
  resolved_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  created_at: Timestamp;
  archived_at: GeneratedTimestamp;
}

/** `alpha_v4.performance_log`: resolved-prediction metrics per 15-minute bucket (see docs/store.md for the formulas). */
export interface PerformanceLogTable {
  symbol: string;
  timeframe: string;
  horizon: number;
  model_version: number;
  /** Start of the 15-minute bucket. */
  ts: Timestamp;
  n_predictions: number;
  n_directional: number;
  n_correct: number;
  accuracy: number | null;
  brier: number | null;
  log_loss: number | null;
  mean_p_up: number | null;
  base_rate: number | null;
  strategy_return: number | null;
  /** The 95% Wilson score interval of accuracy (z = 1.959963984540054); NULL without directional predictions. */
  accuracy_lower: number | null;
  accuracy_upper: number | null;
  /** The setting `confidence_threshold` the bucket was computed with. */
  confidence_threshold: number | null;
  /** Directional predictions with max(p_up, 1 - p_up) >= confidence_threshold, and how many of them were correct. */
  n_confident: number | null;
  n_confident_correct: number | null;
  /** n_confident_correct / n_confident. */
  confident_accuracy: number | null;
  /** n_confident / n_directional. */
  coverage: number | null;
  /** Expected calibration error over 10 equal-width bins of p_up. */
  ece: number | null;
  /** Sum of (direction * size * realized_return)^2, so that windows can aggregate a variance. */
  sum_sq_return: number | null;
  /** Annualised Sharpe ratio over the trailing `performance_sharpe_window` of buckets up to this one. */
  sharpe: number | null;
  updated_at: GeneratedTimestamp;
}

/** `alpha_v4.feature_stream_state`: a serialized feature stream per (symbol, timeframe, key). */
export interface FeatureStreamStateTable {
  symbol: string;
  timeframe: StoreTimeframe;
  /** The caller's identifier of the feature list (e.g. a hash of the model's feature names). */
  key: string;
  /** Open time of the last candle the state has seen. */
  ts: Timestamp;
  state: ColumnType<Json, Json | string, Json | string>;
  updated_at: GeneratedTimestamp;
}

/**
 * The kinds of `alpha_v4.model_events` (its CHECK).
 *
 * @example
 * ```ts
 * MODEL_EVENT_KINDS.includes('fallback') // => true
 * ```
 */
export const MODEL_EVENT_KINDS = ['activated', 'load_error', 'checksum_mismatch', 'prediction_error', 'nan_output', 'fallback', 'recovered'] as const;
/** One kind of model event. */
export type ModelEventKind = (typeof MODEL_EVENT_KINDS)[number];

/** `alpha_v4.model_events`: activations, failures, fallbacks and recoveries of the model serving a market. */
export interface ModelEventsTable {
  id: ColumnType<string | number | bigint, never, never>;
  symbol: string;
  timeframe: StoreTimeframe;
  at: GeneratedTimestamp;
  kind: ModelEventKind;
  /** The version that failed, or that was activated. */
  version: ColumnType<number | null, number | null | undefined, number | null>;
  /** The version serving after the event; NULL when nothing could serve. */
  served_version: ColumnType<number | null, number | null | undefined, number | null>;
  detail: ColumnType<string | null, string | null | undefined, string | null>;
}

/** `alpha_v4.feature_importance_history`. */
export interface FeatureImportanceHistoryTable {
  symbol: string;
  timeframe: string;
  model_version: number;
  /** 'gain', 'weight', 'cover', 'shap', 'permutation', ... */
  method: string;
  computed_at: Timestamp;
  feature: string;
  importance: number;
  rank: number | null;
}

/** `alpha_v4.ab_test_results`: A/B comparisons per window. */
export interface AbTestResultsTable {
  test_name: string;
  symbol: string;
  timeframe: string;
  window_start: Timestamp;
  window_end: Timestamp;
  champion: string;
  challenger: string;
  n_samples: number;
  champion_accuracy: number | null;
  challenger_accuracy: number | null;
  champion_brier: number | null;
  challenger_brier: number | null;
  champion_sharpe: number | null;
  challenger_sharpe: number | null;
  p_value: number | null;
  winner: 'champion' | 'challenger' | 'none' | null;
  details: GeneratedJsonbObject;
  created_at: GeneratedTimestamp;
}

/** The grouping columns of the dashboard views. */
interface DashboardKey {
  symbol: ViewColumn<string>;
  timeframe: ViewColumn<string>;
  horizon: ViewColumn<number>;
  model_version: ViewColumn<number>;
}

/** `alpha_v4.mv_accuracy_7d` / `mv_accuracy_30d`. */
export interface AccuracyView extends DashboardKey {
  n_predictions: ViewColumn<string | number | bigint>;
  n_directional: ViewColumn<string | number | bigint>;
  n_correct: ViewColumn<string | number | bigint>;
  accuracy: ViewColumn<number | null>;
  coverage: ViewColumn<number>;
  brier: ViewColumn<number | null>;
  mean_p_up: ViewColumn<number>;
  base_rate: ViewColumn<number>;
  first_ts: ViewColumn<Date>;
  last_ts: ViewColumn<Date>;
  refreshed_at: ViewColumn<Date>;
}

/** `alpha_v4.mv_calibration_error`: ECE / MCE over 10 bins of p_up, last 30 days. */
export interface CalibrationErrorView extends DashboardKey {
  n_predictions: ViewColumn<string | number | bigint>;
  ece: ViewColumn<number>;
  mce: ViewColumn<number>;
  bins: ViewColumn<{ bin: number; n: number; mean_p: number; freq: number }[]>;
  refreshed_at: ViewColumn<Date>;
}

/** `alpha_v4.mv_sharpe_ratio`: the strategy's Sharpe ratio and drawdown, last 30 days. */
export interface SharpeRatioView extends DashboardKey {
  n_predictions: ViewColumn<string | number | bigint>;
  mean_return: ViewColumn<number | null>;
  stddev_return: ViewColumn<number | null>;
  sharpe: ViewColumn<number | null>;
  total_return: ViewColumn<number | null>;
  win_rate: ViewColumn<number | null>;
  max_drawdown: ViewColumn<number | null>;
  refreshed_at: ViewColumn<Date>;
}

/** `alpha_v4.jobs`: the maintenance jobs (pg_cron or the function fallback) and their last runs. */
export interface JobsTable {
  name: string;
  schedule: string;
  /** The period as an interval (node-postgres returns an object, PGlite a string). */
  period: ColumnType<unknown, string, string>;
  description: string;
  last_started_at: Date | null;
  last_finished_at: Date | null;
  last_status: 'succeeded' | 'failed' | null;
  last_error: string | null;
  runs: Int8;
}

/** `alpha_v4.work_items`: the work queue the workers share (see `enqueueWork`, `runNextWork`). */
export interface WorkItemsTable {
  id: ColumnType<string | number | bigint, never, never>;
  kind: string;
  symbol: ColumnType<string | null, string | null | undefined, string | null>;
  timeframe: ColumnType<StoreTimeframe | null, StoreTimeframe | null | undefined, StoreTimeframe | null>;
  due_at: Timestamp;
  available_at: Timestamp;
  payload: GeneratedJsonbObject;
  status: ColumnType<'pending' | 'done' | 'failed', 'pending' | 'done' | 'failed' | undefined, 'pending' | 'done' | 'failed'>;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  claimed_by: ColumnType<string | null, string | null | undefined, string | null>;
  done_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  done_by: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: GeneratedTimestamp;
}

/** `alpha_v4_meta.schema_migrations`: the migrations this library's migrator applied. */
export interface SchemaMigrationsTable {
  /** The file's version prefix, e.g. `20261127000100`. */
  version: string;
  name: string;
  /** Hex sha256 of the SQL text as applied. */
  checksum: string;
  applied_at: GeneratedTimestamp;
  execution_ms: number;
}

/**
 * The whole store as kysely sees it. Table keys are schema-qualified.
 *
 * @example
 * ```ts
 * const rows = await store.db.selectFrom('alpha_v4.predictions').select(['ts', 'p_up']).where('symbol', '=', 'BTC').execute()
 * ```
 */
export interface Database {
  'alpha_v4.settings': SettingsTable;
  'alpha_v4.model_versions': ModelVersionsTable;
  'alpha_v4.models': ModelsTable;
  'alpha_v4.feature_store_15m': FeatureStoreTable;
  'alpha_v4.feature_store_1h': FeatureStoreTable;
  'alpha_v4.mv_features_15m': FeatureViewTable;
  'alpha_v4.mv_features_1h': FeatureViewTable;
  'alpha_v4.predictions': PredictionsTable;
  'alpha_v4.predictions_archive': PredictionsArchiveTable;
  'alpha_v4.performance_log': PerformanceLogTable;
  'alpha_v4.feature_stream_state': FeatureStreamStateTable;
  'alpha_v4.model_events': ModelEventsTable;
  'alpha_v4.feature_importance_history': FeatureImportanceHistoryTable;
  'alpha_v4.ab_test_results': AbTestResultsTable;
  'alpha_v4.mv_accuracy_7d': AccuracyView;
  'alpha_v4.mv_accuracy_30d': AccuracyView;
  'alpha_v4.mv_calibration_error': CalibrationErrorView;
  'alpha_v4.mv_sharpe_ratio': SharpeRatioView;
  'alpha_v4.jobs': JobsTable;
  'alpha_v4.work_items': WorkItemsTable;
  'alpha_v4_meta.schema_migrations': SchemaMigrationsTable;
  'indicators.ohlcv_15m': CandleTable;
  'indicators.ohlcv_1h': CandleTable;
  'training.spot_15m': CandleTable;
}

/** The feature-store timeframes. */
export type FeatureTimeframe = '15m' | '1h';
/** The feature-store tables. */
export const FEATURE_STORE_TABLES = { '15m': 'alpha_v4.feature_store_15m', '1h': 'alpha_v4.feature_store_1h' } as const;
/** The materialized views of the store, in the order {@link AlphaStore.refreshViews} refreshes them. */
export const MATERIALIZED_VIEWS = [
  'mv_features_15m',
  'mv_features_1h',
  'mv_accuracy_7d',
  'mv_accuracy_30d',
  'mv_calibration_error',
  'mv_sharpe_ratio',
] as const;
/** The name of one materialized view in `alpha_v4`. */
export type MaterializedView = (typeof MATERIALIZED_VIEWS)[number];
