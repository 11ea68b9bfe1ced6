/**
 * trainGBDT, binning and histograms. References:
 * - python3-xgboost 1.7.4 (tree_method=hist) trained on the same generated data with matching parameters
 *   (test/fixtures/train/reference.json, written by scripts/fixtures/train_reference.py): held-out AUC / log loss /
 *   RMSE must agree within stated tolerances (trees differ because the binning differs);
 * - scikit-learn 1.2 roc_auc_score / log_loss / mean_squared_error for our metric functions;
 * - the simulator's planted signal (the signal itself is the oracle score);
 * - direct definitions (hessian sums, row duplication for integer weights, naive histograms).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../src/core/types.js';
import { Rng } from '../../src/core/rng.js';
import { simulateMarket } from '../../src/core/simulator.js';
import { AlphaError, InvalidParameterError } from '../../src/core/errors.js';
import { BinMapper, binDataset, fitBinMapper } from '../../src/ensemble/gbdt/binning.js';
import { buildHistogram, subtractHistogram } from '../../src/ensemble/gbdt/train/histogram.js';
import { logLoss, rmse, rocAuc } from '../../src/calibration/metrics.js';
import { GBDTInputError } from '../../src/ensemble/errors.js';
import { trainGBDT } from '../../src/ensemble/gbdt/train/boost.js';
import type { GBDTModel } from '../../src/ensemble/gbdt/train/gbdt-model.js';
import type { GBDTParams } from '../../src/ensemble/gbdt/train/params.js';
import { loadXGBoostModel } from '../../src/ensemble/gbdt/io/xgboost.js';
import { toXGBoostJSON } from '../../src/ensemble/gbdt/io/xgboost-export.js';
import { trainGBDTParallel } from '../../src/ensemble/gbdt/parallel.node.js';
import { checksums, makeDataset, sliceRows, type DataKind } from '../support/train-data.js';

const here = path.dirname(fileURLToPath(import.meta.url));

interface RefCase {
  name: string;
  kind: DataKind;
  seed: number;
  nTrain: number;
  nTest: number;
  weighted: boolean;
  params: GBDTParams;
  checksums: { xSum: number; nanCount: number; ySum: number };
  xgboost: { auc?: number; logloss?: number; rmse?: number; meanPredMissing?: number; rateMissing?: number };
}
interface Reference {
  cases: RefCase[];
  metrics: { y: number[]; weight: number[]; score: number[]; rocAuc: number; rocAucWeighted: number; logLoss: number; logLossWeighted: number; rmse: number; rmseWeighted: number };
}
const ref = JSON.parse(readFileSync(path.join(here, '..', 'fixtures', 'train', 'reference.json'), 'utf8')) as Reference;

/** Per-tree depth and leaf count of a model. */
function treeShapes(m: GBDTModel): { depth: number; leaves: number }[] {
  const out: { depth: number; leaves: number }[] = [];
  for (let t = 0; t < m.numTrees; t++) {
    let depth = 0, leaves = 0;
    const stack: [number, number][] = [[m.treeStart[t]!, 0]];
    while (stack.length) {
      const [n, d] = stack.pop()!;
      if (m.feature[n]! < 0) {
        leaves++;
        depth = Math.max(depth, d);
      } else stack.push([m.left[n]!, d + 1], [m.right[n]!, d + 1]);
    }
    out.push({ depth, leaves });
  }
  return out;
}

function totalGainByFeature(m: GBDTModel): Float64Array {
  const g = new Float64Array(m.nFeatures);
  for (let n = 0; n < m.numNodes; n++) if (m.feature[n]! >= 0) g[m.feature[n]!] = g[m.feature[n]!]! + m.gain[n]!;
  return g;
}

function randomMatrix(rows: number, cols: number, seed: number, fn: (rng: Rng, r: number, c: number) => number): Matrix {
  const rng = new Rng(seed);
  const data = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) data[r * cols + c] = fn(rng, r, c);
  return { rows, cols, data };
}

