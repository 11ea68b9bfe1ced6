/**
 * The plv8 deployment, without plv8 (it is not installable here: no Debian package, and building it needs V8):
 *
 * - the build script (scripts/build-plv8.ts) writes the bundle and the installer and prints their sizes;
 * - the bundle refers to no Node or Web API (a scan of its text with the TypeScript parser: none of the forbidden
 *   globals; other non-ECMAScript globals only where guarded by `typeof` or provably dead, by function), and it
 *   evaluates in a bare `node:vm` context without `console` and `WebAssembly`;
 * - the installer is valid SQL for PostgreSQL 15: without plv8 it fails with exactly `language "plv8" does not
 *   exist`; with a stand-in language named plv8 it applies unchanged, twice;
 * - the installer's own function bodies run in that vm context with a `plv8` shim whose `execute` runs the SQL on
 *   the real PostgreSQL 15 test server through a synchronous bridge (plv8-vm.ts, sync-pg.ts): `batch_predict` gives
 *   bit for bit the predictions of the Node pipeline's `batchPredict` (and of each model's own scores of the
 *   `computeFeatures` reference row), inserted in one statement; the trigger, fired candle by candle, stores the
 *   rows `computeFeatures` gives and the same rows and stream states as the Node worker's path (`latestFeatureRow`
 *   per closed candle); bad inputs (a corrupted model, no model, stale candles, bad options, a bad row) fail as
 *   documented, writing nothing.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sliceCandles } from '../../src/core/candles.js';
import type { Candles } from '../../src/core/types.js';
import type { EnsembleConfig } from '../../src/ensemble/training/config.js';
import { batchPredict } from '../../src/pipeline/batch.js';
import { BatchPredictError } from '../../src/pipeline/errors.js';
import { planFeatures } from '../../src/pipeline/feature-plan.js';
import { latestFeatureRow } from '../../src/pipeline/live-features.js';
import { trainMarketModel, type TrainedMarketModel } from '../../src/pipeline/train.js';
import { DEFAULT_MARKETS, type Prediction } from '../../src/pipeline/types.js';
import type { AlphaStore } from '../../src/store/types.js';
import { buildPlv8 } from '../../scripts/build-plv8.js';
import { postgresEngine } from '../support/engines.js';
import { ROOT } from '../support/pg-cluster.js';
import { activateModel, ensembleScores, market, modelFeatures, referenceRow, SMALL_ENSEMBLE, sql, START, written, writeLive } from '../pipeline/fixtures.js';
import { globalReferences } from './bundle-scan.js';
import { createPlv8Harness, ELOG_LEVELS, functionBody, type Plv8Function, type Plv8Harness } from './plv8-vm.js';
import { SyncPg } from './sync-pg.js';

const run = promisify(execFile);
const H = 3_600_000;
const M15 = 900_000;
const WARMUP = 50;
const SYMBOLS = ['BTC', 'ETH', 'SOL'];

/** The globals the issue forbids (and `import.meta`, counted apart). */
const FORBIDDEN = ['TextEncoder', 'TextDecoder', 'structuredClone', 'setTimeout', 'setInterval', 'Buffer', 'fetch', 'crypto', 'process', 'require'];
/** Other globals of Node, Deno or browsers that plv8 does not have either. */
const WATCHED = ['setImmediate', 'queueMicrotask', 'module', 'exports', 'global', '__dirname', 'window', 'self', 'document', 'navigator', 'Deno', 'Bun', 'console', 'WebAssembly', 'atob', 'btoa', 'URL', 'performance'];
/**
 * The 1h models: the two small tree members and an MLP, logistic stacking, beta calibration (the 15m models are
 * `SMALL_ENSEMBLE`: weights, Platt). In plv8 the MLP runs its plain JavaScript kernel (no WebAssembly there), in Node
 * the WebAssembly one: the predictions must agree bit for bit all the same.
 */
const WITH_MLP = {
  members: [...SMALL_ENSEMBLE.members, { name: 'mlp', kind: 'mlp', params: { hiddenLayers: [8], epochs: 30, batchSize: 32 } }],
  combine: 'stacking',
  calibration: 'beta',
  seed: 1,
} as const;

/** References allowed without a `typeof` guard in their function, and why they never run in plv8. */
const DEAD: Readonly<Record<string, readonly string[]>> = {
  // mlp/wasm.ts: allocates the SIMD kernel's memory only once `module()` compiled it, which needs `typeof WebAssembly === 'object'`.
  WebAssembly: ['allocate'],
  // zod's base64 and JWT string formats, which no schema of the library uses.
  atob: ['base64ToUint8Array', 'isValidBase64', 'isValidJWT'],
  btoa: ['uint8ArrayToBase64'],
};

