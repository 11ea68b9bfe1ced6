/**
 * toONNX on tree ensembles: every binary, regression and multiclass XGBoost fixture (XGBoost 1.7.4, committed in
 * test/fixtures/xgboost) exported to ai.onnx.ml TreeEnsembleClassifier/Regressor and run by onnxruntime agrees with
 * XGBoost's own predictions; the LightGBM fixture too; splits and NaN routing are the documented ones; what ONNX
 * cannot express is a typed error.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UnsupportedModelError } from '../../../src/ensemble/errors.js';
import { loadLightGBMModel } from '../../../src/ensemble/gbdt/io/lightgbm.js';
import { loadXGBoostModel } from '../../../src/ensemble/gbdt/io/xgboost.js';
import { TreeEnsembleModel } from '../../../src/ensemble/gbdt/model.js';
import { trainGBDT } from '../../../src/ensemble/gbdt/train/boost.js';
import { MISSING_NONE, MISSING_ZERO, SPLIT_LIGHTGBM_CATEGORICAL, SPLIT_LIGHTGBM_NUMERIC } from '../../../src/ensemble/gbdt/trees.js';
import { readONNXModel } from '../../../src/ensemble/onnx/onnx-read.js';
import { toONNX } from '../../../src/ensemble/onnx/to-onnx.js';
import { makeDataset } from '../../support/train-data.js';
import { LGB_FIXTURES, xgbCases, xgbFixture } from '../xgboost-fixtures.js';
import { decodeNodes, maxAbsDiff, ortNode, RUNTIMES, runONNX } from './helpers.js';

const cases = xgbCases();
/** P(1) (column 1 of [N, 2]) or the values of an [N, k] output, row-major. */
const scores = (out: { data: Float32Array; dims: readonly number[] }, binary: boolean) =>
  binary ? Float64Array.from({ length: out.dims[0]! }, (_, r) => out.data[2 * r + 1]!) : Float64Array.from(out.data);

describe('toONNX(trees) against onnxruntime on the XGBoost fixtures', () => {
  it('covers binary, regression and multiclass fixtures', () => {
    const objectives = new Set(cases.map((c) => c.objective));
    expect([...objectives].sort()).toEqual(['binary:logistic', 'multi:softprob', 'reg:logistic', 'reg:squarederror']);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: onnxruntime-node on one thread agrees with XGBoost within 1e-6 (regression: bit for bit)', async (_name, c) => {
    const f = xgbFixture(c);
    const model = loadXGBoostModel(f.json);
    const regression = c.objective === 'reg:squarederror';
    const out = await runONNX(ortNode, toONNX(model), f.X, regression ? 'variable' : 'probabilities', { intraOpNumThreads: 1 });
    expect(out.dims).toEqual([f.X.rows, regression ? 1 : Math.max(c.numClass, 2)]);
    const got = scores(out, c.numClass === 1 && !regression);
    // The operator sums in XGBoost's order (base margin first) in float32: identical margins; the logistic and
    // softmax are onnxruntime's own float32 functions, hence the 1e-6.
    if (regression) expect(maxAbsDiff(got, f.pred)).toBe(0);
    else expect(maxAbsDiff(got, f.pred)).toBeLessThan(2e-7);
  });

  it.each(RUNTIMES)('%s with its default threads agrees with XGBoost within 1e-6 on every binary fixture (regression: within 4 float32 ulps of the largest value)', async (_name, ort) => {
    for (const c of cases.filter((x) => x.numClass === 1)) {
      const f = xgbFixture(c);
      const regression = c.objective === 'reg:squarederror';
      const got = scores(await runONNX(ort, toONNX(loadXGBoostModel(f.json)), f.X, regression ? 'variable' : 'probabilities'), !regression);
      if (!regression) expect(maxAbsDiff(got, f.pred), c.name).toBeLessThan(1e-6);
      // Trees summed on several threads are added in another order: float32 rounding of the partial sums.
      else expect(maxAbsDiff(got, f.pred), c.name).toBeLessThanOrEqual(2 ** -21 * Math.max(...f.pred.map(Math.abs)));
    }
  });
});