describe('binning', () => {
  const X = randomMatrix(3000, 4, 1, (rng, _r, c) => {
    if (c === 0) return rng.normal() * 1e3; // continuous
    if (c === 1) return Math.floor(rng.uniform() * 7); // 7 distinct values
    if (c === 2) return rng.uniform() < 0.2 ? NaN : rng.normal(); // with missing
    return 5; // constant
  });

  it('fits ascending float32 cuts within maxBin, one bin per distinct value when few, none for a constant', () => {
    const m = fitBinMapper(X, { maxBin: 32 });
    for (let f = 0; f < 4; f++) {
      const c = Array.from(m.cuts(f));
      expect(c.length).toBeLessThanOrEqual(30);
      for (let j = 0; j < c.length; j++) {
        expect(Math.fround(c[j]!)).toBe(c[j]);
        if (j > 0) expect(c[j]!).toBeGreaterThan(c[j - 1]!);
      }
    }
    expect(Array.from(m.cuts(1))).toEqual([0.5, 1.5, 2.5, 3.5, 4.5, 5.5]);
    expect(m.numValueBins(3)).toBe(1);
    expect(m.missingBin(2)).toBe(m.numValueBins(2));
    expect(m.numValueBins(0)).toBe(31);
  });

  it('quantile bins are balanced for continuous data', () => {
    const m = fitBinMapper(X, { maxBin: 17 });
    const counts = new Array<number>(m.numValueBins(0)).fill(0);
    for (let r = 0; r < X.rows; r++) counts[m.bin(0, X.data[r * 4]!)]!++;
    expect(counts.length).toBe(16);
    for (const c of counts) expect(Math.abs(c - 3000 / 16)).toBeLessThanOrEqual(2);
  });

  it('bin(x) <= b exactly when Math.fround(x) < threshold(b), for seen, unseen, tied and extreme values', () => {
    const m = fitBinMapper(X, { maxBin: 64 });
    const rng = new Rng(9);
    const probes: number[] = [Infinity, -Infinity, 0, -0, 1e-40, 3.4e38, 1e300, -1e300];
    for (let i = 0; i < 2000; i++) probes.push(rng.normal() * 1e3, X.data[Math.floor(rng.uniform() * X.data.length)]!, Math.floor(rng.uniform() * 9) - 1 + 0.5);
    for (let f = 0; f < 3; f++) {
      const cuts = m.cuts(f);
      for (const c of cuts) probes.push(c, Math.fround(c * (1 + 1e-7)), Math.fround(c * (1 - 1e-7)));
      for (const x of probes) {
        if (Number.isNaN(x)) continue;
        const bx = m.bin(f, x);
        for (let b = 0; b < m.numValueBins(f) - 1; b++) {
          if ((bx <= b) !== (Math.fround(x) < m.threshold(f, b))) throw new Error(`feature ${f}: x=${x} bin ${bx} vs threshold ${b}`);
        }
      }
    }
  });

  it('stores a column-major Uint8Array with a dedicated missing bin, and transforms other data with the same cuts', () => {
    const d = binDataset(X, { maxBin: 256 });
    expect(d.bins).toBeInstanceOf(Uint8Array);
    expect(Array.from(d.hasMissing)).toEqual([0, 0, 1, 0]);
    for (let r = 0; r < X.rows; r += 7) for (let f = 0; f < 4; f++) expect(d.bins[f * X.rows + r]).toBe(d.mapper.bin(f, X.data[r * 4 + f]!));
    expect(d.mapper.bin(2, NaN)).toBe(d.mapper.missingBin(2));
    const other = d.mapper.transform({ rows: 2, cols: 4, data: Float64Array.of(NaN, 3, NaN, 5, 1e9, -1, 0, 5) });
    expect(other.bins[0]).toBe(d.mapper.missingBin(0));
    expect(other.bins[1]).toBe(d.mapper.numValueBins(0) - 1);
    expect(other.bins[2]).toBe(3); // value 3 of feature 1: cuts 0.5, 1.5, 2.5 are <= 3
  });

  it('binDataset (one fused sort per feature) equals fitBinMapper + transform, also with a row sample', () => {
    const d = binDataset(X, { maxBin: 40 });
    const m = fitBinMapper(X, { maxBin: 40 });
    expect(Array.from(d.mapper.cutValues)).toEqual(Array.from(m.cutValues));
    expect(Array.from(d.bins)).toEqual(Array.from(m.transform(X).bins));
    const s = binDataset(X, { maxBin: 40, sampleRows: 1000, seed: 3 });
    expect(Array.from(s.mapper.cutValues)).toEqual(Array.from(fitBinMapper(X, { maxBin: 40, sampleRows: 1000, seed: 3 }).cutValues));
    expect(Array.from(s.mapper.cutValues)).not.toEqual(Array.from(m.cutValues));
    for (let r = 0; r < X.rows; r += 3) for (let f = 0; f < 4; f++) expect(s.bins[f * X.rows + r]).toBe(s.mapper.bin(f, X.data[r * 4 + f]!));
  });

  it('round-trips through JSON', () => {
    const m = fitBinMapper(X);
    const back = BinMapper.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    expect(Array.from(back.cutValues)).toEqual(Array.from(m.cutValues));
    expect(Array.from(back.cutStart)).toEqual(Array.from(m.cutStart));
    expect(() => BinMapper.fromJSON({ maxBin: 256, cuts: [[2, 1]] })).toThrow(InvalidParameterError);
  });
});

