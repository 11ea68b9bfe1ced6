/** Loading migration files from disk (Node): the package's own supabase/migrations, or a directory of yours. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';
import { StoreError, storeError } from './errors.js';
import { parseMigrations, type Migration } from './migrator.js';

/**
 * The directory holding this package's supabase/migrations (found by walking up from this file, so it works from
 * the sources and from the built dist/). Throws `STORE_CONFIG` when it is not there.
 *
 * @example
 * ```ts
 * migrationsDirectory() // => '/app/node_modules/@alpha-v4/core/supabase/migrations'
 * ```
 */
export function migrationsDirectory(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'supabase', 'migrations');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new StoreError('STORE_CONFIG', 'supabase/migrations not found next to @alpha-v4/core');
}

/**
 * Reads `<version>_<name>.sql` files from a directory (default: the package's supabase/migrations), sorted by version.
 * A directory that cannot be read is `STORE_CONFIG`; a malformed file name `STORE_MIGRATION`.
 *
 * @example
 * ```ts
 * const migrations = loadMigrations()          // the package's own
 * await store.migrate({ migrations: [...migrations, ...loadMigrations('./my-migrations')] })
 * ```
 */
export function loadMigrations(dir: string = migrationsDirectory()): Migration[] {
  if (typeof dir !== 'string' || dir === '' || dir.includes('\u0000')) throw new InvalidParameterError('dir', `expected a directory path, got ${describeValue(dir)}`);
  let files: { file: string; sql: string }[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .map((file) => ({ file, sql: readFileSync(join(dir, file), 'utf8') }));
  } catch (e) {
    throw storeError('STORE_CONFIG', `loadMigrations: cannot read ${describeValue(dir)}`, e);
  }
  return parseMigrations(files);
}
