/**
 * Batch prediction over the flat tree arrays of {@link TreeEnsembleData}: a packed node layout built once per model,
 * block-wise routing kernels, float32 or double leaf sums, and the objectives' output transforms.
 *
 * All-XGBoost models of bounded depth are scored by the branch-free complete-tree kernel of `predict-block.ts`;
 * the others (LightGBM splits, very deep or lopsided trees) by the node-walking kernels here. Both process rows
 * tree-major over blocks of rows (like XGBoost's CPU predictor), so a tree's nodes stay in cache for the block; per
 * row, trees are still added in tree order, so the float32 sums are XGBoost's.
 *
 * Reference: XGBoost `src/predictor/cpu_predictor.cc` (`PredictBatchByBlockOfRowsKernel`); LightGBM
 * `include/LightGBM/tree.h` (`GetLeaf`).
 *
 * @module
 */
import type { Matrix } from '../../core/types.js';
import { ceilFloat32, sigmoid32, softmax32InPlace } from './float32.js';
import { accumulateComplete, BLOCK_ROWS, completeTrees, type CompleteTrees } from './predict-block.js';
import { MAX_FEATURES, MISSING_NAN, MISSING_ZERO, nextNode, SPLIT_LIGHTGBM_NUMERIC, SPLIT_XGBOOST, ZERO_THRESHOLD, type TreeEnsembleData } from './trees.js';

/** Rows per block of the batch kernels. */
const BLOCK = 32;
/** Bit 30 of a packed feature word: missing values go left. */
const DEFAULT_LEFT_BIT = 0x40000000;
/** The feature-index bits of a packed feature word. */
const FEATURE_MASK = MAX_FEATURES;

/**
 * Packed node layout for the batch kernels: 4 int32 per node, `[featureWord, 4 * left, 4 * right, extra]`, where
 * `featureWord` is -1 for a leaf, else `feature | DEFAULT_LEFT_BIT * defaultLeft`. For all-XGBoost models `extra` holds
 * the float32 threshold (read through `T32`, same buffer), so one step touches one cache line; otherwise `extra` is
 * `splitKind | missingType << 2` and the (double) threshold is `T64[node]`.
 */
export interface PackedNodes {
  readonly P: Int32Array;
  readonly T32: Float32Array;
  readonly T64: Float64Array | undefined;
  /** 4 * treeStart[t]. */
  readonly root4: Int32Array;
  /** The branch-free complete-tree layout (all-XGBoost models of bounded depth), see `predict-block.ts`. */
  readonly complete: CompleteTrees | undefined;
}

/**
 * True iff every internal node is a `SPLIT_XGBOOST` split (the fast XGBoost kernel then applies).
 *
 * @example
 * ```ts
 * isAllXGBoost(loadXGBoostModel(json)) // true
 * isAllXGBoost(loadLightGBMModel(text)) // false
 * ```
 */
export function isAllXGBoost(t: TreeEnsembleData): boolean {
  for (let n = 0; n < t.feature.length; n++) if (t.feature[n]! >= 0 && t.splitKind[n] !== SPLIT_XGBOOST) return false;
  return true;
}

/**
 * Builds the packed node layout of {@link PackedNodes}. XGBoost thresholds are stored as the smallest float32 >= t,
 * which keeps `Math.fround(x) < t` exact for thresholds that are not float32 values.
 *
 * @example
 * ```ts
 * const pk = packNodes(model, isAllXGBoost(model)) // pk.P.length === 4 * model.numNodes
 * ```
 */
export function packNodes(t: TreeEnsembleData, allXGBoost: boolean): PackedNodes {
  const N = t.feature.length;
  const P = new Int32Array(4 * N);
  const T32 = new Float32Array(P.buffer);
  const T64 = allXGBoost ? undefined : new Float64Array(N);
  for (let n = 0; n < N; n++) {
    const f = t.feature[n]!;
    const o = 4 * n;
    if (f < 0) {
      P[o] = -1;
      continue;
    }
    P[o] = f | (t.defaultLeft[n] ? DEFAULT_LEFT_BIT : 0);
    P[o + 1] = 4 * t.left[n]!;
    P[o + 2] = 4 * t.right[n]!;
    const kind = t.splitKind[n]!;
    if (T64) {
      P[o + 3] = kind | (t.missingType[n]! << 2);
      T64[n] = kind === SPLIT_XGBOOST ? ceilFloat32(t.threshold[n]!) : t.threshold[n]!;
    } else T32[o + 3] = ceilFloat32(t.threshold[n]!);
  }
  const root4 = Int32Array.from(t.treeStart.subarray(0, t.treeStart.length - 1), (v) => 4 * v);
  return { P, T32, T64, root4, complete: allXGBoost ? completeTrees(t) : undefined };
}

