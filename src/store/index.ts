/**
 * `@alpha-v4/core/store`: the alpha_v4 store, portable part. The kysely `Database` type of the whole schema, the
 * {@link AlphaStore} operations over any {@link StoreDriver}, the migrator and the backup format. The Node factories
 * (`createPgliteStore`, `createPostgresStore`, `createSupabaseStore`), the filesystem backup sink and the LISTEN
 * helper live in `@alpha-v4/core/node`.
 */
export {
  FEATURE_STORE_TABLES,
  MATERIALIZED_VIEWS,
  MODEL_EVENT_KINDS,
  type AbTestResultsTable,
  type AccuracyView,
  type Bytea,
  type CalibrationErrorView,
  type CandleTable,
  type Database,
  type FeatureImportanceHistoryTable,
  type FeatureStreamStateTable,
  type FeatureStoreTable,
  type FeatureTimeframe,
  type FeatureViewTable,
  type GeneratedJsonbObject,
  type GeneratedTimestamp,
  type Int8,
  type JobsTable,
  type Json,
  type JsonbObject,
  type JsonObject,
  type MaterializedView,
  type ModelEventKind,
  type ModelEventsTable,
  type ModelsTable,
  type ModelVersionsTable,
  type PerformanceLogTable,
  type PredictionsArchiveTable,
  type PredictionsTable,
  type SchemaMigrationsTable,
  type SettingsTable,
  type SharpeRatioView,
  type StoreTimeframe,
  type Timestamp,
  type ViewColumn,
  type WorkItemsTable,
} from './schema.js';
export { FEATURE_COLUMNS, type FeatureColumn, type FeatureColumns } from './feature-columns.js';
export { StoreError, type StoreErrorCode } from './errors.js';
export { POOL_NAMES, type PoolName, type SessionResult, type SqlSession, type StoreDriver, type StoreEngine } from './drivers/driver.js';
export type { PGliteLike, PGliteTxLike } from './drivers/pglite-like.js';
export { pgliteDriver, pgliteSession } from './drivers/pglite.js';
export { sessionDriver, type SessionDriver } from './drivers/session-driver.js';
export { parseMigrations, runMigrations, type ChangedMigrationPolicy, type MigrateOptions, type Migration, type MigrationResult } from './migrator.js';
export { createStore } from './create-store.js';
export type { AlphaStore, StoreOptions } from './types.js';
export { OPERATION_POOLS } from './ops/context.js';
export type { BulkMethod } from './ops/bulk.js';
export type { CandleQuery, CandleSources } from './ops/candles.js';
export type { CandleTableWrite, CandleTarget, WriteCandlesInput, WriteCandlesResult } from './ops/candles-write.js';
export type { FeatureStateInput, FeatureStateKey, StoredFeatureState } from './ops/feature-state.js';
export type { ModelEvent, ModelEventInput, ModelEventQuery } from './ops/model-events.js';
export type { FeatureBatch, FeatureFrameLike } from './ops/feature-batch.js';
export type { FeatureQuery, StoredFeatures, UpsertFeaturesOptions, UpsertResult } from './ops/features.js';
export type { PredictionInput } from './ops/prediction-columns.js';
export type { RetentionOptions, RetentionResult, WritePredictionsOptions, WritePredictionsResult } from './ops/predictions.js';
export type { ActiveModel, ModelVersionInfo, ModelVersionInput, SavedModel, StoredModel } from './ops/model-rows.js';
export type { JobName, JobStatus, RefreshOptions, RefreshResult } from './ops/jobs.js';
export type { AccuracyMetrics, CalibrationMetrics, MetricsKey, MetricsQuery, SharpeMetrics, StoreMetrics } from './ops/metrics.js';
export type { StoreCapabilities } from './ops/setup.js';
export { enqueueWork, runNextWork, type EnqueueResult, type RunWorkOptions, type WorkContext, type WorkHandler, type WorkResult } from './ops/work-queue.js';
export type { WorkItem, WorkItemInput, WorkStatus } from './ops/work-items.js';
export { BACKUP_BUCKETS, type BackupBucket, type BackupSink } from './backup/sink.js';
export { backupId, backupTime, listBackups, type BackupFile, type BackupManifest } from './backup/manifest.js';
export { parseCsv } from './backup/csv.js';
export { exportBackup, type ExportBackupOptions, type ExportBackupResult } from './backup/export.js';
export { restoreBackup, type RestoreBackupOptions, type RestoreBackupResult } from './backup/restore.js';
export { BACKUP_RETENTION_DAYS, pruneBackups } from './backup/prune.js';
export { createSupabaseBackupSink, type StorageClientLike, type StorageFileApiLike } from './backup/supabase-sink.js';
