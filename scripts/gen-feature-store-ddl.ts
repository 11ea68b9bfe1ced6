/**
 * Generates the feature-store SQL from the feature catalogue (`FEATURES`, src/features):
 *
 * - {@link FEATURE_STORE_MIGRATION}: the catalogue's feature columns that no applied feature-store migration
 *   ({@link APPLIED_FEATURE_STORE_MIGRATIONS}) created, added to `alpha_v4.feature_store_15m` and `_1h`
 *   (`ADD COLUMN IF NOT EXISTS`, `double precision`, named exactly as in the catalogue, commented with the
 *   description), and the 90-day materialized views `mv_features_15m` / `_1h` rebuilt with every catalogue column;
 * - `supabase/optional/alpha_v4_feature_indexes.sql`: the opt-in B-tree index on every feature column (not applied
 *   by default: see docs/store.md for what it costs on writes).
 *
 * Applied migrations are never rewritten (a database that ran one keeps its checksum): the generator reads the
 * columns they created back from their SQL and writes only the newest file. When the catalogue grows again, move
 * {@link FEATURE_STORE_MIGRATION} to the end of {@link APPLIED_FEATURE_STORE_MIGRATIONS}, name a new file there, then
 * run `npm run store:ddl`; `--check` only compares (exit 1 when a file is stale). test/store/feature-ddl.test.ts fails
 * while the committed files disagree with the catalogue.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FEATURES } from '../src/features/index.js';
import type { FeatureSpec } from '../src/features/index.js';

/** The timeframes that have a feature store. */
export const FEATURE_STORE_TIMEFRAMES = ['15m', '1h'] as const;

/**
 * The feature-store migrations already applied, oldest first, relative to the repository root: frozen. The first
 * creates the tables and views; each later one adds columns.
 */
export const APPLIED_FEATURE_STORE_MIGRATIONS: readonly string[] = ['supabase/migrations/20261127000300_alpha_v4_feature_store.sql'];

/** The migration this generator writes (relative to the repository root): the columns the applied ones lack. */
export const FEATURE_STORE_MIGRATION = 'supabase/migrations/20261207000200_alpha_v4_pattern_features.sql';

/** Where the opt-in feature-column indexes live, relative to the repository root. */
export const FEATURE_INDEX_MIGRATION = 'supabase/optional/alpha_v4_feature_indexes.sql';

/** Days of features kept in the mv_features_* materialized views. */
export const FEATURE_VIEW_DAYS = 90;

const IDENT = /^[a-z_][a-z0-9_]*$/;

/** A PostgreSQL identifier, always double-quoted (feature names such as `open` or `close` are SQL keywords). */
function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A SQL string literal. */
function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Checks that every feature name is a valid, unique column name of at most 63 bytes; throws otherwise. */
export function checkFeatureNames(features: readonly Pick<FeatureSpec, 'name'>[]): void {
  const seen = new Set<string>(['symbol', 'ts']);
  for (const { name } of features) {
    if (!IDENT.test(name)) throw new Error(`feature ${JSON.stringify(name)} is not a snake_case identifier`);
    if (Buffer.byteLength(name) > 63) throw new Error(`feature ${name} is longer than 63 bytes`);
    if (seen.has(name)) throw new Error(`feature ${name} appears twice (or collides with symbol/ts)`);
    seen.add(name);
  }
}

/**
 * An index name of at most 63 bytes: `<prefix>_<column>_idx`, or, when that is too long, a truncated column name
 * plus a short hash so that distinct columns keep distinct names.
 */
export function indexName(prefix: string, column: string): string {
  const plain = `${prefix}_${column}_idx`;
  if (plain.length <= 63) return plain;
  const hash = createHash('sha256').update(column).digest('hex').slice(0, 8);
  return `${prefix}_${column.slice(0, 63 - prefix.length - hash.length - 6)}_${hash}_idx`;
}

function arrayLiteral(names: readonly string[], indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const n of names) {
    const item = `${literal(n)}, `;
    if (line.length + item.length > 110) {
      lines.push(line.trimEnd());
      line = '';
    }
    line += item;
  }
  lines.push(line.replace(/, $/, ''));
  return `ARRAY[\n${lines.map((l) => indent + l).join('\n')}\n${indent.slice(2)}]`;
}

/**
 * The feature columns a feature-store migration creates in `alpha_v4.feature_store_15m` (the `_1h` store gets the
 * same): the `double precision` columns of its `CREATE TABLE`, then those of its `ADD COLUMN`s, in file order.
 *
 * @example
 * ```ts
 * migrationFeatureColumns('ALTER TABLE alpha_v4.feature_store_15m\n  ADD COLUMN IF NOT EXISTS "cdl_doji" double precision;')
 * // => ['cdl_doji']
 * ```
 */
export function migrationFeatureColumns(sql: string): string[] {
  const statements = sql.split(/;\s*\n/).filter((st) => /^(?:CREATE TABLE IF NOT EXISTS|ALTER TABLE) alpha_v4\.feature_store_15m\b/m.test(st));
  return statements.flatMap((st) => [...st.matchAll(/^\s+(?:ADD COLUMN IF NOT EXISTS )?"([a-z0-9_]+)" double precision,?$/gm)].map((m) => m[1]!));
}