/**
 * Raw margins of the rows of X, rows x numClass (row-major): `baseMargin` plus the leaf values reached, summed in
 * float32 (`sumMode: 'float32'`) or double, divided by the tree count per class for `averageOutput`.
 * X must have been checked (`checkInputShape`).
 *
 * @example
 * ```ts
 * rawMargins(model, packNodes(model, true), X) // what model.predictRaw(X).data holds
 * ```
 */
export function rawMargins(t: TreeEnsembleData, pk: PackedNodes, X: Matrix): Float64Array {
  const K = t.numClass;
  const out = new Float64Array(X.rows * K);
  const f32 = t.sumMode === 'float32', base = f32 ? Math.fround(t.baseMargin) : t.baseMargin;
  if (pk.complete) accumulateComplete(pk.complete, t.treeClass, X, f32 ? new Float32Array(BLOCK_ROWS * K) : new Float64Array(BLOCK_ROWS * K), K, base, out);
  else accumulate(t, pk, X, f32 ? new Float32Array(BLOCK * K) : new Float64Array(BLOCK * K), base, out);
  if (t.averageOutput) {
    const counts = new Float64Array(K);
    for (let k = 0; k < t.treeStart.length - 1; k++) counts[t.treeClass[k]!]!++;
    for (let i = 0; i < out.length; i++) {
      const c = counts[i % K]!;
      if (c > 0) out[i] = out[i]! / c;
    }
  }
  return out;
}

/**
 * Sums leaf values per row and class into `out` (rows x K), tree-major over blocks of rows; `acc` is the per-block
 * accumulator: a Float32Array rounds every store to float32 (exactly XGBoost's `float` sums), a Float64Array sums in
 * double.
 */
function accumulate(t: TreeEnsembleData, pk: PackedNodes, X: Matrix, acc: Float32Array | Float64Array, base: number, out: Float64Array): void {
  const K = t.numClass, nTrees = t.treeStart.length - 1, treeClass = t.treeClass, value = t.value;
  const leaf = new Int32Array(BLOCK);
  for (let r0 = 0; r0 < X.rows; r0 += BLOCK) {
    const r1 = Math.min(X.rows, r0 + BLOCK);
    const nb = r1 - r0;
    acc.fill(base);
    for (let k = 0; k < nTrees; k++) {
      route(pk, t, X, r0, r1, pk.root4[k]!, leaf);
      if (K === 1) for (let i = 0; i < nb; i++) acc[i] = acc[i]! + value[leaf[i]!]!;
      else {
        const c = treeClass[k]!;
        for (let i = 0; i < nb; i++) acc[i * K + c] = acc[i * K + c]! + value[leaf[i]!]!;
      }
    }
    for (let i = 0; i < nb * K; i++) out[r0 * K + i] = acc[i]!;
  }
}

/**
 * The leaf node each row of X reaches in each tree, rows x numTrees (row-major): the node index within its tree, or
 * `ordinal[node]` when given (the leaf's rank in node order, see {@link leafOrdinals}). X must have been checked.
 *
 * @example
 * ```ts
 * leafIndices(model, packNodes(model, true), X, undefined) // XGBoost pred_leaf=True
 * ```
 */
export function leafIndices(t: TreeEnsembleData, pk: PackedNodes, X: Matrix, ordinal: Int32Array | undefined): Int32Array {
  const rows = X.rows, nTrees = t.treeStart.length - 1, treeStart = t.treeStart;
  const out = new Int32Array(rows * nTrees);
  const leaf = new Int32Array(BLOCK);
  for (let r0 = 0; r0 < rows; r0 += BLOCK) {
    const r1 = Math.min(rows, r0 + BLOCK);
    for (let k = 0; k < nTrees; k++) {
      route(pk, t, X, r0, r1, pk.root4[k]!, leaf);
      const start = treeStart[k]!;
      for (let r = r0; r < r1; r++) {
        const n = leaf[r - r0]!;
        out[r * nTrees + k] = ordinal ? ordinal[n]! : n - start;
      }
    }
  }
  return out;
}

/**
 * Per node: the leaf's ordinal among its tree's leaves in node order (-1 for internal nodes), LightGBM's leaf
 * numbering.
 *
 * @example
 * ```ts
 * leafOrdinals(stump) // Int32Array [-1, 0, 1]
 * ```
 */
export function leafOrdinals(t: TreeEnsembleData): Int32Array {
  const ord = new Int32Array(t.feature.length).fill(-1);
  for (let k = 0; k < t.treeStart.length - 1; k++) {
    let j = 0;
    for (let n = t.treeStart[k]!; n < t.treeStart[k + 1]!; n++) if (t.feature[n]! < 0) ord[n] = j++;
  }
  return ord;
}

