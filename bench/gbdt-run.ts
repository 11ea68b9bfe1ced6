/**
 * Our side of the gbdt benchmark, run by bench/gbdt.ts in a fresh child process (so peak RSS is this run's):
 * `node --import tsx bench/gbdt-run.ts <data-dir> '<config json>'`. Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { binDataset } from '../src/ensemble/gbdt/binning.js';
import { logLoss, rocAuc } from '../src/calibration/metrics.js';
import { trainGBDTParallel } from '../src/ensemble/gbdt/parallel.node.js';
import { trainGBDT } from '../src/ensemble/gbdt/train/boost.js';
import type { GBDTParams } from '../src/ensemble/gbdt/train/params.js';

interface RunConfig {
  policy: 'depthwise' | 'leafwise';
  rounds: number;
  depth: number;
  numLeaves: number;
  eta: number;
  maxBin: number;
  /** Threads for histogram building (1 = trainGBDT, more = trainGBDTParallel). */
  threads?: number;
}

const [dir, cfgText] = process.argv.slice(2);
const cfg = JSON.parse(cfgText!) as RunConfig;
const meta = JSON.parse(readFileSync(join(dir!, 'meta.json'), 'utf8')) as { rows: number; cols: number; nTrain: number };
const xb = readFileSync(join(dir!, 'X.f32'));
const yb = readFileSync(join(dir!, 'y.f64'));
const X = new Float32Array(xb.buffer, xb.byteOffset, meta.rows * meta.cols);
const y = new Float64Array(yb.buffer.slice(yb.byteOffset, yb.byteOffset + meta.rows * 8));
const nTrain = meta.nTrain, cols = meta.cols;
const ytr = y.subarray(0, nTrain);
let mean = 0;
for (let i = 0; i < nTrain; i++) mean += ytr[i]!;
mean /= nTrain;

const t0 = performance.now();
const data = binDataset({ rows: nTrain, cols, data: X.subarray(0, nTrain * cols) }, { maxBin: cfg.maxBin });
const t1 = performance.now();
const params: GBDTParams = {
  nEstimators: cfg.rounds,
  learningRate: cfg.eta,
  lambda: 1,
  minChildWeight: 1,
  baseScore: mean,
  ...(cfg.policy === 'leafwise' ? { growPolicy: 'leafwise', numLeaves: cfg.numLeaves, maxDepth: 0 } : { maxDepth: cfg.depth }),
};
const threads = cfg.threads ?? 1;
const model = threads > 1 ? await trainGBDTParallel(data, ytr, params, { threads }) : trainGBDT(data, ytr, params);
const t2 = performance.now();
const p = model.predictProba({ rows: meta.rows - nTrain, cols, data: X.subarray(nTrain * cols) });
const yt = y.subarray(nTrain);
process.stdout.write(
  `${JSON.stringify({
    prepMs: t1 - t0,
    trainMs: t2 - t1,
    totalMs: t2 - t0,
    auc: rocAuc(yt, p),
    logloss: logLoss(yt, p),
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    binsMB: data.bins.byteLength / 2 ** 20,
    nodes: model.numNodes,
  })}\n`,
);
