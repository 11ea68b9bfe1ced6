/** The Supabase store factory: one node-postgres pool per workload, sized by the seed system's split. */
import type { PoolConfig } from 'pg';
import { describeValue } from '../../core/describe.js';
import { checkStoreOptions, createStore } from '../create-store.js';
import { StoreError } from '../errors.js';
import { loadMigrations } from '../migrations.node.js';
import type { AlphaStore, StoreOptions } from '../types.js';
import { POOL_NAMES, type PoolName } from './driver.js';
import { importPg } from './optional-peer.node.js';
import { pgDriver, type PgPool } from './pg.node.js';

/**
 * The seed system's split of a Supabase project's 100 connections into named pools. Each store operation uses one
 * (see `OPERATION_POOLS`).
 *
 * @example
 * ```ts
 * SUPABASE_POOL_SPLIT // => { features: 20, training: 20, inference: 30, monitoring: 30 }
 * ```
 */
export const SUPABASE_POOL_SPLIT: Readonly<Record<PoolName, number>> = Object.freeze({ features: 20, training: 20, inference: 30, monitoring: 30 });

/** Options of {@link createSupabaseStore}. */
export interface SupabaseStoreOptions extends StoreOptions {
  /** The project's Postgres connection string (Settings > Database; the session pooler or a direct connection). */
  connectionString: string;
  /** Connections per named pool (default {@link SUPABASE_POOL_SPLIT}: 20 / 20 / 30 / 30). */
  pools?: Partial<Record<PoolName, number>>;
  /** Further node-postgres settings for every pool (e.g. `ssl`). */
  pool?: Omit<PoolConfig, 'connectionString' | 'max'>;
}

/** The pool sizes: the split with the caller's overrides, each name known and each size a positive integer. */
function poolSizes(pools: Partial<Record<PoolName, number>> | undefined): Record<PoolName, number> {
  if (pools !== undefined && (pools === null || typeof pools !== 'object' || Array.isArray(pools))) {
    throw new StoreError('STORE_CONFIG', `createSupabaseStore: pools must be an object of pool sizes, got ${describeValue(pools)}`);
  }
  const sizes = { ...SUPABASE_POOL_SPLIT, ...pools };
  for (const name of Object.keys(sizes)) {
    if (!(POOL_NAMES as readonly string[]).includes(name)) throw new StoreError('STORE_CONFIG', `createSupabaseStore: unknown pool ${describeValue(name)} (expected ${POOL_NAMES.join(', ')})`);
    const n = sizes[name as PoolName];
    if (!Number.isInteger(n) || n <= 0 || n > 10_000) throw new StoreError('STORE_CONFIG', `createSupabaseStore: pools.${name} must be an integer from 1 to 10000, got ${describeValue(n)}`);
  }
  return sizes;
}

/**
 * A store on a Supabase project's Postgres, with one node-postgres pool per workload sized by the seed system's
 * split (20 features, 20 training, 30 inference, 30 monitoring). Each pool's connections carry the
 * application_name `alpha_v4:<pool>`, so `pg_stat_activity` shows who holds what. The options are checked before
 * any pool is made.
 *
 * @example
 * ```ts
 * const store = await createSupabaseStore({ connectionString: process.env.SUPABASE_DB_URL!, pools: { inference: 40 } })
 * ```
 */
export async function createSupabaseStore(options: SupabaseStoreOptions): Promise<AlphaStore> {
  if (!options || typeof options.connectionString !== 'string' || options.connectionString === '' || options.connectionString.includes('\u0000')) {
    throw new StoreError('STORE_CONFIG', 'createSupabaseStore: connectionString is required');
  }
  checkStoreOptions(options, ['connectionString', 'pools', 'pool']);
  if (options.pool !== undefined && (options.pool === null || typeof options.pool !== 'object')) {
    throw new StoreError('STORE_CONFIG', `createSupabaseStore: pool must be an object of pg.Pool settings, got ${describeValue(options.pool)}`);
  }
  const sizes = poolSizes(options.pools);
  const pg = await importPg();
  const pools = {} as Record<PoolName, PgPool>;
  for (const name of POOL_NAMES) {
    const p = new pg.Pool({ application_name: `alpha_v4:${name}`, ...options.pool, connectionString: options.connectionString, max: sizes[name] });
    p.on('error', () => {});
    pools[name] = p as unknown as PgPool;
  }
  const { connectionString: _c, pools: _p, pool: _q, ...storeOptions } = options;
  return createStore(await pgDriver(pools, true), { migrations: loadMigrations, ...storeOptions });
}
