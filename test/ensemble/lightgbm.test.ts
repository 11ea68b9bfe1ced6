import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../src/core/types.js';
import { FeatureMismatchError, ModelFormatError, UnsupportedModelError } from '../../src/ensemble/errors.js';
import { loadLightGBMModel } from '../../src/ensemble/gbdt/io/lightgbm.js';
import { toLightGBMText, xgboostThresholdAsLightGBM } from '../../src/ensemble/gbdt/io/lightgbm-export.js';
import { TreeEnsembleModel } from '../../src/ensemble/gbdt/model.js';
import { SPLIT_LIGHTGBM_CATEGORICAL } from '../../src/ensemble/gbdt/trees.js';
import { loadXGBoostModel } from '../../src/ensemble/gbdt/io/xgboost.js';
import { bitDiff, LGB_FIXTURES, xgbCases, xgbFixture } from './xgboost-fixtures.js';

// References: LightGBM's own predictions shipped with the models (see ../shared/fixtures/lightgbm/README.md),
// read in place.
const read = (f: string): string => readFileSync(join(LGB_FIXTURES, f), 'utf8');
const table = (f: string): number[][] =>
  read(f)
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number));
const matrix = (rows: number[][]): Matrix => ({ rows: rows.length, cols: rows[0]!.length, data: Float64Array.from(rows.flat()) });

const dart = () => loadLightGBMModel(read('lg_dart_breast_cancer.model'));
const kdd = () => loadLightGBMModel(read('lg_kddcup99.model'));
const leavesModel = () => loadLightGBMModel(read('lg_breast_cancer.txt'));

