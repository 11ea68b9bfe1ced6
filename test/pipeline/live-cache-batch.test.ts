/**
 * The warm live streams of batchPredict (src/pipeline/live-cache.ts) on PGlite and PostgreSQL. Two stores hold the
 * same candles and models: on the warm one, one long-lived registry keeps each market's stream in memory between
 * calls; on the cold one, every call has a registry of its own (no warm stream: the stored state is restored from
 * JSON every time, the path without the cache). At every step of a replay, the warm store's predictions, stored
 * stream states and feature rows must be those of the cold store, bit for bit, including after another writer moved
 * the stored state, after a stored candle was corrected, and after failed batches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sliceCandles } from '../../src/core/candles.js';
import type { Candles } from '../../src/core/types.js';
import { batchPredict } from '../../src/pipeline/batch.js';
import { BatchPredictError } from '../../src/pipeline/errors.js';
import { planFeatures } from '../../src/pipeline/feature-plan.js';
import { liveCacheOf } from '../../src/pipeline/live-cache.js';
import type { FeatureStream } from '../../src/features/types.js';
import { createModelRegistry, type ModelRegistry } from '../../src/pipeline/registry.js';
import { DEFAULT_MARKETS, type Market, type Prediction } from '../../src/pipeline/types.js';
import { StoreError } from '../../src/store/errors.js';
import type { AlphaStore } from '../../src/store/types.js';
import { engines } from '../support/engines.js';
import { activateModel, market, sql, START, writeLive } from './fixtures.js';

const M15 = 900_000;
const H = 3_600_000;
const WARMUP = 40;
/** Candles written before the replay: 15m [0, N15), 1h [0, N15 / 4). */
const N15 = 600;
const STEPS = 8;
/** Candles simulated: the replay and the later tests take 20 more. */
const N = N15 + 28;
const data = { '15m': market('15m', N, 41), '1h': market('1h', N / 4, 42) } as const;

/** `now` at which 15m candle i is the latest closed one (and 1h candle floor((i + 1) / 4) - 1). */
const nowAt = (i: number): number => START + (i + 1) * M15;

/** Writes the candles that closed by `nowAt(i)` and were not written before it: 15m candle i, and the 1h candle closing then. */
async function ingest(store: AlphaStore, i: number): Promise<void> {
  await writeLive(store, '15m', data['15m'], i, i + 1);
  const now = nowAt(i);
  if (now % H === 0) await writeLive(store, '1h', data['1h'], now / H - START / H - 1, now / H - START / H);
}

/** Everything a batch leaves in the store but the write times: stream states (JSON text) and feature rows. */
async function stored(store: AlphaStore): Promise<unknown[]> {
  return sql(
    store,
    `SELECT 'state' AS t, symbol, timeframe, key, ts, state::text AS v FROM alpha_v4.feature_stream_state
     UNION ALL SELECT '15m', symbol, '15m', '', ts, (to_jsonb(f) - 'updated_at' - 'created_at' - 'computed_at')::text FROM alpha_v4.feature_store_15m f
     UNION ALL SELECT '1h', symbol, '1h', '', ts, (to_jsonb(f) - 'updated_at' - 'created_at' - 'computed_at')::text FROM alpha_v4.feature_store_1h f
     UNION ALL SELECT 'p', symbol, timeframe, horizon::text, ts, (p_up::text || ' ' || size::text || ' ' || model_version::text) FROM alpha_v4.predictions
     ORDER BY 1, 2, 3, 4, 5`,
  );
}

/** The predictions as comparable values (pUp and members bit for bit). */
function values(ps: readonly Prediction[]): unknown[] {
  return ps.map((p) => [p.symbol, p.timeframe, p.ts.getTime(), p.horizon, p.pUp, p.size, p.direction, p.modelVersion, Object.entries(p.members)]);
}

/** The warm stream of each market kept by `registry` on `store` (looked at without using it: taken and put back). */
function warmStreams(registry: ModelRegistry, store: AlphaStore, names: ReadonlyMap<string, readonly string[]>): (FeatureStream | undefined)[] {
  const cache = liveCacheOf(registry);
  return DEFAULT_MARKETS.map((m: Market) => {
    const plan = planFeatures(m, names.get(`${m.symbol} ${m.timeframe}`)!, DEFAULT_MARKETS);
    const warm = cache.take(store, plan);
    if (warm !== undefined) cache.put(store, plan, warm);
    return warm?.stream;
  });
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => expect.unreachable('expected a rejection'),
    (e: unknown) => e,
  );
}

