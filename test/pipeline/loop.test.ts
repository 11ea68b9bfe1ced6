/**
 * The whole loop, end to end, on PGlite and on PostgreSQL 15: simulate a pure random walk (BTC, ETH, SOL), ingest
 * the history, compute and store features, train one model per market (15m with horizons 1 and 4, 1h with
 * horizon 1), activate, then replay the following days candle by candle as if live: ingest the closed candle,
 * `batchPredict` the markets whose candle closed, resolve. Then the live metrics (about 50% on a random walk, with
 * an interval that contains 50%), A/B against a simulated legacy `alpha.predictions` table, the promotion status,
 * and the fallback to the previous version after the active model's binary is corrupted in the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resample } from '../../src/core/resample.js';
import { simulateMarket } from '../../src/core/simulator.js';
import type { Candles } from '../../src/core/types.js';
import { computeFeatures } from '../../src/features/index.js';
import { compareWithLegacy } from '../../src/pipeline/ab-test.js';
import { batchPredict } from '../../src/pipeline/batch.js';
import { evaluatePredictions } from '../../src/pipeline/evaluation.js';
import { promotionStatus } from '../../src/pipeline/promotion.js';
import { createModelRegistry, type ModelRegistry } from '../../src/pipeline/registry.js';
import { trainMarketModel } from '../../src/pipeline/train.js';
import { DEFAULT_MARKETS, type Market, type Prediction } from '../../src/pipeline/types.js';
import type { AlphaStore } from '../../src/store/index.js';
import { engines } from '../support/engines.js';

const M15 = 15 * 60_000;
const H1 = 60 * 60_000;
const START = Date.UTC(2024, 2, 4, 7, 0); // a Monday, mid-morning: the history starts mid-day
const HISTORY = 96 * 24; // 24 days of 15m candles before the replay
const REPLAY = 96 * 2; // 2 days replayed candle by candle
const SYMBOLS = ['BTC', 'ETH', 'SOL'] as const;

/** Scale-free features with short lookbacks (a random walk has nothing to find; the loop is what is tested). */
const FEATURES = [
  'log_return_1', 'log_return_3', 'log_return_12', 'rsi_14', 'stoch_k_14_3_3', 'adx_14', 'cci_14', 'mfi_14',
  'natr_14', 'bbands_percent_b_20', 'willr_14', 'roc_10', 'ema_21_ratio', 'sma_50_ratio', 'trange_pct',
  'body_ratio', 'close_position', 'aroonosc_14', 'hour_sin', 'hour_cos',
];
/** A small ensemble: one depth-wise tree member of `rounds` rounds, Platt-calibrated. */
const withRounds = (rounds: number) => ({
  members: [{ name: 'xgboost', kind: 'gbdt-depthwise' as const, params: { maxDepth: 3, nEstimators: rounds, learningRate: 0.1 } }],
  calibration: 'platt' as const,
  seed: 3,
});

function slice(c: Candles, from: number, to: number): Candles {
  return {
    time: c.time.slice(from, to), open: c.open.slice(from, to), high: c.high.slice(from, to),
    low: c.low.slice(from, to), close: c.close.slice(from, to), volume: c.volume.slice(from, to),
  };
}

/** The simulated market: 15m candles and their 1h resampling, per symbol (no planted signal: a random walk). */
function market(): { m15: Record<string, Candles>; h1: Record<string, Candles> } {
  const sim = simulateMarket({ symbols: SYMBOLS, timeframe: '15m', start: START, candles: HISTORY + REPLAY, seed: 11 });
  const h1: Record<string, Candles> = {};
  for (const s of SYMBOLS) h1[s] = resample(sim.candles[s]!, '15m', '1h');
  return { m15: { ...sim.candles }, h1 };
}

async function sql<T>(store: AlphaStore, text: string, params: unknown[] = []): Promise<T[]> {
  return store.driver.transaction('monitoring', async (s) => (await s.query<T>(text, params)).rows as T[]);
}

