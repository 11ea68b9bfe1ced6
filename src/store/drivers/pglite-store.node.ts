/** The embedded store factory: PGlite (PostgreSQL compiled to WebAssembly, in process), in memory or on a directory. */
import { resolve } from 'node:path';
import { createStore } from '../create-store.js';
import { loadMigrations } from '../migrations.node.js';
import type { AlphaStore, StoreOptions } from '../types.js';
import { importOptional } from './optional-peer.node.js';
import { pgliteDriver } from './pglite.js';
import type { PGliteLike } from './pglite-like.js';

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
