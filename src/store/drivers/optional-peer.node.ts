/**
 * Loading the store's optional peer dependencies (`pg`, `@electric-sql/pglite`) only when a factory needs them, with
 * a {@link StoreError} `STORE_UNSUPPORTED` that says what to install when one is missing.
 */
import { StoreError } from '../errors.js';

/**
 * Imports an optional peer dependency; throws `STORE_UNSUPPORTED` naming it when it is not installed.
 *
 * @example
 * ```ts
 * const { PGlite } = await importOptional<typeof import('@electric-sql/pglite')>('@electric-sql/pglite')
 * ```
 */
export async function importOptional<T>(name: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (e) {
    throw new StoreError('STORE_UNSUPPORTED', `the optional peer dependency ${name} is not installed (npm install ${name})`, { cause: e });
  }
}

/**
 * The `pg` module (node-postgres), whether it loads as ESM or through its CommonJS default export.
 *
 * @example
 * ```ts
 * const pool = new (await importPg()).Pool({ connectionString })
 * ```
 */
export async function importPg(): Promise<typeof import('pg')> {
  const mod = await importOptional<typeof import('pg') & { default?: typeof import('pg') }>('pg');
  return (mod.default ?? mod) as typeof import('pg');
}
