/**
 * The Node factories of the alpha_v4 store (exported from `@alpha-v4/core/node`): PGlite on a directory or in memory
 * (the embedded default), node-postgres on a pool or connection string, and Supabase with named pools. They load
 * the package's supabase/migrations for `AlphaStore.migrate`. pg, pg-copy-streams and @electric-sql/pglite are
 * optional peer dependencies, imported only when a factory needs them. Also: the filesystem backup sink and the
 * LISTEN helper for new candles.
 */
export { loadMigrations, migrationsDirectory } from './migrations.node.js';
export { createPgliteStore, type PgliteStoreOptions } from './drivers/pglite-store.node.js';
export { createPostgresStore, type PostgresStoreOptions } from './drivers/postgres-store.node.js';
export { createSupabaseStore, SUPABASE_POOL_SPLIT, type SupabaseStoreOptions } from './drivers/supabase-store.node.js';
export { pgDriver, storePgPools, type PgPool } from './drivers/pg.node.js';
export { createFsBackupSink } from './backup/fs-sink.node.js';
export { listenForCandles, type CandleListener, type CandleNotification, type ListenOptions } from './listen.node.js';
