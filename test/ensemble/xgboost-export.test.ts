/**
 * toXGBoostJSON round trip through real XGBoost: our exported JSON is loaded by Python XGBoost
 * (scripts/fixtures/xgboost_predict.py, run with /usr/bin/python3) and its predictions must equal ours bit for bit.
 * It runs python3-xgboost live (describeWithOracles): where that is missing the suite is named in the run's summary
 * line, and under CI=true it fails.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORACLE_PYTHON, describeWithOracles } from '../support/oracles.js';
import { Rng } from '../../src/core/rng.js';
import type { Matrix } from '../../src/core/types.js';
import { UnsupportedModelError } from '../../src/ensemble/errors.js';
import { loadLightGBMModel } from '../../src/ensemble/gbdt/io/lightgbm.js';
import { TreeEnsembleModel } from '../../src/ensemble/gbdt/model.js';
import { trainGBDT } from '../../src/ensemble/gbdt/train/boost.js';
import { loadXGBoostModel } from '../../src/ensemble/gbdt/io/xgboost.js';
import { toXGBoostJSON } from '../../src/ensemble/gbdt/io/xgboost-export.js';
import { bitDiff, LGB_FIXTURES, repoRoot, xgbCases, xgbFixture } from './xgboost-fixtures.js';

const SCRIPT = join(repoRoot, 'scripts', 'fixtures', 'xgboost_predict.py');

interface Result {
  margin: Float64Array;
  pred: Float64Array;
  leaves: Int32Array;
}

let dir = '';
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs real XGBoost on each (exported model, inputs) pair. */
function xgboostPredict(jobs: { json: string; X: Matrix }[]): Result[] {
  if (!dir) dir = mkdtempSync(join(tmpdir(), 'alpha-xgb-export-'));
  const spec = {
    jobs: jobs.map((j, i) => {
      const path = join(dir, `model-${i}-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(path, j.json);
      const rows: (number | string)[][] = [];
      for (let r = 0; r < j.X.rows; r++) rows.push(Array.from(j.X.data.subarray(r * j.X.cols, (r + 1) * j.X.cols), (v) => (Number.isNaN(v) ? 'NaN' : v)));
      return { model: path, inputs: rows };
    }),
  };
  const jobsPath = join(dir, 'jobs.json');
  const outPath = join(dir, 'out.json');
  writeFileSync(jobsPath, JSON.stringify(spec));
  try {
    execFileSync(ORACLE_PYTHON, [SCRIPT, jobsPath, outPath], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  } catch (e) {
    const err = e as { stderr?: Uint8Array; message: string };
    throw new Error(`real XGBoost is required for this test (CI installs python3-xgboost): ${ORACLE_PYTHON} ${SCRIPT} failed: ${err.stderr ? String(err.stderr) : err.message}`);
  }
  const out = JSON.parse(readFileSync(outPath, 'utf8'));
  const dec = (v: number | string) => (v === 'NaN' ? NaN : (v as number));
  return out.results.map((r: { margin: (number | string)[]; pred: (number | string)[]; leaves: number[] }) => ({
    margin: Float64Array.from(r.margin.map(dec)),
    pred: Float64Array.from(r.pred.map(dec)),
    leaves: Int32Array.from(r.leaves),
  }));
}

function randomMatrix(rows: number, cols: number, seed: number, nanRate: number): Matrix {
  const rng = new Rng(seed);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = rng.uniform() < nanRate ? NaN : rng.normal() * 2;
  return { rows, cols, data };
}

/** A depth-wise model like a trainer makes: float32 thresholds and leaves, float32 sums, a given base margin. */
function handmade(objective: 'binary:logistic' | 'reg:squarederror' | 'multiclass', baseMargin: number, seed: number, depth: number, trees: number, numClass = 1): TreeEnsembleModel {
  const rng = new Rng(seed);
  const nFeatures = 5;
  const per = 2 ** (depth + 1) - 1;
  const total = per * trees;
  const feature = new Int32Array(total), left = new Int32Array(total), right = new Int32Array(total);
  const threshold = new Float64Array(total), value = new Float64Array(total), cover = new Float64Array(total), gain = new Float64Array(total);
  const defaultLeft = new Uint8Array(total);
  const treeStart = Int32Array.from({ length: trees + 1 }, (_, t) => t * per);
  for (let t = 0; t < trees; t++) {
    for (let i = 0; i < per; i++) {
      const n = t * per + i;
      cover[n] = Math.fround(1 + rng.uniform() * 100);
      if (2 * i + 1 < per) {
        feature[n] = Math.floor(rng.uniform() * nFeatures);
        threshold[n] = Math.fround(rng.normal() * 1.5);
        left[n] = t * per + 2 * i + 1;
        right[n] = t * per + 2 * i + 2;
        defaultLeft[n] = rng.uniform() < 0.5 ? 1 : 0;
        gain[n] = Math.fround(rng.uniform() * 10);
        value[n] = Math.fround(rng.normal() * 0.1);
      } else {
        feature[n] = -1;
        left[n] = right[n] = -1;
        value[n] = Math.fround(rng.normal() * 0.3);
      }
    }
  }
  return new TreeEnsembleModel({ nFeatures, numClass, objective, baseMargin, sumMode: 'float32', treeStart, feature, threshold, left, right, defaultLeft, value, cover, gain });
}

interface Group {
  models: TreeEnsembleModel[];
  X: Matrix[];
  results: Result[];
}

/** All exported models, predicted by one Python process (importing xgboost takes seconds). */
const groups: Record<'fixtures' | 'trained' | 'handmade', Group> = {
  fixtures: { models: [], X: [], results: [] },
  trained: { models: [], X: [], results: [] },
  handmade: { models: [], X: [], results: [] },
};


describeWithOracles('toXGBoostJSON: real XGBoost predicts our exports bit for bit', ['xgboost'], () => {
  beforeAll(() => {
    for (const f of xgbCases().map(xgbFixture)) {
      groups.fixtures.models.push(loadXGBoostModel(f.json));
      groups.fixtures.X.push(f.X);
    }
    const Xtr = randomMatrix(600, 6, 11, 0.1);
    const yb = new Float64Array(600), yr = new Float64Array(600);
    for (let i = 0; i < 600; i++) {
      const x0 = Xtr.data[i * 6]!, x1 = Xtr.data[i * 6 + 1]!;
      const s = (Number.isNaN(x0) ? 0.5 : x0) - 0.7 * (Number.isNaN(x1) ? 0 : x1 * x1);
      yb[i] = s > 0 ? 1 : 0;
      yr[i] = 2 * s + 0.1 * Math.sin(i);
    }
    const Xte = randomMatrix(300, 6, 12, 0.15);
    for (const m of [
      trainGBDT(Xtr, yb, { maxDepth: 4, nEstimators: 25, learningRate: 0.3 }),
      trainGBDT(Xtr, yb, { growPolicy: 'leafwise', numLeaves: 12, nEstimators: 20, baseScore: 0.3 }),
      trainGBDT(Xtr, yr, { objective: 'reg:squarederror', maxDepth: 6, nEstimators: 20 }),
    ]) {
      groups.trained.models.push(m);
      groups.trained.X.push(Xte);
    }
    const X = randomMatrix(400, 5, 99, 0.1);
    for (const m of [
      handmade('binary:logistic', Math.fround(0.123456), 1, 3, 12), // base_score search or fold
      handmade('binary:logistic', Math.fround(-7.25), 2, 5, 8),
      handmade('binary:logistic', 1e-9, 3, 2, 5), // tiny margin: certainly folded
      handmade('reg:squarederror', Math.fround(3.3), 4, 4, 10),
      handmade('multiclass', Math.fround(0.5), 5, 3, 12, 3),
    ]) {
      groups.handmade.models.push(m);
      groups.handmade.X.push(X);
    }
    const all = Object.values(groups);
    const results = xgboostPredict(all.flatMap((g) => g.models.map((m, i) => ({ json: toXGBoostJSON(m), X: g.X[i]! }))));
    let k = 0;
    for (const g of all) g.results = g.models.map(() => results[k++]!);
  }, 300_000);

  it('every XGBoost fixture model survives load -> export -> XGBoost (vs XGBoost 1.7.4 predictions of the original)', () => {
    const fx = xgbCases().map(xgbFixture);
    expect(groups.fixtures.results.length).toBe(fx.length);
    fx.forEach((f, i) => {
      const r = groups.fixtures.results[i]!;
      expect(bitDiff(r.margin, f.margin), f.name).toEqual({ mismatches: 0, maxAbs: 0 });
      expect(bitDiff(r.pred, f.pred), f.name).toEqual({ mismatches: 0, maxAbs: 0 });
      expect(Array.from(r.leaves), f.name).toEqual(Array.from(f.leaves));
    });
  });

  it('trainer-made models (trainGBDT depth-wise and leaf-wise, binary and regression) predict identically in XGBoost', () => {
    const g = groups.trained;
    expect(g.results.length).toBe(3);
    g.models.forEach((m, i) => {
      const r = g.results[i]!, X = g.X[i]!;
      expect(bitDiff(r.margin, m.predictMargin(X)), `model ${i}`).toEqual({ mismatches: 0, maxAbs: 0 });
      expect(bitDiff(r.pred, m.predict(X)), `model ${i}`).toEqual({ mismatches: 0, maxAbs: 0 });
      expect(Array.from(r.leaves), `model ${i}`).toEqual(Array.from(m.predictLeaves(X).data));
    });
  });

  it('hand-built float32 models, including base margins XGBoost cannot express as base_score (folded into the first trees)', () => {
    const g = groups.handmade;
    expect(g.results.length).toBe(5);
    g.models.forEach((m, i) => {
      const r = g.results[i]!, X = g.X[i]!;
      expect(bitDiff(r.margin, m.predictRaw(X).data), `model ${i}`).toEqual({ mismatches: 0, maxAbs: 0 });
      expect(bitDiff(r.pred, m.predict(X)), `model ${i}`).toEqual({ mismatches: 0, maxAbs: 0 });
    });
  });
});

describe('toXGBoostJSON: what XGBoost cannot express', () => {
  it('refuses LightGBM split kinds with UnsupportedModelError', () => {
    const m = loadLightGBMModel(readFileSync(join(LGB_FIXTURES, 'lg_breast_cancer.txt'), 'utf8'));
    expect(() => toXGBoostJSON(m)).toThrow(UnsupportedModelError);
  });
});
