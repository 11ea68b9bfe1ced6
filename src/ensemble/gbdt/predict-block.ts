/**
 * The branch-free scorer for all-XGBoost ensembles: every tree padded to a complete binary tree of its own depth
 * and stored implicitly (the children of position p are 2p + 1 and 2p + 2), walked by a block of rows at a time.
 *
 * A leaf above the tree's last level becomes a pass-through split (column 0, threshold 0) whose whole subtree
 * carries the leaf's value, so every row takes exactly `depth` steps and the direction of a pass-through step does
 * not matter. One step is `p = 2p + 2 - (x < t)`, with no data-dependent branch, and four rows walk a tree together,
 * so the CPU overlaps their walks instead of mispredicting half the steps.
 *
 * Missing values need no test either. XGBoost sends x left iff `x < t`, and a NaN to the default side. A node whose
 * default is right is stored as is (NaN fails `x < t` and goes right). A node whose default is left is stored
 * mirrored: its children swapped, its column the negated feature, its threshold `nextUp(-t)` (float32), because
 * `x >= t` iff `-x <= -t` iff `-x < nextUp(-t)` for float32 values; NaN fails the comparison and takes the second
 * child, the original left. A block of rows without NaN walks the plain layout instead (no mirrored nodes), reading a
 * float32 X in place; a block with NaN is copied (XGBoost's `FVec`): each row's features rounded to float32, followed
 * by the negated features the mirrored nodes read. Each row's leaf values are added in tree order, so the sums are
 * XGBoost's.
 *
 * Reference: Asadi, Lin & de Vries, "Runtime Optimizations for Tree-Based Machine Learning Models", IEEE TKDE 26(9),
 * 2014 (predication, VPred); XGBoost `src/predictor/cpu_predictor.cc` (`PredictBatchByBlockOfRowsKernel`,
 * `GetNextNode`) and its array tree layout.
 *
 * @module
 */
import type { Matrix } from '../../core/types.js';
import { ceilFloat32, nextUpFloat32 } from './float32.js';
import type { TreeEnsembleData } from './trees.js';

/** Rows per block of the kernel: 64, as XGBoost's CPU predictor (size `acc` as BLOCK_ROWS x K). */
export const BLOCK_ROWS = 64;
/** Deepest tree the complete layout takes (2^20 leaves); deeper ensembles use the node-walking kernels. */
const MAX_DEPTH = 20;
/** The complete layout is used while its padded size stays within this many times the node count (plus slack). */
const MAX_GROWTH = 4;

/**
 * One complete-tree layout: tree k has `depth[k]` levels of splits; its `2^depth - 1` block columns and float32
 * thresholds start at `nodeOff[k]` of `C` and `T`, its `2^depth` leaf values at `leafOff[k]` of `V`.
 */
export interface TreeLayout {
  readonly C: Int32Array;
  readonly T: Float32Array;
  readonly V: Float64Array;
}

/**
 * Complete-tree layouts of an ensemble: `plain` (every split as is, for blocks without NaN, which read X's rows in
 * place when X is float32) and `mirrored` (default-left splits mirrored, for blocks with NaN). A mirrored block row
 * holds the `nFeatures` features, then the negations of the features listed in `negated`: column `nFeatures + j` is
 * `-x[negated[j]]`.
 */
export interface CompleteTrees {
  readonly depth: Int32Array;
  readonly nodeOff: Int32Array;
  readonly leafOff: Int32Array;
  readonly plain: TreeLayout;
  readonly mirrored: TreeLayout;
  readonly negated: Int32Array;
}

/** Depth of the subtree rooted at node n (0 for a leaf), iteratively. */
function subtreeDepth(t: TreeEnsembleData, root: number): number {
  let best = 0;
  const stack = [root, 0];
  while (stack.length > 0) {
    const d = stack.pop()!, n = stack.pop()!;
    if (t.feature[n]! < 0) best = Math.max(best, d);
    else stack.push(t.left[n]!, d + 1, t.right[n]!, d + 1);
  }
  return best;
}

/**
 * Builds the {@link CompleteTrees} layout of an all-XGBoost ensemble (every split `SPLIT_XGBOOST`; thresholds as the
 * smallest float32 >= t), or returns undefined when a tree is deeper than 20 levels, padding would more than
 * quadruple the node count (lopsided trees), or a default-left split has threshold -Infinity (no float32 above
 * +Infinity to mirror it with): the node-walking kernels then serve.
 *
 * @example
 * ```ts
 * // 200 trees of depth 6 (XGBoost max_depth=6):
 * completeTrees(loadXGBoostModel(json))!.plain.T.length // => 12600 (63 splits per tree)
 * ```
 */
