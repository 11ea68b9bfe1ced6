/**
 * The PGlite driver: a {@link StoreDriver} over one PGlite instance. It needs only the PGlite object, so it is
 * portable (Node, Deno, browsers).
 */
import { Kysely, PGliteDialect, type CompiledQuery } from 'kysely';
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import { StoreError } from '../errors.js';
import type { Database } from '../schema.js';
import type { SqlSession, StoreDriver } from './driver.js';
import type { PGliteLike, PGliteTxLike } from './pglite-like.js';

function rowCount(result: { rows: unknown[]; affectedRows?: number }): number {
  return result.affectedRows ?? result.rows.length;
}

/**
 * A {@link SqlSession} over a PGlite transaction. COPY goes through PGlite's `/dev/blob`: the data is gathered into
 * one `Blob` first.
 *
 * @example
 * ```ts
 * await pglite.transaction((tx) => pgliteSession(tx).query('SELECT 1'))
 * ```
 */
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
 * Checks that `pglite` looks like a PGlite instance (query, exec, transaction, listen and close methods); `name`
 * names the argument in the error.
 *
 * @example
 * ```ts
 * checkPglite(new PGlite(), 'pglite') // passes
 * checkPglite({}, 'pglite')           // throws InvalidParameterError 'pglite: expected a PGlite instance, got object {}'
 * ```
 */
export function checkPglite(pglite: unknown, name: string): asserts pglite is PGliteLike {
  const p = pglite as Record<string, unknown> | null;
  if (p === null || typeof p !== 'object' || !['query', 'exec', 'transaction', 'listen', 'close'].every((m) => typeof p[m] === 'function')) {
    throw new InvalidParameterError(name, `expected a PGlite instance, got ${describeValue(pglite)}`);
  }
}

/**
 * A driver over a PGlite instance, with kysely 0.29's built-in `PGliteDialect`. PGlite is one in-process
 * connection: transactions are serialized (PGlite's exclusive transaction mode), so they are isolated by
 * construction.
 *
 * @param owns - whether {@link StoreDriver.destroy} closes the instance.
 *
 * @example
 * ```ts
 * const store = createStore(pgliteDriver(new PGlite(), true), { migrations })
 * ```
 */
export function pgliteDriver(pglite: PGliteLike, owns: boolean): StoreDriver {
  checkPglite(pglite, 'pglite');
  if (typeof owns !== 'boolean') throw new InvalidParameterError('owns', `expected true or false, got ${describeValue(owns)}`);
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
