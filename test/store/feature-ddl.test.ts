/**
 * The feature-store SQL generated from the catalogue (scripts/gen-feature-store-ddl.ts):
 * - the applied feature-store migrations are frozen (their sha256 is the one they were applied with);
 * - the newest migration is exactly what the generator makes of the catalogue and the applied migrations;
 * - together they create one double precision column per catalogue feature, and the views list them in catalogue
 *   order (parsed here independently of the generator);
 * - on PGlite and PostgreSQL: a store in the state before the newest migration (its columns missing, the views of
 *   the first migration) gets the columns, keeps its rows and gets the views rebuilt; applying the migration again
 *   changes nothing (the views are not even rebuilt);
 * - the opt-in index file and the name checks.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURES } from '../../src/features/index.js';
import { FEATURE_COLUMNS, type AlphaStore } from '../../src/store/index.js';
import {
  APPLIED_FEATURE_STORE_MIGRATIONS,
  FEATURE_INDEX_MIGRATION,
  FEATURE_STORE_MIGRATION,
  FEATURE_STORE_TIMEFRAMES,
  appliedFeatureColumns,
  checkFeatureNames,
  indexName,
  migrationFeatureColumns,
  renderFeatureIndexMigration,
  renderFeatureStoreMigration,
} from '../../scripts/gen-feature-store-ddl.js';
import { engines } from '../support/engines.js';
import { ROOT } from '../support/pg-cluster.js';

const read = (file: string) => readFileSync(`${ROOT}${file}`, 'utf8');
const committed = read(FEATURE_STORE_MIGRATION);
const committedIndexes = read(FEATURE_INDEX_MIGRATION);
const [first] = APPLIED_FEATURE_STORE_MIGRATIONS;

/** The sha256 each applied feature-store migration was applied with: a changed file would be re-run on databases. */
const APPLIED_SHA256: Record<string, string> = {
  'supabase/migrations/20261127000300_alpha_v4_feature_store.sql': '08a60ed676993aca275c92aecba98770f77ed21238a1ea03b36210c8b14d683a',
};

/** The column names of `CREATE TABLE IF NOT EXISTS <table> (...)` in `sql`, parsed independently. */
function createTableColumns(sql: string, table: string): string[] {
  const start = sql.indexOf(`CREATE TABLE IF NOT EXISTS ${table} (\n`);
  expect(start, `${table} is created`).toBeGreaterThanOrEqual(0);
  const body = sql.slice(start, sql.indexOf('\n) PARTITION BY', start));
  return body
    .split('\n')
    .slice(1)
    .map((l) => /^\s+"?([a-z0-9_]+)"? (?:text|timestamptz|double precision)/.exec(l)?.[1])
    .filter((n): n is string => n !== undefined);
}

/** The columns `ALTER TABLE <table> ADD COLUMN IF NOT EXISTS ...` adds in `sql`, parsed independently. */
function addedColumns(sql: string, table: string): string[] {
  const start = sql.indexOf(`ALTER TABLE ${table}\n`);
  if (start < 0) return [];
  return sql
    .slice(start, sql.indexOf(';', start))
    .split('\n')
    .slice(1)
    .map((l) => /^ {2}ADD COLUMN IF NOT EXISTS "([a-z0-9_]+)" double precision,?$/.exec(l)![1]!);
}

/** The columns `CREATE MATERIALIZED VIEW IF NOT EXISTS <view> AS SELECT ... FROM` selects in `sql`. */
function viewColumns(sql: string, view: string): string[] {
  const start = sql.indexOf(`CREATE MATERIALIZED VIEW IF NOT EXISTS ${view} AS\nSELECT\n`);
  expect(start, `${view} is created`).toBeGreaterThanOrEqual(0);
  const body = sql.slice(sql.indexOf('SELECT\n', start) + 7, sql.indexOf('\nFROM ', start));
  return body.split(',\n').map((l) => l.trim().replace(/^"|"$/g, ''));
}

