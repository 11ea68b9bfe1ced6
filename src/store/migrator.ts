/**
 * The library's migrator: applies the supabase/migrations/*.sql files (the same files `supabase db push` applies)
 * in version order, each in its own transaction together with its record in `alpha_v4_meta.schema_migrations`.
 * Concurrent migrators serialize on an advisory lock; applying twice does nothing the second time.
 */
import { describeValue } from '../core/describe.js';
import type { StoreDriver } from './drivers/driver.js';
import { StoreError, storeError } from './errors.js';

/** One migration: the file's version prefix, its name and its SQL. */
export interface Migration {
  /** The version, e.g. `20261127000100` (the digits before the first `_` of the file name). */
  readonly version: string;
  /** The rest of the file name without `.sql`, e.g. `alpha_v4_foundation`. */
  readonly name: string;
  readonly sql: string;
}

/**
 * What to do when an applied migration's SQL changed since (applied migrations are meant never to change: a
 * catalogue change adds a new generated migration): `'reapply'` (default; the migrations are idempotent, so running
 * the new text adds what is missing), `'error'`, or `'ignore'`.
 */
export type ChangedMigrationPolicy = 'reapply' | 'error' | 'ignore';

/** Options of {@link AlphaStore.migrate}. */
export interface MigrateOptions {
  /** The migrations to apply. Default (Node stores): the package's supabase/migrations. Portable stores must pass them. */
  migrations?: readonly Migration[];
  /** See {@link ChangedMigrationPolicy}. */
  onChanged?: ChangedMigrationPolicy;
}

/** What one migration run did. */
export interface MigrationResult {
  /** Versions applied for the first time, in order. */
  readonly applied: readonly string[];
  /** Versions applied again because their SQL changed. */
  readonly reapplied: readonly string[];
  /** Versions already applied with the same SQL. */
  readonly skipped: readonly string[];
}

const FILE = /^(\d+)_([A-Za-z0-9_.-]+)\.sql$/;

/**
 * Parses migration files (`<version>_<name>.sql`) into {@link Migration}s sorted by version. Throws
 * {@link StoreError} `STORE_MIGRATION` on anything but an array of `{ file, sql }` strings, a malformed name or a
 * duplicate version.
 *
 * @example
 * ```ts
 * parseMigrations([{ file: '20261127000100_alpha_v4_foundation.sql', sql }])
 * ```
 */
