/**
 * MLP benchmark: training and inference of the system's network (hidden layers 256-128-64-32, batch 2048) against
 * the peers a user would pick, measured in the same run, alternating, several times:
 *
 * - one training epoch, 30,000 x 200 (an epoch's cost is linear in the rows), one thread: `trainMLP` vs `@tensorflow/tfjs` on `tfjs-backend-wasm` (SIMD,
 *   one thread), same architecture, Adam, batch size and data. The epoch is timed between two epoch ends (the second
 *   epoch), so neither side's set-up (our scaler fit, tfjs's graph build and wasm start) counts;
 * - inference, 30,000 rows: `MLPModel.predictProba` vs onnxruntime-node (one intra-op thread) on `toONNX(model)`;
 * - ensemble inference, one row, 3 members (a depth-wise and a leaf-wise GBDT of 300 trees, and the MLP), as the
 *   system predicts one row per symbol and timeframe every 15 minutes: reported on its own (no peer).
 *
 * `npm run bench -- mlp [--rows=30000] [--cols=200] [--infer-rows=30000] [--runs=3] [--smoke] [--no-write]`
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Rng } from '../src/core/rng.js';
import type { Matrix } from '../src/core/types.js';
import { trainMLP } from '../src/ensemble/mlp/train.js';
import type { MLPModel } from '../src/ensemble/mlp/model.js';
import { toONNX } from '../src/ensemble/onnx/to-onnx.js';
import { trainGBDT } from '../src/ensemble/gbdt/train/boost.js';
import { Ensemble } from '../src/ensemble/ensemble.js';
import { mlpMember, treeMember } from '../src/ensemble/model.js';
import { writeResults } from './lib/results.js';
import { collectGarbage, fmtMs, fmtRatio, fmtSpread, machineInfo, median, nowMs, quantile, renderTable } from './lib/stats.js';

const HIDDEN = [256, 128, 64, 32] as const;
const BATCH = 2048;

interface Options {
  rows: number;
  cols: number;
  inferRows: number;
  runs: number;
  write: boolean;
}

function parseOptions(args: readonly string[]): Options {
  const o: Options = { rows: 30_000, cols: 200, inferRows: 30_000, runs: 3, write: true };
  for (const a of args) {
    const [k, v] = a.replace(/^--/, '').split('=');
    if (k === 'rows') o.rows = Number(v);
    else if (k === 'cols') o.cols = Number(v);
    else if (k === 'infer-rows') o.inferRows = Number(v);
    else if (k === 'runs') o.runs = Math.max(1, Number(v));
    else if (k === 'smoke') Object.assign(o, { rows: 4096, cols: 16, inferRows: 512, runs: 1, write: false });
    else if (k === 'no-write') o.write = false;
    else throw new RangeError(`mlp suite: unknown option ${a}`);
  }
  return o;
}

/** Standard-normal features with a planted logistic signal in the first five columns. */
function dataset(rows: number, cols: number, seed: number): { X: Matrix & { data: Float32Array }; y: Float64Array } {
  const rng = new Rng(seed);
  const data = new Float32Array(rows * cols);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) {
      const x = rng.normal();
      data[r * cols + c] = x;
      if (c < 5) s += x * (c % 2 === 0 ? 0.6 : -0.4);
    }
    y[r] = rng.uniform() < 1 / (1 + Math.exp(-s)) ? 1 : 0;
  }
  return { X: { rows, cols, data }, y };
}

/** Milliseconds of our second epoch (between the first and second epoch ends). */
function oursEpoch(X: Matrix, y: Float64Array): { ms: number; model: MLPModel } {
  const ends: number[] = [];
  const model = trainMLP(X, y, { hiddenLayers: HIDDEN, batchSize: BATCH, epochs: 2, validationFraction: 0, seed: 1, onProgress: () => void ends.push(nowMs()) });
  return { ms: ends[1]! - ends[0]!, model };
}

type Tf = typeof import('@tensorflow/tfjs');

