/**
 * One step of tree growth as a task: build the histograms of some nodes from their rows, derive siblings by
 * subtraction (parent minus smaller child, LightGBM's trick), and scan the resulting histograms for the best split.
 * Building works feature by feature, so threads that own disjoint feature ranges build their parts independently
 * (XGBoost's `hist` and LightGBM split dense data the same way); each (feature, node) sum runs in row-list order,
 * so the result does not depend on the thread count.
 *
 * @module
 */
import { InternalError } from '../../../core/errors.js';
import { build2, build3, subtractHistogram } from './histogram.js';
import { scanSplits, SPLIT_SLOTS } from './split.js';

/**
 * What one growth step asks of a {@link HistogramBuilder}, in this order: zeroed `build[q]` receives the histogram of
 * rows `rows[starts[q] .. ends[q]-1]`; then `parents[q] -= smalls[q]` (a `smalls` entry is one of `build`); then
 * each `scan[q]`, with node sums `sums[3q .. 3q+2]` (G, H, row count), is searched for its best split.
 */
export interface HistogramTask {
  readonly build: Float64Array[];
  readonly starts: number[];
  readonly ends: number[];
  readonly parents: Float64Array[];
  readonly smalls: Float64Array[];
  readonly scan: Float64Array[];
  readonly sums: number[];
}

/**
 * An empty {@link HistogramTask}, to fill and reuse.
 *
 * @example
 * ```ts
 * const t = emptyTask()
 * t.build.push(hist); t.starts.push(0); t.ends.push(n) // build one node's histogram over rows[0..n-1]
 * ```
 */
export function emptyTask(): HistogramTask {
  return { build: [], starts: [], ends: [], parents: [], smalls: [], scan: [], sums: [] };
}

/**
 * Empties a task for reuse.
 *
 * @example
 * ```ts
 * resetTask(t)
 * t.build.length // => 0
 * ```
 */
export function resetTask(t: HistogramTask): void {
  t.build.length = t.starts.length = t.ends.length = 0;
  t.parents.length = t.smalls.length = 0;
  t.scan.length = t.sums.length = 0;
}

/** The fixed inputs of every task of one training: bins, histogram layout, split parameters. */
export interface TaskLayout {
  /** Column-major bins, `bins[f * n + r]`. */
  readonly bins: Uint8Array;
  readonly n: number;
  readonly stride: 2 | 3;
  /** Per feature: first bin in the histogram, one past its last (missing) bin, number of value bins. */
  readonly binOffset: Int32Array;
  readonly binEnd: Int32Array;
  readonly nValueBins: Int32Array;
  /** lambda, alpha, minChildWeight, minDataInLeaf. */
  readonly splitParams: Float64Array;
}

/**
 * Where a trainer runs its {@link HistogramTask}s. {@link localHistogramBuilder} runs them in the calling thread; the
 * worker-thread builder of `parallel.node.ts` splits the builds' features across threads over shared memory. Every
 * (feature, node) histogram is summed by one thread in row-list order, so all builders give identical results.
 */
export interface HistogramBuilder {
  /** Threads used (1 for the local builder). */
  readonly threads: number;
  /** A zeroed Float64Array that `run` may read or write from other threads. */
  allocF64(length: number): Float64Array;
  /** A zeroed Uint32Array likewise. */
  allocU32(length: number): Uint32Array;
  /** Called once per training; returns the bins to use (possibly a shared copy). */
  prepare(layout: TaskLayout): Uint8Array;
  /**
   * Runs a task over `feats[0..nFeats-1]` (`og`/`oh`: scratch of the built rows' total length) and returns the scan
   * results, node q's best split at `q * SPLIT_SLOTS` (valid until the next call).
   */
  run(task: HistogramTask, feats: Int32Array, nFeats: number, rows: Uint32Array, grad: Float64Array, hess: Float64Array, og: Float64Array, oh: Float64Array): Float64Array;
}

/**
 * Gathers the gradients of the built nodes' rows, node after node, into `og`/`oh`; returns each node's offset there.
 *
 * @example
 * ```ts
 * gatherGradients(Uint32Array.of(2, 0), [0], [2], grad, hess, og, oh) // => [0], with og = [grad[2], grad[0]]
 * ```
 */
export function gatherGradients(rows: Uint32Array, starts: readonly number[], ends: readonly number[], grad: Float64Array, hess: Float64Array, og: Float64Array, oh: Float64Array): number[] {
  const gOff: number[] = [];
  let o = 0;
  for (let q = 0; q < starts.length; q++) {
    gOff.push(o);
    for (let i = starts[q]!; i < ends[q]!; i++, o++) {
      const r = rows[i]!;
      og[o] = grad[r]!;
      oh[o] = hess[r]!;
    }
  }
  return gOff;
}