describe('histograms', () => {
  it('buildHistogram equals naive per-row sums; subtraction gives the sibling', () => {
    const n = 500, F = 5;
    const d = binDataset(randomMatrix(n, F, 3, (rng) => (rng.uniform() < 0.1 ? NaN : rng.normal())), { maxBin: 16 });
    const rng = new Rng(4);
    const grad = Float64Array.from({ length: n }, () => rng.normal());
    const hess = Float64Array.from({ length: n }, () => rng.uniform());
    const off = new Int32Array(F), end = new Int32Array(F);
    let o = 0;
    for (let f = 0; f < F; f++) {
      off[f] = o;
      o += d.mapper.numValueBins(f) + 1;
      end[f] = o;
    }
    const rows = Uint32Array.from({ length: n }, (_, i) => i);
    const feats = Int32Array.of(0, 1, 2, 3, 4);
    const naive = (stride: number, lo: number, hi: number) => {
      const h = new Float64Array(o * stride);
      for (let f = 0; f < F; f++) for (let i = lo; i < hi; i++) {
        const j = (off[f]! + d.bins[f * n + i]!) * stride;
        h[j] = h[j]! + grad[i]!;
        h[j + 1] = h[j + 1]! + hess[i]!;
        if (stride === 3) h[j + 2] = h[j + 2]! + 1;
      }
      return h;
    };
    for (const stride of [2, 3] as const) {
      const all = new Float64Array(o * stride), part = new Float64Array(o * stride);
      const og = new Float64Array(n), oh = new Float64Array(n);
      buildHistogram(all, stride, d.bins, n, feats, F, off, rows, 0, n, grad, hess, og, oh);
      buildHistogram(part, stride, d.bins, n, feats, F, off, rows, 0, 200, grad, hess, og, oh);
      expect(Array.from(all)).toEqual(Array.from(naive(stride, 0, n)));
      expect(Array.from(part)).toEqual(Array.from(naive(stride, 0, 200)));
      subtractHistogram(all, part, stride, feats, F, off, end);
      const rest = naive(stride, 200, n);
      for (let i = 0; i < rest.length; i++) expect(all[i]).toBeCloseTo(rest[i]!, 10);
    }
  });
});

describe('metrics vs scikit-learn', () => {
  const m = ref.metrics;
  it('rocAuc, logLoss and rmse (plain and weighted) equal sklearn on tie-rich scores', () => {
    expect(rocAuc(m.y, m.score)).toBeCloseTo(m.rocAuc, 12);
    expect(rocAuc(m.y, m.score, m.weight)).toBeCloseTo(m.rocAucWeighted, 12);
    expect(logLoss(m.y, m.score)).toBeCloseTo(m.logLoss, 12);
    expect(logLoss(m.y, m.score, m.weight)).toBeCloseTo(m.logLossWeighted, 12);
    expect(rmse(m.y, m.score)).toBeCloseTo(m.rmse, 12);
    expect(rmse(m.y, m.score, m.weight)).toBeCloseTo(m.rmseWeighted, 12);
  });
});

