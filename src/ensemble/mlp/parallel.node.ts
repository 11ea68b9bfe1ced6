/**
 * Data-parallel MLP training for Node: `trainMLPParallel` is `trainMLP` with each minibatch cut into `shards`
 * contiguous row ranges whose gradients are computed on `worker_threads` (shard s on thread s mod threads) and
 * summed on the calling thread in shard order, shard 0 first. Everything else (the AdamW step, validation, early
 * stopping) runs on the calling thread.
 *
 * Determinism: a shard's gradient does not depend on the thread computing it, and the reduction order is fixed, so
 * the model equals `trainMLP(X, y, { ...params, shards })` bit for bit whatever the thread count (`shards` defaults
 * to the thread count, hence "identical for a fixed number of threads").
 *
 * The workers run the very same engine (`mlpEngine`, `gemmKernels`, `wasmKernels`, shipped as source with
 * `eval: true`), so there is no separate worker file to resolve. Per batch: one `Atomics.notify` wakes the workers,
 * a counter they increment when done (the calling thread waits on it with `Atomics.wait`, which Node allows on its
 * main thread). The training rows, the row order, the parameters and the per-shard gradients live in
 * `SharedArrayBuffer`s.
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { InternalError, InvalidParameterError } from '../../core/errors.js';
import { startWorkers } from '../workers.node.js';
import type { Matrix } from '../../core/types.js';
import { localEngines, mlpEngine, type MLPEngine } from './engine.js';
import { fit, type GradientSource } from './fit.js';
import { gemmKernels } from './gemm.js';
import type { MLPModel } from './model.js';
import { resolveMLPParams, type MLPParams } from './params.js';
import { prepareTraining, type Allocator, type Prepared } from './prepare.js';
import { addInto } from './train.js';
import { wasmKernels } from './wasm.js';

/** Options of {@link trainMLPParallel}. */
export interface MLPParallelOptions {
  /** Threads computing shard gradients, including the calling thread. Default `os.availableParallelism()`, at most 16. */
  threads?: number;
}

// Control block (Int32 slots): generation, done counter, stop, error, then the batch: start, size, dropout seed.
const GEN = 0, DONE = 1, STOP = 2, ERR = 3, START = 4, SIZE = 5, SEED = 6;

const SHARED: Allocator = {
  f32: (n) => new Float32Array(new SharedArrayBuffer(Math.max(1, n) * 4)).subarray(0, n),
  f64: (n) => new Float64Array(new SharedArrayBuffer(Math.max(1, n) * 8)).subarray(0, n),
  i32: (n) => new Int32Array(new SharedArrayBuffer(Math.max(1, n) * 4)).subarray(0, n),
};

const WORKER_SOURCE = `
const { workerData: d, parentPort } = require('node:worker_threads');
const engines = (${String(mlpEngine)})((${String(gemmKernels)})(), (${String(wasmKernels)})());
const ctrl = new Int32Array(d.ctrl);
let engine;
try {
  engine = engines.create(d.dims, d.capacity, true, d.wasm);
  parentPort.postMessage({ ready: true });
} catch (e) {
  parentPort.postMessage({ error: String((e && e.message) || e) });
}
const X = new Float32Array(d.X), y = new Float64Array(d.y), perm = new Int32Array(d.perm), theta = new Float32Array(d.theta);
const slots = new Float32Array(d.slots), losses = new Float64Array(d.losses), n = d.nParams;
/** One batch: this thread's shards (d.slot, d.slot + d.threads, ...) into their gradient and loss slots. */
function work() {
  const start = ctrl[${START}], size = ctrl[${SIZE}], seed = ctrl[${SEED}];
  for (let s = d.slot; s < d.shards; s += d.threads) {
    losses[s] = engine.shard(X, y, perm, start, size, s, d.shards, theta, d.dropout, seed, d.binary, slots.subarray(s * n, (s + 1) * n));
  }
}
for (let gen = 0; engine !== undefined; ) {
  Atomics.wait(ctrl, ${GEN}, gen);
  gen = Atomics.load(ctrl, ${GEN});
  if (Atomics.load(ctrl, ${STOP}) === 1) break;
  try { work(); } catch { Atomics.store(ctrl, ${ERR}, 1); }
  Atomics.add(ctrl, ${DONE}, 1);
  Atomics.notify(ctrl, ${DONE});
}
`;

