/**
 * Backups on both engines: export to a real filesystem directory and restore into a fresh store, exactly (every
 * table compared as PostgreSQL's row text); replace/merge modes; 30-day retention; a corrupted backup restores
 * nothing. The Supabase Storage sink runs against a minimal in-memory fake of the Storage calls it makes
 * (getBucket, createBucket, from().upload/download/list/remove), with Storage's one-level listing and folder
 * entries; it is not a real Supabase project (that needs Docker or the network).
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeFeatures } from '../../src/features/index.js';
import {
  backupId,
  createSupabaseBackupSink,
  exportBackup,
  listBackups,
  parseCsv,
  restoreBackup,
  StoreError,
  type AlphaStore,
  type StorageClientLike,
} from '../../src/store/index.js';
import { createFsBackupSink } from '../../src/store/index.node.js';
import { engines } from '../support/engines.js';
import { candles, modelBinary, predictions, recent15m } from './fixtures.js';

const T0 = Date.UTC(2024, 0, 1);
const M15 = 15 * 60_000;
const TABLES: Record<string, string> = {
  'alpha_v4.models': 'symbol, timeframe',
  'alpha_v4.model_versions': 'symbol, timeframe, version',
  'alpha_v4.feature_store_15m': 'symbol, ts',
  'alpha_v4.feature_store_1h': 'symbol, ts',
  'alpha_v4.predictions': 'symbol, timeframe, ts, horizon, model_version',
  'alpha_v4.predictions_archive': 'symbol, timeframe, ts, horizon, model_version',
};

async function sql(store: AlphaStore, text: string, params: unknown[] = []) {
  return store.driver.transaction('monitoring', async (s) => (await s.query<Record<string, unknown>>(text, params)).rows);
}

/** Every backed-up table as PostgreSQL's text of whole rows (UTC), in key order. */
async function dump(store: AlphaStore): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  await store.driver.transaction('monitoring', async (s) => {
    await s.query(`SET LOCAL TimeZone = 'UTC'`);
    for (const [t, key] of Object.entries(TABLES)) {
      const r = await s.query<{ r: string }>(`SELECT x::text AS r FROM ${t} x ORDER BY ${key.split(', ').map((k) => `x.${k}`).join(', ')}`);
      out[t] = r.rows.map((row) => row.r);
    }
  });
  return out;
}

async function populate(store: AlphaStore): Promise<void> {
  await store.upsertFeatures([
    { symbol: 'BTC', timeframe: '15m', frame: computeFeatures(candles('BTC', 800, T0, '15m', 1)) },
    { symbol: 'ETH', timeframe: '1h', frame: computeFeatures(candles('ETH', 300, T0, '1h', 2)) },
    // A symbol that needs CSV quoting, and an explicitly NULL-only row.
    { symbol: 'WEIRD,"x"', timeframe: '15m', frame: { time: [T0, T0 + M15], names: ['rsi_14', 'close'], columns: [[NaN, 0.1 + 0.2], [5e-324, 1.7976931348623157e308]] } },
  ]);
  // A real NaN (not NULL) and microseconds, written past the library's conventions.
  await sql(store, `UPDATE alpha_v4.feature_store_15m SET atr_14 = 'NaN', adx_14 = '-Infinity' WHERE symbol = 'WEIRD,"x"' AND ts = $1`, [new Date(T0).toISOString()]);
  const now = Date.now();
  const live = predictions('BTC', Array.from({ length: 500 }, (_, i) => recent15m(600, now) + i * M15), 3);
  const old = predictions('ETH', [recent15m(96 * 200, now), recent15m(96 * 199, now)], 2);
  await store.writePredictions([...live, ...old, ...predictions('SOL', [recent15m(10, now)], 1)]);
  await sql(store, `UPDATE alpha_v4.predictions SET created_at = '2024-05-05 05:05:05.123456+00', outcome = 1, realized_return = 0.001234, resolved_at = '2024-05-06 00:00:00.000001+00' WHERE symbol = 'SOL'`);
  await store.retention(); // ETH's two move to the archive
  for (let i = 0; i < 3; i++) {
    await store.saveModelVersion({ symbol: 'BTC', timeframe: '15m', format: 'alpha-gbdt-binary', binary: modelBinary(20_000 + i, 10 + i), featureNames: ['rsi_14', 'atr_14'], metrics: { auc: 0.6 + i / 100, note: 'quote " and, comma' }, trainStart: T0, trainEnd: T0 + i * M15 + 1, activate: i < 2 });
  }
  await store.saveModelVersion({ symbol: 'ETH', timeframe: '1h', format: 'xgboost-json', binary: new TextEncoder().encode('{"learner":{}}'), featureNames: [], activate: true });
}