describe('feature-store DDL generated from the catalogue', () => {
  it('leaves the applied feature-store migrations as they were applied', () => {
    expect(Object.keys(APPLIED_SHA256)).toEqual([...APPLIED_FEATURE_STORE_MIGRATIONS]);
    for (const file of APPLIED_FEATURE_STORE_MIGRATIONS) expect(createHash('sha256').update(read(file)).digest('hex'), file).toBe(APPLIED_SHA256[file]);
    expect(APPLIED_FEATURE_STORE_MIGRATIONS).not.toContain(FEATURE_STORE_MIGRATION);
    expect(FEATURE_STORE_MIGRATION.startsWith('supabase/migrations/')).toBe(true);
  });

  it('the newest migration is exactly what the catalogue generates (run `npm run store:ddl` if not)', () => {
    expect(committed).toBe(renderFeatureStoreMigration(appliedFeatureColumns(ROOT), FEATURES));
    expect(committedIndexes).toBe(renderFeatureIndexMigration(FEATURES));
  });

  it('creates one double precision column per catalogue feature on both stores, and views in catalogue order', () => {
    const names = FEATURES.map((f) => f.name);
    for (const tf of FEATURE_STORE_TIMEFRAMES) {
      const table = `alpha_v4.feature_store_${tf}`;
      const created = createTableColumns(read(first!), table);
      const added = addedColumns(committed, table);
      expect(created.slice(0, 2)).toEqual(['symbol', 'ts']);
      const columns = [...created.slice(2), ...added];
      expect(new Set(columns).size, 'no column twice').toBe(columns.length);
      expect([...columns].sort()).toEqual([...names].sort());
      expect(added).toEqual(names.filter((n) => !created.includes(n)));
      expect(viewColumns(committed, `alpha_v4.mv_features_${tf}`)).toEqual(['symbol', 'ts', ...names]);
      expect(committed).toContain(`CREATE UNIQUE INDEX IF NOT EXISTS mv_features_${tf}_symbol_ts`);
    }
    expect(addedColumns(committed, 'alpha_v4.feature_store_15m')).toHaveLength(61);
    expect(FEATURES.length).toBeGreaterThanOrEqual(200);
  });

  it('reads back the columns a migration creates, and refuses a catalogue that lost one', () => {
    expect(migrationFeatureColumns('ALTER TABLE alpha_v4.feature_store_15m\n  ADD COLUMN IF NOT EXISTS "cdl_doji" double precision;\n')).toEqual(['cdl_doji']);
    expect(migrationFeatureColumns('ALTER TABLE alpha_v4.feature_store_1h\n  ADD COLUMN IF NOT EXISTS "cdl_doji" double precision;\n')).toEqual([]);
    expect(migrationFeatureColumns(read(first!))).toEqual(createTableColumns(read(first!), 'alpha_v4.feature_store_15m').slice(2));
    expect(() => renderFeatureStoreMigration(['rsi_14', 'gone_feature'], FEATURES)).toThrow(/gone_feature.*no longer in the catalogue/);
    const nothingNew = renderFeatureStoreMigration(FEATURES.map((f) => f.name), FEATURES);
    expect(nothingNew).not.toContain('ADD COLUMN');
    expect(nothingNew).toContain('CREATE MATERIALIZED VIEW IF NOT EXISTS alpha_v4.mv_features_1h AS');
  });

  it('the opt-in file indexes every feature column of both stores, outside supabase/migrations', () => {
    expect(FEATURE_INDEX_MIGRATION.startsWith('supabase/migrations/')).toBe(false);
    const names = [...committedIndexes.matchAll(/CREATE INDEX IF NOT EXISTS (\S+) ON/g)].map((m) => m[1]!);
    expect(names).toHaveLength(FEATURES.length * FEATURE_STORE_TIMEFRAMES.length);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(63);
  });

  it('rejects names that cannot be columns, and keeps long index names unique within 63 bytes', () => {
    expect(() => checkFeatureNames([{ name: 'RSI 14' }])).toThrow(/snake_case/);
    expect(() => checkFeatureNames([{ name: 'a'.repeat(64) }])).toThrow(/63/);
    expect(() => checkFeatureNames([{ name: 'rsi_14' }, { name: 'rsi_14' }])).toThrow(/twice/);
    expect(() => checkFeatureNames([{ name: 'ts' }])).toThrow(/collides/);
    const a = indexName('fs15m', `${'x'.repeat(60)}_a`);
    const b = indexName('fs15m', `${'x'.repeat(60)}_b`);
    expect(a.length).toBeLessThanOrEqual(63);
    expect(b.length).toBeLessThanOrEqual(63);
    expect(a).not.toBe(b);
  });
});

async function sql(store: AlphaStore, text: string): Promise<Record<string, unknown>[]> {
  return store.driver.transaction('monitoring', async (s) => (await s.query<Record<string, unknown>>(text, [])).rows);
}

/** The columns of a relation, in order. */
async function columnsOf(store: AlphaStore, rel: string): Promise<string[]> {
  const rows = await sql(store, `SELECT array_agg(attname::text ORDER BY attnum) AS cols FROM pg_attribute WHERE attrelid = '${rel}'::regclass AND attnum > 0 AND NOT attisdropped`);
  return rows[0]!.cols as string[];
}