/** Routes rows r0..r1-1 through the tree whose root is node `root4 / 4`; writes the leaf node index per row to `out`. */
function route(pk: PackedNodes, t: TreeEnsembleData, X: Matrix, r0: number, r1: number, root4: number, out: Int32Array): void {
  if (pk.T64) routeGeneric(pk.P, pk.T64, t, X.data, X.cols, r0, r1, root4, out);
  else routeXGBoost(pk.P, pk.T32, X.data, X.cols, r0, r1, root4, out);
}

/** The all-XGBoost kernel: one cache line per step (feature word, children and float32 threshold packed together). */
function routeXGBoost(P: Int32Array, T: Float32Array, data: Float32Array | Float64Array, cols: number, r0: number, r1: number, root4: number, out: Int32Array): void {
  for (let r = r0, off = r0 * cols; r < r1; r++, off += cols) {
    let n = root4;
    let w = P[n]!;
    while (w >= 0) {
      const x = data[off + (w & FEATURE_MASK)]!;
      n = Math.fround(x) < T[n + 3]! ? P[n + 1]! : x !== x && (w & DEFAULT_LEFT_BIT) !== 0 ? P[n + 1]! : P[n + 2]!;
      w = P[n]!;
    }
    out[r - r0] = n >> 2;
  }
}

/** Every split kind (LightGBM numeric and categorical, XGBoost), double thresholds in `T[node]`. */
function routeGeneric(P: Int32Array, T: Float64Array, t: TreeEnsembleData, data: Float32Array | Float64Array, cols: number, r0: number, r1: number, root4: number, out: Int32Array): void {
  for (let r = r0, off = r0 * cols; r < r1; r++, off += cols) {
    let n = root4;
    let w = P[n]!;
    while (w >= 0) {
      let x = data[off + (w & FEATURE_MASK)]!;
      const extra = P[n + 3]!;
      const kind = extra & 3;
      if (kind === SPLIT_LIGHTGBM_NUMERIC) {
        const mt = extra >> 2;
        if (x !== x) {
          if (mt === MISSING_NAN) {
            n = (w & DEFAULT_LEFT_BIT) !== 0 ? P[n + 1]! : P[n + 2]!;
            w = P[n]!;
            continue;
          }
          x = 0;
        }
        if (mt === MISSING_ZERO && x >= -ZERO_THRESHOLD && x <= ZERO_THRESHOLD) n = (w & DEFAULT_LEFT_BIT) !== 0 ? P[n + 1]! : P[n + 2]!;
        else n = x <= T[n >> 2]! ? P[n + 1]! : P[n + 2]!;
      } else if (kind === SPLIT_XGBOOST) {
        n = Math.fround(x) < T[n >> 2]! ? P[n + 1]! : x !== x && (w & DEFAULT_LEFT_BIT) !== 0 ? P[n + 1]! : P[n + 2]!;
      } else n = 4 * nextNode(t, n >> 2, x);
      w = P[n]!;
    }
    out[r - r0] = n >> 2;
  }
}

/**
 * Applies the model's output transform (see `GBDTObjective`) to raw margins (rows x numClass, row-major) in
 * place: float32 sigmoid/softmax as XGBoost for `sumMode: 'float32'`, double as LightGBM otherwise.
 *
 * @example
 * ```ts
 * const raw = model.predictRaw(X).data as Float64Array
 * transformInPlace(model, raw) // now equals model.predict(X)
 * ```
 */
export function transformInPlace(m: TreeEnsembleData, raw: Float64Array): void {
  const K = m.numClass;
  const f32 = m.sumMode === 'float32';
  const s = m.sigmoidScale;
  switch (m.objective) {
    case 'binary:logistic':
    case 'reg:logistic':
    case 'multiclassova':
      if (f32 && s === 1) for (let i = 0; i < raw.length; i++) raw[i] = sigmoid32(raw[i]!);
      else for (let i = 0; i < raw.length; i++) raw[i] = 1 / (1 + Math.exp(-s * raw[i]!));
      return;
    case 'multiclass':
      for (let o = 0; o < raw.length; o += K) {
        if (f32) {
          softmax32InPlace(raw, o, K);
          continue;
        }
        let mx = raw[o]!;
        for (let k = 1; k < K; k++) if (raw[o + k]! > mx) mx = raw[o + k]!;
        let sum = 0;
        for (let k = 0; k < K; k++) {
          const e = Math.exp(raw[o + k]! - mx);
          raw[o + k] = e;
          sum += e;
        }
        for (let k = 0; k < K; k++) raw[o + k] = raw[o + k]! / sum;
      }
      return;
    default:
      return; // reg:squarederror, binary:logitraw: identity
  }
}
