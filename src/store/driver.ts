/**
 * The engine layer under the store: kysely instances per named pool, plus raw transactions ({@link SqlSession})
 * that can run multi-statement scripts (migrations) and COPY. The PGlite driver lives here (it needs only the
 * PGlite object, so it is portable); the node-postgres drivers are in index.node.ts.
 */
import { Kysely, PGliteDialect, type CompiledQuery } from 'kysely';
import type { Database } from './schema.js';
import { StoreError } from './errors.js';

/**
 * The named connection pools. On Supabase they split the project's connections as the seed system did (20 features,
 * 20 training, 30 inference, 30 monitoring); elsewhere every name maps to the one pool or embedded instance.
 */
export type PoolName = 'features' | 'training' | 'inference' | 'monitoring';
/** Every pool name. */
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

/** What the store needs from an engine. */
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

/** The subset of a PGlite instance (or transaction) the store uses (structural, so that no PGlite types leak). */
export interface PGliteLike {
  query<T>(query: string, params?: unknown[], options?: { blob?: Blob; rowMode?: 'object' | 'array' }): Promise<{ rows: T[]; affectedRows?: number }>;
  exec(query: string): Promise<unknown>;
  transaction<T>(callback: (tx: PGliteTxLike) => Promise<T>): Promise<T>;
  listen(channel: string, callback: (payload: string) => void): Promise<(() => Promise<void>) | (() => void)>;
  close(): Promise<void>;
  readonly closed: boolean;
  readonly ready: boolean;
  readonly waitReady: Promise<void>;
}

/** A PGlite transaction as the store uses it. */
export interface PGliteTxLike {
  query<T>(query: string, params?: unknown[], options?: { blob?: Blob; rowMode?: 'object' | 'array' }): Promise<{ rows: T[]; affectedRows?: number }>;
  exec(query: string): Promise<unknown>;
}

function rowCount(result: { rows: unknown[]; affectedRows?: number }): number {
  return result.affectedRows ?? result.rows.length;
}

/** A {@link SqlSession} over a PGlite transaction. */
export function pgliteSession(tx: PGliteTxLike): SqlSession {
  const session: SqlSession = {
    async query<R>(text: string, params: readonly unknown[] = []) {
      const r = await tx.query<R>(text, params as unknown[]);
      return { rows: r.rows, rowCount: rowCount(r) };
    },
    execute<R>(q: CompiledQuery) {
      return session.query<R>(q.sql, q.parameters);
    },
    async script(text: string) {
      await tx.exec(text);
    },
    async copyFrom(target: string, options: string, data: Iterable<string | Uint8Array>) {
      const parts: (string | Uint8Array)[] = [];
      for (const chunk of data) parts.push(chunk);
      const r = await tx.query(`COPY ${target} FROM '/dev/blob' ${options}`, [], { blob: new Blob(parts as never[]) });
      return rowCount(r);
    },
    async backendPid() {
      const r = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      return Number(r.rows[0]!.pid);
    },
  };
  return session;
}

/**
 * A driver over a PGlite instance, with kysely 0.29's built-in `PGliteDialect`. PGlite is one in-process
 * connection: transactions are serialized (PGlite's exclusive transaction mode), so they are isolated by
 * construction.
 *
 * @param owns - whether {@link StoreDriver.destroy} closes the instance.
 */
export function pgliteDriver(pglite: PGliteLike, owns: boolean): StoreDriver {
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite: pglite as never }) });
  const pools = { features: db, training: db, inference: db, monitoring: db };
  return {
    engine: 'pglite',
    pools,
    canCopy: true,
    pglite,
    transaction(_pool, fn) {
      if (pglite.closed) return Promise.reject(new StoreError('STORE_CLOSED', 'the PGlite instance is closed'));
      return pglite.transaction((tx) => fn(pgliteSession(tx)));
    },
    async destroy() {
      // kysely's PGlite driver closes the instance on destroy; keep a caller's instance open.
      if (owns) {
        await db.destroy();
        if (!pglite.closed) await pglite.close();
      }
    },
  };
}
