/**
 * The model registry on PGlite and PostgreSQL: a normal serve (scores equal the ensemble's own), a new activation
 * served at the next call, loads only of versions not loaded (one sync query), and every failure falling back to the
 * previous version with one event: the active binary corrupted in the database (bytes flipped: checksum mismatch;
 * binary and checksum replaced: load error), a member that throws, one that returns NaN; no usable previous
 * version; errors of the row builder propagating untouched. The fallback latency is printed, not asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/core/errors.js';
import type { Matrix } from '../../src/core/types.js';
import { ensembleToBinary } from '../../src/ensemble/artifact/write.js';
import type { Ensemble } from '../../src/ensemble/ensemble.js';
import { FeatureMismatchError } from '../../src/ensemble/errors.js';
import { PipelineError } from '../../src/pipeline/errors.js';
import { decodeServableModel, servableModel } from '../../src/pipeline/model-codec.js';
import { createModelRegistry, type ModelRegistry } from '../../src/pipeline/registry.js';
import type { Market } from '../../src/pipeline/types.js';
import type { StoredModel } from '../../src/store/ops/model-rows.js';
import type { AlphaStore } from '../../src/store/types.js';
import { engines } from '../support/engines.js';
import { sql } from './fixtures.js';
import { customEnsemble, featureMatrix, NAMES, smallEnsemble } from './model-fixtures.js';

const OTHER_NAMES = ['rsi_14', 'atr_14', 'cci_14', 'adx_14'];
const X = featureMatrix(5, 77);

/** Rows for any feature names (the same values whatever the names), recording the names asked for. */
function rowsFor(asked: (readonly string[])[] = []): (names: readonly string[]) => Matrix {
  return (names) => {
    asked.push(names);
    return X;
  };
}

/** Custom behaviours of the 'test-custom' format, by the binary's first byte: 1 throws, 2 returns NaN, 3 returns 0.7. */
const behaviour = { 1: 'throw', 2: 'nan', 3: 'ok' } as Record<number, 'throw' | 'nan' | 'ok'>;
const mode = { value: 'throw' as 'throw' | 'nan' | 'ok' };

/** decode: our formats as usual; 'test-custom' as a one-member ensemble of a custom member. */
async function decode(stored: StoredModel) {
  if (stored.format !== 'test-custom') return decodeServableModel(stored);
  const fixed = behaviour[stored.binary[0]!];
  const ensemble = customEnsemble(stored.featureNames, async (M) => {
    const how = fixed === 'ok' ? mode.value : fixed;
    if (how === 'throw') throw new RangeError('member blew up');
    return new Float64Array(M.rows).fill(how === 'nan' ? NaN : 0.7);
  });
  return servableModel(stored.version, [{ horizon: 1, ensemble }]);
}

/** The rejection of `p`. */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => expect.unreachable('expected a rejection'),
    (e: unknown) => e,
  );
}