for (const engine of engines('loop')) {
  describe(`the prediction loop on ${engine.name}`, () => {
    let store: AlphaStore;
    let registry: ModelRegistry;
    const { m15, h1 } = market();
    const served: Prediction[] = [];
    const replayEnd = START + (HISTORY + REPLAY) * M15;

    beforeAll(async () => {
      store = await engine.open();
      registry = createModelRegistry(store);
    }, 300_000);

    afterAll(async () => {
      await registry.release();
      await engine.dispose();
    }, 120_000);

    it('ingests the history and stores its features', async () => {
      for (const s of SYMBOLS) {
        const w15 = await store.writeCandles({ symbol: s, timeframe: '15m', candles: slice(m15[s]!, 0, HISTORY), target: 'both' });
        expect(w15.rows).toBe(HISTORY);
        const n1h = h1[s]!.time.findIndex((t) => t >= START + HISTORY * M15);
        await store.writeCandles({ symbol: s, timeframe: '1h', candles: slice(h1[s]!, 0, n1h) });
        await store.upsertFeatures({ symbol: s, timeframe: '15m', frame: computeFeatures(slice(m15[s]!, 0, HISTORY), { features: FEATURES }) });
      }
      const [count] = await sql<{ n: string }>(store, 'SELECT count(*)::text AS n FROM indicators.ohlcv_15m');
      expect(Number(count!.n)).toBe(3 * HISTORY);
      const stored = await store.readFeatures({ symbol: 'ETH', timeframe: '15m', names: ['rsi_14'] });
      const direct = computeFeatures(slice(m15.ETH!, 0, HISTORY), { features: ['rsi_14'] }).column('rsi_14');
      expect(stored.column('rsi_14').at(-1)).toBe(direct.at(-1));
    }, 300_000);

    it('trains and activates one model per market, two versions for BTC 15m', async () => {
      for (const { symbol, timeframe } of DEFAULT_MARKETS) {
        const all = timeframe === '15m' ? m15[symbol]! : h1[symbol]!;
        const end = all.time.findIndex((t) => t >= START + HISTORY * M15);
        const horizons = timeframe === '15m' ? [1, 4] : [1];
        const versions = symbol === 'BTC' && timeframe === '15m' ? [15, 16] : [15]; // two versions: 15 and 16 rounds
        for (const rounds of versions) {
          const model = trainMarketModel({ candles: slice(all, 0, end), features: FEATURES, horizons, ensemble: withRounds(rounds) });
          const saved = await store.saveModelVersion({ symbol, timeframe, ...model, activate: true });
          expect(saved.active).toBe(true);
        }
      }
      const btc = await store.loadActiveModel('BTC', '15m');
      expect([btc!.version, btc!.previousVersion, btc!.format]).toEqual([2, 1, 'alpha-v4-horizons']);
    }, 600_000);

    it('replays two days candle by candle: predicts every market whose candle closed, then resolves', async () => {
      for (let k = HISTORY; k < HISTORY + REPLAY; k++) {
        const closed: Market[] = [];
        const now = START + (k + 1) * M15; // candle k has just closed
        for (const s of SYMBOLS) await store.writeCandles({ symbol: s, timeframe: '15m', candles: slice(m15[s]!, k, k + 1), target: 'both' });
        closed.push(...DEFAULT_MARKETS.filter((m) => m.timeframe === '15m'));
        if (now % H1 === 0) {
          for (const s of SYMBOLS) {
            const j = h1[s]!.time.indexOf(now - H1);
            await store.writeCandles({ symbol: s, timeframe: '1h', candles: slice(h1[s]!, j, j + 1) });
          }
          closed.push(...DEFAULT_MARKETS.filter((m) => m.timeframe === '1h'));
        }
        const predictions = await batchPredict({ store, registry, markets: closed, now });
        expect(predictions.length).toBe(closed.length * 2 - (closed.length - 3)); // 15m: horizons 1 and 4; 1h: 1
        served.push(...predictions);
        await store.resolvePredictions(now);
      }
      // Every prediction is about the candle that had just closed, and nothing later.
      for (const p of served) expect(p.ts.getTime() + (p.timeframe === '15m' ? M15 : H1)).toBeLessThanOrEqual(replayEnd);
      expect(served.every((p) => !p.fallback)).toBe(true);
      const [stored] = await sql<{ n: string }>(store, 'SELECT count(*)::text AS n FROM alpha_v4.predictions');
      expect(Number(stored!.n)).toBe(served.length);
    }, 900_000);

    it('reports about 50% on the random walk, with an interval that contains 50%', async () => {
      const m = await evaluatePredictions(store, { horizon: 1 });
      console.info(`[${engine.name}] random walk, horizon 1: accuracy ${m.accuracy!.value.toFixed(4)} [${m.accuracy!.lower.toFixed(4)}, ${m.accuracy!.upper.toFixed(4)}] on ${m.accuracy!.n} calls; ECE ${m.ece.toFixed(4)}, Brier ${m.brier.toFixed(4)}`);
      // 15m: 3 x 192 predictions, minus the last of each (unresolved); 1h: 3 x 48, minus the last of each.
      expect(m.n).toBe(3 * (REPLAY - 1) + 3 * (REPLAY / 4 - 1));
      expect(m.accuracy!.lower).toBeLessThan(0.5);
      expect(m.accuracy!.upper).toBeGreaterThan(0.5);
      expect(Math.abs(m.accuracy!.value - 0.5)).toBeLessThan(0.06);
      const log = await sql<{ n: string; correct: string }>(
        store,
        `SELECT sum(n_directional)::text AS n, sum(n_correct)::text AS correct FROM alpha_v4.performance_log WHERE horizon = 1`,
      );
      expect(Number(log[0]!.n)).toBe(m.accuracy!.n);
      expect(Number(log[0]!.correct) / Number(log[0]!.n)).toBeCloseTo(m.accuracy!.value, 12);
    }, 120_000);

    it('compares with a simulated legacy alpha schema on the same candles', async () => {
      // The legacy system: the sign of the last candle's return, for the same candles as alpha_v4 predicted.
      await sql(store, 'CREATE SCHEMA IF NOT EXISTS alpha');
      await sql(store, 'CREATE TABLE alpha.predictions (symbol text, timeframe text, ts timestamptz, horizon int, direction smallint)');
      const rows = served.filter((p) => p.horizon === 1).map((p) => {
        const c = p.timeframe === '15m' ? m15[p.symbol]! : h1[p.symbol]!;
        const i = c.time.indexOf(p.ts.getTime());
        return [p.symbol, p.timeframe, p.ts.toISOString(), 1, Math.sign(c.close[i]! - c.close[i - 1]!)];
      });
      await sql(store, 'INSERT INTO alpha.predictions SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::int[], $5::smallint[])', [0, 1, 2, 3, 4].map((j) => rows.map((r) => r[j])));
      const results = await compareWithLegacy(store, { symbol: 'BTC', timeframe: '15m' });
      expect(results.length).toBeGreaterThan(0);
      const written = await sql<{ n: string }>(store, `SELECT count(*)::text AS n FROM alpha_v4.ab_test_results WHERE symbol = 'BTC' AND timeframe = '15m'`);
      expect(Number(written[0]!.n)).toBe(results.length);
      const pairs = results.reduce((a, r) => a + r.nSamples, 0);
      expect(pairs).toBeGreaterThan(150);
      for (const r of results) {
        expect(r.champion).toBe('alpha');
        expect(r.pValue).toBeGreaterThanOrEqual(0);
        expect(r.pValue).toBeLessThanOrEqual(1);
      }
    }, 120_000);

    it('keeps the legacy system: two days at about 50% are far from 65% for 30 days', async () => {
      const status = await promotionStatus(store, { now: replayEnd + 86_400_000 });
      expect(status.status).toBe('keep-legacy');
      expect(status.consecutiveDays).toBe(0);
      expect(status.days.length).toBeGreaterThanOrEqual(2);
      for (const d of status.days) if (d.n > 0) expect(d.lower).toBeLessThan(0.65);
    }, 120_000);

    it('serves the previous version when the active model is corrupted in the database, and records it', async () => {
      await sql(store, 'ALTER TABLE alpha_v4.models DROP CONSTRAINT models_checksum_sha256');
      await sql(store, `UPDATE alpha_v4.models SET model_binary = set_byte(model_binary, 40, (get_byte(model_binary, 40) + 1) % 256) WHERE symbol = 'BTC' AND timeframe = '15m'`);
      // The next candle closes. The running registry verified v2 when it loaded it and keeps serving that copy (its
      // row's checksum did not change); a fresh registry (a restarted worker) reads the corrupted bytes, finds the
      // checksum wrong and serves v1.
      const k = HISTORY + REPLAY;
      const next = simulateMarket({ symbols: SYMBOLS, timeframe: '15m', start: START, candles: k + 1, seed: 11 }).candles;
      for (const s of SYMBOLS) await store.writeCandles({ symbol: s, timeframe: '15m', candles: slice(next[s]!, k, k + 1), target: 'both' });
      const now = START + (k + 1) * M15;
      const markets = DEFAULT_MARKETS.filter((m) => m.timeframe === '15m');
      const btcOf = (ps: Prediction[]) => ps.filter((p) => p.symbol === 'BTC').map((p) => [p.modelVersion, p.fallback]);
      expect(btcOf(await batchPredict({ store, registry, markets, now, write: false }))).toEqual([[2, false], [2, false]]);
      const restarted = createModelRegistry(store);
      const predictions = await batchPredict({ store, registry: restarted, markets, now });
      expect(btcOf(predictions)).toEqual([[1, true], [1, true]]);
      expect(predictions.filter((p) => p.symbol !== 'BTC').every((p) => !p.fallback)).toBe(true);
      const written = await sql<{ v: number }>(store, `SELECT model_version AS v FROM alpha_v4.predictions WHERE symbol = 'BTC' AND timeframe = '15m' AND ts = $1`, [new Date(now - M15)]);
      expect(written.map((r) => r.v)).toEqual([1, 1]);
      await restarted.release();
      const events = await store.readModelEvents({ symbol: 'BTC', timeframe: '15m' });
      expect(events.find((e) => e.kind === 'checksum_mismatch')).toMatchObject({ version: 2, servedVersion: 1 });
      expect(events.find((e) => e.kind === 'fallback')).toMatchObject({ version: 2, servedVersion: 1 });
    }, 300_000);
  });
}
