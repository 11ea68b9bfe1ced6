/**
 * The tree grower of `trainGBDT`: depth-wise (XGBoost) or leaf-wise (LightGBM, Ke et al. 2017) growth on binned
 * features. Each node's best split comes from `split.ts`; a split is kept iff `gain > 1e-6` and `gain >= gamma`.
 * Leaves get `learningRate * (-T(G) / (H + lambda))`, rounded to float32. Histograms are built for the smaller child
 * only; the sibling is the parent minus it (histogram subtraction).
 *
 * @module
 */
import type { Rng } from '../../../core/rng.js';
import type { BinnedDataset } from '../binning.js';
import { emptyTask, resetTask, type HistogramBuilder } from './hist-task.js';
import { clearHistogram } from './histogram.js';
import type { ResolvedGBDTParams } from './params.js';
import { leafWeight, SPLIT_SLOTS, takeBestSplit, type GrowNode } from './split.js';
import { TreeBuf } from './tree-buffer.js';

/**
 * Grows one tree per call on the shared binned data, depth-wise or leaf-wise; owns all scratch memory (reused
 * across rounds).
 *
 * @example
 * ```ts
 * const grower = new Grower(data, P, localHistogramBuilder())
 * const tree = grower.grow(rows, nRows, grad, hess, rng) // a TreeBuf
 * grower.applyLeaves(tree, margin)                       // margin += each row's leaf value (float32)
 * ```
 */
export class Grower {
  private readonly n: number;
  private readonly bins: Uint8Array;
  private readonly P: ResolvedGBDTParams;
  private readonly builder: HistogramBuilder;
  private readonly stride: 2 | 3;
  /** Per feature: first bin in the histogram; one past its missing bin; number of value bins. */
  private readonly binOffset: Int32Array;
  private readonly binEnd: Int32Array;
  private readonly nValueBins: Int32Array;
  private readonly histLen: number;
  /** Features that can split (at least 2 value bins). */
  private readonly usable: Int32Array;
  private readonly feats: Int32Array;
  private nFeats = 0;
  private readonly rows: Uint32Array;
  private readonly scratch: Uint32Array;
  private readonly og: Float64Array;
  private readonly oh: Float64Array;
  private readonly pool: Float64Array[] = [];
  private leaves: GrowNode[] = [];
  private readonly task = emptyTask();
  private grad!: Float64Array;
  private hess!: Float64Array;
  private tree!: TreeBuf;

  constructor(data: BinnedDataset, P: ResolvedGBDTParams, builder: HistogramBuilder) {
    this.n = data.rows;
    this.P = P;
    this.builder = builder;
    this.stride = P.minDataInLeaf > 0 ? 3 : 2;
    const F = data.cols;
    this.binOffset = new Int32Array(F);
    this.binEnd = new Int32Array(F);
    this.nValueBins = new Int32Array(F);
    let off = 0;
    const usable: number[] = [];
    for (let f = 0; f < F; f++) {
      const nb = data.mapper.numValueBins(f);
      this.binOffset[f] = off;
      this.nValueBins[f] = nb;
      off += nb + 1;
      this.binEnd[f] = off;
      if (nb >= 2) usable.push(f);
    }
    this.histLen = off * this.stride;
    this.usable = Int32Array.from(usable);
    this.feats = new Int32Array(usable.length);
    const splitParams = Float64Array.of(P.lambda, P.alpha, P.minChildWeight, P.minDataInLeaf);
    this.bins = builder.prepare({ bins: data.bins, n: this.n, stride: this.stride, binOffset: this.binOffset, binEnd: this.binEnd, nValueBins: this.nValueBins, splitParams });
    this.rows = builder.allocU32(this.n);
    this.scratch = new Uint32Array(this.n);
    this.og = builder.allocF64(this.n);
    this.oh = builder.allocF64(this.n);
  }

