/**
 * computeFeatureImportance on PGlite and PostgreSQL: each importance equals the share-weighted mean |TreeSHAP| of
 * the tree members, computed here from the trees themselves (treeShap of `smallTrees`, averaged by hand) over the
 * latest feature rows written to the feature store; ranks, methods per horizon, the table's rows, the skipped
 * markets (no active model, no tree member) and bad options.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import type { Matrix } from '../../src/core/types.js';
import { ensembleToBinary } from '../../src/ensemble/artifact/write.js';
import { Ensemble } from '../../src/ensemble/ensemble.js';
import { FeatureMismatchError } from '../../src/ensemble/errors.js';
import { treeShap } from '../../src/ensemble/gbdt/treeshap.js';
import { trainMLP } from '../../src/ensemble/mlp/train.js';
import { mlpMember, treeMember } from '../../src/ensemble/model.js';
import { featureFrame } from '../../src/features/frame.js';
import { horizonsToBinary } from '../../src/pipeline/horizons.js';
import { computeFeatureImportance, type ImportanceRow } from '../../src/pipeline/importance.js';
import { createModelRegistry } from '../../src/pipeline/registry.js';
import type { Market } from '../../src/pipeline/types.js';
import type { AlphaStore } from '../../src/store/types.js';
import { engines } from '../support/engines.js';
import { sql } from './fixtures.js';
import { featureMatrix, NAMES, ruleLabels, smallEnsemble, smallTrees } from './model-fixtures.js';

const START = Date.UTC(2024, 0, 1);
const N = 1200;
const BTC15: Market = { symbol: 'BTC', timeframe: '15m' };
const ETH15: Market = { symbol: 'ETH', timeframe: '15m' };
const SOL15: Market = { symbol: 'SOL', timeframe: '15m' };
const BTC1H: Market = { symbol: 'BTC', timeframe: '1h' };
const ETH1H: Market = { symbol: 'ETH', timeframe: '1h' };
const MARKETS = [BTC15, ETH15, SOL15, BTC1H, ETH1H];

/** Feature columns of N candles (seeded, some NaN), as a row-major matrix. */
function columns(seed: number): Matrix {
  const rng = new Rng(seed);
  return { rows: N, cols: NAMES.length, data: Float64Array.from({ length: N * NAMES.length }, () => (rng.uniform() < 0.03 ? NaN : rng.normal() * 2)) };
}

/** Rows [from, to) of X. */
function rowsOf(X: Matrix, from: number, to: number): Matrix {
  return { rows: to - from, cols: X.cols, data: X.data.slice(from * X.cols, to * X.cols) };
}

/** mean_x |phi(x)_j| of one tree model, from treeShap's matrix (bias column left out). */
function meanAbs(tree: Parameters<typeof treeShap>[0], X: Matrix): number[] {
  const phi = treeShap(tree, X);
  return NAMES.map((_, j) => {
    let s = 0;
    for (let r = 0; r < phi.rows; r++) s += Math.abs(phi.data[r * phi.cols + j]!);
    return s / phi.rows;
  });
}

/** Importance and ranks as the test expects them: weights w over the trees' mean |SHAP|, ranked descending. */
function expected(trees: readonly Parameters<typeof treeShap>[0][], weights: readonly number[], X: Matrix): { feature: string; importance: number; rank: number }[] {
  const parts = trees.map((t) => meanAbs(t, X));
  const total = weights.reduce((a, b) => a + b, 0);
  const values = NAMES.map((_, j) => parts.reduce((s, p, k) => s + (weights[k]! * p[j]!) / total, 0));
  return [...NAMES.keys()].sort((a, b) => values[b]! - values[a]!).map((j, r) => ({ feature: NAMES[j]!, importance: values[j]!, rank: r + 1 }));
}

function expectRows(rows: readonly ImportanceRow[], want: ReturnType<typeof expected>): void {
  expect(rows.map((r) => [r.feature, r.rank])).toEqual(want.map((w) => [w.feature, w.rank]));
  rows.forEach((r, i) => expect(r.importance, `${r.symbol} ${r.timeframe} ${r.method} ${r.feature}`).toBeCloseTo(want[i]!.importance, 12));
}

