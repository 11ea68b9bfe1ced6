/**
 * Multi-threaded GBDT training for Node: `trainGBDTParallel` is `trainGBDT` with the histogram building (the inner
 * loop, ~80% of the time) split by feature across `worker_threads` over `SharedArrayBuffer`s. Everything else (split
 * search, partitioning, gradients) stays on the calling thread.
 *
 * Determinism: each (feature, node) histogram is summed by exactly one thread, over the node's rows in the same
 * order as the single-threaded builder, so the model is bit-identical to `trainGBDT`'s at every thread count.
 *
 * The workers run the very same kernels (`build2`/`build3` of train/histogram.ts, shipped as source with `eval: true`), so
 * there is no separate worker file to resolve. Synchronisation per histogram batch: one `Atomics.notify` to wake the
 * workers, one counter they increment when done (the main thread waits on it with `Atomics.wait`, which Node allows
 * on its main thread). New shared buffers reach the workers through a `MessagePort` they drain synchronously with
 * `receiveMessageOnPort` before each batch.
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { Matrix } from '../../core/types.js';
import { InternalError, InvalidParameterError } from '../../core/errors.js';
import type { BinnedDataset } from './binning.js';
import { trainGBDT, trainGBDTWith } from './train/boost.js';
import type { GBDTModel } from './train/gbdt-model.js';
import { build2, build3, type HistogramBuilder } from './train/histogram.js';
import type { GBDTParams } from './train/params.js';

/** Options of {@link trainGBDTParallel}. */
export interface ParallelTrainOptions {
  /** Threads building histograms, including the calling thread. Default `os.availableParallelism()`, at most 16. */
  threads?: number;
}

// Control block layout (Int32 slots).
const GEN = 0, DONE = 1, STOP = 2, ERR = 3, K = 4, NFEATS = 5, ROWS = 6, OG = 7, OH = 8, BINS = 9, OFF = 10, FEATS = 11, TABLE = 12, STRIDE = 13, N = 14, THREADS = 15;
const CTRL_SLOTS = 16;

type Typed = Float64Array | Uint32Array | Int32Array | Uint8Array;
type Kind = 'f64' | 'u32' | 'i32' | 'u8';

/**
 * One thread's share of a histogram batch: feature groups of eight (`HIST_GROUP`, a literal here because this function
 * ships as source), split evenly over `threads`; slot `t` builds its features for every node of the batch. Shared by
 * the main thread and (as source) by the workers.
 */
function work(t: number, ctrl: Int32Array, get: (id: number) => any, k2: typeof build2, k3: typeof build3): void {
  const T = ctrl[15]!, nFeats = ctrl[5]!, nNodes = ctrl[4]!, stride = ctrl[13]!, n = ctrl[14]!;
  const G = 8;
  const groups = Math.ceil(nFeats / G);
  const g0 = Math.floor((t * groups) / T), g1 = Math.floor(((t + 1) * groups) / T);
  if (g1 <= g0) return;
  const feats = (get(ctrl[11]!) as Int32Array).subarray(g0 * G, Math.min(g1 * G, nFeats));
  const rows = get(ctrl[6]!) as Uint32Array, og = get(ctrl[7]!) as Float64Array, oh = get(ctrl[8]!) as Float64Array;
  const bins = get(ctrl[9]!) as Uint8Array, off = get(ctrl[10]!) as Int32Array, table = get(ctrl[12]!) as Int32Array;
  for (let q = 0; q < nNodes; q++) {
    const hist = get(table[4 * q]!) as Float64Array;
    const s = table[4 * q + 1]!, m = table[4 * q + 2]! - s, go = table[4 * q + 3]!;
    const ogq = og.subarray(go, go + m), ohq = oh.subarray(go, go + m);
    if (stride === 2) k2(hist, bins, n, feats, feats.length, off, rows, s, m, ogq, ohq);
    else k3(hist, bins, n, feats, feats.length, off, rows, s, m, ogq, ohq);
  }
}

const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort, parentPort } = require('node:worker_threads');
const build2 = (${build2.toString()});
const build3 = (${build3.toString()});
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
    work(slot, ctrl, get, build2, build3);
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

  private constructor(threads: number) {
    this.threads = threads;
    this.ctrl[THREADS] = threads;
  }

  /** Starts `threads - 1` workers and waits until each one runs. */
  static async start(threads: number): Promise<SharedBuilder> {
    const b = new SharedBuilder(threads);
    const ready: Promise<void>[] = [];
    for (let slot = 1; slot < threads; slot++) {
      const { port1, port2 } = new MessageChannel();
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { ctrlBuffer: b.ctrl.buffer, port: port2, slot }, transferList: [port2] });
      b.workers.push(w);
      b.ports.push(port1);
      ready.push(
        new Promise<void>((resolve, reject) => {
          w.once('message', () => resolve());
          w.once('error', reject);
          w.once('exit', (code) => reject(new InternalError(`GBDT histogram worker exited with code ${code} before starting`)));
        }),
      );
    }
    try {
      await Promise.all(ready);
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

  prepare(bins: Uint8Array, n: number, binOffset: Int32Array, stride: 2 | 3): Uint8Array {
    const shared = this.register(new Uint8Array(new SharedArrayBuffer(Math.max(1, bins.length))), 'u8');
    shared.set(bins);
    const off = this.register(new Int32Array(new SharedArrayBuffer(Math.max(1, binOffset.length) * 4)), 'i32');
    off.set(binOffset);
    this.feats = this.register(new Int32Array(new SharedArrayBuffer(Math.max(1, binOffset.length) * 4)), 'i32');
    this.ctrl[BINS] = this.idOf(shared);
    this.ctrl[OFF] = this.idOf(off);
    this.ctrl[FEATS] = this.idOf(this.feats);
    this.ctrl[STRIDE] = stride;
    this.ctrl[N] = n;
    return shared.subarray(0, bins.length);
  }

  build(hists: readonly Float64Array[], starts: readonly number[], ends: readonly number[], feats: Int32Array, nFeats: number, rows: Uint32Array, grad: Float64Array, hess: Float64Array, og: Float64Array, oh: Float64Array): void {
    const nNodes = hists.length;
    if (this.table.length < 4 * nNodes) this.table = this.register(new Int32Array(new SharedArrayBuffer(Math.max(64, 8 * nNodes) * 4)), 'i32');
    let o = 0;
    for (let q = 0; q < nNodes; q++) {
      this.table[4 * q] = this.idOf(hists[q]!);
      this.table[4 * q + 1] = starts[q]!;
      this.table[4 * q + 2] = ends[q]!;
      this.table[4 * q + 3] = o;
      for (let i = starts[q]!; i < ends[q]!; i++, o++) {
        const r = rows[i]!;
        og[o] = grad[r]!;
        oh[o] = hess[r]!;
      }
    }
    this.feats.set(feats.subarray(0, nFeats));
    const c = this.ctrl;
    c[K] = nNodes;
    c[NFEATS] = nFeats;
    c[ROWS] = this.idOf(rows);
    c[OG] = this.idOf(og);
    c[OH] = this.idOf(oh);
    c[TABLE] = this.idOf(this.table);
    Atomics.store(c, DONE, 0);
    Atomics.add(c, GEN, 1);
    Atomics.notify(c, GEN);
    work(0, c, (id) => this.bufs.get(id), build2, build3);
    const W = this.workers.length;
    for (;;) {
      const d = Atomics.load(c, DONE);
      if (d >= W) break;
      Atomics.wait(c, DONE, d, 1000);
    }
    if (Atomics.load(c, ERR) !== 0) throw new InternalError('GBDT histogram worker failed');
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