/** Per name, the count of references and of `typeof` guards. */
function tally(refs: readonly { name: string; typeofOperand: boolean }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of refs) out[`${r.name}${r.typeofOperand ? ' (typeof)' : ''}`] = (out[`${r.name}${r.typeofOperand ? ' (typeof)' : ''}`] ?? 0) + 1;
  return out;
}

/** What `alpha_v4.batch_predict()` returns, as JSON. */
interface BatchResult {
  predictions: { symbol: string; timeframe: string; ts: string; targetTs: string; horizon: number; pUp: number; direction: number; confidence: number; size: number; modelVersion: number; members: Record<string, number>; fallback: boolean; featureSource: string }[];
  failures: { symbol: string; timeframe: string; code: string; message: string }[];
  inserted: number;
}

/** What a compiled plv8 function throws (it must throw). */
function thrown(fn: () => unknown): { name: string; code?: string; message: string } {
  try {
    fn();
  } catch (e) {
    return e as { name: string; code?: string; message: string };
  }
  return expect.unreachable('expected an error') as never;
}

/** A prediction's fields as the two paths give them, for an exact comparison (pUp and size compared bit for bit by toEqual). */
function fields(p: { symbol: string; timeframe: string; ts: Date | string; targetTs: Date | string; horizon: number; pUp: number; direction: number; confidence: number; size: number; modelVersion: number; members: object; fallback: boolean }) {
  const iso = (t: Date | string) => (typeof t === 'string' ? t : t.toISOString());
  return [p.symbol, p.timeframe, iso(p.ts), iso(p.targetTs), p.horizon, p.pUp, p.direction, p.confidence, p.size, p.modelVersion, { ...p.members }, p.fallback];
}

