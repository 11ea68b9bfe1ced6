/**
 * A {@link StoreDriver} over ONE open transaction: each `transaction(pool, fn)` runs `fn` inside a savepoint of that
 * transaction, one at a time, and kysely's queries go the same way. A store made on it (`createStore`) runs every
 * operation in the caller's transaction, so that its writes commit or roll back with it. The work queue hands such a
 * store to a work item's handler: the handler's writes and the item's claim are one transaction.
 */
import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from 'kysely';
import { StoreError } from '../errors.js';
import type { Database } from '../schema.js';
import type { SessionResult, SqlSession, StoreDriver } from './driver.js';

/** A driver bound to one open transaction (see {@link sessionDriver}). */
export interface SessionDriver extends StoreDriver {
  /** The transaction's session, its statements queued with the driver's savepoints (for direct SQL). */
  readonly session: SqlSession;
}

/** A refusal of what a driver bound to one transaction cannot do. */
function unsupported(what: string): StoreError {
  return new StoreError('STORE_UNSUPPORTED', `${what}: a store bound to one transaction runs inside it (commit or roll back that transaction instead)`);
}

/** kysely's driver over the savepoint runner: one connection, no transactions of its own, no streaming. */
function kyselyOver(run: <R>(fn: (s: SqlSession) => Promise<SessionResult<R>>) => Promise<SessionResult<R>>): Kysely<Database> {
  const connection: DatabaseConnection = {
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      const r = await run<R>((s) => s.execute<R>(query));
      return { rows: r.rows, numAffectedRows: BigInt(r.rowCount) };
    },
    streamQuery() {
      throw unsupported('streamQuery');
    },
  };
  const refuse = () => Promise.reject(unsupported('a kysely transaction'));
  const driver: Driver = {
    init: () => Promise.resolve(),
    acquireConnection: () => Promise.resolve(connection),
    beginTransaction: refuse,
    commitTransaction: refuse,
    rollbackTransaction: refuse,
    releaseConnection: () => Promise.resolve(),
    destroy: () => Promise.resolve(),
  };
  return new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
}

/**
 * A driver over `session`, an open transaction the caller will end:
 *
 * - `transaction(pool, fn)` (whatever the pool) runs `fn(session)` between `SAVEPOINT` and `RELEASE SAVEPOINT`; when
 *   `fn` throws, `ROLLBACK TO SAVEPOINT` undoes its writes and the enclosing transaction goes on, as a failed
 *   transaction of its own would leave the database;
 * - those runs, kysely's queries (each in a savepoint too) and the statements of {@link SessionDriver.session} are
 *   queued, one at a time: one connection runs one statement at a time, and savepoints nest, so concurrent
 *   operations of the store (a `Promise.all` of reads) must not interleave. A `transaction` called from inside
 *   another's `fn` would wait for itself: store operations never do;
 * - kysely's own transactions and streaming are refused (`STORE_UNSUPPORTED`); LISTEN is not offered (no `pglite`);
 * - `destroy()` ends the binding: calls not started yet reject with `STORE_CLOSED`, and it resolves once the one
 *   running has finished, so that nothing of the bound store runs after it (the transaction is the caller's to end).
 *
 * `engine` and `canCopy` are the base driver's (COPY goes through the session).
 *
 * @example
 * ```ts
 * await store.driver.transaction('inference', async (s) => {
 *   const inner = createStore(sessionDriver(s, store.driver))
 *   await inner.writePredictions(rows)   // in this transaction: rolled back if what follows throws
 * })
 * ```
 */
export function sessionDriver(session: SqlSession, base: Pick<StoreDriver, 'engine' | 'canCopy'>): SessionDriver {
  let queue: Promise<unknown> = Promise.resolve();
  let open = true;
  let savepoints = 0;
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(() => {
      if (!open) throw new StoreError('STORE_CLOSED', 'the transaction this store was bound to has ended');
      return fn();
    });
    queue = next.catch(() => undefined);
    return next;
  };
  const inSavepoint = <T>(fn: (s: SqlSession) => Promise<T>): Promise<T> =>
    exclusive(async () => {
      const name = `alpha_v4_sub_${++savepoints}`;
      await session.query(`SAVEPOINT ${name}`);
      let result: T;
      try {
        result = await fn(session);
      } catch (e) {
        // A rollback that fails (the connection is gone) leaves the enclosing transaction to fail: report fn's error.
        await session.query(`ROLLBACK TO SAVEPOINT ${name}`).then(() => session.query(`RELEASE SAVEPOINT ${name}`)).catch(() => undefined);
        throw e;
      }
      await session.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    });
  const db = kyselyOver(inSavepoint);
  const queued: SqlSession = {
    query: <R>(text: string, params?: readonly unknown[]) => exclusive(() => session.query<R>(text, params)),
    execute: <R>(query: CompiledQuery) => exclusive(() => session.execute<R>(query)),
    script: (text) => exclusive(() => session.script(text)),
    copyFrom: (target, options, data) => exclusive(() => session.copyFrom(target, options, data)),
    backendPid: () => exclusive(() => session.backendPid()),
  };
  return {
    engine: base.engine,
    canCopy: base.canCopy,
    pools: { features: db, training: db, inference: db, monitoring: db },
    session: queued,
    transaction: (_pool, fn) => inSavepoint(fn),
    destroy() {
      open = false;
      return queue.then(() => undefined);
    },
  };
}