/** The kernels {@link buildShare} calls (passed in, so that its source runs unchanged in a worker). */
export interface BuildKernels {
  readonly build2: typeof build2;
  readonly build3: typeof build3;
}

/** The kernels {@link buildShare} and {@link finishShare} call. */
export interface ShareKernels extends BuildKernels {
  readonly subtract: typeof subtractHistogram;
  readonly scan: typeof scanSplits;
}

/**
 * Builds the task's histograms over features `feats[0..nFeats-1]`, feature-major: each group of eight features
 * (build2's pass width) for every node, so a bin column is read from cache for all nodes of a level. A thread that
 * owns a range of features builds exactly its part. Self-contained, like the kernels (workers run its source).
 *
 * @example
 * ```ts
 * buildShare(L, task, gOff, feats, nFeats, rows, og, oh, LOCAL_KERNELS) // task.build[q] += rows of node q
 * ```
 */
export function buildShare(L: Pick<TaskLayout, 'bins' | 'n' | 'stride' | 'binOffset'>, task: HistogramTask, gOff: readonly number[], feats: Int32Array, nFeats: number, rows: Uint32Array, og: Float64Array, oh: Float64Array, K: BuildKernels): void {
  const G = 8; // build2's pass width, a literal because this source runs in workers
  const kern = L.stride === 2 ? K.build2 : K.build3;
  for (let k = 0; k < nFeats; k += G) {
    const group = feats.subarray(k, Math.min(nFeats, k + G));
    for (let q = 0; q < task.build.length; q++) {
      const s = task.starts[q]!, m = task.ends[q]! - s, o = gOff[q]!;
      kern(task.build[q]!, L.bins, L.n, group, group.length, L.binOffset, rows, s, m, og.subarray(o, o + m), oh.subarray(o, o + m));
    }
  }
}

/**
 * Finishes a task after its builds: the subtractions, then the split scans, node q's best split written to
 * `res[q * SPLIT_SLOTS ..]`.
 *
 * @example
 * ```ts
 * finishShare(L, task, feats, nFeats, res, LOCAL_KERNELS)
 * res[0] // the best gain of task.scan[0]
 * ```
 */
export function finishShare(L: TaskLayout, task: HistogramTask, feats: Int32Array, nFeats: number, res: Float64Array, K: ShareKernels): void {
  for (let q = 0; q < task.parents.length; q++) K.subtract(task.parents[q]!, task.smalls[q]!, L.stride, feats, nFeats, L.binOffset, L.binEnd);
  const sums = task.sums;
  for (let q = 0; q < task.scan.length; q++) {
    K.scan(task.scan[q]!, sums[3 * q]!, sums[3 * q + 1]!, sums[3 * q + 2]!, feats, nFeats, L.nValueBins, L.binOffset, L.stride, L.splitParams, res, q * SPLIT_SLOTS);
  }
}

/**
 * The kernels of this module's imports, for use in the calling thread.
 *
 * @example
 * ```ts
 * finishShare(layout, task, feats, nFeats, res, LOCAL_KERNELS)
 * ```
 */
export const LOCAL_KERNELS: ShareKernels = { build2, build3, subtract: subtractHistogram, scan: scanSplits };

/**
 * Creates the single-threaded {@link HistogramBuilder}: plain typed arrays, the whole task in this thread.
 *
 * @example
 * ```ts
 * trainGBDTWith(localHistogramBuilder(), X, y) // what trainGBDT(X, y) does
 * ```
 */
export function localHistogramBuilder(): HistogramBuilder {
  let layout: TaskLayout | undefined;
  let res = new Float64Array(0);
  return {
    threads: 1,
    allocF64: (length) => new Float64Array(length),
    allocU32: (length) => new Uint32Array(length),
    prepare(L) {
      layout = L;
      return L.bins;
    },
    run(task, feats, nFeats, rows, grad, hess, og, oh) {
      const gOff = gatherGradients(rows, task.starts, task.ends, grad, hess, og, oh);
      if (res.length < task.scan.length * SPLIT_SLOTS) res = new Float64Array(task.scan.length * SPLIT_SLOTS * 2);
      if (layout === undefined) throw new InternalError('GBDT histogram builder: run() before prepare()');
      buildShare(layout, task, gOff, feats, nFeats, rows, og, oh, LOCAL_KERNELS);
      finishShare(layout, task, feats, nFeats, res, LOCAL_KERNELS);
      return res;
    },
  };
}
