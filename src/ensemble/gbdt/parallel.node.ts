/**
 * Multi-threaded GBDT training for Node: `trainGBDTParallel` is `trainGBDT` with the histogram building (the inner
 * loop, ~60% of the time) split by feature across `worker_threads` over `SharedArrayBuffer`s. Everything else (the
 * subtractions and split scans of each step, partitioning, gradients) stays on the calling thread.
 *
 * Determinism: each (feature, node) histogram is summed by exactly one thread, over the node's rows in the same
 * order as the single-threaded builder, so the model is bit-identical to `trainGBDT`'s at every thread count.
 *
 * The workers run the very same code (`buildShare` of train/hist-task.ts and its kernels, shipped as source with
 * `eval: true`), so there is no separate worker file to resolve. Synchronisation per step: one `Atomics.notify` to
 * wake the workers, one counter they increment when done (the main thread waits on it with `Atomics.wait`, which
 * Node allows on its main thread). New shared buffers reach the workers through a `MessagePort` they drain
 * synchronously with `receiveMessageOnPort` before each step.
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort, type Worker, type WorkerOptions } from 'node:worker_threads';
import type { Matrix } from '../../core/types.js';
import { InternalError, InvalidParameterError } from '../../core/errors.js';
import { startWorkers } from '../workers.node.js';
import type { BinnedDataset } from './binning.js';
import { trainGBDT, trainGBDTWith } from './train/boost.js';
import type { GBDTModel } from './train/gbdt-model.js';
import { buildShare, finishShare, gatherGradients, LOCAL_KERNELS, type HistogramBuilder, type HistogramTask, type BuildKernels, type TaskLayout } from './train/hist-task.js';
import { build2, build3 } from './train/histogram.js';
import type { GBDTParams } from './train/params.js';
import { SPLIT_SLOTS } from './train/split.js';

/** Options of {@link trainGBDTParallel}. */
export interface ParallelTrainOptions {
  /** Threads building histograms, including the calling thread. Default `os.availableParallelism()`, at most 16. */
  threads?: number;
}

// Control block layout (Int32 slots): the step's sizes and the ids of the shared arrays it uses.
const GEN = 0, DONE = 1, STOP = 2, ERR = 3, NBUILD = 4, NFEATS = 5, ROWS = 6, OG = 7, OH = 8, BINS = 9, OFF = 10, FEATS = 11, TABLE = 12, STRIDE = 13, N = 14, THREADS = 15;
const CTRL_SLOTS = 16;

type Typed = Float64Array | Uint32Array | Int32Array | Uint8Array;
type Kind = 'f64' | 'u32' | 'i32' | 'u8';

/**
 * One thread's share of a step's builds: feature groups of eight (build2's pass width, a literal here because this
 * function ships as source), split evenly over `threads`; slot `t` builds its features for every node. The Int32
 * table holds per build (histogram id, start, end, gradient offset). Shared by the main thread and (as source) by
 * the workers.
 */
function work(t: number, ctrl: Int32Array, get: (id: number) => any, K: BuildKernels, share: typeof buildShare): void {
  const T = ctrl[15]!, nFeats = ctrl[5]!, nBuild = ctrl[4]!;
  const G = 8;
  const groups = Math.ceil(nFeats / G);
  const k0 = Math.min(nFeats, Math.floor((t * groups) / T) * G), k1 = Math.min(nFeats, Math.floor(((t + 1) * groups) / T) * G);
  const feats = (get(ctrl[11]!) as Int32Array).subarray(k0, k1);
  const table = get(ctrl[12]!) as Int32Array;
  const task: HistogramTask = { build: [], starts: [], ends: [], parents: [], smalls: [], scan: [], sums: [] };
  const gOff: number[] = [];
  for (let q = 0; q < nBuild; q++) {
    task.build.push(get(table[4 * q]!));
    task.starts.push(table[4 * q + 1]!);
    task.ends.push(table[4 * q + 2]!);
    gOff.push(table[4 * q + 3]!);
  }
  const L = { bins: get(ctrl[9]!) as Uint8Array, n: ctrl[14]!, stride: ctrl[13]! as 2 | 3, binOffset: get(ctrl[10]!) as Int32Array };
  share(L, task, gOff, feats, feats.length, get(ctrl[6]!), get(ctrl[7]!), get(ctrl[8]!), K);
}

