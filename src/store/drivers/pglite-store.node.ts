/** The embedded store factory: PGlite (PostgreSQL compiled to WebAssembly, in process), in memory or on a directory. */
import { resolve } from 'node:path';
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import { checkStoreOptions, createStore } from '../create-store.js';
import { loadMigrations } from '../migrations.node.js';
import type { AlphaStore, StoreOptions } from '../types.js';
import { importOptional } from './optional-peer.node.js';
import { checkPglite, pgliteDriver } from './pglite.js';
import type { PGliteLike } from './pglite-like.js';

/** Options of {@link createPgliteStore}. */
export interface PgliteStoreOptions extends StoreOptions {
  /** An existing PGlite instance to use instead of creating one (it is not closed by `store.close()`). */
  pglite?: PGliteLike;
}

/**
 * The embedded default: a store on PGlite (PostgreSQL compiled to WebAssembly, in process), in memory or persisted in
 * `dir`. Needs the optional peer `@electric-sql/pglite`. Built on kysely 0.29's `PGliteDialect`. The options are
 * checked before anything is opened.
 *
 * @example
 * ```ts
 * const store = await createPgliteStore('./alpha-data')
 * await store.migrate()
 * ```
 */
export async function createPgliteStore(dir?: string, options?: PgliteStoreOptions): Promise<AlphaStore> {
  checkStoreOptions(options, ['pglite']);
  if (dir !== undefined && (typeof dir !== 'string' || dir === '' || dir.includes('\u0000'))) throw new InvalidParameterError('dir', `expected a directory path, got ${describeValue(dir)}`);
  const { pglite: given, ...storeOptions } = options ?? {};
  if (given !== undefined) checkPglite(given, 'options.pglite');
  let pglite = given;
  const owns = pglite === undefined;
  if (!pglite) {
    const mod = await importOptional<typeof import('@electric-sql/pglite')>('@electric-sql/pglite');
    pglite = (dir === undefined ? new mod.PGlite() : new mod.PGlite(resolve(dir))) as unknown as PGliteLike;
    await pglite.waitReady;
  }
  return createStore(pgliteDriver(pglite, owns), { migrations: loadMigrations, ...storeOptions });
}