for (const engine of engines('backup')) {
  describe(`backup on ${engine.name}`, () => {
    let store: AlphaStore;
    let original: Record<string, string[]>;
    let dir: string;

    beforeAll(async () => {
      store = await engine.open();
      await populate(store);
      original = await dump(store);
      dir = await mkdtemp(join(tmpdir(), 'alpha-backup-'));
    }, 300_000);

    afterAll(async () => {
      await engine.dispose();
      await rm(dir, { recursive: true, force: true });
    }, 120_000);

    it('the populated store covers every backed-up table', () => {
      for (const [t, rows] of Object.entries(original)) expect(rows.length, t).toBeGreaterThan(0);
      expect(original['alpha_v4.predictions_archive']!.length).toBe(2);
      expect(original['alpha_v4.feature_store_15m']!.some((r) => r.includes('NaN') && r.includes('-Infinity'))).toBe(true);
    });

    it('exports to a filesystem directory and restores into a fresh store exactly', async () => {
      const sink = createFsBackupSink(dir);
      const { manifest } = await exportBackup(store, sink, { rowsPerFile: 300 });
      expect(manifest.tables['alpha_v4.feature_store_15m']!.map((f) => f.rows)).toEqual([300, 300, 202]);
      expect((await readdir(dir)).sort()).toEqual(['feature-backups', 'model-backups', 'predictions-backup']);
      expect(manifest.models.binaries).toBe(4);
      const fresh = await engine.open();
      const r = await restoreBackup(fresh, sink);
      expect(r.id).toBe(manifest.id);
      expect(r.rows['alpha_v4.feature_store_15m']).toBe(802);
      expect(await dump(fresh)).toEqual(original);
      // The restored store works as the original: same active and previous models.
      expect((await fresh.loadActiveModel('BTC', '15m'))!.binary).toEqual((await store.loadActiveModel('BTC', '15m'))!.binary);
      expect((await fresh.loadPreviousModel('BTC', '15m'))!.version).toBe(1);
      // Restoring again (merge) changes nothing.
      await restoreBackup(fresh, sink);
      expect(await dump(fresh)).toEqual(original);
    });

    it("'replace' puts the tables back exactly as backed up after later changes; 'merge' keeps newer rows", async () => {
      const sink = createFsBackupSink(dir);
      await store.writePredictions(predictions('NEW', [T0]));
      await store.upsertFeatures({ symbol: 'BTC', timeframe: '15m', frame: { time: [T0], names: ['rsi_14'], columns: [[42]] } });
      await store.activateModel('BTC', '15m', 3);
      await restoreBackup(store, sink, { mode: 'merge' });
      const merged = await dump(store);
      expect(merged['alpha_v4.predictions']!.length).toBe(original['alpha_v4.predictions']!.length + 1);
      await restoreBackup(store, sink, { mode: 'replace' });
      expect(await dump(store)).toEqual(original);
    });

    it('keeps 30 days of backups: older ones, complete or not, are deleted by the next export', async () => {
      const sink = createFsBackupSink(join(dir, 'retention'));
      const now = new Date();
      const day = 86_400_000;
      const old = await exportBackup(store, sink, { now: new Date(now.getTime() - 41 * day), retentionDays: Infinity });
      const mid = await exportBackup(store, sink, { now: new Date(now.getTime() - 10 * day) });
      expect(mid.pruned).toEqual([old.manifest.id]);
      const stale = backupId(new Date(now.getTime() - 31 * day));
      await sink.put('feature-backups', `${stale}/feature_store_15m/part-00000.csv`, 'symbol,ts\n'); // an interrupted export
      const latest = await exportBackup(store, sink, { now });
      expect(latest.pruned).toEqual([stale]);
      expect(await listBackups(sink)).toEqual([
        { id: mid.manifest.id, complete: true },
        { id: latest.manifest.id, complete: true },
      ]);
      expect((await restoreBackup(store, sink)).id).toBe(latest.manifest.id); // the newest complete one by default
    });

    it('a corrupted or incomplete backup restores nothing and says why', async () => {
      const root = join(dir, 'corrupt');
      const sink = createFsBackupSink(root);
      const { manifest } = await exportBackup(store, sink);
      const fresh = await engine.open();
      const empty = await dump(fresh);
      const bin = (await sink.list('model-backups', manifest.id)).find((p) => p.endsWith('.bin'))!;
      await writeFile(join(root, 'model-backups', bin), new Uint8Array([1, 2, 3]));
      const e = await restoreBackup(fresh, sink).catch((x: unknown) => x);
      expect((e as StoreError).code).toBe('STORE_BACKUP');
      expect((e as StoreError).sqlState).toBe('23514'); // the database's sha256 CHECK
      expect(await dump(fresh)).toEqual(empty);
      const missing = await restoreBackup(fresh, sink, { id: '20200101T000000000Z' }).catch((x: unknown) => x);
      expect((missing as StoreError).message).toMatch(/no manifest/);
    });

    it('round-trips through the Supabase Storage sink (against an in-memory fake of the Storage API)', async () => {
      const fake = fakeStorage();
      const sink = createSupabaseBackupSink(fake.client);
      const { manifest } = await exportBackup(store, sink, { rowsPerFile: 1000 });
      expect(fake.buckets()).toEqual({ 'feature-backups': false, 'model-backups': false, 'predictions-backup': false });
      expect(fake.objectCount()).toBeGreaterThan(8);
      const fresh = await engine.open();
      await restoreBackup(fresh, sink, { id: manifest.id });
      expect(await dump(fresh)).toEqual(await dump(store));
    });
  });
}