describe('trainGBDT vs python3-xgboost (tree_method=hist, same data and parameters)', () => {
  // Tolerances: 5000 held-out rows; XGBoost itself moves by about +-0.005 AUC when only max_bin changes on such data.
  const AUC_TOL = 0.01, LOGLOSS_TOL = 0.01, RMSE_REL_TOL = 0.02;
  for (const c of ref.cases) {
    it(`${c.name}: held-out metrics within tolerance of XGBoost`, () => {
      const d = makeDataset(c.kind, c.seed, c.nTrain + c.nTest);
      expect(checksums(d)).toEqual(c.checksums); // the Python generator produced the same data
      const tr = sliceRows(d, 0, c.nTrain), te = sliceRows(d, c.nTrain, c.nTrain + c.nTest);
      const model = trainGBDT(tr.X, tr.y, { ...c.params, ...(c.weighted ? { weight: tr.weight } : {}) });
      const p = model.predict(te.X);
      const w = c.weighted ? te.weight : undefined;
      if (c.kind === 'regression') {
        expect(rmse(te.y, p)).toBeLessThanOrEqual(c.xgboost.rmse! * (1 + RMSE_REL_TOL));
      } else {
        expect(Math.abs(rocAuc(te.y, p, w) - c.xgboost.auc!)).toBeLessThanOrEqual(AUC_TOL);
        expect(Math.abs(logLoss(te.y, p, w) - c.xgboost.logloss!)).toBeLessThanOrEqual(LOGLOSS_TOL);
      }
      if (c.kind === 'censored') {
        // The signal lives where x0 is missing (x0 > 0.7 was blanked): NaN rows must route to the high side.
        let s = 0, k = 0;
        for (let r = 0; r < te.X.rows; r++) if (Number.isNaN(te.X.data[r * te.X.cols]!)) (s += p[r]!), k++;
        expect(k).toBeGreaterThan(500);
        expect(Math.abs(s / k - c.xgboost.rateMissing!)).toBeLessThan(0.03);
        expect(Math.abs(s / k - c.xgboost.meanPredMissing!)).toBeLessThan(0.03);
      }
      // Split thresholds are float32 values taken from the training cuts.
      for (let n = 0; n < model.numNodes; n++) {
        const f = model.feature[n]!;
        if (f < 0) continue;
        expect(Math.fround(model.threshold[n]!)).toBe(model.threshold[n]);
        expect(Array.from(model.binMapper.cuts(f))).toContain(model.threshold[n]);
      }
    });
  }
});