for (const engine of engines('pipeline_live_cache')) {
  describe(`batchPredict with warm live streams on ${engine.name}`, () => {
    let warm: AlphaStore;
    let cold: AlphaStore;
    let registry: ModelRegistry;
    const names = new Map<string, readonly string[]>();
    let i = N15 - 1;

    /** One cold batch (a registry of its own) at `now`. */
    async function coldBatch(now: number): Promise<Prediction[]> {
      const r = createModelRegistry(cold);
      try {
        return await batchPredict({ store: cold, registry: r, now, warmup: WARMUP });
      } finally {
        await r.release();
      }
    }

    /** The next candle into both stores, a batch on each; expects the same predictions and the same stored rows. */
    async function step(): Promise<{ before: (FeatureStream | undefined)[]; after: (FeatureStream | undefined)[] }> {
      i += 1;
      await ingest(warm, i);
      await ingest(cold, i);
      const before = warmStreams(registry, warm, names);
      const w = await batchPredict({ store: warm, registry, now: nowAt(i), warmup: WARMUP });
      const c = await coldBatch(nowAt(i));
      expect(values(w)).toEqual(values(c));
      expect(await stored(warm)).toEqual(await stored(cold));
      return { before, after: warmStreams(registry, warm, names) };
    }

    beforeAll(async () => {
      warm = await engine.open();
      cold = await engine.open();
      for (const store of [warm, cold]) {
        await writeLive(store, '15m', data['15m'], 0, N15);
        await writeLive(store, '1h', data['1h'], 0, N15 / 4);
      }
      for (const { symbol, timeframe } of DEFAULT_MARKETS) {
        const { model } = await activateModel(warm, data[timeframe as '15m' | '1h'], symbol, timeframe, timeframe === '15m' ? 300 : 120, { horizons: [1, 2] });
        await cold.saveModelVersion({ symbol, timeframe, ...model, activate: true });
        names.set(`${symbol} ${timeframe}`, model.featureNames);
      }
      registry = createModelRegistry(warm);
      // The first batch: no stored state yet (the history path on both stores).
      const w = await batchPredict({ store: warm, registry, now: nowAt(i), warmup: WARMUP });
      expect(values(w)).toEqual(values(await coldBatch(nowAt(i))));
    }, 300_000);

    afterAll(async () => {
      await registry?.release();
      await engine.dispose();
    }, 120_000);

    it('every step of a replay gives the cold path\'s predictions, stream states and feature rows, the warm streams continuing', async () => {
      for (let k = 0; k < STEPS; k++) {
        const { before, after } = await step();
        // Each market's stream was kept after the previous batch and is the very one that continued.
        expect(before.every((s) => s !== undefined)).toBe(true);
        expect(after.map((s, j) => s === before[j])).toEqual(DEFAULT_MARKETS.map(() => true));
      }
    }, 240_000);

    it('a retry at the same now on the warm store gives the same predictions and leaves the store as the cold one', async () => {
      const again = await batchPredict({ store: warm, registry, now: nowAt(i), warmup: WARMUP });
      const c = await coldBatch(nowAt(i));
      expect(values(again)).toEqual(values(c));
      expect(await stored(warm)).toEqual(await stored(cold));
      await step();
    }, 120_000);

    it('another writer advancing the stored states: every warm stream is dropped, and the result is the cold path\'s', async () => {
      // Another worker (a registry of its own, sharing the store) predicts the next candle first.
      i += 1;
      await ingest(warm, i);
      await ingest(cold, i);
      const other = createModelRegistry(warm);
      await batchPredict({ store: warm, registry: other, now: nowAt(i), warmup: WARMUP });
      await other.release();
      await coldBatch(nowAt(i));
      // It moved every 15m state, and the 1h ones when a 1h candle closed (otherwise it saved no 1h state).
      const moved = DEFAULT_MARKETS.map((m) => m.timeframe === '15m' || nowAt(i) % H === 0);
      const { before, after } = await step();
      expect(after.map((s, j) => s !== undefined && s !== before[j])).toEqual(moved);
      const next = await step();
      expect(next.after.map((s, j) => s === next.before[j])).toEqual(DEFAULT_MARKETS.map(() => true));
    }, 120_000);

    it('a stored state rewritten at the same candle (other JSON text): the warm stream is dropped, and the result is the cold path\'s', async () => {
      const [row] = await sql<{ key: string; ts: Date; state: string }>(warm, "SELECT key, ts, state::text AS state FROM alpha_v4.feature_stream_state WHERE symbol = 'ETH' AND timeframe = '15m'");
      // The same state, spaced out: it restores to the same stream, but it is not the text the warm stream continues.
      const respaced = { stream: JSON.stringify(JSON.parse((JSON.parse(row!.state) as { stream: string }).stream), null, 1) };
      await warm.saveFeatureState({ symbol: 'ETH', timeframe: '15m', key: row!.key, ts: row!.ts, state: respaced });
      await cold.saveFeatureState({ symbol: 'ETH', timeframe: '15m', key: row!.key, ts: row!.ts, state: respaced });
      const { before, after } = await step();
      const eth = DEFAULT_MARKETS.findIndex((m) => m.symbol === 'ETH' && m.timeframe === '15m');
      expect(after.map((s, j) => s === before[j])).toEqual(DEFAULT_MARKETS.map((_, j) => j !== eth));
    }, 120_000);

    it('a corrected candle (the one the warm stream saw last) drops the warm stream, and the result is the cold path\'s', async () => {
      const fix = (c: Candles): Candles => {
        const one = sliceCandles(c, i, i + 1);
        return { ...one, high: one.high.map((x) => x * 1.01), close: one.close.map((x) => x * 1.005) };
      };
      for (const store of [warm, cold]) await store.writeCandles({ symbol: 'SOL', timeframe: '15m', candles: fix(data['15m'].SOL!), target: 'live' });
      const { before, after } = await step();
      // Every 15m model reads SOL (its own candles, or a peer's through syn_dispersion_btc_eth_sol): all three restore.
      expect(after.map((s, j) => s === before[j])).toEqual(DEFAULT_MARKETS.map((m) => m.timeframe !== '15m'));
    }, 120_000);

    it('a batch rejected for one market keeps no stepped stream: the retry and the next steps are the cold path\'s', async () => {
      i += 1;
      await ingest(warm, i);
      await ingest(cold, i);
      const read = warm.readCandles.bind(warm);
      warm.readCandles = (q) => (q.symbol === 'SOL' && q.timeframe === '1h' ? Promise.reject(new StoreError('STORE_READ', 'readCandles SOL 1h: injected failure')) : read(q));
      const e = await rejection(batchPredict({ store: warm, registry, now: nowAt(i), warmup: WARMUP }));
      warm.readCandles = read;
      expect(e).toBeInstanceOf(BatchPredictError);
      expect((e as BatchPredictError).code).toBe('BATCH_FAILED');
      expect((e as Error).message).toContain('injected failure');
      expect(warmStreams(registry, warm, names).every((s) => s === undefined)).toBe(true);
      const w = await batchPredict({ store: warm, registry, now: nowAt(i), warmup: WARMUP });
      expect(values(w)).toEqual(values(await coldBatch(nowAt(i))));
      expect(await stored(warm)).toEqual(await stored(cold));
      await step();
    }, 120_000);

    it('a batch whose predictions write fails (states and rows saved): the retry and the next steps are the cold path\'s', async () => {
      i += 1;
      await ingest(warm, i);
      await ingest(cold, i);
      const write = warm.writePredictions.bind(warm);
      warm.writePredictions = () => Promise.reject(new StoreError('STORE_WRITE', 'writePredictions: injected failure'));
      const e = await rejection(batchPredict({ store: warm, registry, now: nowAt(i), warmup: WARMUP }));
      warm.writePredictions = write;
      expect(e).toBeInstanceOf(StoreError);
      expect((e as StoreError).code).toBe('STORE_WRITE');
      expect((e as Error).message).toContain('injected failure');
      const w = await batchPredict({ store: warm, registry, now: nowAt(i), warmup: WARMUP });
      expect(values(w)).toEqual(values(await coldBatch(nowAt(i))));
      expect(await stored(warm)).toEqual(await stored(cold));
      await step();
      await step();
    }, 120_000);
  });
}