for (const engine of engines('pipeline_registry')) {
  describe(`model registry on ${engine.name}`, () => {
    let store: AlphaStore;
    const e: Ensemble[] = [];
    let loads = 0;
    let queries = 0;
    /** The store, counting model loads and sync queries. */
    let counted: AlphaStore;

    const market = (symbol: string): Market => ({ symbol, timeframe: '15m' });
    const registryOf = (...symbols: string[]): ModelRegistry => createModelRegistry(counted, { markets: symbols.map(market), decode });
    const save = async (symbol: string, ensemble: Ensemble, activate = true): Promise<number> =>
      (await store.saveModelVersion({ symbol, timeframe: '15m', format: 'alpha-v4-ensemble', binary: ensembleToBinary(ensemble), featureNames: ensemble.featureNames, activate })).version;
    const saveCustom = async (symbol: string, kind: 1 | 2 | 3): Promise<number> =>
      (await store.saveModelVersion({ symbol, timeframe: '15m', format: 'test-custom', binary: Uint8Array.of(kind, symbol.length), featureNames: NAMES, activate: true })).version;
    const events = async (symbol: string) => (await store.readModelEvents({ symbol })).filter((ev) => ev.kind !== 'activated').reverse();
    const calibrated = async (ensemble: Ensemble) => (await ensemble.predict(X)).calibrated;

    beforeAll(async () => {
      store = await engine.open();
      for (const seed of [1, 2, 3, 4]) e.push(smallEnsemble(seed));
      e.push(smallEnsemble(5, OTHER_NAMES));
      const inference = store.pools.inference;
      counted = {
        ...store,
        loadActiveModel: (...a) => (loads++, store.loadActiveModel(...a)),
        loadPreviousModel: (...a) => (loads++, store.loadPreviousModel(...a)),
        pools: { ...store.pools, inference: new Proxy(inference, { get: (t, p) => (p === 'selectFrom' && queries++, (Reflect.get(t, p) as Function).bind(t)) }) },
      } as AlphaStore;
      await sql(store, 'ALTER TABLE alpha_v4.models DROP CONSTRAINT models_checksum_sha256');
    }, 300_000);

    afterAll(async () => {
      await engine.dispose();
    }, 120_000);

    it('serves the active version (scores equal the ensemble\'s), then a new activation at the next call, loading each version once', async () => {
      await save('A', e[0]!);
      const registry = registryOf('A');
      const first = await registry.serve(market('A'), rowsFor());
      expect([first.version, first.fallback, first.featureNames]).toEqual([1, false, NAMES]);
      expect(first.scores.map((s) => s.horizon)).toEqual([1]);
      expect(first.scores[0]!.pUp).toEqual(await calibrated(e[0]!));
      const [loads0, queries0] = [loads, queries];
      await registry.serve(market('A'), rowsFor());
      expect([loads - loads0, queries - queries0]).toEqual([0, 1]); // one sync query, nothing loaded again
      await save('A', e[1]!);
      const swapped = await registry.serve(market('A'), rowsFor());
      expect([swapped.version, swapped.fallback]).toEqual([2, false]);
      expect(swapped.scores[0]!.pUp).toEqual(await calibrated(e[1]!));
      expect(loads - loads0).toBe(1); // v2 only: v1, now the previous version, stays loaded
      expect(registry.status(market('A'))).toMatchObject({ active: 2, previous: 1, loaded: [1, 2], failed: [], lastEvent: null });
      await store.activateModel('A', '15m', 1); // a rollback is a hot swap too
      expect((await registry.serve(market('A'), rowsFor())).version).toBe(1);
      expect(await events('A')).toEqual([]);
      await registry.release();
      expect(registry.status(market('A')).loaded).toEqual([]);
      expect((await registry.serve(market('A'), rowsFor())).version).toBe(1);
    });

    it('serve with sync: false makes no query and serves what the last sync loaded (batchPredict syncs once)', async () => {
      await save('S', e[0]!);
      const registry = registryOf('S');
      await registry.sync();
      const queries0 = queries;
      expect((await registry.serve(market('S'), rowsFor(), { sync: false })).version).toBe(1);
      await save('S', e[1]!);
      expect((await registry.serve(market('S'), rowsFor(), { sync: false })).version).toBe(1); // not synced yet
      expect(queries - queries0).toBe(0);
      expect((await registry.serve(market('S'), rowsFor())).version).toBe(2);
      await expect(registry.serve(market('S'), rowsFor(), { sync: 'no' as never })).rejects.toThrow(/options\.sync: expected true or false/);
      await expect(registry.serve(market('S'), rowsFor(), { synced: true } as never)).rejects.toThrow(InvalidParameterError);
      await registry.release();
    });

    it('sync reads every market in one query and loads active and previous versions', async () => {
      await save('B', e[0]!);
      await save('B', e[1]!);
      await save('C', e[2]!);
      const registry = registryOf('B', 'C');
      const q0 = queries;
      await registry.sync();
      expect(queries - q0).toBe(1);
      expect([registry.status(market('B')).loaded, registry.status(market('C')).loaded]).toEqual([[1, 2], [1]]);
      await registry.sync([market('C')]);
      expect(queries - q0).toBe(2);
    });

    it('falls back to the previous version when the active binary is corrupted in storage (checksum mismatch), one event', async () => {
      await save('D', e[0]!);
      await save('D', e[1]!);
      await sql(store, `UPDATE alpha_v4.models SET model_binary = set_byte(model_binary, 200, get_byte(model_binary, 200) # 255) WHERE symbol = 'D'`);
      const registry = registryOf('D');
      const t0 = performance.now();
      const served = await registry.serve(market('D'), rowsFor());
      const ms = performance.now() - t0;
      expect([served.version, served.fallback]).toEqual([1, true]);
      expect(served.scores[0]!.pUp).toEqual(await calibrated(e[0]!));
      await registry.serve(market('D'), rowsFor());
      await registry.serve(market('D'), rowsFor());
      const ev = await events('D');
      expect(ev.map((x) => [x.kind, x.version, x.servedVersion])).toEqual([['checksum_mismatch', 2, 1], ['fallback', 2, 1]]);
      expect(ev[0]!.detail).toMatch(/^v2: MODEL_CORRUPT: corrupt binary model \(checksum\): D 15m v2: the binary's sha256 is [0-9a-f]{64}, the stored checksum [0-9a-f]{64}$/);
      const status = registry.status(market('D'));
      expect([status.loaded, status.failed.map((f) => [f.version, f.kind]), status.lastEvent?.kind]).toEqual([[1], [[2, 'checksum_mismatch']], 'fallback']);
      console.log(`[${engine.name}] corrupted active at first load: serve() with the fallback took ${ms.toFixed(1)} ms; ${ev[1]!.detail}`);
    });

    it('falls back at once to the loaded previous version when a new activation is corrupted (hot path, latency printed)', async () => {
      await save('E', e[0]!);
      await save('E', e[1]!);
      const registry = registryOf('E');
      expect((await registry.serve(market('E'), rowsFor())).version).toBe(2);
      await save('E', e[2]!);
      await sql(store, `UPDATE alpha_v4.models SET model_binary = set_byte(model_binary, 300, get_byte(model_binary, 300) # 1) WHERE symbol = 'E'`);
      const t0 = performance.now();
      const served = await registry.serve(market('E'), rowsFor());
      const ms = performance.now() - t0;
      expect([served.version, served.fallback]).toEqual([2, true]);
      expect(served.scores[0]!.pUp).toEqual(await calibrated(e[1]!));
      const ev = await events('E');
      expect(ev.map((x) => [x.kind, x.version, x.servedVersion])).toEqual([['checksum_mismatch', 3, 2], ['fallback', 3, 2]]);
      console.log(`[${engine.name}] corrupted new activation: serve() with the fallback took ${ms.toFixed(1)} ms (sync query, load of v3, fallback); ${ev[1]!.detail}`);
    });

    it('falls back when binary and checksum are replaced consistently by garbage (load error), even for a version already loaded', async () => {
      await save('F', e[0]!);
      await save('F', e[1]!);
      const registry = registryOf('F');
      expect((await registry.serve(market('F'), rowsFor())).version).toBe(2);
      await sql(store, `UPDATE alpha_v4.models SET model_binary = '\\x0102030405'::bytea, checksum = encode(sha256('\\x0102030405'::bytea), 'hex') WHERE symbol = 'F'`);
      const served = await registry.serve(market('F'), rowsFor());
      expect([served.version, served.fallback]).toEqual([1, true]);
      await registry.serve(market('F'), rowsFor());
      const ev = await events('F');
      expect(ev.map((x) => [x.kind, x.version, x.servedVersion])).toEqual([['load_error', 2, 1], ['fallback', 2, 1]]);
      expect(ev[0]!.detail).toMatch(/^v2: MODEL_CORRUPT: corrupt binary model \(magic\): not an ensemble artifact/);
      // Activated again (the good copy from model_versions): loaded again, served, recovered.
      await store.activateModel('F', '15m', 2);
      const back = await registry.serve(market('F'), rowsFor());
      expect([back.version, back.fallback]).toEqual([2, false]);
      expect((await events('F')).map((x) => [x.kind, x.version, x.servedVersion]).at(-1)).toEqual(['recovered', 2, 2]);
    });

    it('falls back when a member throws, once per version and kind, and records the recovery', async () => {
      await save('G', e[0]!);
      mode.value = 'throw';
      await saveCustom('G', 3);
      const registry = registryOf('G');
      for (let i = 0; i < 3; i++) expect(await registry.serve(market('G'), rowsFor())).toMatchObject({ version: 1, fallback: true });
      mode.value = 'nan';
      expect(await registry.serve(market('G'), rowsFor())).toMatchObject({ version: 1, fallback: true });
      mode.value = 'ok';
      const ok = await registry.serve(market('G'), rowsFor());
      expect([ok.version, ok.fallback, ok.scores[0]!.pUp]).toEqual([2, false, new Float64Array(X.rows).fill(0.7)]);
      const ev = await events('G');
      expect(ev.map((x) => [x.kind, x.version, x.servedVersion])).toEqual([
        ['prediction_error', 2, 1],
        ['fallback', 2, 1],
        ['nan_output', 2, 1],
        ['recovered', 2, 2],
      ]);
      expect(ev[0]!.detail).toMatch(/ENSEMBLE_MEMBERS_FAILED: .*custom \(share 1\): member blew up/);
      mode.value = 'throw';
      await registry.serve(market('G'), rowsFor());
      expect((await events('G')).slice(4).map((x) => x.kind)).toEqual(['prediction_error', 'fallback']); // reported again after the recovery
    });

    it('falls back when a member returns NaN (nan_output), rebuilding the rows for the previous version\'s features', async () => {
      await save('H', e[4]!);
      await saveCustom('H', 2);
      const asked: (readonly string[])[] = [];
      const served = await registryOf('H').serve(market('H'), rowsFor(asked));
      expect([served.version, served.fallback, served.featureNames]).toEqual([1, true, OTHER_NAMES]);
      expect(asked).toEqual([NAMES, OTHER_NAMES]);
      expect(served.scores[0]!.pUp).toEqual(await calibrated(e[4]!));
      expect((await events('H')).map((x) => [x.kind, x.version, x.servedVersion])).toEqual([['nan_output', 2, 1], ['fallback', 2, 1]]);
    });

    it('refuses with MODEL_UNAVAILABLE when the active version is corrupted and there is no previous version', async () => {
      await save('I', e[0]!);
      await sql(store, `UPDATE alpha_v4.models SET model_binary = set_byte(model_binary, 50, 0) WHERE symbol = 'I'`);
      const registry = registryOf('I');
      for (let i = 0; i < 2; i++) {
        const err = await rejection(registry.serve(market('I'), rowsFor()));
        expect(err).toBeInstanceOf(PipelineError);
        expect([(err as PipelineError).code, (err as PipelineError).symbol, (err as PipelineError).timeframe]).toEqual(['MODEL_UNAVAILABLE', 'I', '15m']);
        expect((err as Error).message).toMatch(/^I 15m: active v1 failed \(checksum_mismatch: MODEL_CORRUPT: .*\); no previous version$/);
      }
      expect((await events('I')).map((x) => [x.kind, x.version, x.servedVersion])).toEqual([['checksum_mismatch', 1, null]]);
      expect(await sql(store, `SELECT count(*)::int AS n FROM alpha_v4.predictions`)).toEqual([{ n: 0 }]);
    });

    it('refuses with MODEL_UNAVAILABLE naming both failures when the previous version fails too', async () => {
      await saveCustom('J', 2);
      await saveCustom('J', 1);
      const err = await rejection(registryOf('J').serve(market('J'), rowsFor()));
      expect((err as PipelineError).code).toBe('MODEL_UNAVAILABLE');
      expect((err as Error).message).toMatch(/^J 15m: active v2 failed \(prediction_error: .*member blew up\); previous v1 failed too \(nan_output: .*\)$/);
      expect((await events('J')).map((x) => [x.kind, x.version, x.servedVersion])).toEqual([['prediction_error', 2, null], ['nan_output', 1, null]]);
    });

    it('lets an error of the row builder through untouched, as no model failure', async () => {
      await save('K', e[0]!);
      const registry = registryOf('K');
      const stale = new PipelineError('STALE_CANDLES', 'K 15m: the latest candle is old', { symbol: 'K', timeframe: '15m' });
      expect(await rejection(registry.serve(market('K'), () => Promise.reject(stale)))).toBe(stale);
      const narrow = await rejection(registry.serve(market('K'), () => featureMatrix(2, 1, 3)));
      expect(narrow).toBeInstanceOf(FeatureMismatchError);
      expect((narrow as Error).message).toBe('rows(featureNames) has 3 column(s), the model has 4 feature(s)');
      expect(registry.status(market('K')).failed).toEqual([]);
      expect(await events('K')).toEqual([]);
      expect((await registry.serve(market('K'), rowsFor())).version).toBe(1);
    });

    it('refuses a market without an active model (NO_ACTIVE_MODEL) and one it does not serve (UNKNOWN_MARKET)', async () => {
      const registry = registryOf('L');
      const none = await rejection(registry.serve(market('L'), rowsFor()));
      expect([(none as PipelineError).code, (none as Error).message]).toEqual(['NO_ACTIVE_MODEL', 'L 15m has no active model']);
      const unknown = await rejection(registry.serve(market('Z'), rowsFor()));
      expect((unknown as PipelineError).code).toBe('UNKNOWN_MARKET');
      expect(() => registry.status({ symbol: 'L', timeframe: '1h' })).toThrow(/unknown timeframe "1h"/);
      await expect(registry.serve(market('L'), 'rows' as never)).rejects.toThrow(/^rows: expected a function of the feature names/);
      expect(() => createModelRegistry(store, { decode: 1 as never })).toThrow(/options\.decode: expected a function/);
      expect(() => createModelRegistry(store, { market: [] } as never)).toThrow(/options\.market: unknown option/);
      await expect(registry.activeModel(market('L'))).rejects.toThrow(/no active model/);
    });
  });
}