describe('trainGBDT behaviour', () => {
  const d = makeDataset('binary', 31, 4000);
  const tr = sliceRows(d, 0, 2000), va = sliceRows(d, 2000, 4000);

  it('recovers the simulator planted signal (as well as the signal itself ranks the next return)', () => {
    const n = 12000;
    const sim = simulateMarket({ candles: n, seed: 5, symbols: ['BTC'], signal: { strength: 0.3 } });
    const c = sim.candles.BTC!, sig = sim.signal!.BTC!;
    const cols = 6, rows = n - 2;
    const data = new Float64Array(rows * cols), y = new Float64Array(rows);
    const rng = new Rng(77);
    for (let t = 1; t < n - 1; t++) {
      const o = (t - 1) * cols;
      data[o] = rng.normal(); // noise
      data[o + 1] = c.close[t]! / c.close[t - 1]! - 1; // last return
      data[o + 2] = sig[t]!; // the planted signal
      data[o + 3] = Math.log(c.volume[t]! + 1);
      data[o + 4] = (c.high[t]! - c.low[t]!) / c.close[t]!;
      data[o + 5] = rng.uniform();
      y[t - 1] = c.close[t + 1]! > c.close[t]! ? 1 : 0;
    }
    const cut = 8000;
    const model = trainGBDT({ rows: cut, cols, data: data.subarray(0, cut * cols) }, y.subarray(0, cut), { maxDepth: 2, learningRate: 0.05, nEstimators: 150 });
    const Xte = { rows: rows - cut, cols, data: data.subarray(cut * cols) };
    const yte = y.subarray(cut);
    const auc = rocAuc(yte, model.predictProba(Xte));
    const oracle = rocAuc(yte, Float64Array.from({ length: rows - cut }, (_, i) => Xte.data[i * cols + 2]!));
    expect(oracle).toBeGreaterThan(0.56);
    expect(auc).toBeGreaterThan(oracle - 0.015);
    const gain = totalGainByFeature(model);
    expect(gain.indexOf(Math.max(...gain))).toBe(2);
  });

  it('is deterministic for a seed (also with row and column subsampling), and the seed matters', () => {
    const p: GBDTParams = { maxDepth: 4, nEstimators: 20, subsample: 0.7, colsampleBytree: 0.5, seed: 42 };
    const a = trainGBDT(tr.X, tr.y, p).toData();
    const b = trainGBDT(tr.X, tr.y, p).toData();
    const c = trainGBDT(tr.X, tr.y, { ...p, seed: 43 }).toData();
    for (const k of ['feature', 'threshold', 'left', 'right', 'defaultLeft', 'value', 'cover', 'gain'] as const) {
      expect(Array.from(b[k])).toEqual(Array.from(a[k]));
    }
    expect(Array.from(c.value)).not.toEqual(Array.from(a.value));
  });

  it('accepts a pre-binned dataset and the snake_case XGBoost spellings (same model)', () => {
    const a = trainGBDT(tr.X, tr.y, { maxDepth: 3, learningRate: 0.2, nEstimators: 10, lambda: 2, minChildWeight: 2, maxBin: 64 }).toData();
    const b = trainGBDT(binDataset(tr.X, { maxBin: 64 }), tr.y, { max_depth: 3, eta: 0.2, n_estimators: 10, reg_lambda: 2, min_child_weight: 2 } as GBDTParams).toData();
    expect(Array.from(b.value)).toEqual(Array.from(a.value));
    expect(Array.from(b.threshold)).toEqual(Array.from(a.threshold));
  });

  it('stops early on the validation set and keeps the best iteration', () => {
    const history: number[] = [];
    const m = trainGBDT(tr.X, tr.y, {
      maxDepth: 6, learningRate: 0.5, nEstimators: 300, evalSet: { X: va.X, y: va.y }, earlyStoppingRounds: 10,
      onProgress: (p) => void history.push(p.validLoss!),
    });
    expect(history.length).toBeLessThan(300);
    expect(m.numTrees).toBe(m.bestIteration + 1);
    expect(history.length).toBe(m.bestIteration + 11);
    expect(m.bestScore).toBe(Math.min(...history));
    // The truncated model's validation log loss is the best one (float32 vs double sigmoid: 1e-6).
    expect(Math.abs(logLoss(va.y, m.predictProba(va.X)) - m.bestScore!)).toBeLessThan(1e-6);
    // Same trees as training exactly that many rounds.
    const again = trainGBDT(tr.X, tr.y, { maxDepth: 6, learningRate: 0.5, nEstimators: m.bestIteration + 1 });
    expect(Array.from(again.value)).toEqual(Array.from(m.value));
  });

  it('reports progress every round (round, train loss, validation loss, elapsed ms) and stops when the callback returns false', () => {
    const seen: { round: number; trainLoss: number; validLoss: number | undefined; elapsedMs: number }[] = [];
    const m = trainGBDT(tr.X, tr.y, { maxDepth: 3, nEstimators: 30, evalSet: { X: va.X, y: va.y }, onProgress: (p) => { seen.push(p); return p.round < 19; } });
    expect(m.numTrees).toBe(20);
    expect(seen.map((s) => s.round)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.trainLoss).toBeLessThan(seen[i - 1]!.trainLoss);
      expect(seen[i]!.elapsedMs).toBeGreaterThanOrEqual(seen[i - 1]!.elapsedMs);
    }
    // Independent recomputation of the last train loss from the model's predictions (float32 sigmoid: 1e-6).
    expect(Math.abs(logLoss(tr.y, m.predictProba(tr.X)) - seen[19]!.trainLoss)).toBeLessThan(1e-6);
    expect(typeof seen[0]!.validLoss).toBe('number');
  });

  it('integer sample weights equal duplicated rows', () => {
    // Features with few distinct values, so the bins of the duplicated data are the same.
    const src = makeDataset('binary', 32, 1500);
    const F = src.X.cols;
    const q = Float64Array.from(src.X.data, (v) => (Number.isNaN(v) ? v : Math.floor(v * 2) / 2));
    const dup: number[] = [], ydup: number[] = [];
    for (let r = 0; r < src.X.rows; r++) {
      for (let k = 0; k < src.weight[r]!; k++) {
        for (let f = 0; f < F; f++) dup.push(q[r * F + f]!);
        ydup.push(src.y[r]!);
      }
    }
    const params: GBDTParams = { maxDepth: 3, nEstimators: 15, learningRate: 0.3, baseScore: 0.5 };
    const weighted = trainGBDT({ rows: src.X.rows, cols: F, data: q }, src.y, { ...params, weight: src.weight });
    const duplicated = trainGBDT({ rows: ydup.length, cols: F, data: Float64Array.from(dup) }, ydup, params);
    expect(Array.from(weighted.feature)).toEqual(Array.from(duplicated.feature));
    expect(Array.from(weighted.threshold)).toEqual(Array.from(duplicated.threshold));
    const pw = weighted.predictMargin(va.X), pd = duplicated.predictMargin(va.X);
    for (let i = 0; i < pw.length; i++) expect(Math.abs(pw[i]! - pd[i]!)).toBeLessThan(1e-5);
  });

  it('learns the missing-value direction per split and sends unseen NaN to the heavier child', () => {
    const c = makeDataset('censored', 33, 3000);
    const m = trainGBDT(c.X, c.y, { maxDepth: 2, nEstimators: 5 });
    // Root of the first tree splits on x0 (the signal) and sends NaN (x0 > 0.7) right, with the high values.
    const root = m.treeStart[0]!;
    expect(m.feature[root]).toBe(0);
    expect(m.defaultLeft[root]).toBe(0);
    const probe = (x0: number) => m.predictProba({ rows: 1, cols: 8, data: Float64Array.of(x0, 0, 0, 0, 0, 0, 0, 0) })[0]!;
    expect(probe(NaN)).toBeGreaterThan(probe(0.5));
    expect(probe(NaN)).toBeGreaterThan(0.8);
    // Features with no missing values in training: NaN follows the child with the larger cover.
    for (let n = 0; n < m.numNodes; n++) {
      const f = m.feature[n]!;
      if (f < 0 || f === 0 || f === 5) continue;
      expect(m.defaultLeft[n]).toBe(m.cover[m.left[n]!]! >= m.cover[m.right[n]!]! ? 1 : 0);
    }
  });

  it('records cover (hessian sums) and gain: root cover = n p (1 - p) at the base score, children sum to the parent, gains >= gamma', () => {
    const gamma = 0.3;
    const m = trainGBDT(tr.X, tr.y, { maxDepth: 4, nEstimators: 3, gamma, baseScore: 0.3 });
    // The base margin is a float32 (XGBoost's ProbToMargin), so p0 = 0.3 up to float32 precision.
    expect(m.cover[0]).toBeCloseTo(2000 * 0.3 * 0.7, 4);
    for (let n = 0; n < m.numNodes; n++) {
      if (m.feature[n]! < 0) continue;
      expect(m.cover[m.left[n]!]! + m.cover[m.right[n]!]!).toBeCloseTo(m.cover[n]!, 8);
      expect(m.gain[n]).toBeGreaterThanOrEqual(gamma);
    }
    const reg = trainGBDT(tr.X, tr.y, { objective: 'reg:squarederror', maxDepth: 2, nEstimators: 2 });
    expect(reg.cover[0]).toBe(2000);
  });

  it('grows depth-wise within maxDepth and leaf-wise within numLeaves (and maxDepth)', () => {
    for (const s of treeShapes(trainGBDT(tr.X, tr.y, { maxDepth: 3, nEstimators: 10 }))) expect(s.depth).toBeLessThanOrEqual(3);
    const lw = treeShapes(trainGBDT(tr.X, tr.y, { growPolicy: 'leafwise', numLeaves: 7, nEstimators: 10 }));
    expect(Math.max(...lw.map((s) => s.leaves))).toBe(7);
    expect(Math.max(...lw.map((s) => s.depth))).toBeGreaterThan(3); // unbalanced: deeper than a 7-leaf balanced tree
    for (const s of treeShapes(trainGBDT(tr.X, tr.y, { growPolicy: 'lossguide', numLeaves: 20, maxDepth: 3, nEstimators: 10 }))) {
      expect(s.depth).toBeLessThanOrEqual(3);
      expect(s.leaves).toBeLessThanOrEqual(8);
    }
  });

  it('minDataInLeaf and minChildWeight bound every leaf', () => {
    const m = trainGBDT(tr.X, tr.y, { objective: 'reg:squarederror', maxDepth: 6, nEstimators: 5, minDataInLeaf: 150, minChildWeight: 0 });
    for (let n = 0; n < m.numNodes; n++) if (m.feature[n]! < 0) expect(m.cover[n]).toBeGreaterThanOrEqual(150); // cover = row count here
    const b = trainGBDT(tr.X, tr.y, { maxDepth: 6, nEstimators: 5, minChildWeight: 40 });
    for (let n = 0; n < b.numNodes; n++) if (b.feature[n]! < 0) expect(b.cover[n]).toBeGreaterThanOrEqual(40);
  });
});

