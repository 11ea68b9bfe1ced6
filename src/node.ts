/**
 * `@alpha-v4/core/node`: the Node-only parts (worker threads, files, database drivers), kept out of the portable
 * entries so that `@alpha-v4/core` itself runs in Deno, browsers and plv8.
 * @module
 */
export { computeFeaturesParallel, FeatureWorkerError, type ParallelOptions } from './features/parallel.node.js';
export { trainGBDTParallel, type ParallelTrainOptions } from './ensemble/gbdt/parallel.node.js';
export { createTreeScorerPool, type TreeScorerPool, type TreeScorerPoolOptions } from './ensemble/gbdt/predict-parallel.node.js';
export { trainMLPParallel, type MLPParallelOptions } from './ensemble/mlp/parallel.node.js';
export {
  loadMigrations,
  migrationsDirectory,
  createPgliteStore,
  createPostgresStore,
  createSupabaseStore,
  SUPABASE_POOL_SPLIT,
  pgDriver,
  storePgPools,
  createFsBackupSink,
  listenForCandles,
  type PgliteStoreOptions,
  type PostgresStoreOptions,
  type SupabaseStoreOptions,
  type PgPool,
  type CandleListener,
  type CandleNotification,
  type ListenOptions,
} from './store/index.node.js';
