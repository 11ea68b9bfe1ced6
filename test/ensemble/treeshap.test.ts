/**
 * TreeSHAP (`predictContributions`) against independent references:
 * - XGBoost 1.7.4 `predict(pred_contribs=True)` on committed fixtures (test/fixtures/shap/ from
 *   scripts/fixtures/shap_fixtures.py, and the interop fixtures in test/fixtures/xgboost/), within 1e-5;
 * - a brute-force Shapley computation (all 2^M feature subsets, path-dependent conditional expectations, written
 *   here from the definition with its own split rules) on random small trees of every split kind;
 * - hand-computed values for a stump and a depth-2 tree.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import type { Matrix } from '../../src/core/types.js';
import { FeatureMismatchError, UnsupportedModelError } from '../../src/ensemble/errors.js';
import { TreeEnsembleModel } from '../../src/ensemble/gbdt/model.js';
import {
  MISSING_NAN,
  MISSING_NONE,
  MISSING_ZERO,
  SPLIT_LIGHTGBM_CATEGORICAL,
  SPLIT_LIGHTGBM_NUMERIC,
  SPLIT_XGBOOST,
  type TreeEnsembleInit,
} from '../../src/ensemble/gbdt/trees.js';
import { expectedValue, treeShap } from '../../src/ensemble/gbdt/treeshap.js';
import { loadLightGBMModel } from '../../src/ensemble/gbdt/io/lightgbm.js';
import { loadXGBoostModel } from '../../src/ensemble/gbdt/io/xgboost.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
/** LightGBM reference models, read in place (see its README). */
const LIGHTGBM = join(import.meta.dirname, '..', '..', '..', 'shared', 'fixtures', 'lightgbm');

// ---------------------------------------------------------------------------------------------------------------
// XGBoost fixtures

interface Case {
  dir: string;
  name: string;
  model: TreeEnsembleModel;
  X: Matrix;
  margin: Float64Array;
  contribs: Float64Array;
  importance?: Record<string, Record<string, number>>;
}

const num = (v: number | string): number => (typeof v === 'string' ? Number(v) : v);

function loadCases(dir: string): Case[] {
  const manifest = JSON.parse(readFileSync(join(FIXTURES, dir, 'manifest.json'), 'utf8')) as { cases: { name: string }[] };
  return manifest.cases.map(({ name }) => {
    const model = loadXGBoostModel(readFileSync(join(FIXTURES, dir, `${name}.model.json`), 'utf8'));
    const d = JSON.parse(readFileSync(join(FIXTURES, dir, `${name}.data.json`), 'utf8')) as {
      inputs: (number | string)[][];
      margin: (number | string)[];
      contribs: (number | string)[];
      importance?: Record<string, Record<string, number>>;
    };
    const rows = d.inputs.length;
    const cols = d.inputs[0]!.length;
    const X = { rows, cols, data: Float64Array.from(d.inputs.flat(), num) };
    return { dir, name, model, X, margin: Float64Array.from(d.margin, num), contribs: Float64Array.from(d.contribs, num), importance: d.importance };
  });
}

const cases = [...loadCases('shap'), ...loadCases('xgboost')];

