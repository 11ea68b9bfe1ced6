/** How the bulk writes (features, predictions) send their rows. */
import type { StoreDriver } from '../drivers/driver.js';
import { StoreError } from '../errors.js';
import { oneOf } from './checks.js';

/**
 * How the bulk writes send rows: binary `COPY` into a temporary staging table, then one `INSERT ... ON CONFLICT`
 * (the default where COPY is available: PGlite, and node-postgres with pg-copy-streams; about 5x faster for the
 * 274-column feature rows), or `unnest` of one array parameter per column (276 bind parameters whatever the row
 * count; works through any driver). Neither ever builds one giant VALUES list.
 */
export type BulkMethod = 'unnest' | 'copy';

const BULK_METHODS: readonly BulkMethod[] = ['unnest', 'copy'];

/**
 * The method a bulk write uses: the one requested, else `'copy'` where the driver can COPY, else `'unnest'`. Throws
 * `InvalidParameterError` for another value, `STORE_UNSUPPORTED` (naming `what`) when `'copy'` is requested from a
 * driver that cannot COPY.
 *
 * @example
 * ```ts
 * bulkMethod(pgliteDriver(pglite, true), undefined, 'upsertFeatures') // => 'copy'
 * ```
 */
export function bulkMethod(driver: StoreDriver, requested: unknown, what: string): BulkMethod {
  const method = requested === undefined ? (driver.canCopy ? 'copy' : 'unnest') : oneOf(requested, BULK_METHODS, 'options.method');
  if (method === 'copy' && !driver.canCopy) {
    throw new StoreError('STORE_UNSUPPORTED', `${what}: method 'copy' needs the optional peer dependency pg-copy-streams`);
  }
  return method;
}
