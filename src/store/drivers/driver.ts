/**
 * The engine layer under the store, as kysely keeps a dialect's driver behind one small interface: kysely
 * instances per named pool, plus raw transactions ({@link SqlSession}) that can run multi-statement scripts
 * (migrations) and COPY. The drivers: `pgliteDriver` (portable) and `pgDriver` (node-postgres, Node only).
 */
import type { CompiledQuery, Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { PGliteLike } from './pglite-like.js';

/**
 * The named connection pools. On Supabase they split the project's connections as the seed system did (20 features,
 * 20 training, 30 inference, 30 monitoring); elsewhere every name maps to the one pool or embedded instance.
 */
export type PoolName = 'features' | 'training' | 'inference' | 'monitoring';

/**
 * Every pool name.
 *
 * @example
 * ```ts
 * POOL_NAMES // => ['features', 'training', 'inference', 'monitoring']
 * ```
 */
export const POOL_NAMES: readonly PoolName[] = ['features', 'training', 'inference', 'monitoring'];

/** The engines a store runs on: PGlite (embedded WebAssembly PostgreSQL) or a PostgreSQL server (incl. Supabase). */
export type StoreEngine = 'pglite' | 'postgres';

/** Rows and the affected-row count of one statement. */
export interface SessionResult<R> {
  readonly rows: R[];
  readonly rowCount: number;
}

/** One open transaction on one connection. Everything run through it commits or rolls back together. */
export interface SqlSession {
  /** One statement with `$n` parameters. */
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SessionResult<R>>;
  /** A compiled kysely query. */
  execute<R = Record<string, unknown>>(query: CompiledQuery): Promise<SessionResult<R>>;
  /** A multi-statement SQL script without parameters (a migration). */
  script(text: string): Promise<void>;
  /**
   * `COPY <target> FROM STDIN <options>` fed with `data` (chunks of COPY text, or bytes with `WITH (FORMAT binary)`);
   * returns the rows copied. `target` is `table (col, ...)`. On PGlite the data goes through `/dev/blob`.
   */
  copyFrom(target: string, options: string, data: Iterable<string | Uint8Array>): Promise<number>;
  /** The backend process id of this connection (`pg_backend_pid()`). */
  backendPid(): Promise<number>;
}

/**
 * What the store needs from an engine.
 *
 * @example
 * ```ts
 * const driver: StoreDriver = pgliteDriver(new PGlite(), true)
 * const n = await driver.transaction('monitoring', (s) => s.query<{ n: number }>('SELECT 1 AS n'))
 * n.rows[0].n // => 1
 * ```
 */
export interface StoreDriver {
  readonly engine: StoreEngine;
  /** A kysely instance per pool name (the same one for every name outside Supabase). */
  readonly pools: Readonly<Record<PoolName, Kysely<Database>>>;
  /** Runs `fn` in one transaction on one connection of `pool`: committed when it resolves, rolled back when it throws. */
  transaction<T>(pool: PoolName, fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /** Whether COPY is available (node-postgres needs the optional peer pg-copy-streams). */
  readonly canCopy: boolean;
  /** The PGlite instance, on PGlite (LISTEN goes through it). */
  readonly pglite?: PGliteLike;
  /** Closes what the driver opened (pools it created, the PGlite instance it created). */
  destroy(): Promise<void>;
}
