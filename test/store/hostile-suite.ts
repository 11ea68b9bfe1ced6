/**
 * Hostile input against the store's public API, on PGlite (issue 13): every case of hostile-cases.ts gives a typed
 * AlphaError (InvalidParameterError or StoreError) with a short message naming the argument, and the database and
 * the backup sink are exactly as before. Then a fuzz: arbitrary values (fast-check) in place of each operation's
 * arguments give a result or an AlphaError, never a plain JS error. The checks run before the database is asked,
 * so PostgreSQL behaves the same; listen.test.ts covers the listener's callbacks on both engines.
 *
 * adapter.test.ts runs this suite inside its PGlite run, on a fresh store from the same migrated template, so that
 * it costs seconds, not a second PGlite start-up.
 */
import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlphaError } from '../../src/core/errors.js';
import { exportBackup, type AlphaStore, type BackupSink } from '../../src/store/index.js';
import { createFsBackupSink } from '../../src/store/index.node.js';
import type { Engine } from '../support/engines.js';
import { HOSTILE_CASES, type HostileContext } from './hostile-cases.js';

/** What a call gives: its result, or what it threw or rejected with (a sync throw included). */
async function outcome(run: () => unknown): Promise<{ error: unknown } | { value: unknown }> {
  try {
    return { value: await run() };
  } catch (error) {
    return { error };
  }
}

/** Row counts of every alpha_v4 table and the number of relations: a write, a partition or a table shows. */
async function snapshot(store: AlphaStore): Promise<Record<string, number>> {
  return store.driver.transaction('monitoring', async (s) => {
    const out: Record<string, number> = {};
    for (const t of ['feature_store_15m', 'feature_store_1h', 'predictions', 'predictions_archive', 'model_versions', 'models', 'settings', 'jobs']) {
      out[t] = Number((await s.query<{ n: string }>(`SELECT count(*) AS n FROM alpha_v4.${t}`)).rows[0]!.n);
    }
    out.relations = Number((await s.query<{ n: string }>(`SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname LIKE 'alpha_v4%'`)).rows[0]!.n);
    return out;
  });
}

/** Every file under `dir`, relative. */
async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

/**
 * The hostile-input suite on a fresh store of `engine` (PGlite in adapter.test.ts); the engine's owner disposes the
 * store.
 */
export function describeHostileInput(engine: Engine): void {
  describe(`hostile input on the ${engine.name} store`, () => {
    let ctx: HostileContext;
    let before: Record<string, number>;
    let emptyDir: string;
    let backupDir: string;

    beforeAll(async () => {
      const store = await engine.open();
      emptyDir = await mkdtemp(join(tmpdir(), 'alpha-hostile-empty-'));
      backupDir = await mkdtemp(join(tmpdir(), 'alpha-hostile-backups-'));
      const backups = createFsBackupSink(backupDir);
      const { manifest } = await exportBackup(store, backups, { retentionDays: Infinity });
      ctx = {
        store,
        sink: createFsBackupSink(emptyDir),
        backups,
        backup: manifest.id,
        async corrupt(bucket, path, text) {
          const file = join(backupDir, bucket, path);
          await mkdir(dirname(file), { recursive: true });
          await writeFile(file, text);
        },
      };
      before = await snapshot(store);
    }, 300_000);

    afterAll(async () => {
      await rm(emptyDir, { recursive: true, force: true });
      await rm(backupDir, { recursive: true, force: true });
    }, 120_000);

    it(`tries ${HOSTILE_CASES.length} named hostile inputs, each named once`, () => {
      expect(HOSTILE_CASES.length).toBeGreaterThanOrEqual(200);
      expect(new Set(HOSTILE_CASES.map((c) => c.name)).size).toBe(HOSTILE_CASES.length);
    });

    it.each(HOSTILE_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const r = await outcome(() => c.run(ctx));
      expect('error' in r, 'the call succeeded').toBe(true);
      const e = (r as { error: unknown }).error;
      expect(e, String(e)).toBeInstanceOf(AlphaError);
      const { code, message } = e as AlphaError;
      expect(code, message).toBe(c.code);
      expect(message).toContain(c.names);
      expect(message.length).toBeLessThanOrEqual(AlphaError.MAX_MESSAGE);
      expect(message, 'a huge value printed in the message').not.toMatch(/x{100}/);
    });

    it('leaves the database as it was (no row, partition or table), and the empty sink empty', async () => {
      expect(await snapshot(ctx.store)).toEqual(before);
      expect(await files(emptyDir)).toEqual([]);
    });

    describe('fuzz: arbitrary values as arguments give a result or an AlphaError', () => {
      const anything = fc.anything({ withBigInt: true, withDate: true, withTypedArray: true, withNullPrototype: true, withSparseArray: true, maxDepth: 3 });
      const ops: [string, (store: AlphaStore, sink: BackupSink, x: unknown) => unknown][] = [
        ['readFeatures(x)', (s, _k, x) => s.readFeatures(x as never)],
        ['readFeatures({ symbol, timeframe, from: x })', (s, _k, x) => s.readFeatures({ symbol: 'BTC', timeframe: '15m', from: x as never })],
        ['readCandles(x)', (s, _k, x) => s.readCandles(x as never)],
        ['upsertFeatures(x)', (s, _k, x) => s.upsertFeatures(x as never)],
        ['upsertFeatures(batch with frame x)', (s, _k, x) => s.upsertFeatures({ symbol: 'FUZZ', timeframe: '15m', frame: x as never })],
        ['writePredictions(x)', (s, _k, x) => s.writePredictions(x as never)],
        ['writePredictions([x])', (s, _k, x) => s.writePredictions([x as never])],
        ['writePredictions([], x)', (s, _k, x) => s.writePredictions([], x as never)],
        ['saveModelVersion(x)', (s, _k, x) => s.saveModelVersion(x as never)],
        ['saveModelVersion(metrics x)', (s, _k, x) => s.saveModelVersion({ symbol: 'FUZZ', timeframe: '1d', format: 'f', binary: new Uint8Array(1), featureNames: [], metrics: x as never, activate: 'no' as never })],
        ['activateModel(x, 15m, 1)', (s, _k, x) => s.activateModel(x as never, '15m', 1)],
        ['activateModel(BTC, 15m, x)', (s, _k, x) => s.activateModel('FUZZ', '15m', x as never)],
        ['loadActiveModel(BTC, x)', (s, _k, x) => s.loadActiveModel('FUZZ', x as never)],
        ['readMetrics(x)', (s, _k, x) => s.readMetrics(x as never)],
        ['runJob(x)', (s, _k, x) => s.runJob(x as never)],
        ['exportBackup(store, sink, x)', (s, k, x) => exportBackup(s, k, { ...(x as object), rowsPerFile: -1 } as never)],
        ['sink.put(bucket, x, data)', (_s, k, x) => k.put('model-backups', x as never, new Uint8Array(0))],
      ];
      for (const [name, op] of ops) {
        it(name, async () => {
          await fc.assert(
            fc.asyncProperty(anything, async (x) => {
              const r = await outcome(() => op(ctx.store, ctx.sink, x));
              if ('error' in r) {
                expect(r.error, String(r.error)).toBeInstanceOf(AlphaError);
                expect((r.error as AlphaError).message.length).toBeLessThanOrEqual(AlphaError.MAX_MESSAGE);
              }
            }),
            { numRuns: 150, seed: 13 },
          );
        });
      }

      it('wrote nothing either', async () => {
        expect(await snapshot(ctx.store)).toEqual(before);
      });
    });
  });
}
