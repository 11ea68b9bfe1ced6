/**
 * The worker pool scorer (src/ensemble/gbdt/predict-parallel.node.ts): XGBoost's own margins and predictions (the
 * committed 1.7.4 fixtures, rows tiled so that every thread gets a share), an independent recursive walk for random
 * models, the fallback for LightGBM splits, and its argument errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/core/errors.js';
import { FeatureMismatchError } from '../../src/ensemble/errors.js';
import { loadXGBoostModel } from '../../src/ensemble/gbdt/io/xgboost.js';
import { TreeEnsembleModel } from '../../src/ensemble/gbdt/model.js';
import { createTreeScorerPool, type TreeScorerPool } from '../../src/ensemble/gbdt/predict-parallel.node.js';
import { SPLIT_LIGHTGBM_NUMERIC } from '../../src/ensemble/gbdt/trees.js';
import { xgbCases, xgbFixture } from './xgboost-fixtures.js';

/** The rows of `a` (rows x w) repeated `times` times. */
function tile(a: ArrayLike<number>, times: number): Float64Array {
  const out = new Float64Array(a.length * times);
  for (let t = 0; t < times; t++) out.set(Array.from(a), t * a.length);
  return out;
}

let pool2: TreeScorerPool;
let pool3: TreeScorerPool;
beforeAll(async () => {
  pool2 = await createTreeScorerPool({ threads: 2 });
  pool3 = await createTreeScorerPool({ threads: 3 });
});
afterAll(async () => {
  await pool2.close();
  await pool3.close();
});

describe('tree scorer pool', () => {
  it('returns XGBoost 1.7.4 margins and predictions bit for bit on every fixture, at 2 and 3 threads, float64 and float32 X', () => {
    for (const c of xgbCases()) {
      const f = xgbFixture(c);
      const model = loadXGBoostModel(f.json);
      const X64 = { rows: f.X.rows * 3, cols: f.X.cols, data: tile(f.X.data, 3) };
      const X32 = { ...X64, data: Float32Array.from(X64.data) };
      const margin = Array.from(tile(f.margin, 3)), pred = Array.from(tile(f.pred, 3));
      for (const pool of [pool2, pool3]) {
        for (const X of [X64, X32]) {
          expect(Array.from(pool.predictRaw(model, X).data), c.name).toEqual(margin);
          expect(Array.from(pool.predict(model, X)), c.name).toEqual(pred);
        }
      }
    }
  });

  it('reads X in place from a SharedArrayBuffer and equals a recursive walk of a random stump ensemble', () => {
    const rows = 1000, cols = 3;
    const data = new Float32Array(new SharedArrayBuffer(rows * cols * 4));
    for (let i = 0; i < data.length; i++) data[i] = i % 17 === 0 ? NaN : Math.sin(i * 12.9898) * 2;
    // 40 stumps: tree k splits feature k % 3 at (k - 20) / 10, NaN left for even k, leaves -k / 64 and k / 64
    const K = 40, feature: number[] = [], thr: number[] = [], left: number[] = [], right: number[] = [], dl: number[] = [], value: number[] = [];
    for (let k = 0; k < K; k++) {
      feature.push(k % 3, -1, -1), thr.push(Math.fround((k - 20) / 10), 0, 0), left.push(3 * k + 1, -1, -1), right.push(3 * k + 2, -1, -1);
      dl.push(k % 2 === 0 ? 1 : 0, 0, 0), value.push(0, -k / 64, k / 64);
    }
    const model = new TreeEnsembleModel({
      nFeatures: cols, objective: 'reg:squarederror', baseMargin: 0.5, treeStart: Int32Array.from({ length: K + 1 }, (_, k) => 3 * k),
      feature: Int32Array.from(feature), threshold: Float64Array.from(thr), left: Int32Array.from(left), right: Int32Array.from(right),
      defaultLeft: Uint8Array.from(dl), value: Float64Array.from(value),
    });
    const want: number[] = [];
    for (let r = 0; r < rows; r++) {
      let s = Math.fround(0.5);
      for (let k = 0; k < K; k++) {
        const x = data[r * cols + (k % 3)]!;
        const goLeft = Number.isNaN(x) ? k % 2 === 0 : x < Math.fround((k - 20) / 10);
        s = Math.fround(s + (goLeft ? -k / 64 : k / 64));
      }
      want.push(s);
    }
    expect(Array.from(pool2.predictRaw(model, { rows, cols, data }).data)).toEqual(want);
  });

  it('scores models the block kernel does not take (LightGBM splits) on the calling thread, equal to model.predictRaw', () => {
    const model = new TreeEnsembleModel({
      nFeatures: 1, objective: 'binary:logitraw', sumMode: 'float64', treeStart: Int32Array.of(0, 3),
      feature: Int32Array.of(0, -1, -1), threshold: Float64Array.of(0.5, 0, 0), left: Int32Array.of(1, -1, -1), right: Int32Array.of(2, -1, -1),
      splitKind: Uint8Array.of(SPLIT_LIGHTGBM_NUMERIC, 0, 0), value: Float64Array.of(0, -1, 1),
    });
    const data = Float64Array.from({ length: 300 }, (_, i) => i / 300);
    // x <= 0.5 goes left (-1): rows 0..150, right (+1) after
    expect(Array.from(pool2.predictRaw(model, { rows: 300, cols: 1, data }).data)).toEqual(Array.from({ length: 300 }, (_, i) => (i <= 150 ? -1 : 1)));
  });

  it('throws InvalidParameterError (INVALID_PARAMETER) for threads 0, 1.5 and 65', async () => {
    for (const threads of [0, 1.5, 65]) {
      const err = await createTreeScorerPool({ threads }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidParameterError);
      expect(err).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'threads', message: `threads: expected an integer in [1, 64], got ${threads}` });
    }
  });

  it('throws InvalidParameterError (INVALID_PARAMETER) when the pool is used after close()', async () => {
    const pool = await createTreeScorerPool({ threads: 2 });
    await pool.close();
    const model = loadXGBoostModel(xgbFixture(xgbCases()[0]!).json);
    const call = () => pool.predictRaw(model, { rows: 1, cols: model.nFeatures, data: new Float64Array(model.nFeatures) });
    expect(call).toThrow(InvalidParameterError);
    expect(call).toThrow(expect.objectContaining({ code: 'INVALID_PARAMETER', message: 'pool: the tree scorer pool is closed' }));
  });

  it('throws FeatureMismatchError (FEATURE_MISMATCH) when X has the wrong number of columns', () => {
    const model = loadXGBoostModel(xgbFixture(xgbCases()[0]!).json);
    const cols = model.nFeatures + 1;
    const call = () => pool2.predictRaw(model, { rows: 200, cols, data: new Float64Array(200 * cols) });
    expect(call).toThrow(FeatureMismatchError);
    expect(call).toThrow(expect.objectContaining({ code: 'FEATURE_MISMATCH', message: expect.stringContaining(`input has ${cols} column(s)`) }));
  });
});
