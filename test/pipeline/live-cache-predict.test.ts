/**
 * The warm live streams of predictHorizons with a long-lived registry (src/pipeline/live-cache.ts) on PGlite and
 * PostgreSQL: at every step of a replay, the predictions, stream states and feature rows of the warm store are those
 * of a cold store (no registry given: one per call, the stored state restored from JSON every time), bit for bit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFeatures } from '../../src/pipeline/feature-plan.js';
import { liveCacheOf } from '../../src/pipeline/live-cache.js';
import { predictHorizons } from '../../src/pipeline/predict.js';
import { createModelRegistry, type ModelRegistry } from '../../src/pipeline/registry.js';
import { DEFAULT_MARKETS, type Prediction } from '../../src/pipeline/types.js';
import type { FeatureStream } from '../../src/features/types.js';
import type { AlphaStore } from '../../src/store/types.js';
import { engines } from '../support/engines.js';
import { activateModel, market, sql, START, writeLive } from './fixtures.js';

const M15 = 900_000;
const WARMUP = 40;
const N15 = 500;
const STEPS = 6;
const data = market('15m', N15 + STEPS, 43);
const BTC15 = { symbol: 'BTC', timeframe: '15m' } as const;

const nowAt = (i: number): number => START + (i + 1) * M15;

async function stored(store: AlphaStore): Promise<unknown[]> {
  return sql(
    store,
    `SELECT 'state' AS t, key AS k, ts, state::text AS v FROM alpha_v4.feature_stream_state
     UNION ALL SELECT 'row', symbol, ts, (to_jsonb(f) - 'updated_at' - 'created_at' - 'computed_at')::text FROM alpha_v4.feature_store_15m f
     UNION ALL SELECT 'p', horizon::text, ts, (p_up::text || ' ' || size::text) FROM alpha_v4.predictions
     ORDER BY 1, 2, 3`,
  );
}

const values = (ps: readonly Prediction[]): unknown[] => ps.map((p) => [p.ts.getTime(), p.horizon, p.pUp, p.size, p.direction, p.modelVersion, Object.entries(p.members)]);

for (const engine of engines('pipeline_live_cache_predict')) {
  describe(`predictHorizons with warm live streams on ${engine.name}`, () => {
    let warm: AlphaStore;
    let cold: AlphaStore;
    let registry: ModelRegistry;
    let names: readonly string[] = [];

    /** BTC 15m's warm stream kept by `owner` (taken and put back). */
    function warmStream(owner: object): FeatureStream | undefined {
      const plan = planFeatures(BTC15, names, DEFAULT_MARKETS);
      const w = liveCacheOf(owner).take(warm, plan);
      if (w !== undefined) liveCacheOf(owner).put(warm, plan, w);
      return w?.stream;
    }

    beforeAll(async () => {
      warm = await engine.open();
      cold = await engine.open();
      for (const store of [warm, cold]) await writeLive(store, '15m', data, 0, N15);
      const { model } = await activateModel(warm, data, 'BTC', '15m', 300, { horizons: [1, 3] });
      await cold.saveModelVersion({ symbol: 'BTC', timeframe: '15m', ...model, activate: true });
      names = model.featureNames;
      registry = createModelRegistry(warm);
    }, 300_000);

    afterAll(async () => {
      await registry?.release();
      await engine.dispose();
    }, 120_000);

    it('every step of a replay gives the cold path\'s predictions and stored rows, the warm stream continuing', async () => {
      let previous: FeatureStream | undefined;
      for (let k = 0; k <= STEPS; k++) {
        const i = N15 - 1 + k;
        if (k > 0) for (const store of [warm, cold]) await writeLive(store, '15m', data, i, i + 1);
        const w = await predictHorizons({ store: warm, registry, ...BTC15, now: nowAt(i), warmup: WARMUP, write: true });
        const c = await predictHorizons({ store: cold, ...BTC15, now: nowAt(i), warmup: WARMUP, write: true });
        expect(values(w)).toEqual(values(c));
        expect(await stored(warm)).toEqual(await stored(cold));
        const kept = warmStream(registry);
        expect(kept).toBeDefined();
        if (k > 0) expect(kept).toBe(previous);
        previous = kept;
      }
    }, 240_000);

    it('a retry at the same now, without a registry on the cold store and warm on the other, gives the same predictions and changes nothing stored', async () => {
      const before = await stored(cold);
      const c = await predictHorizons({ store: cold, ...BTC15, now: nowAt(N15 - 1 + STEPS), warmup: WARMUP });
      expect(values(c)).toEqual(values(await predictHorizons({ store: warm, registry, ...BTC15, now: nowAt(N15 - 1 + STEPS), warmup: WARMUP })));
      expect(await stored(cold)).toEqual(before);
    }, 120_000);
  });
}
