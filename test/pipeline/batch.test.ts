/**
 * batchPredict on PGlite and PostgreSQL: six markets (BTC, ETH, SOL at 15m and 1h), small models of two horizons;
 * every prediction in one writePredictions call equal to what is returned and to each model's own scores; an
 * idempotent retry; the failure policy (reject: nothing written; skip: the others written, the failures named); the
 * median latency printed for the lead's notes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/core/errors.js';
import { batchPredict } from '../../src/pipeline/batch.js';
import { BatchPredictError } from '../../src/pipeline/errors.js';
import { PipelineError } from '../../src/pipeline/errors.js';
import { createModelRegistry, type ModelRegistry } from '../../src/pipeline/registry.js';
import type { TrainedMarketModel } from '../../src/pipeline/train.js';
import { DEFAULT_MARKETS, type Prediction } from '../../src/pipeline/types.js';
import type { PredictionInput } from '../../src/store/ops/prediction-columns.js';
import type { AlphaStore } from '../../src/store/types.js';
import { engines } from '../support/engines.js';
import { activateModel, count, ensembleScores, market, modelFeatures, referenceRow, sql, START, written, writeLive } from './fixtures.js';

const H = 3_600_000;
const WARMUP = 50;
const LOOKBACK = 20;
/** 15m and 1h candles up to the same time: 1204 and 301 of them. */
const N15 = 1204;
const N1H = 301;
/** Candles 1199 (15m) and 299 (1h) are the latest closed at NOW; 1203 and 300 at LATER. */
const NOW = START + 300 * H;
const LATER = START + 301 * H;

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => expect.unreachable('expected a rejection'),
    (e: unknown) => e,
  );
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

