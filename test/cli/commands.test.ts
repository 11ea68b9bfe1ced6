/**
 * Every command of `alpha-v4` on the embedded PGlite in a temporary --data-dir, in the order of the loop: migrate,
 * ingest (CSV and JSON), features, train (and --import-model), predict, batch-predict, evaluate, report, backup,
 * restore, bench. Results are checked against the store read directly and values computed apart (the simulated
 * candles, computeFeatures, outcomes from the closes). The bad inputs are in postgres.test.ts (exit codes, one line,
 * nothing written) and candle-file.test.ts (every malformed file).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateMarket } from '../../src/core/simulator.js';
import { computeFeatures } from '../../src/features/compute.js';
import type { AlphaStore } from '../../src/store/index.js';
import { createPgliteStore } from '../../src/store/index.node.js';
import { MIGRATIONS_DIR } from '../support/pg-cluster.js';
import { candleCsv, cli, jsonOf, tempFolder } from './run-cli.js';

const M15 = 900_000;
const N = 700; // candles ingested first; 20 more later, to resolve the predictions
const sim = simulateMarket({ candles: N + 20, seed: 3, start: '2024-01-01T00:00:00Z', symbols: ['BTC', 'ETH'] });
const btc = sim.candles.BTC!;
const eth = sim.candles.ETH!;
const T = (i: number): string => new Date(btc.time[i]!).toISOString();
/** One minute after candle N - 1 closed: the latest closed candle is N - 1. */
const NOW = new Date(btc.time[N - 1]! + M15 + 60_000).toISOString();
const IMPORTED = ['rsi_14', 'natr_14', 'log_return_1', 'atr_14', 'adx_14', 'cci_14']; // the 6 columns of the XGBoost fixture
const XGB = join(import.meta.dirname, '..', 'fixtures', 'xgboost', 'binary_d2.model.json');

const folder = tempFolder('cli');
const db = ['--data-dir', 'db'];
const run = (...args: string[]) => cli([...args, ...db], folder.dir);

/** Runs `fn` on the command's database, opened apart (the command closed it). */
async function withStore<T>(fn: (store: AlphaStore) => Promise<T>): Promise<T> {
  const store = await createPgliteStore(join(folder.dir, 'db'));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

beforeAll(() => {
  folder.write('btc.csv', candleCsv(btc, 0, N));
  folder.write('btc-late.csv', candleCsv(btc, N, N + 20));
  const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => [eth.time[from + k], eth.open[from + k], eth.high[from + k], eth.low[from + k], eth.close[from + k], eth.volume[from + k]]);
  folder.write('eth.json', JSON.stringify({ candles: rows(0, N) }));
  folder.write('eth-late.json', JSON.stringify(rows(N, N + 20)));
});
afterAll(() => folder.remove());