describe('trainGBDTParallel (worker_threads histogram building)', () => {
  it('gives the same model bit for bit at 1, 2 and 3 threads, depth-wise and leaf-wise (with counts), and typed errors', async () => {
    const d = makeDataset('binary', 51, 3000);
    for (const params of [{ maxDepth: 5, nEstimators: 8, colsampleBytree: 0.8, seed: 2 }, { growPolicy: 'leafwise', numLeaves: 20, minDataInLeaf: 10, nEstimators: 8 }] as GBDTParams[]) {
      const ref = trainGBDT(d.X, d.y, params).toData();
      for (const threads of [1, 2, 3]) {
        const m = (await trainGBDTParallel(d.X, d.y, params, { threads })).toData();
        for (const k of ['feature', 'threshold', 'left', 'right', 'defaultLeft', 'value', 'cover', 'gain'] as const) {
          expect(Array.from(m[k])).toEqual(Array.from(ref[k]));
        }
      }
    }
    await expect(trainGBDTParallel(d.X, d.y.map((v, i) => (i === 5 ? 2 : v)), {}, { threads: 2 })).rejects.toMatchObject({ code: 'GBDT_LABEL', index: 5 });
    await expect(trainGBDTParallel(d.X, d.y, {}, { threads: 0 })).rejects.toMatchObject({ code: 'INVALID_PARAMETER' });
  });
});