describe('CSV', () => {
  it('keeps NULL (unquoted empty) apart from the empty string (quoted), with quotes, commas and newlines', () => {
    expect(parseCsv('a,"b,""c""\n",,""\n1,2,3,4\n')).toEqual([
      ['a', 'b,"c"\n', null, ''],
      ['1', '2', '3', '4'],
    ]);
    expect(parseCsv('x,\n')).toEqual([['x', null]]);
  });
});

/** A minimal in-memory Supabase Storage: the calls the sink makes, with Storage's one-level listing (folders have id null). */
function fakeStorage() {
  const buckets = new Map<string, { public: boolean; objects: Map<string, Uint8Array> }>();
  const err = (message: string) => ({ data: null, error: { message } });
  const client: StorageClientLike = {
    storage: {
      async getBucket(id) {
        return buckets.has(id) ? { data: { id }, error: null } : err('Bucket not found');
      },
      async createBucket(id, options) {
        if (buckets.has(id)) return err('The resource already exists');
        buckets.set(id, { public: options?.public ?? false, objects: new Map() });
        return { data: { name: id }, error: null };
      },
      from(bucket) {
        const b = () => buckets.get(bucket);
        return {
          async upload(path, body, options) {
            const bk = b();
            if (!bk) return err('Bucket not found');
            if (bk.objects.has(path) && !options?.upsert) return err('The resource already exists');
            const bytes = body instanceof Uint8Array ? body.slice() : new Uint8Array(await body.arrayBuffer());
            bk.objects.set(path, bytes);
            return { data: { path }, error: null };
          },
          async download(path) {
            const o = b()?.objects.get(path);
            return o ? { data: new Blob([o]), error: null } : { data: null, error: { message: 'Object not found' } };
          },
          async list(prefix = '', options = {}) {
            const bk = b();
            if (!bk) return err('Bucket not found');
            const base = prefix ? `${prefix}/` : '';
            const names = new Map<string, string | null>();
            for (const key of bk.objects.keys()) {
              if (!key.startsWith(base)) continue;
              const rest = key.slice(base.length);
              const slash = rest.indexOf('/');
              if (slash < 0) names.set(rest, `id-${key}`);
              else if (!names.has(rest.slice(0, slash))) names.set(rest.slice(0, slash), null);
            }
            const sorted = [...names].sort(([a], [c]) => (a < c ? -1 : 1)).map(([name, id]) => ({ name, id }));
            const offset = options.offset ?? 0;
            return { data: sorted.slice(offset, offset + (options.limit ?? 100)), error: null };
          },
          async remove(paths) {
            const bk = b();
            if (!bk) return err('Bucket not found');
            for (const p of paths) bk.objects.delete(p);
            return { data: paths.map((name) => ({ name })), error: null };
          },
        };
      },
    },
  };
  return {
    client,
    buckets: () => Object.fromEntries([...buckets].sort(([a], [c]) => (a < c ? -1 : 1)).map(([k, v]) => [k, v.public])),
    objectCount: () => [...buckets.values()].reduce((n, b) => n + b.objects.size, 0),
  };
}