export function completeTrees(t: TreeEnsembleData): CompleteTrees | undefined {
  const nTrees = t.treeStart.length - 1, F = t.nFeatures;
  const depth = new Int32Array(nTrees), nodeOff = new Int32Array(nTrees + 1), leafOff = new Int32Array(nTrees + 1);
  for (let k = 0; k < nTrees; k++) {
    const d = subtreeDepth(t, t.treeStart[k]!);
    if (d > MAX_DEPTH) return undefined;
    depth[k] = d;
    nodeOff[k + 1] = nodeOff[k]! + 2 ** d - 1;
    leafOff[k + 1] = leafOff[k]! + 2 ** d;
  }
  if (leafOff[nTrees]! > MAX_GROWTH * t.feature.length + 1024) return undefined;
  const negSlot = new Int32Array(F).fill(-1), negated: number[] = [];
  const plain = layout(t, depth, nodeOff, leafOff, undefined, negated)!;
  const mirrored = layout(t, depth, nodeOff, leafOff, negSlot, negated);
  if (!mirrored) return undefined;
  return { depth, nodeOff: nodeOff.subarray(0, nTrees), leafOff: leafOff.subarray(0, nTrees), plain, mirrored, negated: Int32Array.from(negated) };
}

/**
 * Fills one {@link TreeLayout}: plain when `negSlot` is undefined, else mirrored (default-left splits read the negated
 * feature, slots assigned in `negSlot` and listed in `negated`); undefined when a mirrored threshold would be -Infinity.
 */
function layout(t: TreeEnsembleData, depth: Int32Array, nodeOff: Int32Array, leafOff: Int32Array, negSlot: Int32Array | undefined, negated: number[]): TreeLayout | undefined {
  const nTrees = depth.length;
  const C = new Int32Array(nodeOff[nTrees]!), T = new Float32Array(C.length), V = new Float64Array(leafOff[nTrees]!);
  const stack: number[] = [];
  for (let k = 0; k < nTrees; k++) {
    const d = depth[k]!, no = nodeOff[k]!, first = leafOff[k]! - (2 ** d - 1);
    stack.push(t.treeStart[k]!, 0, 0);
    while (stack.length > 0) {
      const level = stack.pop()!, p = stack.pop()!, n = stack.pop()!;
      const f = t.feature[n]!, l = t.left[n]!, r = t.right[n]!;
      if (level === d) V[first + p] = t.value[n]!;
      else if (f < 0) stack.push(n, 2 * p + 1, level + 1, n, 2 * p + 2, level + 1); // pass-through: C, T stay 0
      else if (negSlot && t.defaultLeft[n]) {
        const th = ceilFloat32(t.threshold[n]!);
        if (th === -Infinity) return undefined;
        if (negSlot[f] === -1) negSlot[f] = t.nFeatures + negated.push(f) - 1;
        C[no + p] = negSlot[f]!;
        T[no + p] = nextUpFloat32(-th);
        stack.push(r, 2 * p + 1, level + 1, l, 2 * p + 2, level + 1);
      } else {
        C[no + p] = f;
        T[no + p] = ceilFloat32(t.threshold[n]!);
        stack.push(l, 2 * p + 1, level + 1, r, 2 * p + 2, level + 1);
      }
    }
  }
  return { C, T, V };
}

/** True iff one of `data[from .. to - 1]` is NaN. */
function hasNaN(data: Float32Array | Float64Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (data[i] !== data[i]) return true;
  return false;
}

/**
 * Copies rows r0 .. r0 + nb - 1 of X into the block, rounded to float32: row stride `cols` without negated columns,
 * else `cols + negated.length` with the negations of the `negated` features after each row.
 */
function fillBlock(data: Float32Array | Float64Array, cols: number, r0: number, nb: number, negated: Int32Array, block: Float32Array): void {
  const nNeg = negated.length, stride = cols + nNeg;
  if (nNeg === 0) {
    block.set(data.subarray(r0 * cols, (r0 + nb) * cols));
    return;
  }
  for (let i = 0; i < nb; i++) {
    const src = (r0 + i) * cols, dst = i * stride;
    block.set(data.subarray(src, src + cols), dst);
    for (let j = 0; j < nNeg; j++) block[dst + cols + j] = -block[dst + negated[j]!]!;
  }
}

/**
 * Walks rows 0 .. nb - 1 of the block (row i at `base + i * stride`) through the tree whose nodes start at `no`, `d`
 * levels deep, and adds each row's leaf value (`V[first + leaf position]`) to its accumulator `acc[i * K + c]`. Four
 * rows walk together (independent chains the CPU overlaps); a last group short of four repeats row nb - 1 and adds
 * only its own rows.
 */
