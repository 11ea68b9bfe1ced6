/**
 * The store a command works against: the embedded PGlite in a folder (default `./.alpha-v4/pglite`), or a
 * PostgreSQL / Supabase database with `--database-url` (or `$ALPHA_V4_DATABASE_URL`).
 *
 * @module
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describeValue } from '../core/describe.js';
import { createPgliteStore, createPostgresStore } from '../store/index.node.js';
import type { AlphaStore } from '../store/types.js';
import { CliError } from './errors.js';

/**
 * The default folder of the embedded database, relative to the working directory.
 *
 * @example
 * ```ts
 * DEFAULT_DATA_DIR // => '.alpha-v4/pglite'
 * ```
 */
export const DEFAULT_DATA_DIR = '.alpha-v4/pglite';

/** Where the store is: a database URL, else a PGlite folder. */
export interface StoreLocation {
  readonly databaseUrl?: string | undefined;
  readonly dataDir?: string | undefined;
  /** The directory a relative `dataDir` is resolved against. */
  readonly cwd: string;
}

/**
 * Opens the store: `createPostgresStore(url)` for a `postgres://` or `postgresql://` URL (a Supabase project's
 * connection string included), else `createPgliteStore(folder)` after creating the folder. Throws `CliError`
 * `CLI_USAGE` for a URL of another scheme, or both a URL and a data folder.
 *
 * @example
 * ```ts
 * const store = await openStore({ dataDir: 'db', cwd: process.cwd() }) // PGlite in ./db
 * ```
 */
export async function openStore(location: StoreLocation): Promise<AlphaStore> {
  const { databaseUrl, dataDir } = location;
  if (databaseUrl !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new CliError('CLI_USAGE', `--database-url: expected postgres://user:password@host:port/database, got ${describeValue(databaseUrl.replace(/:[^@/]*@/, ':***@'))}`);
    if (dataDir !== undefined) throw new CliError('CLI_USAGE', '--database-url and --data-dir name two databases: give one');
    return createPostgresStore(databaseUrl);
  }
  const dir = resolve(location.cwd, dataDir ?? DEFAULT_DATA_DIR);
  await mkdir(dir, { recursive: true });
  return createPgliteStore(dir);
}