async function loadTfWasm(): Promise<Tf> {
  const require = createRequire(import.meta.url);
  const tf = (await import('@tensorflow/tfjs')) as Tf;
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))}/dist/`);
  wasm.setThreadsCount(1);
  await tf.setBackend('wasm');
  await tf.ready();
  return tf;
}

/** Milliseconds of tfjs-wasm's second epoch on the same data and network. */
async function tfjsEpoch(tf: Tf, X: Matrix & { data: Float32Array }, y: Float64Array): Promise<number> {
  const xs = tf.tensor2d(X.data, [X.rows, X.cols]);
  const ys = tf.tensor2d(Float32Array.from(y), [X.rows, 1]);
  const model = tf.sequential();
  HIDDEN.forEach((units, i) => model.add(tf.layers.dense(i === 0 ? { inputShape: [X.cols], units, activation: 'relu' } : { units, activation: 'relu' })));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'binaryCrossentropy' });
  const ends: number[] = [];
  await model.fit(xs, ys, { batchSize: BATCH, epochs: 2, shuffle: true, verbose: 0, callbacks: { onEpochEnd: async () => void ends.push(nowMs()) } });
  xs.dispose();
  ys.dispose();
  model.dispose();
  return ends[1]! - ends[0]!;
}

/** onnxruntime-node with one intra-op thread on the exported model: a function that scores X. */
async function onnxScorer(model: MLPModel): Promise<(X: Matrix & { data: Float32Array }) => Promise<unknown>> {
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(toONNX(model), { intraOpNumThreads: 1, interOpNumThreads: 1 });
  return async (X) => session.run({ X: new ort.Tensor('float32', X.data, [X.rows, X.cols]) });
}

async function timeMs(fn: () => unknown): Promise<number> {
  const t0 = nowMs();
  await fn();
  return nowMs() - t0;
}

/** The one-row ensemble: two GBDTs of 300 trees (depth-wise and leaf-wise) on the same data, and the trained MLP. */
function ensembleOf(mlp: MLPModel, train: { X: Matrix; y: Float64Array }, trees: number): Ensemble {
  const rows = Math.min(train.X.rows, 20_000);
  const X = { rows, cols: train.X.cols, data: train.X.data.subarray(0, rows * train.X.cols) };
  const y = train.y.subarray(0, rows);
  const featureNames = Array.from({ length: X.cols }, (_, j) => `f${j}`);
  const members = [
    treeMember(trainGBDT(X, y, { maxDepth: 6, nEstimators: trees, learningRate: 0.05 }), { name: 'xgboost', featureNames }),
    treeMember(trainGBDT(X, y, { growPolicy: 'leafwise', numLeaves: 31, nEstimators: trees, learningRate: 0.05 }), { name: 'lightgbm', featureNames }),
    mlpMember(mlp, { name: 'mlp', featureNames }),
  ];
  return new Ensemble(members, { featureNames, combination: { method: 'weights', weights: [0.4, 0.3, 0.3] } });
}

const spread = fmtSpread;

export async function run(args: readonly string[]): Promise<void> {
  const o = parseOptions(args);
  const machine = machineInfo();
  process.stdout.write(`rows ${o.rows} x ${o.cols}, hidden ${HIDDEN.join('-')}, batch ${BATCH}, runs ${o.runs}; load ${(machine.loadAvg as number[]).join(' ')}\n`);
  const train = dataset(o.rows, o.cols, 7);
  const tf = await loadTfWasm();
  const ours: number[] = [];
  const peer: number[] = [];
  let model: MLPModel | undefined;
  for (let i = 0; i < o.runs; i++) {
    collectGarbage();
    const r = oursEpoch(train.X, train.y);
    ours.push(r.ms);
    model = r.model;
    collectGarbage();
    peer.push(await tfjsEpoch(tf, train.X, train.y));
    process.stdout.write(`  epoch run ${i + 1}: ours ${fmtMs(ours[i])} ms, tfjs-wasm ${fmtMs(peer[i])} ms\n`);
  }
  const infer = dataset(o.inferRows, o.cols, 8).X;
  const onnx = await onnxScorer(model!);
  const oursInfer: number[] = [];
  const onnxInfer: number[] = [];
  for (let i = 0; i < Math.max(3, o.runs); i++) {
    oursInfer.push(await timeMs(() => model!.predictProba(infer)));
    onnxInfer.push(await timeMs(() => onnx(infer)));
  }
  const ensemble = ensembleOf(model!, train, o.rows >= 10_000 ? 300 : 20);
  const one = { rows: 1, cols: o.cols, data: infer.data.subarray(0, o.cols) };
  for (let i = 0; i < 50; i++) await ensemble.predict(one);
  const oneRow: number[] = [];
  for (let i = 0; i < 500; i++) oneRow.push(await timeMs(() => ensemble.predict(one)));
  const rows = [
    ['MLP epoch, one thread', `${o.rows} x ${o.cols}`, fmtMs(median(ours)), spread(ours), 'tfjs + tfjs-backend-wasm (SIMD, 1 thread)', fmtMs(median(peer)), spread(peer), fmtRatio(median(ours) / median(peer))],
    ['MLP inference', `${o.inferRows} x ${o.cols}`, fmtMs(median(oursInfer)), spread(oursInfer), 'onnxruntime-node (1 thread), exported model', fmtMs(median(onnxInfer)), spread(onnxInfer), fmtRatio(median(oursInfer) / median(onnxInfer))],
    ['ensemble inference, 3 members', `1 x ${o.cols}`, fmtMs(median(oneRow)), spread(oneRow), '-', '-', '-', '-'],
  ];
  const header = ['measure', 'size', 'ours ms (median)', 'ours spread', 'peer', 'peer ms (median)', 'peer spread', 'ours / peer'];
  process.stdout.write(`${renderTable(header, rows)}\n`);
  const oneRowP90 = quantile(oneRow, 0.9);
  writeResults(
    {
      suite: 'mlp',
      title: `MLP ${HIDDEN.join('-')} training vs tfjs-wasm, inference vs onnxruntime-node, ensemble one-row inference`,
      config: { ...o, hidden: HIDDEN, batch: BATCH },
      tables: [{ title: `MLP, ${o.runs} alternating runs`, header, rows, notes: ['ours / peer < 1: ours is faster.'] }],
      capacity: [
        { key: 'mlp.ensembleOneRowMs', value: median(oneRow), unit: 'ms', what: 'one row through a 3-member ensemble (2 GBDTs + the MLP), one core' },
        { key: 'mlp.inferUsPerRow', value: (median(oursInfer) * 1000) / o.inferRows, unit: 'us', what: `MLPModel.predictProba per row (batch of ${o.inferRows}), one core` },
      ],
      data: { epoch: { ours, tfjsWasm: peer }, inference: { ours: oursInfer, onnxruntimeNode: onnxInfer }, ensembleOneRow: { median: median(oneRow), p90: oneRowP90 } },
    },
    { machine, smoke: !o.write },
  );
}
