/**
 * The Node factories of the alpha_v4 store (exported from `@alpha-v4/core/node`): PGlite on a directory or in memory
 * (the embedded default), node-postgres on a pool or connection string, and Supabase with named pools. They load
 * the package's supabase/migrations for {@link AlphaStore.migrate}. pg, pg-copy-streams and @electric-sql/pglite
 * are optional peer dependencies, imported only when a factory needs them.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { Kysely, PostgresDialect } from 'kysely';
import type { Pool, PoolClient, PoolConfig } from 'pg';
import { POOL_NAMES, pgliteDriver, type PGliteLike, type PoolName, type SqlSession, type StoreDriver } from './driver.js';
import { StoreError } from './errors.js';
import { parseMigrations, type Migration } from './migrator.js';
import type { Database } from './schema.js';
import { createStore, type AlphaStore, type StoreOptions } from './store.js';

/**
 * The directory holding this package's supabase/migrations (found by walking up from this file, so it works from
 * the sources and from the built dist/).
 */
export function migrationsDirectory(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'supabase', 'migrations');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new StoreError('STORE_CONFIG', 'supabase/migrations not found next to @alpha-v4/core');
}

/**
 * Reads `<version>_<name>.sql` files from a directory (default: the package's supabase/migrations), sorted by version.
 *
 * @example
 * ```ts
 * const migrations = loadMigrations()          // the package's own
 * await store.migrate({ migrations: [...migrations, ...loadMigrations('./my-migrations')] })
 * ```
 */
export function loadMigrations(dir: string = migrationsDirectory()): Migration[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((file) => ({ file, sql: readFileSync(join(dir, file), 'utf8') }));
  return parseMigrations(files);
}

/** Options of {@link createPgliteStore}. */
export interface PgliteStoreOptions extends StoreOptions {
  /** An existing PGlite instance to use instead of creating one (it is not closed by `store.close()`). */
  pglite?: PGliteLike;
}

/**
 * The embedded default: a store on PGlite (PostgreSQL compiled to WebAssembly, in process), in memory or persisted in
 * `dir`. Needs the optional peer `@electric-sql/pglite`. Built on kysely 0.29's `PGliteDialect`.
 *
 * @example
 * ```ts
 * const store = await createPgliteStore('./alpha-data')
 * await store.migrate()
 * ```
 */
export async function createPgliteStore(dir?: string, options: PgliteStoreOptions = {}): Promise<AlphaStore> {
  let pglite = options.pglite;
  const owns = pglite === undefined;
  if (!pglite) {
    const mod = await importOptional<typeof import('@electric-sql/pglite')>('@electric-sql/pglite');
    pglite = (dir === undefined ? new mod.PGlite() : new mod.PGlite(resolve(dir))) as unknown as PGliteLike;
    await pglite.waitReady;
  }
  return createStore(pgliteDriver(pglite, owns), { migrations: loadMigrations(), ...options });
}

/** A node-postgres pool, or anything with the same `connect()` / `end()` / `on()`. */
export type PgPool = Pick<Pool, 'connect' | 'end' | 'on'> & { options?: PoolConfig; totalCount?: number };

/** Options of {@link createPostgresStore}. */
export interface PostgresStoreOptions extends StoreOptions {
  /** Pool settings when a connection string is given (default max 10, application_name 'alpha_v4'). */
  pool?: PoolConfig;
}

/**
 * A store on a PostgreSQL server through node-postgres: pass a `pg.Pool` (left open by `store.close()`) or a
 * connection string (a pool is created and closed with the store). Needs the optional peer `pg`; COPY additionally
 * needs `pg-copy-streams`.
 *
 * @example
 * ```ts
 * const store = await createPostgresStore(process.env.DATABASE_URL!)
 * ```
 */
export async function createPostgresStore(pool: PgPool | string, options: PostgresStoreOptions = {}): Promise<AlphaStore> {
  if (typeof pool === 'string') {
    const pg = await importPg();
    const created = new pg.Pool({ max: 10, application_name: 'alpha_v4', ...options.pool, connectionString: pool });
    created.on('error', () => {}); // an idle client's connection died: the pool drops it
    const p = created as unknown as PgPool;
    return createStore(await pgDriver({ features: p, training: p, inference: p, monitoring: p }, true), { migrations: loadMigrations(), ...options });
  }
  if (!pool || typeof pool.connect !== 'function') throw new StoreError('STORE_CONFIG', 'createPostgresStore: expected a pg.Pool or a connection string');
  return createStore(await pgDriver({ features: pool, training: pool, inference: pool, monitoring: pool }, false), { migrations: loadMigrations(), ...options });
}

