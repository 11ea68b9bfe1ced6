/** The PostgreSQL server store factory, through node-postgres: on a pool you own, or on a connection string. */
import type { PoolConfig } from 'pg';
import { checkStoreOptions, createStore } from '../create-store.js';
import { StoreError } from '../errors.js';
import { loadMigrations } from '../migrations.node.js';
import type { AlphaStore, StoreOptions } from '../types.js';
import { importPg } from './optional-peer.node.js';
import { pgDriver, type PgPool } from './pg.node.js';

/** Options of {@link createPostgresStore}. */
export interface PostgresStoreOptions extends StoreOptions {
  /** Pool settings when a connection string is given (default max 10, application_name 'alpha_v4'). */
  pool?: PoolConfig;
}

/**
 * A store on a PostgreSQL server through node-postgres: pass a `pg.Pool` (left open by `store.close()`) or a
 * connection string (a pool is created and closed with the store). Needs the optional peer `pg`; COPY additionally
 * needs `pg-copy-streams`. The options are checked before a pool is made (`options.pool` only goes with a connection
 * string).
 *
 * @example
 * ```ts
 * const store = await createPostgresStore(process.env.DATABASE_URL!)
 * ```
 */
export async function createPostgresStore(pool: PgPool | string, options?: PostgresStoreOptions): Promise<AlphaStore> {
  checkStoreOptions(options, ['pool']);
  const { pool: poolConfig, ...storeOptions } = options ?? {};
  if (poolConfig !== undefined && (typeof pool !== 'string' || poolConfig === null || typeof poolConfig !== 'object')) {
    throw new StoreError('STORE_CONFIG', 'createPostgresStore: options.pool (an object of pg.Pool settings) goes only with a connection string');
  }
  if (typeof pool === 'string') {
    if (pool === '' || pool.includes('\u0000')) throw new StoreError('STORE_CONFIG', 'createPostgresStore: the connection string is empty or contains NUL');
    const pg = await importPg();
    const created = new pg.Pool({ max: 10, application_name: 'alpha_v4', ...poolConfig, connectionString: pool });
    created.on('error', () => {}); // an idle client's connection died: the pool drops it
    const p = created as unknown as PgPool;
    return createStore(await pgDriver({ features: p, training: p, inference: p, monitoring: p }, true), { migrations: loadMigrations, ...storeOptions });
  }
  if (!pool || typeof pool.connect !== 'function') throw new StoreError('STORE_CONFIG', 'createPostgresStore: expected a pg.Pool or a connection string');
  return createStore(await pgDriver({ features: pool, training: pool, inference: pool, monitoring: pool }, false), { migrations: loadMigrations, ...storeOptions });
}