describe('toONNX(trees) on our trained GBDT', () => {
  it.each([
    ['binary', 'depthwise'],
    ['binary', 'lossguide'],
    ['regression', 'depthwise'],
  ] as const)('%s, %s growth: onnxruntime agrees with predict() within 1e-6 (NaN inputs included)', async (kind, growPolicy) => {
    const d = makeDataset(kind, 3, 600);
    const model = trainGBDT(d.X, d.y, { objective: kind, growPolicy, nEstimators: 40, maxDepth: 5, learningRate: 0.2 });
    const out = await runONNX(ortNode, toONNX(model), d.X, kind === 'binary' ? 'probabilities' : 'variable', { intraOpNumThreads: 1 });
    expect(maxAbsDiff(scores(out, kind === 'binary'), model.predict(d.X))).toBeLessThan(1e-6);
  });
});

describe('toONNX(trees) structure', () => {
  const c = cases.find((x) => x.name === 'binary_nan_d4_base03')!;
  const model = loadXGBoostModel(xgbFixture(c).json);

  it('writes one TreeEnsembleClassifier: BRANCH_LT at float32 thresholds, NaN left where default_left, base margin as tree 0', () => {
    const [node, ...rest] = decodeNodes(toONNX(model));
    expect(rest).toEqual([]);
    expect(node).toMatchObject({ opType: 'TreeEnsembleClassifier', domain: 'ai.onnx.ml', inputs: ['X'], outputs: ['label', 'probabilities'] });
    const a = node!.attributes;
    expect(a).toMatchObject({ post_transform: 'LOGISTIC', classlabels_int64s: [0, 1] });
    expect(a.base_values).toBeUndefined();
    const modes = a.nodes_modes as string[];
    expect(new Set(modes)).toEqual(new Set(['BRANCH_LT', 'LEAF']));
    // Tree 0 is the base-margin leaf; the model's trees follow, node for node.
    expect((a.class_weights as number[])[0]).toBe(Math.fround(model.baseMargin));
    expect(modes.length).toBe(model.numNodes + 1);
    const internal = modes.flatMap((m, i) => (m === 'LEAF' ? [] : [i]));
    const first = Array.from(model.feature.keys()).filter((n) => model.feature[n]! >= 0);
    expect(internal.map((i) => (a.nodes_values as number[])[i])).toEqual(first.map((n) => model.threshold[n]));
    expect(internal.map((i) => (a.nodes_missing_value_tracks_true as number[])[i])).toEqual(first.map((n) => model.defaultLeft[n]));
  });

  it('declares the classifier outputs and imports ai.onnx.ml 3', () => {
    const info = readONNXModel(toONNX(model));
    expect(info.opsets).toEqual([{ domain: '', version: 15 }, { domain: 'ai.onnx.ml', version: 3 }]);
    expect(info.outputs.map((o) => [o.name, o.elemType, o.dims])).toEqual([['label', 7, ['N']], ['probabilities', 1, ['N', 2]]]);
  });
});

/** A one-split stump on feature 0 (`x < 0.5`), leaves `lo` and `hi`, NaN left. */
function stump(lo: number, hi: number, extra: Partial<ConstructorParameters<typeof TreeEnsembleModel>[0]> = {}) {
  return new TreeEnsembleModel({
    nFeatures: 1, objective: 'binary:logistic', treeStart: Int32Array.of(0, 3), feature: Int32Array.of(0, -1, -1),
    threshold: Float64Array.of(0.5, 0, 0), left: Int32Array.of(1, -1, -1), right: Int32Array.of(2, -1, -1),
    defaultLeft: Uint8Array.of(1, 0, 0), value: Float64Array.of(0, lo, hi), ...extra,
  });
}
const column = (...x: number[]) => ({ rows: x.length, cols: 1, data: Float64Array.from(x) });

