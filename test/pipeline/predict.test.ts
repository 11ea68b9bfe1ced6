/**
 * predict and predictHorizons on PGlite and PostgreSQL, with small models trained by trainMarketModel: the
 * prediction's pUp and members equal the ensemble's own predict (decoded from the trained bytes) on the row
 * computeFeatures gives at the latest closed candle; direction, confidence and size by hand; the write of every
 * horizon, idempotent; the state and history paths agree; every bad input refused with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/core/errors.js';
import { PipelineError } from '../../src/pipeline/errors.js';
import { predict, predictHorizons } from '../../src/pipeline/predict.js';
import { createModelRegistry, type ModelRegistry } from '../../src/pipeline/registry.js';
import type { TrainedMarketModel } from '../../src/pipeline/train.js';
import type { Prediction } from '../../src/pipeline/types.js';
import type { AlphaStore } from '../../src/store/types.js';
import { engines } from '../support/engines.js';
import { activateModel, closedAt, ensembleScores, market, modelFeatures, quarterKelly, referenceRow, sql, START, written, writeLive } from './fixtures.js';

const M15 = 900_000;
const WARMUP = 50;
/** The models' largest lookback (ema_21_ratio, bbands_percent_b_20, the 20-candle correlation). */
const LOOKBACK = 20;
const FIRST = 650;
/** The first window: the latest lookback + 1 + warmup closed candles up to FIRST; the state path goes on from it. */
const START_INDEX = FIRST - (LOOKBACK + 1 + WARMUP) + 1;

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => expect.unreachable('expected a rejection'),
    (e: unknown) => e,
  );
}

/** The prediction of horizon h checked field by field against the trained model's own scores of the reference row. */
async function expectPrediction(p: Prediction, model: TrainedMarketModel, version: number, row: Float64Array, at: number, h: number): Promise<void> {
  const own = (await ensembleScores(model, row)).get(h)!;
  const c = Math.max(own.pUp, 1 - own.pUp);
  expect({ ...p }).toEqual({
    symbol: 'BTC',
    timeframe: '15m',
    ts: new Date(START + at * M15),
    targetTs: new Date(START + (at + h) * M15),
    horizon: h,
    pUp: own.pUp,
    direction: own.pUp > 0.5 ? 1 : own.pUp < 0.5 ? -1 : 0,
    confidence: c,
    size: expect.closeTo(quarterKelly(own.pUp), 15) as unknown as number,
    modelVersion: version,
    members: own.members,
    fallback: false,
  });
  expect(Object.keys(p.members)).toEqual(['depthwise', 'leafwise']);
}