  /** Grows a tree on rows[0..nRows-1] (ascending) with the given gradients. */
  grow(rowList: Uint32Array, nRows: number, grad: Float64Array, hess: Float64Array, rng: Rng): TreeBuf {
    const P = this.P;
    this.grad = grad;
    this.hess = hess;
    this.tree = new TreeBuf();
    this.leaves = [];
    this.selectFeatures(rng);
    this.rows.set(rowList.subarray(0, nRows));
    let G = 0, H = 0;
    for (let i = 0; i < nRows; i++) {
      const r = this.rows[i]!;
      G += grad[r]!;
      H += hess[r]!;
    }
    const root = this.newNode(0, nRows, 0, G, H, nRows);
    if (this.canSplit(root)) {
      root.hist = this.addBuild(root);
      this.runTask([root]);
    }
    if (P.growPolicy === 'depthwise') this.growDepthwise(root);
    else this.growLeafwise(root);
    this.releaseAll();
    return this.tree;
  }

  /** Adds each leaf's value to the margins of its rows (all rows were in the tree; no subsampling). */
  applyLeaves(tree: TreeBuf, margin: Float64Array): void {
    const rows = this.rows;
    for (const leaf of this.leaves) {
      const v = tree.value[leaf.id]!;
      for (let i = leaf.start; i < leaf.end; i++) {
        const r = rows[i]!;
        margin[r] = Math.fround(margin[r]! + v);
      }
    }
  }

  private selectFeatures(rng: Rng): void {
    const u = this.usable;
    const k = u.length;
    if (this.P.colsampleBytree >= 1 || k === 0) {
      this.feats.set(u);
      this.nFeats = k;
      return;
    }
    const want = Math.max(1, Math.round(k * this.P.colsampleBytree));
    const tmp = Int32Array.from(u);
    for (let i = 0; i < want; i++) {
      const j = i + Math.floor(rng.uniform() * (k - i));
      const t = tmp[i]!;
      tmp[i] = tmp[j]!;
      tmp[j] = t;
    }
    const chosen = tmp.subarray(0, want).sort();
    this.feats.set(chosen);
    this.nFeats = want;
  }

  private newNode(start: number, end: number, depth: number, G: number, H: number, C: number): GrowNode {
    const P = this.P;
    const id = this.tree.add(Math.fround(P.learningRate * leafWeight(G, H, P.lambda, P.alpha)), H);
    return { id, start, end, depth, G, H, C, hist: null, bestGain: -Infinity, bestFeat: -1, bestBin: 0, bestDefaultLeft: false, GL: 0, HL: 0, CL: 0 };
  }

  /** Whether a node may be split at all (depth, size); its histogram is needed only then. */
  private canSplit(node: GrowNode): boolean {
    const P = this.P;
    if (P.maxDepth > 0 && node.depth >= P.maxDepth) return false;
    if (node.C < 2 || node.C < 2 * P.minDataInLeaf || node.H < 2 * P.minChildWeight) return false;
    return this.nFeats > 0;
  }

  private isValid(node: GrowNode): boolean {
    return node.bestFeat >= 0 && node.bestGain > 1e-6 && node.bestGain >= this.P.gamma;
  }

  private allocHist(): Float64Array {
    const h = this.pool.pop();
    if (h) {
      clearHistogram(h, this.stride, this.feats, this.nFeats, this.binOffset, this.binEnd);
      return h;
    }
    return this.builder.allocF64(this.histLen);
  }

  private release(node: GrowNode): void {
    if (node.hist) {
      this.pool.push(node.hist);
      node.hist = null;
    }
  }

  private releaseAll(): void {
    for (const l of this.leaves) this.release(l);
  }

  /** Adds a node to the task's builds, in a fresh histogram. */
  private addBuild(node: GrowNode): Float64Array {
    const h = this.allocHist();
    this.task.build.push(h);
    this.task.starts.push(node.start);
    this.task.ends.push(node.end);
    return h;
  }

  /**
   * Runs the task (builds, subtractions) with `scan` as its split searches, then gives each node of `scan` its best
   * split.
   */
  private runTask(scan: readonly GrowNode[]): void {
    const task = this.task;
    for (const c of scan) {
      task.scan.push(c.hist!);
      task.sums.push(c.G, c.H, c.C);
    }
    const res = this.builder.run(task, this.feats, this.nFeats, this.rows, this.grad, this.hess, this.og, this.oh);
    for (let q = 0; q < scan.length; q++) takeBestSplit(scan[q]!, res, q * SPLIT_SLOTS);
    resetTask(task);
  }