for (const engine of engines('pipeline_batch')) {
  describe(`batchPredict on ${engine.name}`, () => {
    let store: AlphaStore;
    let registry: ModelRegistry;
    const data = { '15m': market('15m', N15, 31), '1h': market('1h', N1H, 32) } as const;
    const models = new Map<string, TrainedMarketModel>();
    const calls: (readonly PredictionInput[])[] = [];

    beforeAll(async () => {
      store = await engine.open();
      for (const tf of ['15m', '1h'] as const) await writeLive(store, tf, data[tf], 0, tf === '15m' ? N15 : N1H);
      for (const { symbol, timeframe } of DEFAULT_MARKETS) {
        const { model } = await activateModel(store, data[timeframe as '15m' | '1h'], symbol, timeframe, timeframe === '15m' ? 400 : 250, { horizons: [1, 2] });
        models.set(`${symbol} ${timeframe}`, model);
      }
      const write = store.writePredictions.bind(store);
      store.writePredictions = (rows, options) => {
        calls.push(rows);
        return write(rows, options);
      };
      registry = createModelRegistry(store);
    }, 300_000);

    afterAll(async () => {
      await registry?.release();
      await engine.dispose();
    }, 120_000);

    it('six markets, two horizons: the twelve predictions returned are the rows of one writePredictions call, each the model\'s own scores', async () => {
      const predictions = await batchPredict({ store, registry, now: NOW, warmup: WARMUP });
      expect(predictions.map((p) => `${p.symbol} ${p.timeframe} ${p.horizon}`)).toEqual(DEFAULT_MARKETS.flatMap((m) => [1, 2].map((h) => `${m.symbol} ${m.timeframe} ${h}`)));
      expect(calls.length).toBe(1);
      expect(calls[0]!.length).toBe(12);
      const stored = await sql<{ symbol: string; timeframe: string; ts: Date; horizon: number; p_up: number; size: number; model_version: number }>(
        store,
        'SELECT symbol, timeframe, ts, horizon, p_up, size, model_version FROM alpha_v4.predictions ORDER BY symbol, timeframe, horizon',
      );
      const key = (p: { symbol: string; timeframe: string; horizon: number }) => `${p.symbol} ${p.timeframe} ${p.horizon}`;
      expect(stored.map((r) => [key(r), r.ts.getTime(), r.p_up, r.size, r.model_version])).toEqual(
        [...predictions].sort((a, b) => (key(a) < key(b) ? -1 : 1)).map((p) => [key(p), p.ts.getTime(), p.pUp, p.size, p.modelVersion]),
      );
      for (const p of predictions) {
        const step = p.timeframe === '15m' ? H / 4 : H;
        const last = (NOW - step - START) / step;
        expect(p.ts.getTime()).toBe(NOW - step);
        const names = modelFeatures(p.symbol);
        const row = referenceRow(data[p.timeframe as '15m' | '1h'], p.symbol, names, last - (LOOKBACK + WARMUP), last, ['BTC', 'ETH', 'SOL'].filter((s) => s !== p.symbol));
        const own = (await ensembleScores(models.get(`${p.symbol} ${p.timeframe}`)!, row)).get(p.horizon)!;
        expect([p.pUp, p.members]).toEqual([own.pUp, own.members]);
      }
    });

    it('a retry at the same now returns the same predictions and inserts nothing', async () => {
      const first = await sql(store, 'SELECT * FROM alpha_v4.predictions ORDER BY symbol, timeframe, horizon');
      const again = await batchPredict({ store, registry, now: NOW, warmup: WARMUP });
      expect(again.length).toBe(12);
      expect(await sql(store, 'SELECT * FROM alpha_v4.predictions ORDER BY symbol, timeframe, horizon')).toEqual(first);
    });

    describe('the failure policy (XRP 15m: no model; ADA 15m: a model, no candles)', () => {
      const markets = [...DEFAULT_MARKETS, { symbol: 'XRP', timeframe: '15m' }, { symbol: 'ADA', timeframe: '15m' }] as const;
      let wide: ModelRegistry;

      beforeAll(async () => {
        await activateModel(store, { ADA: data['15m'].BTC! }, 'ADA', '15m', 400, { features: ['rsi_14', 'natr_14'], horizons: [1] });
        wide = createModelRegistry(store, { markets });
      });

      afterAll(async () => {
        await wide?.release();
      });

      it('reject (default): BatchPredictError naming each failed market with its refusal; nothing written', async () => {
        const before = await written(store);
        const e = await rejection(batchPredict({ store, registry: wide, markets, now: LATER, warmup: WARMUP }));
        expect(e).toBeInstanceOf(BatchPredictError);
        const failures = (e as BatchPredictError).failures;
        expect(failures.map((f) => [f.symbol, f.timeframe, (f.error as PipelineError).code])).toEqual([
          ['XRP', '15m', 'NO_ACTIVE_MODEL'],
          ['ADA', '15m', 'STALE_CANDLES'],
        ]);
        expect((e as BatchPredictError).code).toBe('BATCH_FAILED');
        expect((e as Error).message).toContain('2 of 8 market(s) failed');
        expect((e as Error).message).toContain('XRP 15m: NO_ACTIVE_MODEL');
        expect(await written(store)).toEqual(before);
      });

      it("onError: 'skip': the six others written in one call, the failures listed", async () => {
        const before = await count(store, 'alpha_v4.predictions');
        const n = calls.length;
        const { predictions, failures } = await batchPredict({ store, registry: wide, markets, now: LATER, warmup: WARMUP, onError: 'skip' });
        expect(predictions.length).toBe(12);
        expect(failures.map((f) => `${f.symbol} ${f.timeframe}`)).toEqual(['XRP 15m', 'ADA 15m']);
        expect(calls.length).toBe(n + 1);
        expect(await count(store, 'alpha_v4.predictions')).toBe(before + 12);
        expect(predictions.every((p: Prediction) => p.ts.getTime() === LATER - (p.timeframe === '15m' ? H / 4 : H))).toBe(true);
      });
    });

    it('InvalidParameterError for an unknown option key and a bad onError', async () => {
      for (const [options, parameter] of [
        [{ store, registry, now: NOW, symbol: 'BTC' }, 'options.symbol'],
        [{ store, registry, now: NOW, onError: 'ignore' }, 'options.onError'],
      ] as const) {
        const e = await rejection(batchPredict(options as never));
        expect(e).toBeInstanceOf(InvalidParameterError);
        expect((e as InvalidParameterError).parameter).toBe(parameter);
      }
    });

    it('latency: the median of 20 batches of six markets after the first model load (printed, not asserted)', async () => {
      const fresh = createModelRegistry(store);
      const t0 = performance.now();
      await batchPredict({ store, registry: fresh, now: LATER, warmup: WARMUP, write: false });
      const cold = performance.now() - t0;
      const runs: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t = performance.now();
        const out = await batchPredict({ store, registry: fresh, now: LATER, warmup: WARMUP });
        runs.push(performance.now() - t);
        expect(out.length).toBe(12);
      }
      await fresh.release();
      console.log(`[batchPredict latency, ${engine.name}] six markets x 2 horizons, 7 features: first call (model load) ${cold.toFixed(1)} ms; median of 20 after it ${median(runs).toFixed(1)} ms (min ${Math.min(...runs).toFixed(1)}, max ${Math.max(...runs).toFixed(1)})`);
    });
  });
}