/** The materialized view of one store: rebuilt when its columns differ from the catalogue's, then (re)created. */
function featureView(tf: string, names: readonly string[]): string {
  const table = `alpha_v4.feature_store_${tf}`;
  const view = `alpha_v4.mv_features_${tf}`;
  const viewColumns = ['symbol', 'ts', ...names];
  const select = viewColumns.map((n) => `  ${quote(n)}`).join(',\n');
  return `-- ${view}: the last ${FEATURE_VIEW_DAYS} days, refreshed concurrently by the refresh_features_${tf} job. Rebuilt when its
-- columns differ from the catalogue's.
DO $mv$
BEGIN
  IF to_regclass('${view}') IS NOT NULL AND (
       SELECT array_agg(attname::text ORDER BY attnum) FROM pg_attribute
       WHERE attrelid = to_regclass('${view}') AND attnum > 0 AND NOT attisdropped
     ) IS DISTINCT FROM ${arrayLiteral(viewColumns, '       ')} THEN
    DROP MATERIALIZED VIEW ${view};
  END IF;
END
$mv$;
CREATE MATERIALIZED VIEW IF NOT EXISTS ${view} AS
SELECT
${select}
FROM ${table}
WHERE ts >= now() - interval '${FEATURE_VIEW_DAYS} days'
WITH DATA;
CREATE UNIQUE INDEX IF NOT EXISTS mv_features_${tf}_symbol_ts ON ${view} (symbol, ts);
REVOKE ALL ON ${view} FROM PUBLIC, anon, authenticated;
GRANT SELECT ON ${view} TO service_role;
`;
}

/** One store's part of the migration: the new columns with their comments, then the view. */
function storeColumns(tf: string, added: readonly FeatureSpec[], names: readonly string[]): string {
  const table = `alpha_v4.feature_store_${tf}`;
  const columns = added.map((f) => `  ADD COLUMN IF NOT EXISTS ${quote(f.name)} double precision`).join(',\n');
  const comments = added.map((f) => `COMMENT ON COLUMN ${table}.${quote(f.name)} IS ${literal(`${f.group}: ${f.description}`)};`).join('\n');
  const alter = added.length === 0 ? '' : `-- ${table}: the columns of the ${added.length} features added to the catalogue since.
ALTER TABLE ${table}
${columns};
${comments}

`;
  return `${alter}${featureView(tf, names)}`;
}

/**
 * The feature-store migration for a catalogue, given the feature columns the applied migrations created
 * (`existing`, see {@link migrationFeatureColumns}): `ADD COLUMN IF NOT EXISTS` for every catalogue feature they lack
 * (in catalogue order) on both stores, and both views rebuilt with every catalogue column in catalogue order.
 * Idempotent. Throws when an existing column is no longer in the catalogue (its column would outlive it: write a
 * migration that drops it) or a name cannot be a column.
 */
export function renderFeatureStoreMigration(existing: readonly string[], features: readonly FeatureSpec[] = FEATURES): string {
  checkFeatureNames(features);
  const names = features.map((f) => f.name);
  const gone = existing.filter((n) => !names.includes(n));
  if (gone.length > 0) throw new Error(`feature columns ${gone.join(', ')} are no longer in the catalogue: drop them in a migration of their own`);
  const added = features.filter((f) => !existing.includes(f.name));
  const since = APPLIED_FEATURE_STORE_MIGRATIONS.map((file) => file.slice(file.lastIndexOf('/') + 1)).join(', ');
  const header = `-- GENERATED by scripts/gen-feature-store-ddl.ts from the feature catalogue (src/features): ${features.length} features, ${added.length}
-- of them new since the applied feature-store migrations (${since}).
-- Do not edit: change the catalogue, then run \`npm run store:ddl\`. test/store/feature-ddl.test.ts checks that this
-- file agrees with the catalogue. Idempotent: the columns are added if missing, and each materialized view is
-- rebuilt only when its columns differ from the catalogue's.
`;
  return [header, ...FEATURE_STORE_TIMEFRAMES.map((tf) => storeColumns(tf, added, names))].join('\n');
}

/** The feature columns of the applied feature-store migrations, read from their committed SQL under `root`. */
export function appliedFeatureColumns(root: string): string[] {
  return APPLIED_FEATURE_STORE_MIGRATIONS.flatMap((file) => migrationFeatureColumns(readFileSync(`${root}${file}`, 'utf8')));
}

/** The opt-in migration indexing every feature column of both feature stores. */
export function renderFeatureIndexMigration(features: readonly FeatureSpec[] = FEATURES): string {
  checkFeatureNames(features);
  const parts = [
    `-- GENERATED by scripts/gen-feature-store-ddl.ts: one B-tree index per feature column (${features.length} per table).
-- OPT-IN, not applied by default (it lives outside supabase/migrations). It answers the seed system's "index all
-- feature columns"; docs/store.md has the measured write cost against the default primary key + BRIN(ts).
-- Apply with: psql "$DATABASE_URL" -f supabase/optional/alpha_v4_feature_indexes.sql (after the migrations).`,
  ];
  for (const tf of FEATURE_STORE_TIMEFRAMES) {
    parts.push('');
    for (const f of features) {
      parts.push(
        `CREATE INDEX IF NOT EXISTS ${indexName(`fs${tf}`, f.name)} ON alpha_v4.feature_store_${tf} (${quote(f.name)});`,
      );
    }
  }
  return `${parts.join('\n')}\n`;
}

function main(argv: readonly string[]): number {
  const check = argv.includes('--check');
  const root = fileURLToPath(new URL('..', import.meta.url));
  const outputs: [string, string][] = [
    [FEATURE_STORE_MIGRATION, renderFeatureStoreMigration(appliedFeatureColumns(root))],
    [FEATURE_INDEX_MIGRATION, renderFeatureIndexMigration()],
  ];
  let stale = 0;
  for (const [rel, text] of outputs) {
    const path = `${root}${rel}`;
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      current = '';
    }
    if (current === text) continue;
    stale++;
    if (check) console.error(`${rel} is stale: run npm run store:ddl`);
    else {
      writeFileSync(path, text);
      console.log(`${rel} written (${FEATURES.length} features)`);
    }
  }
  if (!stale) console.log('feature-store DDL is up to date');
  return check && stale ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2));
}