const viewOid = async (store: AlphaStore, tf: string) => String((await sql(store, `SELECT 'alpha_v4.mv_features_${tf}'::regclass::oid AS oid`))[0]!.oid);

for (const engine of engines('featureddl')) {
  describe(`the newest feature-store migration on ${engine.name}`, () => {
    let store: AlphaStore;
    const newest = { version: '29990101000002', name: 'newest_feature_store_again', sql: committed };
    const ts = '2024-01-01T00:00:00Z';

    beforeAll(async () => {
      store = await engine.open();
    }, 300_000);

    afterAll(async () => {
      await engine.dispose();
    }, 120_000);

    it('a migrated store has every catalogue column, and its views list them in catalogue order', async () => {
      for (const tf of FEATURE_STORE_TIMEFRAMES) {
        expect((await columnsOf(store, `alpha_v4.feature_store_${tf}`)).sort()).toEqual(['symbol', 'ts', ...FEATURE_COLUMNS].sort());
        expect(await columnsOf(store, `alpha_v4.mv_features_${tf}`)).toEqual(['symbol', 'ts', ...FEATURE_COLUMNS]);
      }
    });

    it('upgrades a store from before it (rows kept, views rebuilt), and applying it again changes nothing', async () => {
      const added = addedColumns(committed, 'alpha_v4.feature_store_15m');
      // The state before the migration: its columns missing, the views as the first feature-store migration made them.
      for (const tf of FEATURE_STORE_TIMEFRAMES) {
        await sql(store, `DROP MATERIALIZED VIEW alpha_v4.mv_features_${tf}`);
        await sql(store, `ALTER TABLE alpha_v4.feature_store_${tf} ${added.map((n) => `DROP COLUMN "${n}"`).join(', ')}`);
      }
      await store.migrate({ migrations: [{ version: '29990101000001', name: 'first_feature_store_again', sql: read(first!) }] });
      const before = createTableColumns(read(first!), 'alpha_v4.feature_store_15m');
      for (const tf of FEATURE_STORE_TIMEFRAMES) {
        expect((await columnsOf(store, `alpha_v4.feature_store_${tf}`)).sort()).toEqual([...before].sort());
        expect(await columnsOf(store, `alpha_v4.mv_features_${tf}`)).toEqual(before);
        await sql(store, `INSERT INTO alpha_v4.feature_store_${tf} (symbol, ts, rsi_14) VALUES ('UPG', '${ts}', 42.5)`);
      }

      expect((await store.migrate({ migrations: [newest] })).applied).toEqual([newest.version]);
      const oids: string[] = [];
      for (const tf of FEATURE_STORE_TIMEFRAMES) {
        expect((await columnsOf(store, `alpha_v4.feature_store_${tf}`)).sort()).toEqual(['symbol', 'ts', ...FEATURE_COLUMNS].sort());
        expect(await columnsOf(store, `alpha_v4.mv_features_${tf}`)).toEqual(['symbol', 'ts', ...FEATURE_COLUMNS]);
        const rows = await sql(store, `SELECT rsi_14, cdl_doji, cdl_morning_star FROM alpha_v4.feature_store_${tf} WHERE symbol = 'UPG'`);
        expect(rows).toEqual([{ rsi_14: 42.5, cdl_doji: null, cdl_morning_star: null }]);
        const viewed = await sql(store, `SELECT rsi_14 FROM alpha_v4.mv_features_${tf} WHERE symbol = 'UPG'`);
        expect(viewed, 'the view is rebuilt over the rows (its 90 days end now, so the 2024 row is outside)').toEqual([]);
        oids.push(await viewOid(store, tf));
      }

      const again = { ...newest, version: '29990101000003' };
      expect((await store.migrate({ migrations: [again] })).applied).toEqual([again.version]);
      for (const [k, tf] of FEATURE_STORE_TIMEFRAMES.entries()) {
        expect(await viewOid(store, tf), 'the view is not rebuilt when its columns match').toBe(oids[k]);
        expect(await columnsOf(store, `alpha_v4.mv_features_${tf}`)).toEqual(['symbol', 'ts', ...FEATURE_COLUMNS]);
        expect(await sql(store, `SELECT rsi_14 FROM alpha_v4.feature_store_${tf} WHERE symbol = 'UPG'`)).toEqual([{ rsi_14: 42.5 }]);
      }
    });
  });
}
