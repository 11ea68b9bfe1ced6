import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FEATURES } from '../../src/features/index.js';
import {
  FEATURE_INDEX_MIGRATION,
  FEATURE_STORE_MIGRATION,
  FEATURE_STORE_TIMEFRAMES,
  checkFeatureNames,
  indexName,
  renderFeatureIndexMigration,
  renderFeatureStoreMigration,
} from '../../scripts/gen-feature-store-ddl.js';
import { ROOT } from '../support/pg-cluster.js';

const committed = readFileSync(`${ROOT}${FEATURE_STORE_MIGRATION}`, 'utf8');
const committedIndexes = readFileSync(`${ROOT}${FEATURE_INDEX_MIGRATION}`, 'utf8');

/** The column names of `CREATE TABLE IF NOT EXISTS <table> (...)` in the committed SQL, parsed independently. */
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

describe('feature-store DDL generated from the catalogue', () => {
  it('the committed migration is exactly what the catalogue generates (run `npm run store:ddl` if not)', () => {
    expect(committed).toBe(renderFeatureStoreMigration(FEATURES));
    expect(committedIndexes).toBe(renderFeatureIndexMigration(FEATURES));
  });

  it('has one double precision column per catalogue feature, named as in the catalogue, in catalogue order', () => {
    for (const tf of FEATURE_STORE_TIMEFRAMES) {
      const columns = createTableColumns(committed, `alpha_v4.feature_store_${tf}`);
      expect(columns).toEqual(['symbol', 'ts', ...FEATURES.map((f) => f.name)]);
      expect(committed).toContain(`CREATE MATERIALIZED VIEW IF NOT EXISTS alpha_v4.mv_features_${tf} AS`);
      expect(committed).toContain(`CREATE UNIQUE INDEX IF NOT EXISTS mv_features_${tf}_symbol_ts`);
    }
    expect(FEATURES.length).toBeGreaterThanOrEqual(200);
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