/** The worker pool and the {@link GradientSource} it serves. */
class SharedSource implements GradientSource {
  readonly theta: Float32Array;
  readonly grad: Float32Array;
  readonly perm: Int32Array;
  readonly engine: MLPEngine;
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(8 * 4));
  private readonly slots: Float32Array;
  private readonly losses: Float64Array;
  private readonly workers: Worker[] = [];

  constructor(private readonly prep: Prepared, private readonly threads: number) {
    const P = prep.params;
    this.engine = localEngines().create(prep.dims, Math.ceil(Math.min(P.batchSize, prep.train.rows) / P.shards), true, P.gemm !== 'typescript');
    const n = this.engine.nParams;
    this.theta = SHARED.f32(n);
    this.grad = new Float32Array(n);
    this.perm = SHARED.i32(prep.train.rows);
    this.slots = SHARED.f32(P.shards * n);
    this.losses = SHARED.f64(P.shards);
  }

  /** Starts `threads - 1` workers and waits until each one has its engine. */
  async start(): Promise<void> {
    const P = this.prep.params;
    const common = {
      ctrl: this.ctrl.buffer, dims: this.prep.dims, capacity: this.engine.capacity, wasm: P.gemm !== 'typescript', nParams: this.engine.nParams,
      X: this.prep.train.X.buffer, y: this.prep.train.y.buffer, perm: this.perm.buffer, theta: this.theta.buffer, slots: this.slots.buffer, losses: this.losses.buffer,
      shards: P.shards, threads: this.threads, dropout: P.dropout, binary: P.objective === 'binary',
    };
    this.workers.push(...(await startWorkers(WORKER_SOURCE, this.threads - 1, (slot) => ({ workerData: { ...common, slot } }), 'MLP worker')));
  }

  run(start: number, size: number, seed: number): number {
    const P = this.prep.params, c = this.ctrl, n = this.engine.nParams, { X, y } = this.prep.train;
    c[START] = start;
    c[SIZE] = size;
    c[SEED] = seed;
    Atomics.store(c, DONE, 0);
    Atomics.add(c, GEN, 1);
    Atomics.notify(c, GEN);
    for (let s = 0; s < P.shards; s += this.threads) {
      this.losses[s] = this.engine.shard(X, y, this.perm, start, size, s, P.shards, this.theta, P.dropout, seed, P.objective === 'binary', this.slots.subarray(s * n, (s + 1) * n));
    }
    for (let d = Atomics.load(c, DONE); d < this.workers.length; d = Atomics.load(c, DONE)) Atomics.wait(c, DONE, d, 1000);
    if (Atomics.load(c, ERR) !== 0) throw new InternalError('an MLP worker failed computing its shard gradients');
    let loss = 0;
    this.grad.set(this.slots.subarray(0, n));
    for (let s = 0; s < P.shards; s++) {
      loss += this.losses[s]!;
      if (s > 0) addInto(this.grad, this.slots.subarray(s * n, (s + 1) * n));
    }
    return loss;
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    Atomics.store(this.ctrl, STOP, 1);
    Atomics.add(this.ctrl, GEN, 1);
    Atomics.notify(this.ctrl, GEN);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * `trainMLP` with each minibatch's gradient computed in `shards` parts on `threads` threads (worker_threads +
 * SharedArrayBuffer). Same arguments and errors; `params.shards` defaults to the thread count, and the model equals
 * `trainMLP(X, y, { ...params, shards })` bit for bit on any thread count. At most `shards` threads run (shard s on
 * thread s mod threads); `threads: 1` trains in this thread. Worth it for large batches: each batch costs one
 * wake-up of the workers.
 *
 * @example
 * ```ts
 * import { trainMLPParallel } from '@alpha-v4/core/node'
 * const model = await trainMLPParallel(X, y, { epochs: 50 }, { threads: 4 }) // 4 shards on 4 threads
 * ```
 */
export async function trainMLPParallel(X: Matrix, y: ArrayLike<number>, params: MLPParams = {}, options: MLPParallelOptions = {}): Promise<MLPModel> {
  const started = Date.now();
  const threads = options.threads ?? Math.min(16, availableParallelism());
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw new InvalidParameterError('threads', `must be an integer in [1, 64], got ${threads}`, { value: threads });
  resolveMLPParams(params);
  const prep = prepareTraining(X, y, { ...params, shards: params.shards ?? threads }, SHARED);
  const source = new SharedSource(prep, Math.min(threads, prep.params.shards));
  await source.start();
  try {
    return fit(prep, source, started);
  } finally {
    await source.close();
  }
}