describe('alpha-v4 on PGlite, command by command', () => {
  it('migrate applies every migration file, then skips them all', async () => {
    const files = readdirSync(MIGRATIONS_DIR).filter((f) => /^\d+_.+\.sql$/.test(f)).map((f) => f.split('_')[0]!);
    const first = await run('migrate', '--json');
    expect(first.code).toBe(0);
    expect(jsonOf(first)).toMatchObject({ ok: true, command: 'migrate', applied: files, skipped: [] });
    const again = await run('migrate');
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`applied 0 migration(s)\nskipped ${files.length} already applied\n`);
  }, 120_000);

  it('ingest writes a CSV into the live and history tables: the stored candles are the file’s', async () => {
    const r = await run('ingest', 'btc.csv', '--symbol', 'BTC', '--timeframe', '15m', '--target', 'both', '--json');
    expect(r.code).toBe(0);
    expect(jsonOf(r)).toMatchObject({ ok: true, symbol: 'BTC', rows: N, inserted: 2 * N, updated: 0, unchanged: 0, first: T(0), last: T(N - 1) });
    const stored = await withStore((s) => s.readCandles({ symbol: 'BTC', timeframe: '15m', source: 'history' }));
    for (const f of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) expect(Array.from(stored[f])).toEqual(Array.from(btc[f].subarray(0, N)));
  });

  it('ingest reads a JSON file ({ candles: [[t, o, h, l, c, v], ...] }); a retry changes nothing', async () => {
    const r = await run('ingest', 'eth.json', '--symbol', 'ETH', '--timeframe', '15m');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`ETH 15m: ${N} candle(s) from eth.json (${T(0)} to ${T(N - 1)})\n  indicators.ohlcv_15m: ${N} inserted, 0 updated, 0 unchanged\n`);
    const retry = await run('ingest', 'eth.json', '--symbol', 'ETH', '--timeframe', '15m', '--quiet');
    expect([retry.code, retry.stdout, retry.stderr]).toEqual([0, '', '']);
  });

  it('features upserts the rows from --from, computed over the whole history (computeFeatures on the candles)', async () => {
    const names = ['rsi_14', 'natr_14', 'syn_btc_eth_correlation_20'];
    const r = await run('features', '--symbol', 'BTC', '--timeframe', '15m', '--features', names.join(','), '--from', T(600));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`BTC 15m: 3 feature(s) x 100 row(s) upserted into alpha_v4.feature_store_15m (${T(600)} to ${T(N - 1)})\n`);
    expect(r.stderr).toContain('BTC 15m features: 100% (100/100)');
    const slice = (c: Float64Array) => c.subarray(0, N);
    const candles = { time: slice(btc.time), open: slice(btc.open), high: slice(btc.high), low: slice(btc.low), close: slice(btc.close), volume: slice(btc.volume) };
    const peer = { time: slice(eth.time), open: slice(eth.open), high: slice(eth.high), low: slice(eth.low), close: slice(eth.close), volume: slice(eth.volume) };
    const reference = computeFeatures(candles, { features: names, symbol: 'BTC', peers: { ETH: peer } });
    const stored = await withStore((s) => s.readFeatures({ symbol: 'BTC', timeframe: '15m', names }));
    expect(Array.from(stored.time)).toEqual(Array.from(btc.time.subarray(600, N)));
    for (const name of names) expect(Array.from(stored.column(name))).toEqual(Array.from(reference.column(name).subarray(600)));
  });

  it('train saves and activates a two-horizon model and prints its out-of-fold metrics', async () => {
    const r = await run('train', '--symbol', 'BTC', '--timeframe', '15m', '--features', 'rsi_14,natr_14,log_return_1', '--horizons', '1,4', '--rounds', '5', '--activate', '--json');
    expect(r.code).toBe(0);
    const doc = jsonOf<{ metrics: { byHorizon: Record<string, { rows: number; accuracy: { value: number } }> } }>(r);
    expect(doc).toMatchObject({ ok: true, symbol: 'BTC', timeframe: '15m', version: 1, format: 'alpha-v4-horizons', featureNames: ['rsi_14', 'natr_14', 'log_return_1'], active: true, created: true });
    expect(Object.keys(doc.metrics.byHorizon)).toEqual(['1', '4']);
    for (const m of Object.values(doc.metrics.byHorizon)) expect(m.accuracy.value).toBeGreaterThan(0);
    const active = await withStore((s) => s.loadActiveModel('BTC', '15m'));
    expect(active?.version).toBe(1);
  });

  it('train --import-model saves an XGBoost JSON file (checked by the serving decoder) as ETH’s active model', async () => {
    const r = await run('train', '--symbol', 'ETH', '--timeframe', '15m', '--import-model', XGB, '--format', 'xgboost-json', '--features', IMPORTED.join(','), '--activate');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('ETH 15m: version 1 saved (xgboost-json, 6 feature(s)), active\n');
    const active = await withStore((s) => s.loadActiveModel('ETH', '15m'));
    expect(active).toMatchObject({ format: 'xgboost-json', featureNames: IMPORTED, metrics: { imported: 'binary_d2.model.json' } });
    expect(Buffer.from(active!.binary).equals(readFileSync(XGB))).toBe(true);
  });

  it('predict gives every horizon from the latest closed candle, and writes nothing without --write', async () => {
    const r = await run('predict', '--symbol', 'BTC', '--timeframe', '15m', '--now', NOW, '--json');
    expect(r.code).toBe(0);
    const { predictions } = jsonOf<{ predictions: { ts: string; targetTs: string; horizon: number; pUp: number; direction: number; confidence: number; modelVersion: number }[] }>(r);
    expect(predictions.map((p) => [p.horizon, p.ts, p.targetTs, p.modelVersion])).toEqual([
      [1, T(N - 1), new Date(btc.time[N - 1]! + M15).toISOString(), 1],
      [4, T(N - 1), new Date(btc.time[N - 1]! + 4 * M15).toISOString(), 1],
    ]);
    for (const p of predictions) {
      expect(p.direction).toBe(Math.sign(p.pUp - 0.5));
      expect(p.confidence).toBeCloseTo(Math.max(p.pUp, 1 - p.pUp), 12);
    }
    expect(await withStore(async (s) => (await s.db.selectFrom('alpha_v4.predictions').select('ts').execute()).length)).toBe(0);
  });

  it('predict for a market without an active model is a runtime failure (exit 1, one line)', async () => {
    const r = await run('predict', '--symbol', 'BTC', '--timeframe', '1h', '--now', NOW);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^alpha-v4 predict: NO_ACTIVE_MODEL: [^\n]*BTC 1h[^\n]*\n$/);
  });

  it('batch-predict writes every listed market’s predictions in one transaction', async () => {
    const r = await run('batch-predict', '--markets', 'BTC:15m,ETH:15m', '--now', NOW, '--json');
    expect(r.code).toBe(0);
    const doc = jsonOf<{ written: boolean; predictions: { symbol: string; horizon: number }[] }>(r);
    expect(doc.written).toBe(true);
    expect(doc.predictions.map((p) => `${p.symbol} h${p.horizon}`)).toEqual(['BTC h1', 'BTC h4', 'ETH h1']);
    expect(await withStore(async (s) => (await s.db.selectFrom('alpha_v4.predictions').select('ts').execute()).length)).toBe(3);
  });

  it('batch-predict over the six default markets fails as a whole when some have no model: exit 1, nothing written', async () => {
    const r = await run('batch-predict', '--now', NOW);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')).toHaveLength(2); // one line and its end
    expect(r.stderr).toMatch(/^alpha-v4 batch-predict: BATCH_FAILED: batchPredict: 4 of 6 market\(s\) failed, nothing written:; BTC 1h: NO_ACTIVE_MODEL/);
    expect(await withStore(async (s) => (await s.db.selectFrom('alpha_v4.predictions').select('ts').execute()).length)).toBe(3);
  });

  it('evaluate resolves the predictions once the later candles are in, and their accuracy is the hand count', async () => {
    expect((await run('ingest', 'btc-late.csv', '--symbol', 'BTC', '--timeframe', '15m')).code).toBe(0);
    expect((await run('ingest', 'eth-late.json', '--symbol', 'ETH', '--timeframe', '15m')).code).toBe(0);
    const r = await run('evaluate', '--now', new Date(btc.time[N + 19]! + M15).toISOString(), '--json');
    expect(r.code).toBe(0);
    const doc = jsonOf<{ resolved: number; metrics: { n: number; accuracy: { value: number; n: number } | null }; promotion: unknown }>(r);
    expect(doc.resolved).toBe(3);
    const rows = await withStore((s) => s.db.selectFrom('alpha_v4.predictions').select(['symbol', 'horizon', 'direction']).execute());
    const closes = { BTC: btc.close, ETH: eth.close } as Record<string, Float64Array>;
    const calls = rows.filter((p) => p.direction !== 0);
    const correct = calls.filter((p) => Math.sign(closes[p.symbol]![N - 1 + p.horizon]! - closes[p.symbol]![N - 1]!) === p.direction).length;
    expect(doc.metrics.n).toBe(3);
    expect(doc.metrics.accuracy?.n).toBe(calls.length);
    expect(doc.metrics.accuracy?.value).toBeCloseTo(correct / calls.length, 12);
    expect(doc.promotion).toBeNull(); // every prediction is on one day that is not complete at --now
    const one = await run('evaluate', '--symbol', 'BTC', '--horizon', '4', '--now', NOW);
    expect(one.stdout).toContain('evaluated 1 resolved prediction(s)');
  });

  it('report writes the HTML report to --out', async () => {
    const nextDay = new Date((Math.floor(btc.time[N - 1]! / 86_400_000) + 1) * 86_400_000).toISOString(); // the predictions' UTC day is complete
    const r = await run('report', '--out', 'report.html', '--now', nextDay);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const html = readFileSync(join(folder.dir, 'report.html'), 'utf8');
    expect(r.stdout).toBe(`report written to report.html (${Buffer.byteLength(html)} bytes)\n`);
    expect(html).toMatch(/<html/i);
  });

  it('backup writes a complete backup; restore --mode replace brings the models back to it', async () => {
    const b = await run('backup', '--out', 'backups', '--json');
    expect(b.code).toBe(0);
    const doc = jsonOf<{ id: string; binaries: number; rows: Record<string, number> }>(b);
    expect(existsSync(join(folder.dir, 'backups', 'model-backups', doc.id, 'manifest.json'))).toBe(true);
    expect(doc.rows['alpha_v4.predictions']).toBe(3);
    // A second BTC version after the backup, which the restore removes.
    expect((await run('train', '--symbol', 'BTC', '--timeframe', '15m', '--import-model', XGB, '--format', 'xgboost-json', '--features', IMPORTED.join(','))).code).toBe(0);
    expect((await withStore((s) => s.listModelVersions('BTC', '15m'))).map((v) => v.version)).toEqual([2, 1]);
    const r = await run('restore', '--from', 'backups', '--mode', 'replace');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(`restored backup ${doc.id} from backups (replace)`);
    expect((await withStore((s) => s.listModelVersions('BTC', '15m'))).map((v) => v.version)).toEqual([1]);
  });

  it('bench runs a suite of bench/run.ts (--smoke, options after --); an unknown suite exits with 2', async () => {
    const r = await cli(['bench', 'indicators', '--smoke', '--', '--only=SMA', '--no-native'], folder.dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('== bench: indicators');
    const unknown = await cli(['bench', 'nosuch'], folder.dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown suite(s): nosuch');
  }, 60_000);
});
