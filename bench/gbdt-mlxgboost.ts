/**
 * The ml-xgboost side of the gbdt benchmark (XGBoost compiled to WebAssembly, one thread), run by bench/gbdt.ts in a
 * fresh child process: `node --import tsx bench/gbdt-mlxgboost.ts <data-dir> '<config json>'`. Prints one JSON line
 * as bench/gbdt-run.ts does. Its public API takes `number[][]` and fails past about 6,000 rows x 200 features
 * ("RuntimeError: memory access out of bounds": the wasm heap), so bench/gbdt.ts gives it a capped dataset.
 * "prep" is the conversion to `number[][]`; its DMatrix construction happens inside `train`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mlXGBoost from 'ml-xgboost';
import { logLoss, rocAuc } from '../src/calibration/metrics.js';

interface RunConfig {
  policy: 'depthwise' | 'leafwise';
  rounds: number;
  depth: number;
  numLeaves: number;
  eta: number;
  maxBin: number;
}

const [dir, cfgText] = process.argv.slice(2);
const cfg = JSON.parse(cfgText!) as RunConfig;
const meta = JSON.parse(readFileSync(join(dir!, 'meta.json'), 'utf8')) as { rows: number; cols: number; nTrain: number };
const xb = readFileSync(join(dir!, 'X.f32'));
const yb = readFileSync(join(dir!, 'y.f64'));
const X = new Float32Array(xb.buffer, xb.byteOffset, meta.rows * meta.cols);
const y = new Float64Array(yb.buffer.slice(yb.byteOffset, yb.byteOffset + meta.rows * 8));
const { nTrain, cols } = meta;
const rowsOf = (from: number, to: number): number[][] => Array.from({ length: to - from }, (_, i) => Array.from(X.subarray((from + i) * cols, (from + i + 1) * cols)));
let mean = 0;
for (let i = 0; i < nTrain; i++) mean += y[i]!;
mean /= nTrain;

const XGBoost = await mlXGBoost;
const t0 = performance.now();
const train = rowsOf(0, nTrain);
const labels = Array.from(y.subarray(0, nTrain));
const t1 = performance.now();
const booster = new XGBoost({
  booster: 'gbtree',
  objective: 'binary:logistic',
  tree_method: 'hist',
  max_bin: cfg.maxBin,
  eta: cfg.eta,
  lambda: 1,
  min_child_weight: 1,
  subsample: 1,
  colsample_bytree: 1,
  base_score: mean,
  silent: 1,
  iterations: cfg.rounds,
  ...(cfg.policy === 'leafwise' ? { grow_policy: 'lossguide', max_leaves: cfg.numLeaves, max_depth: 0 } : { max_depth: cfg.depth }),
});
booster.train(train, labels);
const t2 = performance.now();
const p = Float64Array.from(booster.predict(rowsOf(nTrain, meta.rows)));
booster.free();
const yt = y.subarray(nTrain);
process.stdout.write(
  `${JSON.stringify({
    prepMs: t1 - t0,
    trainMs: t2 - t1,
    totalMs: t2 - t0,
    auc: rocAuc(yt, p),
    logloss: logLoss(yt, p),
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    version: 'ml-xgboost 1.1.2 (wasm)',
  })}\n`,
);