const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort, parentPort } = require('node:worker_threads');
const K = { build2: (${build2.toString()}), build3: (${build3.toString()}) };
const buildShare = (${buildShare.toString()});
const work = (${work.toString()});
const { ctrlBuffer, port, slot } = workerData;
const ctrl = new Int32Array(ctrlBuffer);
const bufs = new Map();
const views = { f64: Float64Array, u32: Uint32Array, i32: Int32Array, u8: Uint8Array };
const get = (id) => bufs.get(id);
parentPort.postMessage('ready');
let gen = 0;
for (;;) {
  Atomics.wait(ctrl, ${GEN}, gen);
  gen = Atomics.load(ctrl, ${GEN});
  if (Atomics.load(ctrl, ${STOP}) === 1) break;
  try {
    let m;
    while ((m = receiveMessageOnPort(port)) !== undefined) bufs.set(m.message.id, new views[m.message.kind](m.message.buffer));
    work(slot, ctrl, get, K, buildShare);
  } catch (e) {
    Atomics.store(ctrl, ${ERR}, 1);
  }
  Atomics.add(ctrl, ${DONE}, 1);
  Atomics.notify(ctrl, ${DONE});
}
`;

/** The worker pool and its shared-memory histogram builder. */
class SharedBuilder implements HistogramBuilder {
  readonly threads: number;
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(CTRL_SLOTS * 4));
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly bufs = new Map<number, Typed>();
  private readonly ids = new WeakMap<ArrayBufferLike, number>();
  private nextId = 1;
  private feats: Int32Array = new Int32Array(0);
  private table: Int32Array = new Int32Array(0);
  private res: Float64Array = new Float64Array(0);
  private layout: TaskLayout | undefined;

  private constructor(threads: number) {
    this.threads = threads;
    this.ctrl[THREADS] = threads;
  }

  /** Starts `threads - 1` workers and waits until each one runs. */
  static async start(threads: number): Promise<SharedBuilder> {
    const b = new SharedBuilder(threads);
    const make = (slot: number): WorkerOptions => {
      const { port1, port2 } = new MessageChannel();
      b.ports.push(port1);
      return { workerData: { ctrlBuffer: b.ctrl.buffer, port: port2, slot }, transferList: [port2] };
    };
    try {
      b.workers.push(...(await startWorkers(WORKER_SOURCE, threads - 1, make, 'GBDT histogram worker')));
    } catch (e) {
      await b.close();
      throw e;
    }
    return b;
  }

  private register<T extends Typed>(a: T, kind: Kind): T {
    const id = this.nextId++;
    this.bufs.set(id, a);
    this.ids.set(a.buffer, id);
    for (const p of this.ports) p.postMessage({ id, kind, buffer: a.buffer });
    return a;
  }

  private idOf(a: Typed): number {
    const id = this.ids.get(a.buffer);
    if (id === undefined) throw new InternalError('GBDT parallel builder: array not allocated by the builder');
    return id;
  }

  allocF64(length: number): Float64Array {
    return this.register(new Float64Array(new SharedArrayBuffer(Math.max(1, length) * 8)).subarray(0, length), 'f64');
  }

  allocU32(length: number): Uint32Array {
    return this.register(new Uint32Array(new SharedArrayBuffer(Math.max(1, length) * 4)).subarray(0, length), 'u32');
  }

  /** A shared copy of a typed array, registered with the workers; returns its id. */
  private share(a: Int32Array | Uint8Array, kind: 'i32' | 'u8'): number {
    const bytes = Math.max(1, a.byteLength);
    const copy = kind === 'i32' ? new Int32Array(new SharedArrayBuffer(bytes)) : new Uint8Array(new SharedArrayBuffer(bytes));
    copy.set(a);
    this.register(copy, kind);
    return this.idOf(copy);
  }

  prepare(L: TaskLayout): Uint8Array {
    const c = this.ctrl;
    c[BINS] = this.share(L.bins, 'u8');
    c[OFF] = this.share(L.binOffset, 'i32');
    this.feats = this.register(new Int32Array(new SharedArrayBuffer(Math.max(1, L.binOffset.length) * 4)), 'i32');
    c[FEATS] = this.idOf(this.feats);
    c[STRIDE] = L.stride;
    c[N] = L.n;
    const bins = (this.bufs.get(c[BINS]!) as Uint8Array).subarray(0, L.bins.length);
    this.layout = { ...L, bins };
    return bins;
  }

  /** The builds run on all threads; the subtractions and scans then run here, as in the local builder. */
  run(task: HistogramTask, feats: Int32Array, nFeats: number, rows: Uint32Array, grad: Float64Array, hess: Float64Array, og: Float64Array, oh: Float64Array): Float64Array {
    const L = this.layout;
    if (L === undefined) throw new InternalError('GBDT parallel builder: run() before prepare()');
    const nBuild = task.build.length;
    if (this.table.length < 4 * nBuild) this.table = this.register(new Int32Array(new SharedArrayBuffer(Math.max(64, 8 * nBuild) * 4)), 'i32');
    if (this.res.length < task.scan.length * SPLIT_SLOTS) this.res = new Float64Array(task.scan.length * SPLIT_SLOTS * 2);
    const gOff = gatherGradients(rows, task.starts, task.ends, grad, hess, og, oh);
    for (let q = 0; q < nBuild; q++) this.table.set([this.idOf(task.build[q]!), task.starts[q]!, task.ends[q]!, gOff[q]!], 4 * q);
    this.feats.set(feats.subarray(0, nFeats));
    const c = this.ctrl;
    c[NBUILD] = nBuild;
    c[NFEATS] = nFeats;
    c[ROWS] = this.idOf(rows);
    c[OG] = this.idOf(og);
    c[OH] = this.idOf(oh);
    c[TABLE] = this.idOf(this.table);
    Atomics.store(c, DONE, 0);
    Atomics.add(c, GEN, 1);
    Atomics.notify(c, GEN);
    work(0, c, (id) => this.bufs.get(id), LOCAL_KERNELS, buildShare);
    const W = this.workers.length;
    for (;;) {
      const d = Atomics.load(c, DONE);
      if (d >= W) break;
      Atomics.wait(c, DONE, d, 1000);
    }
    if (Atomics.load(c, ERR) !== 0) throw new InternalError('GBDT histogram worker failed');
    finishShare(L, task, feats, nFeats, this.res, LOCAL_KERNELS);
    return this.res;
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    Atomics.store(this.ctrl, STOP, 1);
    Atomics.add(this.ctrl, GEN, 1);
    Atomics.notify(this.ctrl, GEN);
    await Promise.all(this.workers.map((w) => w.terminate()));
    for (const p of this.ports) p.close();
  }
}

/**
 * `trainGBDT` with histograms built by `threads` threads (worker_threads + SharedArrayBuffer). Same arguments, same
 * errors, and the same model bit for bit at any thread count; only faster on a multi-core machine with large inputs
 * (each histogram batch costs a thread wake-up, so small data gains nothing). `threads: 1` trains in this thread.
 *
 * @example
 * ```ts
 * import { trainGBDTParallel } from '@alpha-v4/core/node'
 * const model = await trainGBDTParallel(X, y, { maxDepth: 6, nEstimators: 200 }, { threads: 4 })
 * ```
 */
export async function trainGBDTParallel(X: Matrix | BinnedDataset, y: ArrayLike<number>, params: GBDTParams = {}, options: ParallelTrainOptions = {}): Promise<GBDTModel> {
  const threads = options.threads ?? Math.min(16, availableParallelism());
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw new InvalidParameterError('threads', `must be an integer in [1, 64], got ${threads}`);
  if (threads === 1) return trainGBDT(X, y, params);
  const builder = await SharedBuilder.start(threads);
  try {
    return trainGBDTWith(builder, X, y, params);
  } finally {
    await builder.close();
  }
}
