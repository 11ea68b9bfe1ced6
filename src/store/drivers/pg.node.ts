/**
 * The node-postgres driver: a {@link StoreDriver} over `pg` pools, one per pool name (the same pool may serve
 * several names), with kysely's `PostgresDialect` on each.
 */
import { Kysely, PostgresDialect } from 'kysely';
import type { Pool, PoolClient, PoolConfig } from 'pg';
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import { StoreError } from '../errors.js';
import type { Database } from '../schema.js';
import type { AlphaStore } from '../types.js';
import { POOL_NAMES, type PoolName, type StoreDriver } from './driver.js';
import { loadCopyFrom, pgSession } from './pg-session.node.js';

/** A node-postgres pool, or anything with the same `connect()` / `end()` / `on()`. */
export type PgPool = Pick<Pool, 'connect' | 'end' | 'on'> & { options?: PoolConfig; totalCount?: number };

const PG_POOLS = new WeakMap<StoreDriver, Record<PoolName, PgPool>>();

/**
 * The node-postgres pools behind a store's driver (for tests and tools): the same object for every name outside
 * Supabase; undefined for a driver `pgDriver` did not make (PGlite).
 *
 * @example
 * ```ts
 * storePgPools(store)?.inference.totalCount // => connections the inference pool holds now
 * ```
 */
export function storePgPools(store: AlphaStore): Readonly<Record<PoolName, PgPool>> | undefined {
  return PG_POOLS.get(store.driver);
}

/**
 * A driver over node-postgres pools (one per name; the same pool may serve several names). Each transaction checks
 * out one client, runs `BEGIN` ... `COMMIT` (or `ROLLBACK`), and releases the client, destroying it when its
 * connection died. COPY is available when the optional peer `pg-copy-streams` is installed.
 *
 * @param owns - whether {@link StoreDriver.destroy} ends the pools.
 *
 * @example
 * ```ts
 * const pool = new pg.Pool({ connectionString })
 * const store = createStore(await pgDriver({ features: pool, training: pool, inference: pool, monitoring: pool }, false))
 * ```
 */
export async function pgDriver(pools: Record<PoolName, PgPool>, owns: boolean): Promise<StoreDriver> {
  if (pools === null || typeof pools !== 'object') throw new InvalidParameterError('pools', `expected a pool per name (${POOL_NAMES.join(', ')}), got ${describeValue(pools)}`);
  for (const name of POOL_NAMES) {
    if (typeof pools[name]?.connect !== 'function') throw new InvalidParameterError(`pools.${name}`, `expected a pg.Pool, got ${describeValue(pools[name])}`);
  }
  if (typeof owns !== 'boolean') throw new InvalidParameterError('owns', `expected true or false, got ${describeValue(owns)}`);
  const copyFrom = await loadCopyFrom();
  const kyselys = new Map<PgPool, Kysely<Database>>();
  const dbs = {} as Record<PoolName, Kysely<Database>>;
  for (const name of POOL_NAMES) {
    const pool = pools[name];
    let db = kyselys.get(pool);
    if (!db) {
      db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool as never }) });
      kyselys.set(pool, db);
    }
    dbs[name] = db;
  }
  const driver: StoreDriver = {
    engine: 'postgres',
    pools: dbs,
    canCopy: copyFrom !== undefined,
    async transaction(name, fn) {
      const client = (await pools[name].connect()) as PoolClient;
      let failure: unknown;
      // A connection that dies while checked out emits 'error' on the client; without a listener that would crash.
      const onError = (e: unknown) => {
        failure ??= e;
      };
      client.on('error', onError);
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await fn(pgSession(client, copyFrom));
        await client.query('COMMIT');
        return result;
      } catch (e) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true; // the connection is gone: the server rolled the transaction back
        }
        throw e;
      } finally {
        client.removeListener('error', onError);
        // An error destroys the client instead of returning it to the pool.
        const lost = broken || failure !== undefined;
        client.release(lost ? ((failure as Error | undefined) ?? new StoreError('STORE_WRITE', 'connection lost')) : undefined);
      }
    },
    async destroy() {
      if (owns) {
        for (const db of kyselys.values()) await db.destroy(); // ends its pool (one kysely per distinct pool)
      }
    },
  };
  PG_POOLS.set(driver, pools);
  return driver;
}