describe('trained models in XGBoost semantics', () => {
  it('export to XGBoost JSON and load back with identical predictions (float32 thresholds, leaves and base margin)', () => {
    const d = makeDataset('binary', 41, 3000);
    for (const params of [{ maxDepth: 4, nEstimators: 20 }, { growPolicy: 'leafwise', numLeaves: 12, nEstimators: 20, baseScore: 0.37 }] as GBDTParams[]) {
      const m = trainGBDT(d.X, d.y, params);
      const json = JSON.parse(toXGBoostJSON(m)) as { learner: { learner_model_param: { base_score: string } } };
      if (params.baseScore !== undefined) expect(Math.fround(Number(json.learner.learner_model_param.base_score))).toBe(Math.fround(0.37));
      const back = loadXGBoostModel(json);
      expect(Array.from(back.predictMargin(d.X))).toEqual(Array.from(m.predictMargin(d.X)));
    }
  });
});

describe('trained models with TreeSHAP', () => {
  it('contributions (which weight paths by the recorded covers) sum to the margin', () => {
    const d = makeDataset('binary', 61, 1000);
    const X50 = { rows: 50, cols: 8, data: d.X.data.subarray(0, 400) };
    for (const p of [{ maxDepth: 4, nEstimators: 10 }, { growPolicy: 'leafwise', numLeaves: 10, nEstimators: 10, subsample: 0.7 }] as GBDTParams[]) {
      const m = trainGBDT(d.X, d.y, p);
      const c = m.predictContributions(X50), mg = m.predictMargin(X50);
      for (let r = 0; r < 50; r++) {
        let s = 0;
        for (let j = 0; j < 9; j++) s += c.data[r * 9 + j]!;
        expect(Math.abs(s - mg[r]!)).toBeLessThan(1e-5);
      }
    }
  });
});