describe('TreeSHAP vs XGBoost pred_contribs', () => {
  it('has fixtures from both fixture sets, including NaN inputs, depths 2..8 and a multiclass model', () => {
    expect(cases.filter((c) => c.dir === 'shap').length).toBeGreaterThanOrEqual(6);
    expect(cases.filter((c) => c.dir === 'xgboost').length).toBeGreaterThanOrEqual(1);
    expect(cases.some((c) => c.model.numClass > 1)).toBe(true);
    expect(cases.every((c) => c.X.data.some(Number.isNaN))).toBe(true);
  });

  for (const c of cases) {
    it(`${c.dir}/${c.name}: matches pred_contribs within 1e-5 and sums to the margin`, () => {
      const phi = c.model.predictContributions(c.X);
      const K = c.model.numClass, M = c.model.nFeatures, W = M + 1;
      expect(phi.rows).toBe(c.X.rows);
      expect(phi.cols).toBe(K * W);
      expect(phi.data.length).toBe(c.contribs.length);
      let maxDiff = 0;
      for (let i = 0; i < c.contribs.length; i++) maxDiff = Math.max(maxDiff, Math.abs(phi.data[i]! - c.contribs[i]!));
      expect(maxDiff).toBeLessThan(1e-5);
      // Efficiency: every class block sums to the margin (ours, and XGBoost's output_margin).
      const raw = c.model.predictRaw(c.X).data;
      for (let r = 0; r < c.X.rows; r++) {
        for (let k = 0; k < K; k++) {
          let s = 0;
          for (let j = 0; j < W; j++) s += phi.data[r * K * W + k * W + j]!;
          const m = raw[r * K + k]!;
          expect(Math.abs(s - m)).toBeLessThan(1e-5 * Math.max(1, Math.abs(m)));
          expect(Math.abs(s - c.margin[r * K + k]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(m)));
        }
      }
      // The bias column is the same for every row and equals expectedValue().
      const ev = expectedValue(c.model);
      for (let r = 0; r < c.X.rows; r++) for (let k = 0; k < K; k++) expect(phi.data[r * K * W + k * W + M]).toBe(ev[k]);
    });
  }

  it('agrees with the brute-force Shapley reference on the fixture models (first 15 rows)', () => {
    for (const c of cases.filter((cc) => cc.model.nFeatures <= 8)) {
      const rows = Math.min(15, c.X.rows);
      const X = { rows, cols: c.X.cols, data: c.X.data.subarray(0, rows * c.X.cols) };
      const phi = treeShap(c.model, X).data;
      const ref = bruteForceShap(c.model, X);
      expect(maxRel(phi, ref), `${c.dir}/${c.name}`).toBeLessThan(1e-10);
    }
  });

  it('gives the same result for Float32Array input holding the same values', () => {
    const c = cases.find((cc) => cc.name === 'bin_d6_nan')!;
    const X32 = { rows: c.X.rows, cols: c.X.cols, data: Float32Array.from(c.X.data) };
    const X64 = { rows: c.X.rows, cols: c.X.cols, data: Float64Array.from(X32.data) };
    expect(treeShap(c.model, X32).data).toEqual(treeShap(c.model, X64).data);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Brute-force reference: the Shapley values of v(S) = E[f(x) | x_S] (path-dependent), from the definition.

/** Goes left? Written from the documented split semantics, independently of model.ts. */
function goesLeft(m: TreeEnsembleModel, n: number, x: number): boolean {
  const kind = m.splitKind[n];
  const dl = m.defaultLeft[n] === 1;
  if (kind === SPLIT_XGBOOST) return Number.isNaN(x) ? dl : Math.fround(x) < m.threshold[n]!;
  if (kind === SPLIT_LIGHTGBM_NUMERIC) {
    const mt = m.missingType[n];
    if (Number.isNaN(x)) {
      if (mt === MISSING_NAN) return dl;
      x = 0;
    }
    if (mt === MISSING_ZERO && Math.abs(x) <= Math.fround(1e-35)) return dl;
    return x <= m.threshold[n]!;
  }
  if (Number.isNaN(x)) return false;
  const c = Math.trunc(x);
  if (c < 0) return false;
  const words = m.catEnd[n]! - m.catStart[n]!;
  if (Math.floor(c / 32) >= words) return false;
  return Math.floor(m.catBits[m.catStart[n]! + Math.floor(c / 32)]! / 2 ** (c % 32)) % 2 === 1;
}

/** E[tree(x) | x_S] with the cover-weighted average over features outside S (`inS[f]` = 1 iff f in S). */
function condExp(m: TreeEnsembleModel, n: number, x: ArrayLike<number>, off: number, inS: Uint8Array): number {
  const f = m.feature[n]!;
  if (f < 0) return m.value[n]!;
  const l = m.left[n]!, r = m.right[n]!;
  if (inS[f]) return condExp(m, goesLeft(m, n, x[off + f]!) ? l : r, x, off, inS);
  return (m.cover[l]! * condExp(m, l, x, off, inS) + m.cover[r]! * condExp(m, r, x, off, inS)) / m.cover[n]!;
}

/** inS for the subset `mask` of `players` (feature indices). */
function subset(players: readonly number[], mask: number, M: number): Uint8Array {
  const inS = new Uint8Array(M);
  for (let i = 0; i < players.length; i++) if (mask & (1 << i)) inS[players[i]!] = 1;
  return inS;
}

/**
 * The SHAP values of one tree for one row by brute force over the features the tree uses (Shapley values ignore
 * dummy players, so this equals the enumeration over all features): { phi: per feature, bias: v(∅) }.
 */
function bruteForceTree(m: TreeEnsembleModel, t: number, x: ArrayLike<number>, off: number): { phi: Map<number, number>; bias: number } {
  const used = new Set<number>();
  for (let n = m.treeStart[t]!; n < m.treeStart[t + 1]!; n++) if (m.feature[n]! >= 0) used.add(m.feature[n]!);
  const players = [...used];
  const P = players.length;
  const v = new Float64Array(1 << P);
  for (let mask = 0; mask < 1 << P; mask++) v[mask] = condExp(m, m.treeStart[t]!, x, off, subset(players, mask, m.nFeatures));
  const phi = new Map<number, number>();
  for (let i = 0; i < P; i++) {
    let s = 0;
    for (let mask = 0; mask < 1 << P; mask++) {
      if (mask & (1 << i)) continue;
      let size = 0;
      for (let b = mask; b; b &= b - 1) size++;
      s += ((factorial(size) * factorial(P - size - 1)) / factorial(P)) * (v[mask | (1 << i)]! - v[mask]!);
    }
    phi.set(players[i]!, s);
  }
  return { phi, bias: v[0]! };
}

function factorial(k: number): number {
  let p = 1;
  for (let i = 2; i <= k; i++) p *= i;
  return p;
}

/** rows x (numClass * (M + 1)) by enumerating all 2^M subsets for each row and class. */
function bruteForceShap(m: TreeEnsembleModel, X: Matrix): Float64Array {
  const M = m.nFeatures, K = m.numClass, W = M + 1;
  const out = new Float64Array(X.rows * K * W);
  const counts = new Float64Array(K);
  for (let t = 0; t < m.numTrees; t++) counts[m.treeClass[t]!]!++;
  const weight = Array.from({ length: M }, (_, s) => (factorial(s) * factorial(M - s - 1)) / factorial(M));
  const popcount = (v: number): number => {
    let c = 0;
    for (; v; v &= v - 1) c++;
    return c;
  };
  const v = new Float64Array(1 << M);
  const all = Array.from({ length: M }, (_, i) => i);
  for (let r = 0; r < X.rows; r++) {
    for (let k = 0; k < K; k++) {
      const scale = m.averageOutput ? 1 / counts[k]! : 1;
      for (let mask = 0; mask < 1 << M; mask++) {
        let s = m.baseMargin;
        const inS = subset(all, mask, M);
        for (let t = 0; t < m.numTrees; t++) if (m.treeClass[t] === k) s += condExp(m, m.treeStart[t]!, X.data, r * M, inS);
        v[mask] = s * scale;
      }
      const o = r * K * W + k * W;
      for (let i = 0; i < M; i++) {
        let phi = 0;
        for (let mask = 0; mask < 1 << M; mask++) if (!(mask & (1 << i))) phi += weight[popcount(mask)]! * (v[mask | (1 << i)]! - v[mask]!);
        out[o + i] = phi;
      }
      out[o + M] = v[0]!;
    }
  }
  return out;
}

/** max |a - b| / max(1, |b|). */
function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let mx = 0;
  for (let i = 0; i < a.length; i++) mx = Math.max(mx, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  return mx;
}

// ---------------------------------------------------------------------------------------------------------------
// Random small models of every split kind

interface Gen {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  defaultLeft: number[];
  splitKind: number[];
  missingType: number[];
  catStart: number[];
  catEnd: number[];
  catBits: number[];
  value: number[];
  cover: number[];
  gain: number[];
}

type Kinds = 'xgboost' | 'lightgbm';

/** Appends a random tree (pre-order: root first) with node indices absolute in `g`. */
function genTree(g: Gen, rng: Rng, M: number, depth: number, kinds: Kinds, exactCovers: boolean): void {
  const build = (d: number): number => {
    const n = g.feature.length;
    const isLeaf = d === depth || (d > 0 && rng.uniform() < 0.2);
    g.feature.push(-1);
    g.threshold.push(0);
    g.left.push(-1);
    g.right.push(-1);
    g.defaultLeft.push(0);
    g.splitKind.push(0);
    g.missingType.push(0);
    g.catStart.push(0);
    g.catEnd.push(0);
    g.value.push(Math.round((rng.normal() * 2) * 1000) / 1000);
    g.cover.push(0);
    g.gain.push(0);
    if (isLeaf) {
      // Mostly positive covers; sometimes 0 (a zero fraction), which the guards must handle.
      g.cover[n] = rng.uniform() < 0.1 ? 0 : 1 + Math.floor(rng.uniform() * 30);
      return n;
    }
    g.feature[n] = Math.floor(rng.uniform() * M);
    g.defaultLeft[n] = rng.uniform() < 0.5 ? 1 : 0;
    g.gain[n] = Math.round(rng.uniform() * 100) / 10;
    if (kinds === 'xgboost') {
      g.splitKind[n] = SPLIT_XGBOOST;
      g.threshold[n] = Math.fround(Math.round(rng.normal() * 4) / 4);
    } else {
      const u = rng.uniform();
      if (u < 0.35) {
        g.splitKind[n] = SPLIT_LIGHTGBM_CATEGORICAL;
        g.catStart[n] = g.catBits.length;
        const words = 1 + Math.floor(rng.uniform() * 2);
        for (let w = 0; w < words; w++) g.catBits.push(Math.floor(rng.uniform() * 2 ** 32) >>> 0);
        g.catEnd[n] = g.catBits.length;
      } else {
        g.splitKind[n] = SPLIT_LIGHTGBM_NUMERIC;
        g.threshold[n] = Math.round(rng.normal() * 4) / 4;
        g.missingType[n] = [MISSING_NONE, MISSING_ZERO, MISSING_NAN][Math.floor(rng.uniform() * 3)]!;
      }
    }
    const l = build(d + 1);
    const r = build(d + 1);
    g.left[n] = l;
    g.right[n] = r;
    const sum = g.cover[l]! + g.cover[r]!;
    // Exact covers (LightGBM counts) or inconsistent ones (parent != sum of children, as float32 hessian sums can be).
    g.cover[n] = exactCovers && sum > 0 ? sum : sum + 0.5 + Math.floor(rng.uniform() * 3);
    return n;
  };
  build(0);
}

function randomModel(rng: Rng, opts: { M: number; trees: number; depth: number; kinds: Kinds; numClass?: number; averageOutput?: boolean; exactCovers?: boolean }): TreeEnsembleModel {
  const g: Gen = { feature: [], threshold: [], left: [], right: [], defaultLeft: [], splitKind: [], missingType: [], catStart: [], catEnd: [], catBits: [], value: [], cover: [], gain: [] };
  const treeStart = [0];
  for (let t = 0; t < opts.trees; t++) {
    genTree(g, rng, opts.M, opts.depth, opts.kinds, opts.exactCovers ?? true);
    treeStart.push(g.feature.length);
  }
  const K = opts.numClass ?? 1;
  const init: TreeEnsembleInit = {
    nFeatures: opts.M,
    objective: K > 1 ? 'multiclass' : 'binary:logistic',
    numClass: K,
    baseMargin: Math.round(rng.normal() * 100) / 100,
    sumMode: opts.kinds === 'xgboost' ? 'float32' : 'float64',
    averageOutput: opts.averageOutput ?? false,
    treeStart: Int32Array.from(treeStart),
    feature: Int32Array.from(g.feature),
    threshold: Float64Array.from(g.threshold),
    left: Int32Array.from(g.left),
    right: Int32Array.from(g.right),
    defaultLeft: Uint8Array.from(g.defaultLeft),
    splitKind: Uint8Array.from(g.splitKind),
    missingType: Uint8Array.from(g.missingType),
    catStart: Int32Array.from(g.catStart),
    catEnd: Int32Array.from(g.catEnd),
    catBits: Uint32Array.from(g.catBits),
    value: Float64Array.from(g.value),
    cover: Float64Array.from(g.cover),
    gain: Float64Array.from(g.gain),
  };
  return new TreeEnsembleModel(init);
}

/** Inputs that hit the interesting cases: thresholds exactly, NaN, zero, tiny values, small category codes. */
function randomInputs(rng: Rng, m: TreeEnsembleModel, rows: number): Matrix {
  const M = m.nFeatures;
  const thresholds = Array.from(m.threshold).filter((_, n) => m.feature[n]! >= 0 && m.splitKind[n] !== SPLIT_LIGHTGBM_CATEGORICAL);
  const data = new Float64Array(rows * M);
  for (let i = 0; i < data.length; i++) {
    const u = rng.uniform();
    if (u < 0.15) data[i] = NaN;
    else if (u < 0.25) data[i] = 0;
    else if (u < 0.3) data[i] = 1e-36;
    else if (u < 0.45 && thresholds.length > 0) data[i] = thresholds[Math.floor(rng.uniform() * thresholds.length)]!;
    else if (u < 0.7) data[i] = Math.floor(rng.uniform() * 70) - 3; // category codes (and negatives)
    else data[i] = rng.normal() * 3;
  }
  return { rows, cols: M, data };
}

describe('TreeSHAP vs brute-force Shapley values on random trees', () => {
  const configs = [
    { label: 'XGBoost splits, depth 1..3, 3 features (features repeat on paths)', M: 3, depth: 3, trees: 3, kinds: 'xgboost' as const },
    { label: 'XGBoost splits, depth 5, 4 features, inconsistent covers', M: 4, depth: 5, trees: 2, kinds: 'xgboost' as const, exactCovers: false },
    { label: 'LightGBM numeric (all missing types) and categorical splits, depth 4', M: 5, depth: 4, trees: 3, kinds: 'lightgbm' as const },
    { label: 'LightGBM splits, 3 classes, average_output', M: 4, depth: 3, trees: 6, kinds: 'lightgbm' as const, numClass: 3, averageOutput: true },
    { label: 'XGBoost splits, 2 classes of 2 features, depth 6', M: 2, depth: 6, trees: 4, kinds: 'xgboost' as const, numClass: 2 },
  ];
  for (const cfg of configs) {
    it(cfg.label, () => {
      const rng = new Rng(12345 + cfg.M * 7 + cfg.depth);
      for (let rep = 0; rep < 12; rep++) {
        const m = randomModel(rng, cfg);
        const X = randomInputs(rng, m, 12);
        const phi = treeShap(m, X);
        expect(maxRel(phi.data, bruteForceShap(m, X))).toBeLessThan(1e-11);
        // Efficiency against the model's own prediction.
        const raw = m.predictRaw(X).data;
        const K = m.numClass, W = m.nFeatures + 1;
        for (let r = 0; r < X.rows; r++) {
          for (let k = 0; k < K; k++) {
            let s = 0;
            for (let j = 0; j < W; j++) s += phi.data[r * K * W + k * W + j]!;
            expect(Math.abs(s - raw[r * K + k]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(raw[r * K + k]!)));
          }
        }
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Real LightGBM models (numeric and categorical splits, multiclass, dart): LightGBM's own raw scores and the
// per-tree brute force.

function readMatrix(file: string): Matrix {
  const lines = readFileSync(join(LIGHTGBM, file), 'utf8').split('\n').filter((l) => l.trim() !== '');
  const rows = lines.map((l) => l.trim().split(/\s+/).map(Number));
  return { rows: rows.length, cols: rows[0]!.length, data: Float64Array.from(rows.flat()) };
}

/** The model restricted to the trees `keep` (same nodes, renumbered), keeping baseMargin and averageOutput. */
function subEnsemble(m: TreeEnsembleModel, keep: readonly number[]): TreeEnsembleModel {
  const nodes: number[] = [];
  const treeStart = [0];
  for (const t of keep) {
    for (let n = m.treeStart[t]!; n < m.treeStart[t + 1]!; n++) nodes.push(n);
    treeStart.push(nodes.length);
  }
  const remap = new Map<number, number>();
  nodes.forEach((n, i) => remap.set(n, i));
  const child = (a: Int32Array) => Int32Array.from(nodes, (n) => (a[n]! < 0 ? -1 : remap.get(a[n]!)!));
  const pick = <T extends Float64Array | Int32Array | Uint8Array>(a: T): T => new (a.constructor as new (xs: number[]) => T)(nodes.map((n) => a[n]!));
  return new TreeEnsembleModel({
    nFeatures: m.nFeatures, objective: m.objective, numClass: m.numClass, baseMargin: m.baseMargin, sumMode: m.sumMode,
    averageOutput: m.averageOutput, sigmoidScale: m.sigmoidScale, treeStart: Int32Array.from(treeStart),
    treeClass: Int32Array.from(keep, (t) => m.treeClass[t]!), feature: pick(m.feature), threshold: pick(m.threshold),
    left: child(m.left), right: child(m.right), defaultLeft: pick(m.defaultLeft), splitKind: pick(m.splitKind),
    missingType: pick(m.missingType), catStart: pick(m.catStart), catEnd: pick(m.catEnd), catBits: m.catBits,
    value: pick(m.value), cover: pick(m.cover), gain: pick(m.gain),
  });
}

describe('TreeSHAP on LightGBM models', () => {
  const models = [
    { name: 'lg_kddcup99.model', inputs: 'kddcup99_test.tsv', raw: 'lg_kddcup99_true_predictions.txt' },
    { name: 'lg_breast_cancer.txt', inputs: 'lg_breast_cancer_data.txt' },
    { name: 'lg_dart_breast_cancer.model', inputs: 'breast_cancer_test.tsv' },
  ];
  for (const spec of models) {
    it(`${spec.name}: rows sum to the raw score${spec.raw ? " (LightGBM's own)" : ''}, trees match the brute force`, () => {
      const m = loadLightGBMModel(readFileSync(join(LIGHTGBM, spec.name), 'utf8'));
      const X = readMatrix(spec.inputs);
      const phi = m.predictContributions(X);
      const K = m.numClass, W = m.nFeatures + 1;
      const raw = spec.raw ? readMatrix(spec.raw).data : m.predictRaw(X).data;
      expect(raw.length).toBe(X.rows * K);
      let worst = 0;
      for (let r = 0; r < X.rows; r++) {
        for (let k = 0; k < K; k++) {
          let s = 0;
          for (let j = 0; j < W; j++) s += phi.data[r * K * W + k * W + j]!;
          worst = Math.max(worst, Math.abs(s - raw[r * K + k]!) / Math.max(1, Math.abs(raw[r * K + k]!)));
        }
      }
      expect(worst).toBeLessThan(1e-9);
      // Per-tree brute force on the first rows, for the trees with at most 12 distinct split features (2^12 subsets):
      // TreeSHAP of the sub-ensemble of those trees equals the sum of their Shapley values.
      const small: number[] = [];
      for (let t = 0; t < m.numTrees; t++) {
        const used = new Set<number>();
        for (let n = m.treeStart[t]!; n < m.treeStart[t + 1]!; n++) if (m.feature[n]! >= 0) used.add(m.feature[n]!);
        if (used.size <= 12) small.push(t);
      }
      expect(small.length).toBeGreaterThanOrEqual(4);
      const sub = subEnsemble(m, small);
      const rows = 4;
      const X4 = { rows, cols: X.cols, data: X.data.subarray(0, rows * X.cols) };
      const subPhi = treeShap(sub, X4).data;
      const counts = new Float64Array(K);
      for (let t = 0; t < sub.numTrees; t++) counts[sub.treeClass[t]!]!++;
      const ref = new Float64Array(rows * K * W);
      for (let r = 0; r < rows; r++) {
        for (let k = 0; k < K; k++) ref[r * K * W + k * W + m.nFeatures] = sub.baseMargin;
        for (let t = 0; t < sub.numTrees; t++) {
          const k = sub.treeClass[t]!;
          const { phi: tp, bias } = bruteForceTree(sub, t, X4.data, r * X.cols);
          const o = r * K * W + k * W;
          for (const [f, v] of tp) ref[o + f] = ref[o + f]! + v;
          ref[o + m.nFeatures] = ref[o + m.nFeatures]! + bias;
        }
        if (sub.averageOutput) for (let k = 0; k < K; k++) for (let j = 0; j < W; j++) ref[r * K * W + k * W + j] = ref[r * K * W + k * W + j]! / counts[k]!;
      }
      expect(maxRel(subPhi, ref)).toBeLessThan(1e-10);
    });
  }

  it('the kddcup99 check covers categorical splits (in the brute-forced trees) taken both ways by the inputs', () => {
    const m = loadLightGBMModel(readFileSync(join(LIGHTGBM, 'lg_kddcup99.model'), 'utf8'));
    const X = readMatrix('kddcup99_test.tsv');
    let catInSmall = 0, goLeft = 0, goRight = 0;
    for (let t = 0; t < m.numTrees; t++) {
      const used = new Set<number>();
      for (let n = m.treeStart[t]!; n < m.treeStart[t + 1]!; n++) if (m.feature[n]! >= 0) used.add(m.feature[n]!);
      for (let n = m.treeStart[t]!; n < m.treeStart[t + 1]!; n++) {
        if (m.feature[n]! < 0 || m.splitKind[n] !== SPLIT_LIGHTGBM_CATEGORICAL) continue;
        if (used.size <= 12) catInSmall++;
        for (let r = 0; r < 4; r++) if (goesLeft(m, n, X.data[r * X.cols + m.feature[n]!]!)) goLeft++;
        else goRight++;
      }
    }
    expect(catInSmall).toBeGreaterThan(0);
    expect(goLeft).toBeGreaterThan(0);
    expect(goRight).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Hand-computed values, layout and errors

function stump(extra: Partial<TreeEnsembleInit> = {}): TreeEnsembleModel {
  return new TreeEnsembleModel({
    nFeatures: 2,
    objective: 'reg:squarederror',
    treeStart: Int32Array.of(0, 3),
    feature: Int32Array.of(0, -1, -1),
    threshold: Float64Array.of(0.5, 0, 0),
    left: Int32Array.of(1, -1, -1),
    right: Int32Array.of(2, -1, -1),
    defaultLeft: Uint8Array.of(1, 0, 0),
    value: Float64Array.of(0, -1, 1),
    cover: Float64Array.of(40, 30, 10),
    ...extra,
  });
}

describe('TreeSHAP by hand', () => {
  it('stump: bias = cover-weighted mean, phi = f(x) - bias on the split feature, 0 elsewhere; NaN goes default-left', () => {
    const m = stump({ baseMargin: 0.25 });
    const X = { rows: 3, cols: 2, data: Float64Array.of(0.9, 7, 0.1, -3, NaN, 1) };
    // E = 0.25 + (30 * -1 + 10 * 1) / 40 = -0.25; x0 = 0.9 -> leaf +1: phi0 = 1.25 - (-0.25) = 1.5
    expect(Array.from(treeShap(m, X).data)).toEqual([1.5, 0, -0.25, -0.5, 0, -0.25, -0.5, 0, -0.25]);
    expect(Array.from(expectedValue(m))).toEqual([-0.25]);
  });

  it('depth-2 tree on two features: the Shapley values split the interaction evenly', () => {
    // root: x0 < 0 ? (x1 < 0 ? 1 : 2) : (x1 < 0 ? 3 : 8); every leaf cover 1 (uniform background).
    const m = new TreeEnsembleModel({
      nFeatures: 2,
      objective: 'reg:squarederror',
      treeStart: Int32Array.of(0, 7),
      feature: Int32Array.of(0, 1, 1, -1, -1, -1, -1),
      threshold: Float64Array.of(0, 0, 0, 0, 0, 0, 0),
      left: Int32Array.of(1, 3, 5, -1, -1, -1, -1),
      right: Int32Array.of(2, 4, 6, -1, -1, -1, -1),
      value: Float64Array.of(0, 0, 0, 1, 2, 3, 8),
      cover: Float64Array.of(4, 2, 2, 1, 1, 1, 1),
    });
    // x = (1, 1) -> 8. E = 3.5; v({0}) = 5.5, v({1}) = 5; phi0 = ((5.5 - 3.5) + (8 - 5)) / 2 = 2.5, phi1 = 2
    const phi = treeShap(m, { rows: 1, cols: 2, data: Float64Array.of(1, 1) }).data;
    expect(phi[0]).toBeCloseTo(2.5, 14);
    expect(phi[1]).toBeCloseTo(2, 14);
    expect(phi[2]).toBe(3.5);
  });

  it('single-leaf trees add to the bias only; zero rows give an empty matrix', () => {
    const m = new TreeEnsembleModel({
      nFeatures: 1, objective: 'reg:squarederror', baseMargin: 1, treeStart: Int32Array.of(0, 1),
      feature: Int32Array.of(-1), threshold: Float64Array.of(0), left: Int32Array.of(-1), right: Int32Array.of(-1), value: Float64Array.of(0.5),
    });
    expect(Array.from(treeShap(m, { rows: 2, cols: 1, data: Float64Array.of(3, NaN) }).data)).toEqual([0, 1.5, 0, 1.5]);
    const empty = treeShap(m, { rows: 0, cols: 1, data: new Float64Array(0) });
    expect(empty.rows).toBe(0);
    expect(empty.cols).toBe(2);
    expect(empty.data.length).toBe(0);
  });

  it('multiclass layout: rows x classes x (cols + 1), class k block at k * (cols + 1)', () => {
    const c = cases.find((cc) => cc.model.numClass > 1)!;
    const K = c.model.numClass, W = c.model.nFeatures + 1;
    const phi = c.model.predictContributions(c.X);
    expect(phi.cols).toBe(K * W);
    // Class k's block holds the Shapley values of class k's margin (brute force over class k's trees).
    const row = { rows: 1, cols: c.X.cols, data: c.X.data.subarray(0, c.X.cols) };
    const ref = bruteForceShap(c.model, row);
    for (let k = 0; k < K; k++) for (let j = 0; j < W; j++) expect(phi.data[k * W + j]).toBeCloseTo(ref[k * W + j]!, 10);
  });

  it('throws FeatureMismatchError for a wrong column count and UnsupportedModelError without covers', () => {
    expect(() => treeShap(stump(), { rows: 1, cols: 3, data: new Float64Array(3) })).toThrow(FeatureMismatchError);
    expect(() => stump().predictContributions({ rows: 2, cols: 2, data: new Float64Array(3) })).toThrow(FeatureMismatchError);
    const noCover = stump({ cover: new Float64Array(3) });
    expect(() => noCover.predictContributions({ rows: 1, cols: 2, data: new Float64Array(2) })).toThrow(UnsupportedModelError);
    try {
      noCover.predictContributions({ rows: 1, cols: 2, data: new Float64Array(2) });
    } catch (e) {
      expect((e as UnsupportedModelError).code).toBe('MODEL_UNSUPPORTED');
      expect((e as Error).message).toMatch(/tree 0 node 0/);
    }
  });
});