export function parseMigrations(files: readonly { file: string; sql: string }[]): Migration[] {
  if (!Array.isArray(files)) throw new StoreError('STORE_MIGRATION', `expected an array of migration files, got ${describeValue(files)}`);
  const out: Migration[] = [];
  const seen = new Set<string>();
  for (const f of files as unknown[]) {
    const { file, sql } = (f ?? {}) as { file?: unknown; sql?: unknown };
    if (typeof sql !== 'string') throw new StoreError('STORE_MIGRATION', `migration ${describeValue(file)}: expected its SQL as a string, got ${describeValue(sql)}`);
    const m = typeof file === 'string' && file.length <= 255 ? FILE.exec(file) : null;
    if (!m) throw new StoreError('STORE_MIGRATION', `migration file ${describeValue(file)} is not named <version>_<name>.sql`);
    if (seen.has(m[1]!)) throw new StoreError('STORE_MIGRATION', `migration version ${m[1]} appears twice`);
    seen.add(m[1]!);
    out.push({ version: m[1]!, name: m[2]!, sql });
  }
  return out.sort((a, b) => (a.version.length - b.version.length) || (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
}

/** The bookkeeping schema; kept out of `alpha_v4` (whose tables all carry row-level security for the API roles). */
const BOOKKEEPING = `
CREATE SCHEMA IF NOT EXISTS alpha_v4_meta;
CREATE TABLE IF NOT EXISTS alpha_v4_meta.schema_migrations (
  version text PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  execution_ms integer NOT NULL
);
COMMENT ON TABLE alpha_v4_meta.schema_migrations IS 'Migrations applied by the @alpha-v4/core migrator';
ALTER TABLE alpha_v4_meta.schema_migrations ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON SCHEMA alpha_v4_meta FROM PUBLIC;
REVOKE ALL ON alpha_v4_meta.schema_migrations FROM PUBLIC;
`;

const LOCK = `SELECT pg_advisory_xact_lock(hashtext('alpha_v4_meta.migrate'))`;

/**
 * Applies `migrations` in order through `driver` (pool `monitoring`). Each migration and its record commit together,
 * so a failure leaves the database as it was before that migration, and earlier migrations stay applied.
 *
 * @example
 * ```ts
 * await runMigrations(driver, loadMigrations()) // => { applied: ['20261127000100', ...], reapplied: [], skipped: [] }
 * await runMigrations(driver, loadMigrations()) // => { applied: [], reapplied: [], skipped: ['20261127000100', ...] }
 * ```
 */
export async function runMigrations(
  driver: StoreDriver,
  migrations: readonly Migration[],
  onChanged: ChangedMigrationPolicy = 'reapply',
): Promise<MigrationResult> {
  if (!['reapply', 'error', 'ignore'].includes(onChanged)) {
    throw new StoreError('STORE_CONFIG', `onChanged must be 'reapply', 'error' or 'ignore', got ${describeValue(onChanged)}`);
  }
  if (!Array.isArray(migrations)) throw new StoreError('STORE_MIGRATION', `expected an array of migrations, got ${describeValue(migrations)}`);
  const sorted = parseMigrations(
    migrations.map((m: unknown, i) => {
      if (m === null || typeof m !== 'object') throw new StoreError('STORE_MIGRATION', `migrations[${i}]: expected { version, name, sql }, got ${describeValue(m)}`);
      const { version, name, sql } = m as Migration;
      return { file: `${version}_${name}.sql`, sql };
    }),
  );
  const applied: string[] = [];
  const reapplied: string[] = [];
  const skipped: string[] = [];
  try {
    await driver.transaction('monitoring', async (s) => {
      await s.query(LOCK);
      await s.script(BOOKKEEPING);
    });
  } catch (e) {
    throw storeError('STORE_MIGRATION', 'creating alpha_v4_meta.schema_migrations', e);
  }
  for (const m of sorted) {
    try {
      await driver.transaction('monitoring', async (s) => {
        await s.query(LOCK);
        const sum = await s.query<{ checksum: string }>(`SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex') AS checksum`, [m.sql]);
        const checksum = sum.rows[0]!.checksum;
        const prev = await s.query<{ checksum: string }>('SELECT checksum FROM alpha_v4_meta.schema_migrations WHERE version = $1', [m.version]);
        const recorded = prev.rows[0]?.checksum;
        if (recorded === checksum || (recorded !== undefined && onChanged === 'ignore')) {
          skipped.push(m.version);
          return;
        }
        if (recorded !== undefined && onChanged === 'error') {
          throw new StoreError('STORE_MIGRATION', `migration ${m.version}_${m.name} changed since it was applied (checksum ${recorded} -> ${checksum})`);
        }
        const t0 = Date.now();
        await s.script(m.sql);
        await s.query(
          `INSERT INTO alpha_v4_meta.schema_migrations (version, name, checksum, applied_at, execution_ms)
           VALUES ($1, $2, $3, now(), $4)
           ON CONFLICT (version) DO UPDATE SET name = EXCLUDED.name, checksum = EXCLUDED.checksum,
             applied_at = EXCLUDED.applied_at, execution_ms = EXCLUDED.execution_ms`,
          [m.version, m.name, checksum, Date.now() - t0],
        );
        (recorded === undefined ? applied : reapplied).push(m.version);
      });
    } catch (e) {
      throw storeError('STORE_MIGRATION', `migration ${m.version}_${m.name} failed (rolled back)`, e);
    }
  }
  return { applied, reapplied, skipped };
}