describe('toONNX(trees) edge cases', () => {
  it('applies the logistic when every leaf weight is positive (onnxruntime skips it otherwise: one -2^-126 guard leaf)', async () => {
    const m = stump(0.25, 2);
    const X = column(0.2, 0.9, NaN, 0.5);
    const out = await runONNX(ortNode, toONNX(m), X, 'probabilities');
    expect(maxAbsDiff(scores(out, true), m.predictProba(X))).toBeLessThan(1e-7);
    expect(decodeNodes(toONNX(m))[0]!.attributes.class_weights).toEqual([0, 0.25, 2, -(2 ** -126)]);
  });

  it('exports binary:logitraw as a regressor of the margin', async () => {
    const m = stump(-1.5, 2, { objective: 'binary:logitraw', baseMargin: 0.25 });
    const X = column(0.2, 0.9, NaN);
    expect(Array.from((await runONNX(ortNode, toONNX(m), X, 'variable')).data)).toEqual(Array.from(m.predict(X)));
  });

  it('turns a double threshold into the float32 one that decides every float32 input alike', async () => {
    // 0.1 is between two float32 values: XGBoost's fround(x) < 0.1 equals fround(x) < ceilFloat32(0.1).
    const m = stump(-1, 1, { threshold: Float64Array.of(0.1, 0, 0) });
    const below = Math.fround(0.1) === 0.1 ? 0 : Math.fround(0.1);
    const X = column(0.09999999, below, 0.1, 0.10000001);
    expect(maxAbsDiff(scores(await runONNX(ortNode, toONNX(m), X, 'probabilities'), true), m.predictProba(X))).toBeLessThan(1e-7);
  });

  it('exports LightGBM numeric splits (BRANCH_LEQ, missing type None sends NaN where 0 goes) and the sigmoid scale', async () => {
    const m = stump(-1, 1, { splitKind: Uint8Array.of(SPLIT_LIGHTGBM_NUMERIC, 0, 0), missingType: Uint8Array.of(MISSING_NONE, 0, 0), defaultLeft: Uint8Array.of(0, 0, 0), threshold: Float64Array.of(-0.3, 0, 0), sigmoidScale: 0.7, sumMode: 'float64' });
    const X = column(-0.4, -0.3, 0, NaN, 2);
    const got = scores(await runONNX(ortNode, toONNX(m), X, 'probabilities'), true);
    expect(maxAbsDiff(got, m.predictProba(X))).toBeLessThan(1e-7);
    expect(got[3]).toBeCloseTo(got[2]!, 7); // NaN is read as 0, which goes right of -0.3
  });

  it("agrees with LightGBM's own predictions on its dart breast-cancer fixture within 1e-6, and averaged (random-forest mode)", async () => {
    const table = (file: string) => readFileSync(join(LGB_FIXTURES, file), 'utf8').trim().split('\n').map((l) => l.split(/\s+/).filter(Boolean).map(Number));
    const text = readFileSync(join(LGB_FIXTURES, 'lg_dart_breast_cancer.model'), 'utf8');
    const rows = table('breast_cancer_test.tsv');
    const X = { rows: rows.length, cols: 30, data: Float64Array.from(rows.flat()) };
    const model = loadLightGBMModel(text);
    expect(maxAbsDiff(scores(await runONNX(ortNode, toONNX(model), X, 'probabilities'), true), table('lg_dart_breast_cancer_true_predictions.txt').flat())).toBeLessThan(1e-6);
    const averaged = loadLightGBMModel(text.replace('objective=binary sigmoid:1\n', 'objective=binary sigmoid:1\naverage_output\n'));
    expect(averaged.averageOutput).toBe(true);
    expect(maxAbsDiff(scores(await runONNX(ortNode, toONNX(averaged), X, 'probabilities'), true), averaged.predictProba(X))).toBeLessThan(1e-6);
  });

  it.each([
    ['a categorical split', { splitKind: Uint8Array.of(SPLIT_LIGHTGBM_CATEGORICAL, 0, 0), catStart: Int32Array.of(0, 0, 0), catEnd: Int32Array.of(1, 0, 0), catBits: Uint32Array.of(1), threshold: Float64Array.of(0, 0, 0) }],
    ['missing type Zero', { splitKind: Uint8Array.of(SPLIT_LIGHTGBM_NUMERIC, 0, 0), missingType: Uint8Array.of(MISSING_ZERO, 0, 0) }],
  ] as const)('%s: UnsupportedModelError', (_what, extra) => {
    expect(() => toONNX(stump(-1, 1, extra))).toThrow(UnsupportedModelError);
  });
});
