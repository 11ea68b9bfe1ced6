/** The worker's store: PostgreSQL when a connection string is given, else the embedded PGlite default; migrated. */
import { createPgliteStore, createPostgresStore } from '../../src/node.js';
import type { AlphaStore } from '../../src/store/index.js';
import type { WorkerOptions } from './options.js';

/**
 * Opens and migrates the worker's store: `createPostgresStore(databaseUrl)` (a pool of 4 connections: one claims and
 * works, one listens, the rest enqueue) or `createPgliteStore(dataDir)` (in memory without a directory). Migrating is
 * idempotent, and concurrent migrators wait for each other, so every worker migrates at start.
 *
 * @example
 * ```ts
 * const store = await openStore({ databaseUrl: process.env.DATABASE_URL, dataDir: undefined, workerId: 'a' })
 * store.engine // => 'postgres'
 * ```
 */
export async function openStore(options: Pick<WorkerOptions, 'databaseUrl' | 'dataDir' | 'workerId'>): Promise<AlphaStore> {
  const store =
    options.databaseUrl !== undefined
      ? await createPostgresStore(options.databaseUrl, { pool: { max: 4, application_name: `alpha_v4:worker:${options.workerId}`.slice(0, 63) } })
      : await createPgliteStore(options.dataDir);
  try {
    await store.migrate();
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}