for (const engine of engines('pipeline_importance')) {
  describe(`computeFeatureImportance on ${engine.name}`, () => {
    let store: AlphaStore;
    const X15 = columns(1);
    const X1h = columns(2);
    const now15 = START + 1100 * 900_000; // rows 101..1100 are the latest 1000 at or before now
    const [btcA, btcB] = smallTrees(1);
    const [ethA, ethB] = smallTrees(4);
    const [eth8A, eth8B] = smallTrees(8);
    const [mixedTree] = smallTrees(6);

    beforeAll(async () => {
      store = await engine.open();
      const frameOf = (X: Matrix, step: number) =>
        featureFrame(Float64Array.from({ length: N }, (_, i) => START + i * step), NAMES, NAMES.map((_, j) => Float64Array.from({ length: N }, (_, i) => X.data[i * X.cols + j]!)));
      await store.upsertFeatures([
        { symbol: 'BTC', timeframe: '15m', frame: frameOf(X15, 900_000) },
        { symbol: 'ETH', timeframe: '15m', frame: frameOf(X15, 900_000) },
        { symbol: 'BTC', timeframe: '1h', frame: frameOf(X1h, 3_600_000) },
        { symbol: 'ETH', timeframe: '1h', frame: frameOf(X1h, 3_600_000) },
      ]);
      const save = (m: Market, format: string, binary: Uint8Array) => store.saveModelVersion({ ...m, format, binary, featureNames: NAMES, activate: true });
      await save(BTC15, 'alpha-v4-ensemble', ensembleToBinary(smallEnsemble(1)));
      await save(ETH15, 'alpha-v4-horizons', horizonsToBinary([{ horizon: 1, ensemble: smallEnsemble(4) }, { horizon: 8, ensemble: smallEnsemble(8) }]));
      const train = featureMatrix(300, 9);
      const clean = { ...train, data: train.data.map((v) => (Number.isNaN(v) ? 0 : v)) };
      const mlp = trainMLP(clean, ruleLabels(clean, 9), { hiddenLayers: [4], epochs: 2, batchSize: 64, featureNames: NAMES, seed: 1 });
      const mixed = new Ensemble([treeMember(mixedTree!, { name: 'xgboost' }), mlpMember(mlp, { name: 'mlp' })], { featureNames: NAMES, combination: { method: 'weights', weights: [0.7, 0.3] } });
      await save(BTC1H, 'alpha-v4-ensemble', ensembleToBinary(mixed));
      await save(ETH1H, 'alpha-v4-ensemble', ensembleToBinary(new Ensemble([mlpMember(mlp, { name: 'mlp' })], { featureNames: NAMES, combination: { method: 'weights', weights: [1] } })));
    }, 300_000);

    afterAll(async () => {
      await engine.dispose();
    }, 120_000);

    it('writes the share-weighted mean |TreeSHAP| of the latest rows, ranked, per horizon; skips and reports the rest', async () => {
      const result = await computeFeatureImportance(store, { markets: MARKETS, now: now15 });
      const of = (m: Market, method: string) => result.rows.filter((r) => r.symbol === m.symbol && r.timeframe === m.timeframe && r.method === method);
      const latest15 = rowsOf(X15, 101, 1101);
      expectRows(of(BTC15, 'shap'), expected([btcA!, btcB!], [0.6, 0.4], latest15));
      expectRows(of(ETH15, 'shap'), expected([ethA!, ethB!], [0.6, 0.4], latest15));
      expectRows(of(ETH15, 'shap_h8'), expected([eth8A!, eth8B!], [0.6, 0.4], latest15));
      // 1h: now is 275 hours after the first row, so rows 0..275 (fewer than 1000); the MLP's share goes to the tree.
      expectRows(of(BTC1H, 'shap'), expected([mixedTree!], [1], rowsOf(X1h, 0, 276)));
      expect(result.skipped).toEqual([
        { market: SOL15, reason: 'SOL 15m has no active model' },
        { market: ETH1H, reason: 'ETH 1h: v1 has no tree member (TreeSHAP explains trees only)' },
      ]);
      expect(result.rows.every((r) => r.computedAt.getTime() === now15 && r.modelVersion === 1)).toBe(true);
      const stored = await sql<{ symbol: string; timeframe: string; method: string; feature: string; importance: number; rank: number; computed_at: Date }>(
        store,
        'SELECT symbol, timeframe, method, feature, importance, rank, computed_at FROM alpha_v4.feature_importance_history ORDER BY symbol, timeframe, method, rank',
      );
      expect(stored.length).toBe(result.rows.length);
      const byKey = new Map(result.rows.map((r) => [`${r.symbol} ${r.timeframe} ${r.method} ${r.feature}`, r]));
      for (const row of stored) {
        const r = byKey.get(`${row.symbol} ${row.timeframe} ${row.method} ${row.feature}`)!;
        expect([Number(row.importance), row.rank, new Date(row.computed_at).getTime()]).toEqual([r.importance, r.rank, now15]);
      }
      const again = await computeFeatureImportance(store, { markets: MARKETS, now: now15 });
      expect(again.rows).toEqual(result.rows);
      expect(await sql(store, 'SELECT count(*)::int AS n FROM alpha_v4.feature_importance_history')).toEqual([{ n: result.rows.length }]);
    });

    it('gives the same rows with the models of a registry, and explains given rows', async () => {
      const now = now15 + 1;
      const direct = await computeFeatureImportance(store, { markets: [BTC15], now, rows: 50 });
      const registry = createModelRegistry(store, { markets: [BTC15] });
      expect((await computeFeatureImportance(store, { markets: [BTC15], now, rows: 50, registry })).rows).toEqual(direct.rows);
      expect(registry.status(BTC15).loaded).toEqual([1]);
      expectRows(direct.rows, expected([btcA!, btcB!], [0.6, 0.4], rowsOf(X15, 1051, 1101)));
      const given = featureMatrix(40, 3);
      const asked: (readonly string[])[] = [];
      const fromGiven = await computeFeatureImportance(store, { markets: [BTC15], now: now + 1, features: (_, names) => (asked.push(names), given) });
      expect(asked).toEqual([NAMES]);
      expectRows(fromGiven.rows, expected([btcA!, btcB!], [0.6, 0.4], given));
    });

    it('skips a market without feature rows at or before now', async () => {
      const result = await computeFeatureImportance(store, { markets: [BTC15], now: START - 1 });
      expect(result).toEqual({ rows: [], skipped: [{ market: BTC15, reason: `BTC 15m: no feature rows at or before ${new Date(START - 1).toISOString()}` }] });
    });

    it.each([
      ['rows 0', { rows: 0 }, 'options.rows: must be an integer >= 1, got 0'],
      ['rows 2.5', { rows: 2.5 }, 'options.rows: must be an integer >= 1, got 2.5'],
      ['a bad now', { now: 'today' }, 'options.now: expected a Date or epoch milliseconds'],
      ['a bad registry', { registry: {} }, 'options.registry: expected a ModelRegistry'],
      ['bad features', { features: [] }, 'options.features: expected a function'],
      ['an unknown option', { row: 1 }, 'options.row: unknown option'],
      ['a 4h market', { markets: [{ symbol: 'BTC', timeframe: '4h' }] }, 'options.markets[0].timeframe: the feature store has 15m and 1h'],
    ])('refuses %s (InvalidParameterError)', async (_, options, message) => {
      const e = await computeFeatureImportance(store, options as never).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(InvalidParameterError);
      expect((e as Error).message).toContain(message);
    });

    it('refuses given rows of the wrong width (FeatureMismatchError), writing nothing', async () => {
      const before = await sql(store, 'SELECT count(*)::int AS n FROM alpha_v4.feature_importance_history');
      const e = await computeFeatureImportance(store, { markets: [BTC15], now: now15 + 5, features: () => featureMatrix(3, 1, 2) }).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(FeatureMismatchError);
      expect(await sql(store, 'SELECT count(*)::int AS n FROM alpha_v4.feature_importance_history')).toEqual(before);
    });
  });
}