for (const engine of engines('pipeline_predict')) {
  describe(`predict on ${engine.name}`, () => {
    let store: AlphaStore;
    let registry: ModelRegistry;
    let btc: { model: TrainedMarketModel; version: number };
    const m15 = market('15m', 700, 21);
    const names = modelFeatures('BTC');
    const row = (from: number, to: number) => referenceRow(m15, 'BTC', names, from, to, ['ETH', 'SOL']);
    const base = () => ({ store, symbol: 'BTC', timeframe: '15m' as const, registry, warmup: WARMUP });

    beforeAll(async () => {
      store = await engine.open();
      await writeLive(store, '15m', m15, 0, 700);
      btc = await activateModel(store, m15, 'BTC', '15m', 600);
      registry = createModelRegistry(store);
    }, 300_000);

    afterAll(async () => {
      await registry?.release();
      await engine.dispose();
    }, 120_000);

    it('a valid Prediction: pUp and members are the ensemble\'s own on computeFeatures\' last row; nothing written by default', async () => {
      const p = await predict({ ...base(), now: closedAt('15m', FIRST, 5 * 60_000) });
      await expectPrediction(p, btc.model, btc.version, row(START_INDEX, FIRST), FIRST, 1);
      expect((await written(store))['alpha_v4.predictions']).toBe(0);
    });

    it('predictHorizons: every horizon of the model, from the same row (resumed from the saved state), with or without a registry given', async () => {
      const ps = await predictHorizons({ ...base(), now: closedAt('15m', FIRST) });
      expect(ps.map((p) => p.horizon)).toEqual([1, 4]);
      for (const p of ps) await expectPrediction(p, btc.model, btc.version, row(START_INDEX, FIRST), FIRST, p.horizon);
      const h4 = await predict({ ...base(), now: closedAt('15m', FIRST), horizon: 4 });
      expect(h4).toEqual(ps[1]);
      // Without a registry: one created for the call (and released after it) serves the same.
      expect(await predictHorizons({ store, symbol: 'BTC', timeframe: '15m', now: closedAt('15m', FIRST), warmup: WARMUP })).toEqual(ps);
    });

    it('write: true writes every horizon once (the rows as returned, fallback not a column); a retry at the same now adds nothing', async () => {
      const now = closedAt('15m', 660);
      const p = await predict({ ...base(), now, write: true });
      await expectPrediction(p, btc.model, btc.version, row(START_INDEX, 660), 660, 1);
      const all = await predictHorizons({ ...base(), now, write: true });
      const stored = await sql<Record<string, unknown>>(store, 'SELECT * FROM alpha_v4.predictions ORDER BY horizon');
      expect(stored.length).toBe(2);
      stored.forEach((r, k) => {
        const q = all[k]!;
        expect([r.symbol, r.timeframe, (r.ts as Date).getTime(), (r.target_ts as Date).getTime(), r.horizon, r.p_up, r.direction, r.confidence, r.size, r.model_version]).toEqual([
          q.symbol, q.timeframe, q.ts.getTime(), q.targetTs.getTime(), q.horizon, q.pUp, q.direction, q.confidence, q.size, q.modelVersion,
        ]);
        expect(typeof r.members === 'string' ? JSON.parse(r.members) : r.members).toEqual(q.members);
      });
      expect(all[0]).toEqual(p);
    });

    it('the history path over the candles the state has seen gives the state path\'s prediction', async () => {
      const now = closedAt('15m', 670);
      const fromState = await predictHorizons({ ...base(), now });
      await sql(store, 'DELETE FROM alpha_v4.feature_stream_state');
      const fromHistory = await predictHorizons({ ...base(), now, warmup: 670 - START_INDEX - LOOKBACK });
      expect(fromHistory).toEqual(fromState);
      await expectPrediction(fromState[1]!, btc.model, btc.version, row(START_INDEX, 670), 670, 4);
    });

    describe('refusals: a PipelineError, nothing written (write: true)', () => {
      const refuse = async (options: Record<string, unknown>, code: string, ...parts: string[]) => {
        const before = await written(store);
        const e = await rejection(predict({ ...base(), now: closedAt('15m', 680), write: true, ...options } as never));
        expect(e).toBeInstanceOf(PipelineError);
        expect((e as PipelineError).code).toBe(code);
        for (const part of parts) expect((e as Error).message).toContain(part);
        expect(await written(store)).toEqual(before);
      };

      it('an unknown symbol', () => refuse({ symbol: 'DOGE' }, 'UNKNOWN_MARKET', 'DOGE'));
      it('an unknown timeframe', () => refuse({ timeframe: '4h' }, 'UNKNOWN_MARKET', '4h'));
      it('no active model', () => refuse({ symbol: 'ETH' }, 'NO_ACTIVE_MODEL', 'ETH 15m'));
      it('stale candles: the latest (699) closed more than two intervals before now', () =>
        refuse({ now: closedAt('15m', 699, 2 * M15 + 1) }, 'STALE_CANDLES', new Date(START + 699 * M15).toISOString()));

      it('a model whose features are not in the feature store', async () => {
        await activateModel(store, m15, 'SOL', '15m', 600, { columns: { my_signal: m15.SOL!.close.map((c, i) => (i % 7) * c) } });
        await refuse({ symbol: 'SOL' }, 'FEATURE_MISMATCH', 'my_signal');
      });

      it('NaN features: too little history (30 candles, sma_50_ratio)', async () => {
        const m1h = market('1h', 30, 3);
        await writeLive(store, '1h', m1h, 0, 30);
        await activateModel(store, m15, 'BTC', '1h', 600, { features: ['rsi_14', 'sma_50_ratio'], horizons: [1] });
        await refuse({ timeframe: '1h', now: START + 30 * 3_600_000 }, 'MISSING_FEATURES', 'sma_50_ratio');
      });
    });

    it('InvalidParameterError for unknown option keys and a horizon the model lacks', async () => {
      for (const [call, parameter] of [
        [() => predict({ ...base(), horizons: [1] } as never), 'options.horizons'],
        [() => predictHorizons({ ...base(), horizon: 1 } as never), 'options.horizon'],
        [() => predict({ ...base(), now: closedAt('15m', 690), horizon: 2 }), 'options.horizon'],
        [() => predict({ ...base(), write: 'yes' } as never), 'options.write'],
      ] as const) {
        const e = await rejection(call());
        expect(e).toBeInstanceOf(InvalidParameterError);
        expect((e as InvalidParameterError).parameter).toBe(parameter);
      }
    });
  });
}