  /** Splits a node: partitions its rows and creates both children (without histograms). */
  private split(node: GrowNode): [GrowNode, GrowNode] {
    const f = node.bestFeat, sb = node.bestBin, dl = node.bestDefaultLeft;
    const miss = this.nValueBins[f]!;
    const bins = this.bins, base = f * this.n, rows = this.rows, scratch = this.scratch;
    let l = node.start, k = 0;
    for (let i = node.start; i < node.end; i++) {
      const r = rows[i]!;
      const b = bins[base + r]!;
      if (b === miss ? dl : b <= sb) rows[l++] = r;
      else scratch[k++] = r;
    }
    rows.set(scratch.subarray(0, k), l);
    const t = this.tree;
    t.feature[node.id] = f;
    t.splitBin[node.id] = sb;
    t.defaultLeft[node.id] = dl ? 1 : 0;
    t.gain[node.id] = node.bestGain;
    // Row counts come from the partition; with counts in the histogram (stride 3) they agree.
    const nl = l - node.start;
    const L = this.newNode(node.start, l, node.depth + 1, node.GL, node.HL, nl);
    const R = this.newNode(l, node.end, node.depth + 1, node.G - node.GL, node.H - node.HL, node.end - l);
    t.left[node.id] = L.id;
    t.right[node.id] = R.id;
    return [L, R];
  }

  /**
   * Adds to the task what the children of a split node need: when either may be split further, the smaller child is
   * built from its rows and, if the larger one may be split, it becomes the parent's histogram minus the smaller
   * (in the parent's buffer). Returns the children to scan (those that may be split).
   */
  private addChildren(parent: GrowNode, L: GrowNode, R: GrowNode): GrowNode[] {
    const [small, large] = L.end - L.start <= R.end - R.start ? [L, R] : [R, L];
    const needSmall = this.canSplit(small), needLarge = this.canSplit(large);
    if (needSmall || needLarge) {
      small.hist = this.addBuild(small);
      if (needLarge) {
        large.hist = parent.hist;
        parent.hist = null;
        this.task.parents.push(large.hist!);
        this.task.smalls.push(small.hist);
      }
    }
    this.release(parent);
    return needSmall ? (needLarge ? [small, large] : [small]) : needLarge ? [large] : [];
  }

  /** Returns the histograms of the task's built nodes that are not scanned to the pool (after `runTask`). */
  private releaseUnscanned(children: readonly GrowNode[]): void {
    for (const c of children) if (c.hist && !this.canSplit(c)) this.release(c);
  }

  /**
   * Depth-wise growth, one level at a time: split every valid node of the level, then one task builds the
   * histograms of all the smaller children (feature-major), derives their siblings by subtraction and scans them.
   */
  private growDepthwise(root: GrowNode): void {
    let level: GrowNode[] = [root];
    while (level.length > 0) {
      const next: GrowNode[] = [], scan: GrowNode[] = [];
      for (const node of level) {
        if (node.hist && this.isValid(node)) {
          const [L, R] = this.split(node);
          next.push(L, R);
          scan.push(...this.addChildren(node, L, R));
        } else {
          this.release(node);
          this.leaves.push(node);
        }
      }
      if (this.task.build.length > 0) this.runTask(scan);
      this.releaseUnscanned(next);
      level = next;
    }
  }

  private growLeafwise(root: GrowNode): void {
    const P = this.P;
    const open: GrowNode[] = [root]; // current leaves
    let nLeaves = 1;
    while (nLeaves < P.numLeaves) {
      let bi = -1;
      for (let i = 0; i < open.length; i++) {
        const c = open[i]!;
        if (c.hist && this.isValid(c) && (bi < 0 || c.bestGain > open[bi]!.bestGain)) bi = i;
      }
      if (bi < 0) break;
      const node = open[bi]!;
      open.splice(bi, 1);
      const [L, R] = this.split(node);
      const scan = this.addChildren(node, L, R);
      if (this.task.build.length > 0) this.runTask(scan);
      this.releaseUnscanned([L, R]);
      for (const c of [L, R]) {
        if (c.hist && !this.isValid(c)) this.release(c);
        open.push(c);
      }
      nLeaves++;
    }
    for (const c of open) {
      this.release(c);
      this.leaves.push(c);
    }
  }
}
