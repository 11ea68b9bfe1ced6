/**
 * `@alpha-v4/core/store`: the alpha_v4 store, portable part. The kysely `Database` type of the whole schema, the
 * {@link AlphaStore} operations over any {@link StoreDriver}, the migrator and the backup format. The Node factories
 * (`createPgliteStore`, `createPostgresStore`, `createSupabaseStore`), the filesystem backup sink and the LISTEN
 * helper live in `@alpha-v4/core/node`.
 */
export * from './schema.js';
export * from './feature-columns.js';
export { StoreError, type StoreErrorCode } from './errors.js';
export {
  POOL_NAMES,
  pgliteDriver,
  pgliteSession,
  type PoolName,
  type StoreEngine,
  type SessionResult,
  type SqlSession,
  type StoreDriver,
  type PGliteLike,
  type PGliteTxLike,
} from './driver.js';
export { parseMigrations, runMigrations, type Migration, type MigrateOptions, type MigrationResult, type ChangedMigrationPolicy } from './migrator.js';
export {
  createStore,
  OPERATION_POOLS,
  type AlphaStore,
  type StoreOptions,
  type CandleSources,
  type CandleQuery,
  type FeatureFrameLike,
  type FeatureBatch,
  type BulkMethod,
  type UpsertFeaturesOptions,
  type UpsertResult,
  type FeatureQuery,
  type StoredFeatures,
  type PredictionInput,
  type WritePredictionsOptions,
  type WritePredictionsResult,
  type ModelVersionInput,
  type StoredModel,
  type ActiveModel,
  type SavedModel,
  type ModelVersionInfo,
  type RefreshOptions,
  type RefreshResult,
  type RetentionOptions,
  type RetentionResult,
  type MetricsQuery,
  type MetricsKey,
  type AccuracyMetrics,
  type CalibrationMetrics,
  type SharpeMetrics,
  type JobStatus,
  type JobName,
  type StoreMetrics,
  type StoreCapabilities,
} from './store.js';
export {
  BACKUP_BUCKETS,
  BACKUP_RETENTION_DAYS,
  backupId,
  backupTime,
  createSupabaseBackupSink,
  exportBackup,
  listBackups,
  parseCsv,
  pruneBackups,
  restoreBackup,
  type BackupBucket,
  type BackupFile,
  type BackupManifest,
  type BackupSink,
  type ExportBackupOptions,
  type ExportBackupResult,
  type RestoreBackupOptions,
  type RestoreBackupResult,
  type StorageClientLike,
  type StorageFileApiLike,
} from './backup.js';