/**
 * The seed system's split of a Supabase project's 100 connections into named pools. Each store operation uses one
 * (see `OPERATION_POOLS`).
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

/**
 * A store on a Supabase project's Postgres, with one node-postgres pool per workload sized by the seed system's
 * split (20 features, 20 training, 30 inference, 30 monitoring). Each pool's connections carry the
 * application_name `alpha_v4:<pool>`, so `pg_stat_activity` shows who holds what.
 *
 * @example
 * ```ts
 * const store = await createSupabaseStore({ connectionString: process.env.SUPABASE_DB_URL!, pools: { inference: 40 } })
 * ```
 */
export async function createSupabaseStore(options: SupabaseStoreOptions): Promise<AlphaStore> {
  if (!options || typeof options.connectionString !== 'string' || options.connectionString === '') {
    throw new StoreError('STORE_CONFIG', 'createSupabaseStore: connectionString is required');
  }
  const sizes = { ...SUPABASE_POOL_SPLIT, ...options.pools };
  for (const name of Object.keys(sizes)) {
    if (!(POOL_NAMES as readonly string[]).includes(name)) throw new StoreError('STORE_CONFIG', `createSupabaseStore: unknown pool ${JSON.stringify(name)} (expected ${POOL_NAMES.join(', ')})`);
    const n = sizes[name as PoolName];
    if (!Number.isInteger(n) || n <= 0) throw new StoreError('STORE_CONFIG', `createSupabaseStore: pools.${name} must be a positive integer, got ${n}`);
  }
  const pg = await importPg();
  const pools = {} as Record<PoolName, PgPool>;
  for (const name of POOL_NAMES) {
    const p = new pg.Pool({ application_name: `alpha_v4:${name}`, ...options.pool, connectionString: options.connectionString, max: sizes[name] });
    p.on('error', () => {});
    pools[name] = p as unknown as PgPool;
  }
  const { connectionString: _c, pools: _p, pool: _q, ...storeOptions } = options;
  return createStore(await pgDriver(pools, true), { migrations: loadMigrations(), ...storeOptions });
}

/** The node-postgres pools behind a store (for tests and tools): the same object for every name outside Supabase. */
export function storePgPools(store: AlphaStore): Readonly<Record<PoolName, PgPool>> | undefined {
  return PG_POOLS.get(store.driver);
}

const PG_POOLS = new WeakMap<StoreDriver, Record<PoolName, PgPool>>();

async function importPg(): Promise<typeof import('pg')> {
  const mod = await importOptional<typeof import('pg') & { default?: typeof import('pg') }>('pg');
  return (mod.default ?? mod) as typeof import('pg');
}

async function importOptional<T>(name: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (e) {
    throw new StoreError('STORE_UNSUPPORTED', `the optional peer dependency ${name} is not installed (npm install ${name})`, { cause: e });
  }
}

type CopyFrom = (text: string) => NodeJS.WritableStream & { rowCount?: number };

async function loadCopyFrom(): Promise<CopyFrom | undefined> {
  try {
    const mod = (await import('pg-copy-streams')) as { from?: CopyFrom; default?: { from: CopyFrom } };
    return mod.from ?? mod.default?.from;
  } catch {
    return undefined;
  }
}

function pgSession(client: PoolClient, copyFrom: CopyFrom | undefined): SqlSession {
  const session: SqlSession = {
    async query<R>(text: string, params: readonly unknown[] = []) {
      const r = await client.query(text, params as unknown[]);
      return { rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length };
    },
    execute<R>(q: { sql: string; parameters: readonly unknown[] }) {
      return session.query<R>(q.sql, q.parameters);
    },
    async script(text: string) {
      await client.query(text);
    },
    async copyFrom(target: string, options: string, data: Iterable<string | Uint8Array>) {
      if (!copyFrom) throw new StoreError('STORE_UNSUPPORTED', 'COPY needs the optional peer dependency pg-copy-streams');
      const stream = client.query(copyFrom(`COPY ${target} FROM STDIN ${options}`) as never) as unknown as NodeJS.WritableStream & { rowCount?: number };
      await pipeline(Readable.from(data), stream);
      return Number(stream.rowCount ?? 0);
    },
    async backendPid() {
      const r = await client.query('SELECT pg_backend_pid() AS pid');
      return Number(r.rows[0].pid);
    },
  };
  return session;
}

/** A driver over node-postgres pools (one per name; the same pool may serve several names). */
export async function pgDriver(pools: Record<PoolName, PgPool>, owns: boolean): Promise<StoreDriver> {
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
        client.release(broken || failure !== undefined ? (failure as Error) ?? new Error('connection lost') : undefined);
      }
    },
    async destroy() {
      if (owns) {
        const ended = new Set<PgPool>();
        for (const [pool, db] of kyselys) {
          if (ended.has(pool)) continue;
          ended.add(pool);
          await db.destroy(); // ends the pool
        }
      }
    },
  };
  PG_POOLS.set(driver, pools);
  return driver;
}

export { createFsBackupSink } from './backup-fs.node.js';
export { listenForCandles, type CandleListener, type CandleNotification, type ListenOptions } from './listen.node.js';