describe('the plv8 bundle', () => {
  let bundle: string;
  let installSql: string;
  let stdout: string;

  beforeAll(async () => {
    ({ stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/build-plv8.ts'], { cwd: ROOT }));
    bundle = readFileSync(`${ROOT}examples/plv8/dist/alpha_v4_plv8.js`, 'utf8');
    installSql = readFileSync(`${ROOT}examples/plv8/dist/install.sql`, 'utf8');
  }, 120_000);

  it('the build script writes the bundle and the installer (the bundle in each plv8 function, its sha256 in the header) and prints their sizes', () => {
    expect(stdout).toMatch(/alpha_v4_plv8\.js: [\d.]+ kB minified, [\d.]+ kB gzipped \(sha256 [0-9a-f]{64}\)/);
    expect(stdout).toMatch(/install\.sql: [\d.]+ kB, [\d.]+ kB gzipped/);
    const sha = createHash('sha256').update(bundle).digest('hex');
    expect(installSql).toContain(`bundle sha256 ${sha}, ${Buffer.byteLength(bundle)} bytes`);
    expect(bundle.startsWith('"use strict";var alphaV4=(()=>{')).toBe(true);
    expect(installSql.split(bundle.slice('"use strict";'.length).trimEnd()).length - 1).toBe(2);
    expect(installSql.split("AS $alpha_v4_plv8$\n'use strict';\nvar lib = globalThis.__alpha_v4_plv8_").length - 1).toBe(2);
    expect(installSql).not.toMatch(/\{\{[A-Z0-9]+\}\}/);
  });

  it('refers to none of the forbidden globals, nor import.meta; other non-ECMAScript globals only guarded by typeof or in dead code', async () => {
    const shipped = globalReferences(bundle, [...FORBIDDEN, ...WATCHED], false);
    expect(shipped.importMeta).toBe(0);
    expect(shipped.refs.filter((r) => FORBIDDEN.includes(r.name))).toEqual([]);
    // The readable twin of the same bundle names the function of each reference; it has exactly the shipped ones.
    const readable = globalReferences((await buildPlv8({ minify: false, write: false })).bundle, [...FORBIDDEN, ...WATCHED], true);
    expect(tally(readable.refs)).toEqual(tally(shipped.refs));
    const guards = new Set(readable.refs.filter((r) => r.typeofOperand).map((r) => `${r.name} ${r.fn}`));
    const unguarded = readable.refs.filter((r) => !r.typeofOperand && !guards.has(`${r.name} ${r.fn}`) && !(DEAD[r.name] ?? []).includes(r.fn));
    expect(unguarded).toEqual([]);
  }, 60_000);

  it('evaluates in a bare node:vm context (no console, WebAssembly, Node or Web API) and exports the plv8 entry points', () => {
    const harness = createPlv8Harness();
    const absent = [...FORBIDDEN, 'console', 'WebAssembly', 'setImmediate', 'queueMicrotask', 'atob', 'btoa', 'URL', 'navigator', 'performance'];
    expect(harness.run(`[${absent.map((n) => `typeof ${n}`).join(', ')}]`)).toEqual(absent.map(() => 'undefined'));
    harness.run(`${bundle}\nglobalThis.alphaV4 = alphaV4;`);
    expect(harness.run('Object.keys(alphaV4).sort()')).toEqual(['batchPredictPlv8', 'featureTriggerPlv8', 'runFeatureTrigger', 'triggerOptions']);
  });

  describe('on PostgreSQL 15', () => {
    const engine = postgresEngine('deploy_plv8');
    let store: AlphaStore;
    let client: pg.Client;
    /** The candles the six models are trained on: 15m and 1h up to the same time. */
    const training = { '15m': market('15m', 800, 31), '1h': market('1h', 200, 32) } as const;
    let trained: Promise<Map<string, TrainedMarketModel>> | undefined;
    /** The six markets' small models (horizons 1 and 2), trained once for every database of this file. */
    const models = (): Promise<Map<string, TrainedMarketModel>> =>
      (trained ??= (async () => {
        const out = new Map<string, TrainedMarketModel>();
        for (const { symbol, timeframe } of DEFAULT_MARKETS) {
          const tf = timeframe as '15m' | '1h';
          const cut = (c: Candles) => sliceCandles(c, 0, tf === '15m' ? 400 : 170);
          const peers = Object.fromEntries(SYMBOLS.filter((p) => p !== symbol).map((p) => [p, cut(training[tf][p]!)]));
          const ensemble = tf === '15m' ? SMALL_ENSEMBLE : WITH_MLP;
          out.set(`${symbol} ${tf}`, trainMarketModel({ candles: cut(training[tf][symbol]!), symbol, peers, features: modelFeatures(symbol), horizons: [1, 2], ensemble: ensemble as EnsembleConfig }));
        }
        return out;
      })());
    /** Saves and activates the six models in a store. */
    const activateAll = async (target: AlphaStore): Promise<void> => {
      for (const [key, model] of await models()) {
        const [symbol, timeframe] = key.split(' ') as [string, '15m' | '1h'];
        await target.saveModelVersion({ symbol, timeframe, ...model, activate: true });
      }
    };

    beforeAll(async () => {
      store = await engine.open();
      client = await engine.connect(store);
    }, 120_000);

    afterAll(async () => {
      await client?.end();
      await engine.dispose();
    }, 60_000);

    it('without plv8 the installer fails with exactly: language "plv8" does not exist (SQLSTATE 42704), and leaves nothing', async () => {
      const e = (await client.query(installSql).then(
        () => expect.unreachable('expected an error'),
        (error: unknown) => error,
      )) as { message: string; code: string };
      expect([e.code, e.message]).toEqual(['42704', 'language "plv8" does not exist']);
      const { rows } = await client.query("SELECT count(*)::int AS n FROM pg_proc WHERE proname IN ('batch_predict', 'feature_trigger', 'attach_feature_trigger')");
      expect(rows[0].n).toBe(0);
    });

    it('with a stand-in language named plv8 the installer applies unchanged, twice: the functions hold the bodies, the triggers are on both live tables', async () => {
      await client.query('BEGIN');
      try {
        await client.query("CREATE FUNCTION pg_temp.plv8_stand_in() RETURNS language_handler AS '$libdir/plpgsql', 'plpgsql_call_handler' LANGUAGE C");
        await client.query('CREATE LANGUAGE plv8 HANDLER pg_temp.plv8_stand_in');
        await client.query(installSql);
        await client.query(installSql);
        const { rows: fns } = await client.query(
          "SELECT p.proname, l.lanname, p.prosrc, pg_get_function_identity_arguments(p.oid) AS args FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.pronamespace = 'alpha_v4'::regnamespace AND p.proname IN ('batch_predict', 'feature_trigger', 'attach_feature_trigger') ORDER BY 1",
        );
        expect(fns.map((f) => [f.proname, f.lanname, f.args])).toEqual([
          ['attach_feature_trigger', 'plpgsql', 'p_table regclass, p_timeframe text, p_warmup integer, p_on_error text'],
          ['batch_predict', 'plv8', 'p_now timestamp with time zone, p_options jsonb'],
          ['feature_trigger', 'plv8', ''],
        ]);
        expect(fns[1].prosrc).toBe(functionBody(installSql, 'batch_predict'));
        expect(fns[2].prosrc).toBe(functionBody(installSql, 'feature_trigger'));
        const { rows: triggers } = await client.query(
          "SELECT c.relname, t.tgname, encode(t.tgargs, 'escape') AS args FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = 'alpha_v4_features' ORDER BY 1",
        );
        expect(triggers.map((t) => [t.relname, t.args])).toEqual([
          ['ohlcv_15m', '15m\\0001000\\000warn\\000'],
          ['ohlcv_1h', '1h\\0001000\\000warn\\000'],
        ]);
      } finally {
        await client.query('ROLLBACK');
      }
    });

    describe('batch_predict through the vm shim', () => {
      /** 15m and 1h candles up to the same time: the latest closed are 799 (15m) and 199 (1h) at NOW. */
      const N15 = 800;
      const N1H = 200;
      const NOW = START + N1H * H;
      const data = training;
      let storeA: AlphaStore;
      let pg: SyncPg;
      let harness: Plv8Harness;
      let batch: Plv8Function;
      /** Calls the installed batch_predict body as plv8 would (`p_now`, `p_options`), in one transaction unless `atomic: false`. */
      const batchPredictSql = (now: number, options: object, atomic = true) => {
        const call = () => harness.call(batch, [{ $date: now }, options]) as BatchResult;
        return atomic ? harness.transaction(call) : call();
      };

      beforeAll(async () => {
        storeA = await engine.open();
        for (const tf of ['15m', '1h'] as const) await writeLive(storeA, tf, data[tf], 0, tf === '15m' ? N15 : N1H);
        await activateAll(storeA);
        pg = new SyncPg(engine.url(storeA));
        harness = createPlv8Harness(pg);
        batch = harness.compile(functionBody(installSql, 'batch_predict'), ['p_now', 'p_options']);
      }, 300_000);

      afterAll(async () => {
        await pg?.close();
      });

      it('a market without a model, reject (default): BatchPredictError naming it, and nothing written even outside a transaction', async () => {
        const before = await written(storeA);
        const markets = [...DEFAULT_MARKETS, { symbol: 'XRP', timeframe: '15m' }];
        const e = thrown(() => batchPredictSql(NOW, { warmup: WARMUP, markets }, false));
        expect([e.name, e.code]).toEqual(['BatchPredictError', 'BATCH_FAILED']);
        expect(e.message).toContain('1 of 7 market(s) failed, nothing written');
        expect(e.message).toContain('XRP 15m: NO_ACTIVE_MODEL: XRP 15m has no active model');
        expect(await written(storeA)).toEqual(before);
      });

      it('six markets, two horizons: bit for bit the Node pipeline\'s batchPredict and each model\'s own scores, inserted in one statement', async () => {
        const result = batchPredictSql(NOW, { warmup: WARMUP });
        const node = await batchPredict({ store: storeA, now: NOW, warmup: WARMUP, write: false });
        expect(result.predictions.map(fields)).toEqual(node.map(fields));
        expect(result.inserted).toBe(12);
        expect(result.failures).toEqual([]);
        expect(result.predictions.map((p) => p.featureSource)).toEqual(Array(12).fill('history'));
        // The 1h models' MLP scored in the vm without WebAssembly, as Node scored it with it.
        expect(result.predictions.map((p) => `${p.timeframe} ${Object.keys(p.members).join(',')}`)).toEqual(
          DEFAULT_MARKETS.flatMap((m) => [1, 2].map(() => `${m.timeframe} ${m.timeframe === '1h' ? 'depthwise,leafwise,mlp' : 'depthwise,leafwise'}`)),
        );
        expect(harness.run('typeof WebAssembly')).toBe('undefined');
        // The rows stored are the ones returned.
        const stored = await sql<{ symbol: string; timeframe: string; ts: Date; target_ts: Date; horizon: number; p_up: number; direction: number; confidence: number; size: number; model_version: number; members: object }>(
          storeA,
          'SELECT * FROM alpha_v4.predictions ORDER BY symbol, timeframe, horizon',
        );
        const key = (p: { symbol: string; timeframe: string; horizon: number }) => `${p.symbol} ${p.timeframe} ${p.horizon}`;
        expect(stored.map((r) => [key(r), r.ts.toISOString(), r.target_ts.toISOString(), r.p_up, r.direction, r.confidence, r.size, r.model_version, r.members])).toEqual(
          [...result.predictions].sort((a, b) => (key(a) < key(b) ? -1 : 1)).map((p) => [key(p), p.ts, p.targetTs, p.pUp, p.direction, p.confidence, p.size, p.modelVersion, p.members]),
        );
        // Independently: each model's own (asynchronous) scores of the computeFeatures row of the same candles.
        for (const p of result.predictions) {
          const step = p.timeframe === '15m' ? M15 : H;
          const last = (NOW - step - START) / step;
          const plan = planFeatures({ symbol: p.symbol, timeframe: p.timeframe as '15m' }, modelFeatures(p.symbol), DEFAULT_MARKETS);
          const row = referenceRow(data[p.timeframe as '15m' | '1h'], p.symbol, plan.names, last - (plan.lookback + WARMUP), last, plan.peers);
          const own = (await ensembleScores((await models()).get(`${p.symbol} ${p.timeframe}`)!, row)).get(p.horizon)!;
          expect([p.pUp, p.members]).toEqual([own.pUp, own.members]);
        }
      });

      it('the Node path resumes the stream states plv8 saved (same key and JSON), and a retry reads the stored rows and inserts nothing', async () => {
        const plan = planFeatures({ symbol: 'ETH', timeframe: '1h' }, modelFeatures('ETH'), DEFAULT_MARKETS);
        const live = await latestFeatureRow(storeA, plan.market, plan.names, { now: NOW, warmup: WARMUP, write: false });
        expect(live.path).toBe('state');
        const [stored] = await sql<Record<string, number>>(storeA, `SELECT ${plan.names.map((n) => `"${n}"`).join(', ')} FROM alpha_v4.feature_store_1h WHERE symbol = 'ETH' AND ts = $1`, [new Date(NOW - H)]);
        expect(Array.from(live.row)).toEqual(plan.names.map((n) => stored![n]));
        const first = await sql(storeA, 'SELECT * FROM alpha_v4.predictions ORDER BY symbol, timeframe, horizon');
        const again = batchPredictSql(NOW, { warmup: WARMUP });
        expect(again.inserted).toBe(0);
        expect(again.predictions.map((p) => p.featureSource)).toEqual(Array(12).fill('store'));
        expect(again.predictions.map(fields)).toEqual((await batchPredict({ store: storeA, now: NOW, warmup: WARMUP, write: false })).map(fields));
        expect(await sql(storeA, 'SELECT * FROM alpha_v4.predictions ORDER BY symbol, timeframe, horizon')).toEqual(first);
      });

      it('stale candles: every market refused with the Node pipeline\'s message; onError skip returns the failures and writes nothing', async () => {
        const later = NOW + 10 * H;
        const before = await written(storeA);
        const result = batchPredictSql(later, { warmup: WARMUP, onError: 'skip' });
        expect([result.predictions, result.inserted]).toEqual([[], 0]);
        const node = await batchPredict({ store: storeA, now: later, warmup: WARMUP, write: false, onError: 'skip' });
        expect(result.failures).toEqual(node.failures.map((f) => ({ symbol: f.symbol, timeframe: f.timeframe, code: 'STALE_CANDLES', message: (f.error as Error).message })));
        expect(await written(storeA)).toEqual(before);
      });

      it('bad options: InvalidParameterError naming the option (unknown key, warmup, onError, markets, now); a plv8 object without execute', () => {
        for (const [options, parameter] of [
          [{ symbol: 'BTC' }, 'options.symbol'],
          [{ warmup: -1 }, 'options.warmup'],
          [{ onError: 'ignore' }, 'options.onError'],
          [{ markets: [{ symbol: 'BTC', timeframe: '4h' }] }, 'options.markets[0].timeframe'],
          [{ write: 'yes' }, 'options.write'],
        ] as const) {
          const e = thrown(() => batchPredictSql(NOW, options));
          expect([e.name, e.code, e.message.split(':')[0]]).toEqual(['InvalidParameterError', 'INVALID_PARAMETER', parameter]);
        }
        const e = thrown(() => harness.call(batch, ['not a date', {}]));
        expect([e.name, e.message.split(':')[0]]).toEqual(['InvalidParameterError', 'options.now']);
        const f = thrown(() => harness.run(`globalThis.${'__alpha_v4_plv8_'}${createHash('sha256').update(bundle).digest('hex').slice(0, 16)}.batchPredictPlv8({}, {})`));
        expect([f.name, f.message]).toEqual(['InvalidParameterError', 'plv8: expected plv8\'s plv8 object (with execute), got object {}']);
      });

      it('too short a history (features NaN): MISSING_FEATURES with the Node pipeline\'s message, that market not written', async () => {
        // ADA 15m: a model, and only its latest 10 candles (rsi_14 needs 15).
        await activateModel(storeA, { ADA: data['15m'].BTC! }, 'ADA', '15m', 400, { features: ['rsi_14', 'natr_14'], horizons: [1] });
        await writeLive(storeA, '15m', { ADA: data['15m'].BTC! }, N15 - 10, N15);
        const markets = [...DEFAULT_MARKETS, { symbol: 'ADA', timeframe: '15m' }];
        const before = await written(storeA);
        const result = batchPredictSql(NOW, { warmup: WARMUP, markets, onError: 'skip' });
        const node = await batchPredict({ store: storeA, now: NOW, warmup: WARMUP, write: false, markets: markets as never, onError: 'skip' });
        expect(result.failures).toEqual([{ symbol: 'ADA', timeframe: '15m', code: 'MISSING_FEATURES', message: (node.failures[0]!.error as Error).message }]);
        expect(result.predictions.length).toBe(12);
        expect(result.failures[0]!.message).toBe('ADA 15m: 2 feature(s) the model needs are NaN on the latest closed candle (' + new Date(NOW - M15).toISOString() + ', 10 candle(s) read, lookback 14): rsi_14, natr_14');
        expect(result.predictions.map(fields)).toEqual(node.predictions.map(fields));
        expect([result.inserted, await written(storeA)]).toEqual([0, before]);
      });

      it('a corrupted active binary (checksum mismatch) falls back to the previous version as Node does; without a previous version the market fails, nothing written', async () => {
        await activateModel(storeA, data['15m'], 'BTC', '15m', 380, { horizons: [1, 2] });
        await sql(storeA, 'ALTER TABLE alpha_v4.models DROP CONSTRAINT models_checksum_sha256');
        const flip = "UPDATE alpha_v4.models SET model_binary = overlay(model_binary placing decode(lpad(to_hex(get_byte(model_binary, 40) # 1), 2, '0'), 'hex') from 41 for 1) WHERE symbol = $1 AND timeframe = $2";
        await sql(storeA, flip, ['BTC', '15m']);
        const result = batchPredictSql(NOW, { warmup: WARMUP });
        const node = await batchPredict({ store: storeA, now: NOW, warmup: WARMUP, write: false });
        expect(result.predictions.map(fields)).toEqual(node.map(fields));
        expect(result.predictions.filter((p) => p.fallback).map((p) => `${p.symbol} ${p.timeframe} v${p.modelVersion}`)).toEqual(['BTC 15m v1', 'BTC 15m v1']);
        await sql(storeA, flip, ['ETH', '1h']);
        const before = await written(storeA);
        const e = thrown(() => batchPredictSql(NOW, { warmup: WARMUP }));
        expect([e.name, e.code]).toEqual(['BatchPredictError', 'BATCH_FAILED']);
        expect(e.message).toMatch(/ETH 1h: MODEL_UNAVAILABLE: ETH 1h: active v1 failed \(checksum_mismatch: MODEL_CORRUPT: .*\); no previous version/);
        expect(await written(storeA)).toEqual(before);
        const skipped = batchPredictSql(NOW, { warmup: WARMUP, onError: 'skip' });
        const nodeSkip = await batchPredict({ store: storeA, now: NOW, warmup: WARMUP, write: false, onError: 'skip' });
        expect(skipped.failures).toEqual(nodeSkip.failures.map((f) => ({ symbol: f.symbol, timeframe: f.timeframe, code: 'MODEL_UNAVAILABLE', message: (f.error as Error).message })));
        expect(skipped.predictions.map(fields)).toEqual(nodeSkip.predictions.map(fields));
      });
    });

    describe('the feature trigger through the vm shim', () => {
      /** Candles of the trigger test: 15m [0, 120) and 1h [0, 28) stored before, then 15m [120, 128) and 1h [28, 32) inserted one by one (15m 128 later). */
      const candles = { '15m': market('15m', 129, 41), '1h': market('1h', 32, 42) } as const;
      const FIRST = { '15m': 120, '1h': 28 } as const;
      const END = { '15m': 128, '1h': 32 } as const;
      const STEP = { '15m': M15, '1h': H } as const;
      /** Every market's candles are closed by then: 15m 127 and 1h 31 are the latest. */
      const NOW_B = START + 32 * H;
      let storeB: AlphaStore;
      let storeC: AlphaStore;
      let pg: SyncPg;
      let harness: Plv8Harness;
      let trigger: Plv8Function;
      const plans = Object.fromEntries(
        DEFAULT_MARKETS.map((m) => [`${m.symbol} ${m.timeframe}`, planFeatures(m, modelFeatures(m.symbol), DEFAULT_MARKETS)]),
      );
      const insert = (tf: '15m' | '1h') => `INSERT INTO indicators.ohlcv_${tf} (symbol, ts, open, high, low, close, volume) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`;
      const candleParams = (tf: '15m' | '1h', symbol: string, i: number) => {
        const c = candles[tf][symbol]!;
        return [symbol, { $date: c.time[i]! }, c.open[i], c.high[i], c.low[i], c.close[i], c.volume[i]];
      };
      /** Inserts a candle with the trigger firing on it, in one transaction (the candle's). */
      const fire = (tf: '15m' | '1h', params: readonly unknown[], argv: readonly string[] = [tf, String(WARMUP)]) =>
        harness.transaction(() => harness.fire(trigger, insert(tf), params, { name: 'alpha_v4_features', argv, schema: 'indicators', table: `ohlcv_${tf}` }));
      const featureRows = (target: AlphaStore, tf: '15m' | '1h', symbol: string) =>
        sql<Record<string, unknown>>(target, `SELECT ts, ${plans[`${symbol} ${tf}`]!.names.map((n) => `"${n}"`).join(', ')} FROM alpha_v4.feature_store_${tf} WHERE symbol = $1 ORDER BY ts`, [symbol]);
      const rowsAt = async (target: AlphaStore, tf: '15m' | '1h', ts: number) => (await sql<{ n: number }>(target, `SELECT count(*)::int AS n FROM alpha_v4.feature_store_${tf} WHERE ts = $1`, [new Date(ts)]))[0]!.n;

      beforeAll(async () => {
        storeB = await engine.open();
        storeC = await engine.open();
        for (const target of [storeB, storeC]) {
          for (const tf of ['15m', '1h'] as const) await writeLive(target, tf, candles[tf], 0, FIRST[tf]);
          await activateAll(target);
        }
        pg = new SyncPg(engine.url(storeB));
        harness = createPlv8Harness(pg);
        trigger = harness.compileTrigger(functionBody(installSql, 'feature_trigger'));
        // The same candles, closing one time after the other: through the trigger (B), and through the Node worker's
        // path (C: each closed candle written, then latestFeatureRow of each market at its close, as LISTEN runs it).
        for (const tf of ['15m', '1h'] as const) {
          for (let i = FIRST[tf]; i < END[tf]; i++) {
            for (const symbol of SYMBOLS) fire(tf, candleParams(tf, symbol, i));
            await writeLive(storeC, tf, candles[tf], i, i + 1);
            for (const symbol of SYMBOLS) {
              const plan = plans[`${symbol} ${tf}`]!;
              await latestFeatureRow(storeC, plan.market, plan.names, { now: START + (i + 1) * STEP[tf], warmup: WARMUP });
            }
          }
        }
      }, 300_000);

      afterAll(async () => {
        await pg?.close();
      });

      it('stores, as each candle closes, the rows computeFeatures gives over the same candles (bit for bit), from the first time every peer has its candle', async () => {
        for (const tf of ['15m', '1h'] as const) {
          for (const symbol of SYMBOLS) {
            const plan = plans[`${symbol} ${tf}`]!;
            const from = Math.max(0, FIRST[tf] - (plan.lookback + WARMUP));
            const expected = [];
            for (let i = FIRST[tf]; i < END[tf]; i++) {
              const row = referenceRow(candles[tf], symbol, plan.names, from, i, plan.peers);
              expected.push([new Date(candles[tf][symbol]!.time[i]!), ...Array.from(row)]);
            }
            const stored = await featureRows(storeB, tf, symbol);
            expect(stored.map((r) => [r.ts, ...plan.names.map((n) => r[n])])).toEqual(expected);
          }
        }
        expect(harness.notices()).toEqual([]);
      });

      it('gives the same rows and the same stream states (key, time, JSON) as the Node worker\'s path', async () => {
        for (const tf of ['15m', '1h'] as const) for (const symbol of SYMBOLS) expect(await featureRows(storeB, tf, symbol)).toEqual(await featureRows(storeC, tf, symbol));
        const states = (target: AlphaStore) => sql(target, 'SELECT symbol, timeframe, key, ts, state FROM alpha_v4.feature_stream_state ORDER BY symbol, timeframe, key');
        const b = await states(storeB);
        expect(b.length).toBe(6);
        expect(b).toEqual(await states(storeC));
        // Each state has seen the candle before the latest, as the Node path saves it.
        expect(b.map((r) => [`${r.symbol} ${r.timeframe}`, r.key, (r.ts as Date).getTime()])).toEqual(
          DEFAULT_MARKETS.map((m) => [`${m.symbol} ${m.timeframe}`, plans[`${m.symbol} ${m.timeframe}`]!.key, START + (END[m.timeframe as '15m' | '1h'] - 2) * STEP[m.timeframe as '15m' | '1h']]),
        );
      });

      it('a market\'s row waits for the candles of its peers: the last of the three symbols to arrive computes all three', async () => {
        const t = START + END['15m'] * M15;
        fire('15m', candleParams('15m', 'BTC', END['15m']));
        fire('15m', candleParams('15m', 'ETH', END['15m']));
        expect(await rowsAt(storeB, '15m', t)).toBe(0);
        fire('15m', candleParams('15m', 'SOL', END['15m']));
        expect(await rowsAt(storeB, '15m', t)).toBe(3);
      });

      it('batch_predict then reads every market\'s features from the store, bit for bit the Node pipeline\'s predictions', async () => {
        const batchB = harness.compile(functionBody(installSql, 'batch_predict'), ['p_now', 'p_options']);
        const result = harness.transaction(() => harness.call(batchB, [{ $date: NOW_B }, { warmup: WARMUP }])) as BatchResult;
        expect(result.predictions.map((p) => p.featureSource)).toEqual(Array(12).fill('store'));
        expect(result.predictions.map(fields)).toEqual((await batchPredict({ store: storeB, now: NOW_B, warmup: WARMUP, write: false })).map(fields));
      });

      it('a candle of a symbol no model reads computes nothing; a row without its time is refused (a WARNING, the insert goes on; an error with raise)', async () => {
        const before = await written(storeB);
        fire('15m', ['XRP', { $date: NOW_B }, 1, 1, 1, 1, 1]);
        expect(await written(storeB)).toEqual(before);
        expect(harness.notices()).toEqual([]);
        const args = (argv: string[]) => [{ symbol: 'BTC' }, null, 'alpha_v4_features', 'AFTER', 'ROW', 'INSERT', 0, 'ohlcv_15m', 'indicators', argv];
        expect(harness.transaction(() => harness.call(trigger, args(['15m', '50'])))).toBeNull();
        expect(harness.notices()).toEqual([
          { level: ELOG_LEVELS.WARNING, message: "alpha_v4.feature_trigger on indicators.ohlcv_15m: INVALID_PARAMETER: NEW.ts: expected the candle's open time (timestamptz), got undefined" },
        ]);
        const e = thrown(() => harness.transaction(() => harness.call(trigger, args(['15m', '50', 'raise']))));
        expect([e.name, e.code, e.message]).toEqual(['InvalidParameterError', 'INVALID_PARAMETER', "NEW.ts: expected the candle's open time (timestamptz), got undefined"]);
        const f = thrown(() => harness.transaction(() => harness.call(trigger, args(['15m', 'many', 'raise']))));
        expect([f.name, f.message]).toEqual(['InvalidParameterError', 'TG_ARGV[1]: expected the warm-up as an integer number of candles, got "many"']);
        expect(await written(storeB)).toEqual(before);
      });

      it('an active model whose features cannot be planned is left out with a WARNING naming it; the others go on', async () => {
        // XRP 15m serving BTC's model: syn_btc_* features are not XRP's (FEATURE_MISMATCH).
        const btc = (await models()).get('BTC 15m')!;
        await storeB.saveModelVersion({ symbol: 'XRP', timeframe: '15m', ...btc, activate: true });
        const notices = harness.notices().length;
        const t = START + END['15m'] * M15;
        fire('15m', ['XRP', { $date: t + M15 }, 1, 1, 1, 1, 1]);
        expect(harness.notices().slice(notices)).toEqual([
          {
            level: ELOG_LEVELS.WARNING,
            message: 'alpha_v4.feature_trigger on indicators.ohlcv_15m: model left out: XRP 15m: FEATURE_MISMATCH: XRP 15m: "syn_btc_eth_correlation_20" is not a feature of XRP (the feature store holds it for another symbol)',
          },
        ]);
        await sql(storeB, "DELETE FROM alpha_v4.models WHERE symbol = 'XRP'");
        await sql(storeB, "DELETE FROM indicators.ohlcv_15m WHERE symbol = 'XRP'");
      });

      it('a feature fault never loses a candle: invalid candles are inserted with a WARNING and no feature row; with raise the insert fails', async () => {
        const t = START + (END['15m'] + 1) * M15;
        const bad = (symbol: string) => [symbol, { $date: t }, 10, 9, 11, 10, 1];
        const before = await written(storeB);
        const notices = harness.notices().length;
        for (const symbol of SYMBOLS) fire('15m', bad(symbol));
        const warnings = harness.notices().slice(notices);
        expect(warnings.length).toBe(1);
        expect(warnings[0]!.level).toBe(ELOG_LEVELS.WARNING);
        expect(warnings[0]!.message).toMatch(/^alpha_v4\.feature_trigger on indicators\.ohlcv_15m: CANDLE_VALIDATION: /);
        expect((await sql<{ n: number }>(storeB, 'SELECT count(*)::int AS n FROM indicators.ohlcv_15m WHERE ts = $1', [new Date(t)]))[0]!.n).toBe(3);
        expect(await written(storeB)).toEqual(before);
        await sql(storeB, "DELETE FROM indicators.ohlcv_15m WHERE ts = $1 AND symbol = 'SOL'", [new Date(t)]);
        const e = thrown(() => fire('15m', bad('SOL'), ['15m', String(WARMUP), 'raise']));
        expect([e.name, e.code]).toEqual(['CandleValidationError', 'CANDLE_VALIDATION']);
        expect((await sql<{ n: number }>(storeB, 'SELECT count(*)::int AS n FROM indicators.ohlcv_15m WHERE ts = $1', [new Date(t)]))[0]!.n).toBe(2);
      });
    });
  });
});