function walkTree(C: Int32Array, T: Float32Array, block: Float32Array, base: number, stride: number, no: number, d: number, nb: number, V: Float64Array, first: number, acc: Float32Array | Float64Array, K: number, c: number): void {
  const last = base + (nb - 1) * stride;
  for (let i = 0; i < nb; i += 4) {
    const r0 = base + i * stride, r1 = Math.min(r0 + stride, last), r2 = Math.min(r0 + 2 * stride, last), r3 = Math.min(r0 + 3 * stride, last);
    let p0 = 0, p1 = 0, p2 = 0, p3 = 0;
    for (let l = 0; l < d; l++) {
      const n0 = (no + p0) | 0, n1 = (no + p1) | 0, n2 = (no + p2) | 0, n3 = (no + p3) | 0;
      p0 = ((p0 << 1) + 2 - +(block[(r0 + C[n0]!) | 0]! < T[n0]!)) | 0;
      p1 = ((p1 << 1) + 2 - +(block[(r1 + C[n1]!) | 0]! < T[n1]!)) | 0;
      p2 = ((p2 << 1) + 2 - +(block[(r2 + C[n2]!) | 0]! < T[n2]!)) | 0;
      p3 = ((p3 << 1) + 2 - +(block[(r3 + C[n3]!) | 0]! < T[n3]!)) | 0;
    }
    const a = i * K + c;
    acc[a] = acc[a]! + V[first + p0]!;
    if (i + 1 < nb) acc[a + K] = acc[a + K]! + V[first + p1]!;
    if (i + 2 < nb) acc[a + 2 * K] = acc[a + 2 * K]! + V[first + p2]!;
    if (i + 3 < nb) acc[a + 3 * K] = acc[a + 3 * K]! + V[first + p3]!;
  }
}

/**
 * Adds the leaf values each row of X reaches to `out` (rows x K, row-major, every entry starting from `base`), tree
 * by tree in tree order per row, over blocks of rows. `acc` (block rows x K) is the block accumulator: a Float32Array
 * rounds every addition to float32 (XGBoost's `float` sums), a Float64Array sums in double; {@link BLOCK_ROWS} x K
 * is the size to give. X must have been checked (`checkInputShape`). Self-contained (it calls only the
 * functions of this module), so the worker pool of `predict-parallel.node.ts` ships it as source.
 *
 * @example
 * ```ts
 * const out = new Float64Array(X.rows)
 * accumulateComplete(completeTrees(model)!, model.treeClass, X, new Float32Array(BLOCK_ROWS), 1, Math.fround(model.baseMargin), out)
 * out // => XGBoost's predict(X, output_margin=True), bit for bit
 * ```
 */
export function accumulateComplete(ct: CompleteTrees, treeClass: Int32Array, X: Matrix, acc: Float32Array | Float64Array, K: number, base: number, out: Float64Array): void {
  const B = acc.length / K, cols = X.cols, data = X.data, nTrees = ct.depth.length, { depth, nodeOff, leafOff, negated } = ct;
  const block = new Float32Array(B * (cols + negated.length));
  for (let r0 = 0; r0 < X.rows; r0 += B) {
    const nb = Math.min(B, X.rows - r0);
    const nan = hasNaN(data, r0 * cols, (r0 + nb) * cols);
    const { C, T, V } = nan ? ct.mirrored : ct.plain;
    let src: Float32Array = block, off = 0;
    if (!nan && data instanceof Float32Array) {
      src = data; // no copy: X already holds float32 rows
      off = r0 * cols;
    } else fillBlock(data, cols, r0, nb, nan ? negated : negated.subarray(0, 0), block);
    const stride = nan ? cols + negated.length : cols;
    acc.fill(base);
    for (let k = 0; k < nTrees; k++) {
      const d = depth[k]!, first = leafOff[k]! - (2 ** d - 1), c = treeClass[k]!;
      walkTree(C, T, src, off, stride, nodeOff[k]!, d, nb, V, first, acc, K, c);
    }
    for (let i = 0; i < nb * K; i++) out[r0 * K + i] = acc[i]!;
  }
}

/**
 * The source text of {@link accumulateComplete} and the functions it calls, as function declarations, for a worker
 * started with `eval: true` (see `predict-parallel.node.ts`); `accumulateComplete.name` names the entry point.
 *
 * @example
 * ```ts
 * new Function(`${blockKernelSource()}; return ${accumulateComplete.name}`)() // => a copy of accumulateComplete
 * ```
 */
export function blockKernelSource(): string {
  return [hasNaN, fillBlock, walkTree, accumulateComplete].map(String).join('\n');
}
