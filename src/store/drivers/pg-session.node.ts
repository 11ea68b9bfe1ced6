/**
 * A {@link SqlSession} over one checked-out node-postgres client. COPY streams through the optional peer
 * `pg-copy-streams`.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { StoreError } from '../errors.js';
import type { SqlSession } from './driver.js';

/** `pg-copy-streams`' `from`: a COPY FROM STDIN query as a writable stream. */
export type CopyFrom = (text: string) => NodeJS.WritableStream & { rowCount?: number };

/**
 * `pg-copy-streams`' `from`, or undefined when the optional peer is not installed (COPY is then unavailable).
 *
 * @example
 * ```ts
 * const copyFrom = await loadCopyFrom()
 * copyFrom !== undefined // => true where pg-copy-streams is installed
 * ```
 */
export async function loadCopyFrom(): Promise<CopyFrom | undefined> {
  try {
    const mod = (await import('pg-copy-streams')) as { from?: CopyFrom; default?: { from: CopyFrom } };
    return mod.from ?? mod.default?.from;
  } catch {
    return undefined;
  }
}

/**
 * A session over a client inside a transaction the caller opened (`BEGIN`) and will end.
 *
 * @example
 * ```ts
 * const s = pgSession(await pool.connect(), await loadCopyFrom())
 * await s.query('SELECT 1')
 * ```
 */
export function pgSession(client: PoolClient, copyFrom: CopyFrom | undefined): SqlSession {
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