describe('trainGBDT typed errors', () => {
  const X: Matrix = { rows: 4, cols: 2, data: Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8) };
  const expectError = (fn: () => unknown, code: string, parameter: string) => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(code === 'INVALID_PARAMETER' ? InvalidParameterError : GBDTInputError);
      expect(e).toBeInstanceOf(AlphaError);
      expect((e as GBDTInputError).code).toBe(code);
      expect((e as GBDTInputError).parameter).toBe(parameter);
      return e as GBDTInputError;
    }
    throw new Error('did not throw');
  };

  it('a classification label other than 0/1', () => {
    const e = expectError(() => trainGBDT(X, [0, 1, 2, 1]), 'GBDT_LABEL', 'y');
    expect(e.index).toBe(2);
    expect(e.value).toBe(2);
  });
  it('a NaN label', () => {
    expect(expectError(() => trainGBDT(X, [0, NaN, 1, 1]), 'GBDT_LABEL_NAN', 'y').index).toBe(1);
  });
  it('mismatched lengths', () => {
    expect(expectError(() => trainGBDT(X, [0, 1, 1]), 'GBDT_LENGTH_MISMATCH', 'y').shape).toEqual({ rows: 4, labels: 3 });
    expectError(() => trainGBDT({ rows: 4, cols: 2, data: new Float64Array(7) }, [0, 1, 0, 1]), 'GBDT_LENGTH_MISMATCH', 'X');
    expectError(() => trainGBDT(X, [0, 1, 0, 1], { evalSet: { X: { rows: 1, cols: 3, data: new Float64Array(3) }, y: [1] } }), 'GBDT_LENGTH_MISMATCH', 'evalSet.X');
  });
  it('0 rows', () => {
    expect(expectError(() => trainGBDT({ rows: 0, cols: 2, data: new Float64Array(0) }, []), 'GBDT_EMPTY', 'X').shape).toEqual({ rows: 0, cols: 2 });
  });
  it('a constant label', () => {
    expectError(() => trainGBDT(X, [1, 1, 1, 1]), 'GBDT_CONSTANT_LABEL', 'y');
  });
  it('invalid parameters (out of range, unknown name, wrong type)', () => {
    expect(expectError(() => trainGBDT(X, [0, 1, 0, 1], { maxDepth: -1 }), 'INVALID_PARAMETER', 'maxDepth').value).toBe(-1);
    expectError(() => trainGBDT(X, [0, 1, 0, 1], { max_dpeth: 3 } as GBDTParams), 'INVALID_PARAMETER', 'max_dpeth');
    expectError(() => trainGBDT(X, [0, 1, 0, 1], { learningRate: '0.1' as unknown as number }), 'INVALID_PARAMETER', 'learningRate');
    expectError(() => trainGBDT(X, [0, 1, 0, 1], { earlyStoppingRounds: 5 }), 'INVALID_PARAMETER', 'earlyStoppingRounds');
  });
  it('invalid weights', () => {
    expect(expectError(() => trainGBDT(X, [0, 1, 0, 1], { weight: [1, -1, 1, 1] }), 'GBDT_WEIGHT', 'weight').index).toBe(1);
  });
});