describe('loadLightGBMModel vs LightGBM predictions', () => {
  it('binary dart model: probabilities within 1e-7 of LightGBM predict()', () => {
    const m = dart();
    expect(m.objective).toBe('binary:logistic');
    expect(m.numTrees).toBe(10);
    const X = matrix(table('breast_cancer_test.tsv'));
    const expected = table('lg_dart_breast_cancer_true_predictions.txt').flat();
    const p = m.predictProba(X);
    expect(p.length).toBe(expected.length);
    let max = 0;
    for (let i = 0; i < p.length; i++) max = Math.max(max, Math.abs(p[i]! - expected[i]!));
    expect(max).toBeLessThanOrEqual(1e-7);
    expect(max).toBe(0); // measured: identical to the printed %.18e values
  });

  it('binary model: leaf indices equal LightGBM predict(pred_leaf=True) exactly', () => {
    const m = leavesModel();
    const X = matrix(table('lg_breast_cancer_data.txt'));
    const expected = table('lg_breast_cancer_data_pred_leaves.txt');
    const leaves = m.predictLeaves(X);
    expect(leaves.cols).toBe(expected[0]!.length);
    expect(Array.from(leaves.data)).toEqual(expected.flat());
  });

  it('multiclass (13 classes) with categorical splits: raw scores (rows x classes) within 1e-7 of LightGBM', () => {
    const m = kdd();
    expect(m.numClass).toBe(13);
    let categorical = 0;
    for (let n = 0; n < m.numNodes; n++) if (m.feature[n]! >= 0 && m.splitKind[n] === SPLIT_LIGHTGBM_CATEGORICAL) categorical++;
    expect(categorical).toBeGreaterThan(5);
    const X = matrix(table('kddcup99_test.tsv'));
    const expected = table('lg_kddcup99_true_predictions.txt');
    const raw = m.predictRaw(X);
    expect([raw.rows, raw.cols]).toEqual([expected.length, 13]);
    let max = 0;
    const flat = expected.flat();
    for (let i = 0; i < flat.length; i++) max = Math.max(max, Math.abs(raw.data[i]! - flat[i]!));
    expect(max).toBeLessThanOrEqual(1e-7);
    // softmax probabilities sum to 1 per row
    const p = m.predictProba(X);
    for (let r = 0; r < 5; r++) expect(p.subarray(r * 13, r * 13 + 13).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('average_output (random forest mode) divides the raw score by the number of trees', () => {
    // The dart model re-labelled as average_output: its raw score must be LightGBM's raw score / 10, where LightGBM's
    // raw score is recovered from its probabilities as logit(p).
    const m = loadLightGBMModel(read('lg_dart_breast_cancer.model').replace('objective=binary sigmoid:1\n', 'objective=binary sigmoid:1\naverage_output\n'));
    expect(m.averageOutput).toBe(true);
    const X = matrix(table('breast_cancer_test.tsv'));
    const expected = table('lg_dart_breast_cancer_true_predictions.txt').flat();
    const raw = m.predictMargin(X);
    for (let i = 0; i < raw.length; i++) expect(raw[i]!).toBeCloseTo(Math.log(expected[i]! / (1 - expected[i]!)) / 10, 9);
  });

  it('LightGBM decision rules: missing types None/Zero/NaN, default-left, categorical NaN/negative/out-of-range', () => {
    // One tree per rule, written in LightGBM's text format; expected leaves follow LightGBM's tree.h.
    const tree = (dt: number, thr: string, extra = '') =>
      `Tree=0\nnum_leaves=2\nnum_cat=${dt & 1 ? 1 : 0}\nsplit_feature=0\nsplit_gain=1\nthreshold=${thr}\ndecision_type=${dt}\nleft_child=-1\nright_child=-2\n` +
      `leaf_value=-1 1\nleaf_count=1 1\ninternal_value=0\ninternal_count=2\n${extra}shrinkage=1\n\n\n`;
    const model = (t: string) => loadLightGBMModel(`tree\nversion=v3\nnum_class=1\nnum_tree_per_iteration=1\nlabel_index=0\nmax_feature_idx=0\nobjective=regression\nfeature_names=x\nfeature_infos=none\ntree_sizes=1\n\n${t}end of trees\n`);
    const X = { rows: 6, cols: 1, data: Float64Array.of(NaN, 0, 1e-36, 0.7, 0.3, -2) };
    const go = (m: TreeEnsembleModel) => Array.from(m.predictMargin(X));
    // None (0): NaN -> 0 -> compare with threshold 0.5 -> left
    expect(go(model(tree(0, '0.5')))).toEqual([-1, -1, -1, 1, -1, -1]);
    // Zero + default right (4): NaN and |x| <= 1e-35 go right
    expect(go(model(tree(4, '0.5')))).toEqual([1, 1, 1, 1, -1, -1]);
    // Zero + default left (6)
    expect(go(model(tree(6, '-5')))).toEqual([-1, -1, -1, 1, 1, 1]);
    // NaN + default right (8): only NaN goes right by default; 0 compares normally
    expect(go(model(tree(8, '0.5')))).toEqual([1, -1, -1, 1, -1, -1]);
    // NaN + default left (10)
    expect(go(model(tree(10, '-5')))).toEqual([-1, 1, 1, 1, 1, 1]);
    // Categorical (1), categories {0, 3, 33}: bitset words 0b1001, 0b10; NaN and negatives go right; 0.7 -> 0 in set
    const cat = model(tree(1, '0', 'cat_boundaries=0 2\ncat_threshold=9 2\n'));
    const Xc = { rows: 7, cols: 1, data: Float64Array.of(NaN, 0, 3.9, 33, 1, -0.5, 64) };
    expect(Array.from(cat.predictMargin(Xc))).toEqual([1, -1, -1, -1, 1, -1, 1]);
  });
});

describe('toLightGBMText', () => {
  it.each([
    ['dart binary', 'lg_dart_breast_cancer.model', 'breast_cancer_test.tsv'],
    ['binary', 'lg_breast_cancer.txt', 'lg_breast_cancer_data.txt'],
    ['multiclass categorical', 'lg_kddcup99.model', 'kddcup99_test.tsv'],
  ])('%s: re-loading our export gives identical predictions and leaves', (_n, file, data) => {
    const m = loadLightGBMModel(read(file));
    const X = matrix(table(data));
    const text = toLightGBMText(m);
    const again = loadLightGBMModel(text);
    expect(bitDiff(again.predictRaw(X).data, m.predictRaw(X).data).mismatches).toBe(0);
    expect(bitDiff(again.predict(X), m.predict(X)).mismatches).toBe(0);
    expect(Array.from(again.predictLeaves(X).data)).toEqual(Array.from(m.predictLeaves(X).data));
    // and still LightGBM's numbers
    if (file === 'lg_kddcup99.model') {
      const flat = table('lg_kddcup99_true_predictions.txt').flat();
      const raw = again.predictRaw(X).data;
      for (let i = 0; i < flat.length; i++) expect(Math.abs(raw[i]! - flat[i]!)).toBeLessThanOrEqual(1e-7);
    }
    // tree_sizes are the exact byte lengths of the Tree= blocks (LightGBM uses them to split the text)
    const sizes = text.match(/^tree_sizes=(.*)$/m)![1]!.split(' ').map(Number);
    let pos = text.indexOf('Tree=0');
    for (let t = 0; t < sizes.length; t++) {
      expect(text.startsWith(`Tree=${t}\n`, pos)).toBe(true);
      pos += sizes[t]!;
    }
    expect(text.startsWith('end of trees', pos)).toBe(true);
  });

  it('single-leaf trees (num_leaves=1) are read and written', () => {
    // A LightGBM tree with one leaf has empty split arrays; its value is added to every row.
    const text =
      `tree\nversion=v4\nnum_class=1\nnum_tree_per_iteration=1\nlabel_index=0\nmax_feature_idx=1\nobjective=regression\nfeature_names=a b\nfeature_infos=none none\n\n` +
      `Tree=0\nnum_leaves=1\nnum_cat=0\nsplit_feature=\nsplit_gain=\nthreshold=\ndecision_type=\nleft_child=\nright_child=\nleaf_value=0.25\nleaf_count=10\ninternal_value=\ninternal_count=\nshrinkage=1\n\n\n` +
      `Tree=1\nnum_leaves=2\nnum_cat=0\nsplit_feature=1\nsplit_gain=1\nthreshold=0\ndecision_type=2\nleft_child=-1\nright_child=-2\nleaf_value=-1 1\nleaf_count=5 5\ninternal_value=0\ninternal_count=10\nshrinkage=1\n\n\nend of trees\n`;
    const X = { rows: 2, cols: 2, data: Float64Array.of(0, -1, 0, 1) };
    for (const m of [loadLightGBMModel(text), loadLightGBMModel(toLightGBMText(loadLightGBMModel(text)))]) {
      expect(Array.from(m.predictMargin(X))).toEqual([0.25 - 1, 0.25 + 1]);
      expect(Array.from(m.predictLeaves(X).data)).toEqual([0, 0, 0, 1]);
    }
  });

  it('XGBoost models: every decision is preserved (float32 split -> LightGBM threshold), margins to float32 precision', () => {
    for (const c of xgbCases()) {
      const f = xgbFixture(c);
      const xm = loadXGBoostModel(f.json);
      const lm = loadLightGBMModel(toLightGBMText(xm));
      // same leaf reached in every tree: XGBoost node ids -> leaf ordinal in node order
      const ord = new Int32Array(xm.numNodes).fill(-1);
      for (let t = 0; t < xm.numTrees; t++) {
        let k = 0;
        for (let n = xm.treeStart[t]!; n < xm.treeStart[t + 1]!; n++) if (xm.feature[n]! < 0) ord[n] = k++;
      }
      const leavesX = xm.predictLeaves(f.X).data;
      const leavesL = lm.predictLeaves(f.X).data;
      for (let i = 0; i < leavesX.length; i++) {
        const t = i % xm.numTrees;
        expect(leavesL[i], `${c.name} row ${Math.floor(i / xm.numTrees)} tree ${t}`).toBe(ord[xm.treeStart[t]! + f.leaves[i]!]);
      }
      const raw = lm.predictRaw(f.X).data;
      for (let i = 0; i < raw.length; i++) expect(Math.abs(raw[i]! - f.margin[i]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(f.margin[i]!)));
    }
  });

  it('xgboostThresholdAsLightGBM: x <= t\' exactly when float32(x) < t', () => {
    const f32 = new Float32Array(1);
    const u32 = new Uint32Array(f32.buffer);
    for (const t0 of [0.5, 1, -1, 0.3043449, 3.4028234663852886e38, 1.1754943508222875e-38, 1e-45, -2.5, 0]) {
      const t = Math.fround(t0);
      const d = xgboostThresholdAsLightGBM(t);
      // probe doubles around the boundary between t and its float32 predecessor
      f32[0] = t;
      if (t > 0) u32[0] = u32[0]! - 1;
      else if (t < 0) u32[0] = u32[0]! + 1;
      else f32[0] = -1e-45;
      const p = f32[0]!;
      const mid = (p + t) / 2;
      for (const x of [p, t, mid, d, mid * (1 + 1e-16), mid * (1 - 1e-16), nextUp(d), nextDown(d), nextUp(mid), nextDown(mid)]) {
        expect(x <= d, `t=${t} x=${x}`).toBe(Math.fround(x) < t);
      }
    }
  });
});

describe('loadLightGBMModel errors', () => {
  const text = read('lg_breast_cancer.txt');
  it('not a model / malformed lines -> ModelFormatError naming the place', () => {
    expect(catchErr(() => loadLightGBMModel('hello'))).toBeInstanceOf(ModelFormatError);
    expect(catchErr(() => loadLightGBMModel(42 as unknown as string))).toBeInstanceOf(ModelFormatError);
    const badChild = text.replace(/^left_child=(-?\d+)/m, 'left_child=99');
    const e = catchErr(() => loadLightGBMModel(badChild)) as ModelFormatError;
    expect(e).toBeInstanceOf(ModelFormatError);
    expect(e.format).toBe('lightgbm-text');
    expect(e.where).toBe('Tree=0 left_child');
    const badNum = text.replace(/^threshold=(\S+)/m, 'threshold=abc');
    expect((catchErr(() => loadLightGBMModel(badNum)) as ModelFormatError).where).toBe('Tree=0 threshold');
    const missing = text.replace(/^leaf_value=.*$/m, '');
    expect((catchErr(() => loadLightGBMModel(missing)) as ModelFormatError).where).toBe('Tree=0 leaf_value');
    const badFeature = text.replace(/^split_feature=(\d+)/m, 'split_feature=30');
    expect(catchErr(() => loadLightGBMModel(badFeature))).toBeInstanceOf(ModelFormatError);
  });

  it('unknown objective, linear trees -> UnsupportedModelError', () => {
    const e = catchErr(() => loadLightGBMModel(text.replace('objective=binary sigmoid:1', 'objective=poisson'))) as UnsupportedModelError;
    expect(e).toBeInstanceOf(UnsupportedModelError);
    expect(e.feature).toBe('objective poisson');
    expect(catchErr(() => loadLightGBMModel(text.replace('objective=binary sigmoid:1', 'objective=regression sqrt')))).toBeInstanceOf(UnsupportedModelError);
    expect(catchErr(() => loadLightGBMModel(text.replace(/^shrinkage=/m, 'is_linear=1\nshrinkage=')))).toBeInstanceOf(UnsupportedModelError);
  });

  it('predict with the wrong feature count -> FeatureMismatchError', () => {
    const m = leavesModel();
    expect(catchErr(() => m.predictProba({ rows: 1, cols: 29, data: new Float64Array(29) }))).toBeInstanceOf(FeatureMismatchError);
  });
});

function nextUp(x: number): number {
  const f = new Float64Array([x]);
  const b = new BigInt64Array(f.buffer);
  if (x === 0) return 5e-324;
  b[0] = x > 0 ? b[0]! + 1n : b[0]! - 1n;
  return f[0]!;
}
function nextDown(x: number): number {
  return -nextUp(-x);
}

function catchErr(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}
