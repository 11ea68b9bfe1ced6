/**
 * Every relation and column of the kysely `Database` type, spelled out as values. The `Record<keyof ..., true>`
 * annotations make the type checker reject a list that misses or invents a key, so comparing these lists with the
 * database's catalogue (adapter.test.ts) compares the type itself with the migrations.
 */
import type { Database } from '../../src/store/index.js';

type Cols<T extends keyof Database> = Record<keyof Database[T] & string, true>;

const models: Cols<'alpha_v4.models'> = { symbol: true, timeframe: true, version: true, previous_version: true, format: true, model_binary: true, checksum: true, feature_names: true, metrics: true, train_start: true, train_end: true, created_at: true, activated_at: true };
const versions: Cols<'alpha_v4.model_versions'> = { symbol: true, timeframe: true, version: true, format: true, model_binary: true, checksum: true, feature_names: true, metrics: true, train_start: true, train_end: true, created_at: true };
const predictions: Cols<'alpha_v4.predictions'> = { symbol: true, timeframe: true, ts: true, target_ts: true, horizon: true, p_up: true, direction: true, confidence: true, size: true, model_version: true, members: true, outcome: true, realized_return: true, resolved_at: true, created_at: true };
const archive: Cols<'alpha_v4.predictions_archive'> = { ...predictions, archived_at: true };
const perf: Cols<'alpha_v4.performance_log'> = { symbol: true, timeframe: true, horizon: true, model_version: true, ts: true, n_predictions: true, n_directional: true, n_correct: true, accuracy: true, brier: true, log_loss: true, mean_p_up: true, base_rate: true, strategy_return: true, accuracy_lower: true, accuracy_upper: true, confidence_threshold: true, n_confident: true, n_confident_correct: true, confident_accuracy: true, coverage: true, ece: true, sum_sq_return: true, sharpe: true, updated_at: true };
const streamState: Cols<'alpha_v4.feature_stream_state'> = { symbol: true, timeframe: true, key: true, ts: true, state: true, updated_at: true };
const events: Cols<'alpha_v4.model_events'> = { id: true, symbol: true, timeframe: true, at: true, kind: true, version: true, served_version: true, detail: true };
const importance: Cols<'alpha_v4.feature_importance_history'> = { symbol: true, timeframe: true, model_version: true, method: true, computed_at: true, feature: true, importance: true, rank: true };
const ab: Cols<'alpha_v4.ab_test_results'> = { test_name: true, symbol: true, timeframe: true, window_start: true, window_end: true, champion: true, challenger: true, n_samples: true, champion_accuracy: true, challenger_accuracy: true, champion_brier: true, challenger_brier: true, champion_sharpe: true, challenger_sharpe: true, p_value: true, winner: true, details: true, created_at: true };
const accuracy: Cols<'alpha_v4.mv_accuracy_7d'> = { symbol: true, timeframe: true, horizon: true, model_version: true, n_predictions: true, n_directional: true, n_correct: true, accuracy: true, coverage: true, brier: true, mean_p_up: true, base_rate: true, first_ts: true, last_ts: true, refreshed_at: true };
const calibration: Cols<'alpha_v4.mv_calibration_error'> = { symbol: true, timeframe: true, horizon: true, model_version: true, n_predictions: true, ece: true, mce: true, bins: true, refreshed_at: true };
const sharpe: Cols<'alpha_v4.mv_sharpe_ratio'> = { symbol: true, timeframe: true, horizon: true, model_version: true, n_predictions: true, mean_return: true, stddev_return: true, sharpe: true, total_return: true, win_rate: true, max_drawdown: true, refreshed_at: true };
const jobs: Cols<'alpha_v4.jobs'> = { name: true, schedule: true, period: true, description: true, last_started_at: true, last_finished_at: true, last_status: true, last_error: true, runs: true };
const workItems: Cols<'alpha_v4.work_items'> = { id: true, kind: true, symbol: true, timeframe: true, due_at: true, available_at: true, payload: true, status: true, attempts: true, last_error: true, claimed_by: true, done_at: true, done_by: true, created_at: true };
const settings: Cols<'alpha_v4.settings'> = { key: true, value: true, description: true, updated_at: true };
const migrations: Cols<'alpha_v4_meta.schema_migrations'> = { version: true, name: true, checksum: true, applied_at: true, execution_ms: true };
const candles: Cols<'indicators.ohlcv_15m'> = { symbol: true, ts: true, open: true, high: true, low: true, close: true, volume: true };

/** Columns of every relation except the feature stores and their views (whose columns are the catalogue's). */
export const DATABASE_COLUMNS: Record<Exclude<keyof Database, `alpha_v4.${'feature_store' | 'mv_features'}_${'15m' | '1h'}`>, Record<string, true>> = {
  'alpha_v4.settings': settings,
  'alpha_v4.model_versions': versions,
  'alpha_v4.models': models,
  'alpha_v4.predictions': predictions,
  'alpha_v4.predictions_archive': archive,
  'alpha_v4.performance_log': perf,
  'alpha_v4.feature_stream_state': streamState,
  'alpha_v4.model_events': events,
  'alpha_v4.feature_importance_history': importance,
  'alpha_v4.ab_test_results': ab,
  'alpha_v4.mv_accuracy_7d': accuracy,
  'alpha_v4.mv_accuracy_30d': accuracy,
  'alpha_v4.mv_calibration_error': calibration,
  'alpha_v4.mv_sharpe_ratio': sharpe,
  'alpha_v4.jobs': jobs,
  'alpha_v4.work_items': workItems,
  'alpha_v4_meta.schema_migrations': migrations,
  'indicators.ohlcv_15m': candles,
  'indicators.ohlcv_1h': candles,
  'training.spot_15m': candles,
};

/** The feature stores and their 90-day views. */
export const FEATURE_RELATIONS = ['alpha_v4.feature_store_15m', 'alpha_v4.feature_store_1h', 'alpha_v4.mv_features_15m', 'alpha_v4.mv_features_1h'] as const satisfies readonly (keyof Database)[];
