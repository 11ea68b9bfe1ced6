/** The store of an Edge Function isolate: node-postgres on the project's connection string. */
import pg from 'pg';
import { pgDriver, type PgPool } from '@alpha-v4/core/node';
import { createStore, type AlphaStore } from '@alpha-v4/core/store';

/** Connections an isolate keeps: one per market scored at once, and one for the registry's sync. */
const POOL_MAX = 3;

/**
 * A store on PostgreSQL through node-postgres (`createStore` over `pgDriver`, one pool of 3 connections for every
 * pool name). It carries no migrations: the schema is applied by `supabase db push`, not by the functions, and
 * `createPostgresStore` would read the migration files from disk, which a deployed function does not have.
 *
 * @example
 * ```ts
 * const store = await openPostgresStore(Deno.env.get('SUPABASE_DB_URL')!)
 * ```
 */
export async function openPostgresStore(url: string): Promise<AlphaStore> {
  const pool = new pg.Pool({ connectionString: url, max: POOL_MAX, application_name: 'alpha_v4_edge' });
  pool.on('error', () => {}); // an idle connection died: the pool drops it and opens another when needed
  const p = pool as unknown as PgPool;
  return createStore(await pgDriver({ features: p, training: p, inference: p, monitoring: p }, true));
}
