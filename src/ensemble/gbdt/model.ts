/**
 * The shared tree-ensemble representation of `@alpha-v4/core`: one flat, typed-array structure for every
 * gradient-boosted tree model, whether it was loaded from XGBoost JSON, from LightGBM text, or trained here.
 * Prediction, TreeSHAP, importance and serialization all read it.
 *
 * Layout: the nodes of all trees are concatenated. Tree `t` owns the nodes `treeStart[t] .. treeStart[t + 1] - 1`
 * and its root is `treeStart[t]`. Child links (`left`, `right`) are absolute node indices. Every per-node array has
 * length `numNodes`. A node is a leaf iff `feature[n] === -1`.
 *
 * Three split kinds reproduce the two reference libraries exactly:
 * - `SPLIT_XGBOOST` (0): go left iff `Math.fround(x) < threshold[n]` (XGBoost compares in float32 and the
 *   threshold is a float32 value). NaN goes left iff `defaultLeft[n]`.
 * - `SPLIT_LIGHTGBM_NUMERIC` (1): LightGBM's `NumericalDecision` in double: go left iff `x <= threshold[n]`, with the
 *   missing-value rule of `missingType[n]`: `MISSING_NONE` (NaN is treated as 0), `MISSING_ZERO` (|x| <= 1e-35f
 *   and NaN go to the default side), `MISSING_NAN` (NaN goes to the default side; `defaultLeft[n]` picks it).
 * - `SPLIT_LIGHTGBM_CATEGORICAL` (2): LightGBM's `CategoricalDecision`: NaN and negative values go right; otherwise
 *   `c = trunc(x)` goes left iff bit `c` is set in the bitset `catBits[catStart[n] .. catEnd[n] - 1]`
 *   (bit `c` is `(catBits[catStart[n] + (c >>> 5)] >>> (c & 31)) & 1`; words past the end mean "not set").
 *
 * Summation: in `'float32'` mode (XGBoost) every row starts at `Math.fround(baseMargin)` and each leaf value is
 * added in tree order with a float32 rounding after every addition, exactly like XGBoost's CPU predictor; in
 * `'float64'` mode (LightGBM, and trainers that prefer it) the sum is in double. Either way the margin of class `k`
 * sums the trees with `treeClass[t] === k`.
 *
 * Trainers that want `toXGBoostJSON` to be bit-exact should produce `sumMode: 'float32'`, `SPLIT_XGBOOST` nodes,
 * and float32 values in `threshold` and `value` (use `Math.fround`).
 *
 * Reference: XGBoost `src/predictor/cpu_predictor.cc`, `include/xgboost/tree_model.h` (`GetNext`);
 * LightGBM `include/LightGBM/tree.h` (`NumericalDecision`, `CategoricalDecision`, `GetLeaf`).
 *
 * @module
 */
import type { Matrix } from '../../core/types.js';
import { FeatureMismatchError, ModelFormatError, UnsupportedModelError } from './errors.js';
import { sigmoid32, softmax32InPlace } from './float32.js';
import { featureImportance, type ImportanceType } from './importance.js';
import { treeShap } from './treeshap.js';

/** Split kind 0: XGBoost numeric split, `Math.fround(x) < threshold` (threshold is a float32 value). */
export const SPLIT_XGBOOST = 0;
/** Split kind 1: LightGBM numeric split, `x <= threshold` in double, missing values per `missingType`. */
export const SPLIT_LIGHTGBM_NUMERIC = 1;
/** Split kind 2: LightGBM categorical split, bitset in `catBits[catStart[n] .. catEnd[n] - 1]`. */
export const SPLIT_LIGHTGBM_CATEGORICAL = 2;

/** LightGBM missing type None: NaN is replaced by 0 before the comparison. */
export const MISSING_NONE = 0;
/** LightGBM missing type Zero: 0 (|x| <= 1e-35f) and NaN go to the default side. */
export const MISSING_ZERO = 1;
/** LightGBM missing type NaN: NaN goes to the default side. */
export const MISSING_NAN = 2;

/** LightGBM's `kZeroThreshold` (1e-35f): values with |x| <= this are "zero" for `MISSING_ZERO`. */
const ZERO_THRESHOLD = Math.fround(1e-35);

/**
 * The learning objective, which fixes the output transform (margin to prediction):
 * - `'binary:logistic'`, `'reg:logistic'`: sigmoid `1 / (1 + exp(-sigmoidScale * margin))`;
 * - `'reg:squarederror'`: identity (regression);
 * - `'binary:logitraw'`: identity (the margin itself);
 * - `'multiclass'`: softmax over the `numClass` margins (XGBoost `multi:softprob`/`multi:softmax`, LightGBM `multiclass`);
 * - `'multiclassova'`: one sigmoid per class (LightGBM `multiclassova`).
 */
export type GBDTObjective = 'binary:logistic' | 'reg:logistic' | 'reg:squarederror' | 'binary:logitraw' | 'multiclass' | 'multiclassova';

/** The objectives accepted by {@link TreeEnsembleModel}. */
export const GBDT_OBJECTIVES: readonly GBDTObjective[] = ['binary:logistic', 'reg:logistic', 'reg:squarederror', 'binary:logitraw', 'multiclass', 'multiclassova'];

/** How leaf values are accumulated: `'float32'` like XGBoost (round after every addition), `'float64'` like LightGBM. */
export type SumMode = 'float32' | 'float64';

/**
 * How {@link TreeEnsembleModel.predictLeaves} numbers leaves: `'node'` = the leaf's node index within its tree
 * (`n - treeStart[t]`, XGBoost's `pred_leaf`), `'leaf'` = the leaf's ordinal among the tree's leaves in node order
 * (LightGBM's `pred_leaf`; the LightGBM loader lays internal nodes out first and leaves after them in leaf order).
 */
export type LeafNumbering = 'node' | 'leaf';

/** A dense row-major matrix of integers (leaf indices): element (r, c) is `data[r * cols + c]`. */
export interface IndexMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Int32Array;
}

/**
 * The plain data of a tree ensemble (what {@link TreeEnsembleModel} holds and what serialization writes).
 * All per-node arrays have length `numNodes = treeStart[numTrees]`.
 */
export interface TreeEnsembleData {
  /** Number of input features (columns of X). Every split feature is in `[0, nFeatures)`. */
  readonly nFeatures: number;
  /** Optional feature names, length `nFeatures`. */
  readonly featureNames?: readonly string[] | undefined;
  /** Number of output margins: 1 for binary and regression, K >= 3 for multiclass. */
  readonly numClass: number;
  /** The objective, see {@link GBDTObjective}. */
  readonly objective: GBDTObjective;
  /** Scale of the sigmoid for logistic objectives (LightGBM `sigmoid:`; 1 for XGBoost). */
  readonly sigmoidScale: number;
  /** The margin every row starts from (for every class). XGBoost: the transformed `base_score`; LightGBM: 0. */
  readonly baseMargin: number;
  /** Accumulation precision, see {@link SumMode}. */
  readonly sumMode: SumMode;
  /**
   * LightGBM `average_output` (random forest mode): the raw score of each class is the sum of its trees divided
   * by the number of trees of that class (after adding `baseMargin`, which is then 0).
   */
  readonly averageOutput: boolean;
  /** Leaf numbering used by `predictLeaves`, see {@link LeafNumbering}. */
  readonly leafNumbering: LeafNumbering;
  /** Length `numTrees + 1`: tree t owns nodes `treeStart[t] .. treeStart[t+1]-1`, root `treeStart[t]`; last entry = numNodes. */
  readonly treeStart: Int32Array;
  /** Length `numTrees`: the class (output margin) tree t adds to, in `[0, numClass)`. Usually `t % numClass`. */
  readonly treeClass: Int32Array;
  /** Per node: the split feature index, or -1 for a leaf. */
  readonly feature: Int32Array;
  /** Per node: the split threshold (a float32 value for `SPLIT_XGBOOST`; double for LightGBM numeric; unused (0) for categorical and leaves). */
  readonly threshold: Float64Array;
  /** Per node: absolute index of the left child (-1 for a leaf). */
  readonly left: Int32Array;
  /** Per node: absolute index of the right child (-1 for a leaf). */
  readonly right: Int32Array;
  /** Per node: 1 if a missing value (NaN; for `MISSING_ZERO` also zero) goes left, else 0. */
  readonly defaultLeft: Uint8Array;
  /** Per node: the split kind (`SPLIT_XGBOOST`, `SPLIT_LIGHTGBM_NUMERIC`, `SPLIT_LIGHTGBM_CATEGORICAL`); 0 for leaves. */
  readonly splitKind: Uint8Array;
  /** Per node: LightGBM missing type (`MISSING_NONE`, `MISSING_ZERO`, `MISSING_NAN`) for `SPLIT_LIGHTGBM_NUMERIC`; else 0. */
  readonly missingType: Uint8Array;
  /** Per node: start of the node's categorical bitset in `catBits` (0 if not categorical). */
  readonly catStart: Int32Array;
  /** Per node: end (exclusive) of the node's categorical bitset in `catBits` (0 if not categorical). */
  readonly catEnd: Int32Array;
  /** Concatenated 32-bit words of all categorical bitsets (LightGBM `cat_threshold`). */
  readonly catBits: Uint32Array;
  /** Per node: the leaf value (the amount added to the margin; a float32 value for XGBoost). Internal nodes: the node's
   *  would-be leaf value if known (XGBoost `base_weights`, LightGBM `internal_value`), else 0. */
  readonly value: Float64Array;
  /** Per node: cover = sum of hessians (XGBoost `sum_hessian`) or training row count (LightGBM `internal_count`/`leaf_count`). Used by TreeSHAP. */
  readonly cover: Float64Array;
  /** Per node: the split gain (XGBoost `loss_changes`, LightGBM `split_gain`); 0 for leaves. Used by importance. */
  readonly gain: Float64Array;
}

/**
 * What `new TreeEnsembleModel(init)` accepts: the {@link TreeEnsembleData} fields, where the ones that have a
 * natural default may be omitted: `treeClass` (t % numClass), `defaultLeft`/`splitKind`/`missingType` (zeros),
 * `catStart`/`catEnd` (zeros), `catBits` (empty), `cover`/`gain` (zeros), `sigmoidScale` (1), `baseMargin` (0),
 * `sumMode` ('float32'), `averageOutput` (false), `leafNumbering` ('node'), `numClass` (1).
 */
export type TreeEnsembleInit = Pick<TreeEnsembleData, 'nFeatures' | 'objective' | 'treeStart' | 'feature' | 'threshold' | 'left' | 'right' | 'value'> &
  Partial<Omit<TreeEnsembleData, 'nFeatures' | 'objective' | 'treeStart' | 'feature' | 'threshold' | 'left' | 'right' | 'value'>>;

/**
 * A gradient-boosted tree ensemble with fast batch prediction over typed arrays (see the module doc for the
 * node layout and the exact split and summation semantics).
 *
 * Missing values: NaN in X is "missing". It follows `defaultLeft` for XGBoost splits and LightGBM's missing-type
 * rules for LightGBM splits. Infinite values are ordinary values (they compare as +/-Infinity).
 *
 * The model is immutable: do not write into its arrays after construction (validation ran on them, and the packed
 * node layout used by the batch predictors is built from them once and cached).
 *
 * @example
 * ```ts
 * // A single stump on feature 0: x < 0.5 -> -1, else +1 (plus NaN -> left), binary logistic.
 * const m = new TreeEnsembleModel({
 *   nFeatures: 1, objective: 'binary:logistic', treeStart: Int32Array.of(0, 3),
 *   feature: Int32Array.of(0, -1, -1), threshold: Float64Array.of(0.5, 0, 0),
 *   left: Int32Array.of(1, -1, -1), right: Int32Array.of(2, -1, -1), defaultLeft: Uint8Array.of(1, 0, 0),
 *   value: Float64Array.of(0, -1, 1),
 * })
 * m.predictMargin({ rows: 2, cols: 1, data: Float64Array.of(0.2, 0.9) }) // Float64Array [-1, 1]
 * ```
 */
export class TreeEnsembleModel implements TreeEnsembleData {
  readonly nFeatures: number;
  readonly featureNames?: readonly string[] | undefined;
  readonly numClass: number;
  readonly objective: GBDTObjective;
  readonly sigmoidScale: number;
  readonly baseMargin: number;
  readonly sumMode: SumMode;
  readonly averageOutput: boolean;
  readonly leafNumbering: LeafNumbering;
  readonly treeStart: Int32Array;
  readonly treeClass: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly defaultLeft: Uint8Array;
  readonly splitKind: Uint8Array;
  readonly missingType: Uint8Array;
  readonly catStart: Int32Array;
  readonly catEnd: Int32Array;
  readonly catBits: Uint32Array;
  readonly value: Float64Array;
  readonly cover: Float64Array;
  readonly gain: Float64Array;
  /** True iff every internal node is `SPLIT_XGBOOST` (enables the fast XGBoost traversal). */
  private readonly allXGBoost: boolean;
  /** Lazily built packed traversal layout, see {@link packNodes}. */
  private packed: PackedNodes | undefined;
  /** Lazily built: per node, the leaf ordinal within its tree (for `leafNumbering: 'leaf'`). */
  private leafOrdinal: Int32Array | undefined;

  /**
   * Builds and validates a model. Throws {@link ModelFormatError} when arrays have inconsistent lengths, a child
   * index leaves its tree, a node is reachable twice (a cycle or shared subtree), a feature index is out of range,
   * or a categorical bitset range is invalid.
   */
  constructor(init: TreeEnsembleInit) {
    const nNodes = init.feature.length;
    const nTrees = init.treeStart.length - 1;
    const numClass = init.numClass ?? 1;
    this.nFeatures = init.nFeatures;
    this.featureNames = init.featureNames;
    this.numClass = numClass;
    this.objective = init.objective;
    this.sigmoidScale = init.sigmoidScale ?? 1;
    this.baseMargin = init.baseMargin ?? 0;
    this.sumMode = init.sumMode ?? 'float32';
    this.averageOutput = init.averageOutput ?? false;
    this.leafNumbering = init.leafNumbering ?? 'node';
    this.treeStart = init.treeStart;
    this.treeClass = init.treeClass ?? Int32Array.from({ length: Math.max(nTrees, 0) }, (_, t) => t % numClass);
    this.feature = init.feature;
    this.threshold = init.threshold;
    this.left = init.left;
    this.right = init.right;
    this.value = init.value;
    this.defaultLeft = init.defaultLeft ?? new Uint8Array(nNodes);
    this.splitKind = init.splitKind ?? new Uint8Array(nNodes);
    this.missingType = init.missingType ?? new Uint8Array(nNodes);
    this.catStart = init.catStart ?? new Int32Array(nNodes);
    this.catEnd = init.catEnd ?? new Int32Array(nNodes);
    this.catBits = init.catBits ?? new Uint32Array(0);
    this.cover = init.cover ?? new Float64Array(nNodes);
    this.gain = init.gain ?? new Float64Array(nNodes);
    validate(this);
    let allXGBoost = true;
    for (let n = 0; n < nNodes; n++) if (this.feature[n]! >= 0 && this.splitKind[n] !== SPLIT_XGBOOST) allXGBoost = false;
    this.allXGBoost = allXGBoost;
  }

  /** Number of trees. */
  get numTrees(): number {
    return this.treeStart.length - 1;
  }

  /** Total number of nodes over all trees. */
  get numNodes(): number {
    return this.feature.length;
  }

  /** Number of boosting rounds (trees per class). */
  get numIterations(): number {
    return Math.ceil(this.numTrees / this.numClass);
  }

  /**
   * The node index of the leaf that row `off / cols` of `data` reaches in the tree rooted at `root`.
   * `off` is the offset of the row's first element in `data`.
   */
  leafOf(root: number, data: Float32Array | Float64Array, off: number): number {
    const feature = this.feature;
    let n = root;
    let f = feature[n]!;
    if (this.allXGBoost) {
      const threshold = this.threshold, left = this.left, right = this.right, defaultLeft = this.defaultLeft;
      while (f >= 0) {
        const x = data[off + f]!;
        if (Math.fround(x) < threshold[n]!) n = left[n]!;
        else if (x !== x) n = defaultLeft[n] === 1 ? left[n]! : right[n]!;
        else n = right[n]!;
        f = feature[n]!;
      }
      return n;
    }
    while (f >= 0) {
      n = this.step(n, data[off + f]!);
      f = feature[n]!;
    }
    return n;
  }

  /**
   * One decision: the absolute index of the child of internal node `n` that value `x` goes to (all split kinds,
   * NaN and missing-type rules included). Prediction and TreeSHAP both use it, so their split semantics agree.
   */
  step(n: number, x: number): number {
    const kind = this.splitKind[n];
    if (kind === SPLIT_XGBOOST) {
      if (Math.fround(x) < this.threshold[n]!) return this.left[n]!;
      if (x !== x) return this.defaultLeft[n] === 1 ? this.left[n]! : this.right[n]!;
      return this.right[n]!;
    }
    if (kind === SPLIT_LIGHTGBM_NUMERIC) {
      const mt = this.missingType[n];
      if (x !== x) {
        if (mt === MISSING_NAN) return this.defaultLeft[n] === 1 ? this.left[n]! : this.right[n]!;
        x = 0;
      }
      if (mt === MISSING_ZERO && x >= -ZERO_THRESHOLD && x <= ZERO_THRESHOLD) return this.defaultLeft[n] === 1 ? this.left[n]! : this.right[n]!;
      return x <= this.threshold[n]! ? this.left[n]! : this.right[n]!;
    }
    // categorical: NaN and negatives go right; c = trunc(x) goes left iff its bit is set.
    if (!(x > -1) || x >= 2147483648) return this.right[n]!;
    const c = x | 0;
    const word = this.catStart[n]! + (c >>> 5);
    if (word >= this.catEnd[n]!) return this.right[n]!;
    return (this.catBits[word]! >>> (c & 31)) & 1 ? this.left[n]! : this.right[n]!;
  }

  /**
   * Raw margins, rows x numClass (row-major), before the objective's transform: the sum of the leaf values reached
   * plus `baseMargin` (in float32 arithmetic for `sumMode: 'float32'`; divided by the tree count per class when
   * `averageOutput`). Equals XGBoost `predict(output_margin=True)` / LightGBM `predict(raw_score=True)`.
   * Throws {@link FeatureMismatchError} if `X.cols !== nFeatures`.
   */
  predictRaw(X: Matrix): Matrix {
    this.checkInput(X);
    const K = this.numClass;
    const rows = X.rows, cols = X.cols, data = X.data;
    const nTrees = this.numTrees;
    const treeClass = this.treeClass;
    const out = new Float64Array(rows * K);
    const f32 = this.sumMode === 'float32';
    const base = f32 ? Math.fround(this.baseMargin) : this.baseMargin;
    const pk = this.packNodes();
    const leaf = new Int32Array(BLOCK);
    // Tree-major over blocks of rows (like XGBoost's CPU predictor): a tree's nodes stay in cache for the block.
    // Per row, trees are still added in tree order, so the float32 sums are XGBoost's.
    if (f32) accumulate32(this, pk, data, rows, cols, base, leaf, out);
    else accumulate64(this, pk, data, rows, cols, base, leaf, out);
    if (this.averageOutput) {
      const counts = new Float64Array(K);
      for (let t = 0; t < nTrees; t++) counts[treeClass[t]!]!++;
      for (let i = 0; i < out.length; i++) {
        const c = counts[i % K]!;
        if (c > 0) out[i] = out[i]! / c;
      }
    }
    return { rows, cols: K, data: out };
  }

  /** Builds (once) the packed node layout used by the batch kernels. */
  private packNodes(): PackedNodes {
    if (this.packed) return this.packed;
    const N = this.numNodes;
    const P = new Int32Array(4 * N);
    const T32 = new Float32Array(P.buffer);
    const T64 = this.allXGBoost ? undefined : new Float64Array(N);
    for (let n = 0; n < N; n++) {
      const f = this.feature[n]!;
      const o = 4 * n;
      if (f < 0) {
        P[o] = -1;
        continue;
      }
      P[o] = f | (this.defaultLeft[n] ? DEFAULT_LEFT_BIT : 0);
      P[o + 1] = 4 * this.left[n]!;
      P[o + 2] = 4 * this.right[n]!;
      const kind = this.splitKind[n]!;
      if (T64) {
        P[o + 3] = kind | (this.missingType[n]! << 2);
        T64[n] = kind === SPLIT_XGBOOST ? ceilFloat32(this.threshold[n]!) : this.threshold[n]!;
      } else T32[o + 3] = ceilFloat32(this.threshold[n]!);
    }
    const root4 = Int32Array.from(this.treeStart.subarray(0, this.numTrees), (v) => 4 * v);
    this.packed = { P, T32, T64, root4 };
    return this.packed;
  }

  /**
   * The margin (log-odds for logistic objectives) of each row, length `rows`. Same as {@link predictRaw} for
   * single-output models; for multiclass models it throws (use `predictRaw`).
   */
  predictMargin(X: Matrix): Float64Array {
    if (this.numClass !== 1) throw new UnsupportedModelError('predictMargin on a multiclass model', 'use predictRaw (rows x classes)');
    return this.predictRaw(X).data as Float64Array;
  }

  /**
   * The objective-transformed prediction (what XGBoost's and LightGBM's `predict` return): probabilities for
   * logistic objectives, the regression value for `reg:squarederror`, the margin for `binary:logitraw`, and for
   * multiclass objectives rows x numClass probabilities (row-major). In `float32` mode the transform is done in
   * float32 as XGBoost does (its `Sigmoid` and `Softmax` with glibc's `expf`, see `float32.ts`).
   */
  predict(X: Matrix): Float64Array {
    const raw = this.predictRaw(X).data as Float64Array;
    transformInPlace(this, raw);
    return raw;
  }

  /**
   * P(class 1) for binary models (length `rows`), or rows x numClass class probabilities (row-major) for
   * multiclass models. Throws {@link UnsupportedModelError} for non-probabilistic objectives
   * (`reg:squarederror`, `binary:logitraw`); use {@link predict} or {@link predictMargin} there.
   */
  predictProba(X: Matrix): Float64Array {
    if (this.objective === 'reg:squarederror' || this.objective === 'binary:logitraw') {
      throw new UnsupportedModelError(`predictProba with objective ${this.objective}`, 'the objective does not produce probabilities; use predict or predictMargin');
    }
    return this.predict(X);
  }

  /**
   * The leaf each row reaches in each tree, rows x numTrees (row-major), numbered per {@link leafNumbering}
   * (XGBoost `pred_leaf=True` for XGBoost models, LightGBM `pred_leaf=True` for LightGBM models).
   */
  predictLeaves(X: Matrix): IndexMatrix {
    this.checkInput(X);
    const rows = X.rows, cols = X.cols, data = X.data, nTrees = this.numTrees, treeStart = this.treeStart;
    const out = new Int32Array(rows * nTrees);
    const ordinal = this.leafNumbering === 'leaf' ? this.leafOrdinals() : undefined;
    const pk = this.packNodes();
    const leaf = new Int32Array(BLOCK);
    for (let r0 = 0; r0 < rows; r0 += BLOCK) {
      const r1 = Math.min(rows, r0 + BLOCK);
      for (let t = 0; t < nTrees; t++) {
        route(pk, this, data, cols, r0, r1, pk.root4[t]!, leaf);
        const start = treeStart[t]!;
        for (let r = r0; r < r1; r++) {
          const n = leaf[r - r0]!;
          out[r * nTrees + t] = ordinal ? ordinal[n]! : n - start;
        }
      }
    }
    return { rows, cols: nTrees, data: out };
  }

  /**
   * Per-feature SHAP contributions (exact path-dependent TreeSHAP, Lundberg et al. 2018), XGBoost
   * `pred_contribs=True` layout: rows x ((nFeatures + 1) * numClass); for each class a block of nFeatures
   * contributions followed by the bias (expected value). Each row's block sums to the class margin.
   */
  predictContributions(X: Matrix): Matrix {
    this.checkInput(X);
    return treeShap(this, X);
  }

  /** Feature importance, length nFeatures (see `featureImportance` for the types; default `'gain'`). */
  importance(type: ImportanceType = 'gain'): Float64Array {
    return featureImportance(this, type);
  }

  /** Per node: leaf ordinal within its tree in node order (-1 for internal nodes). */
  private leafOrdinals(): Int32Array {
    if (this.leafOrdinal) return this.leafOrdinal;
    const ord = new Int32Array(this.numNodes).fill(-1);
    for (let t = 0; t < this.numTrees; t++) {
      let k = 0;
      for (let n = this.treeStart[t]!; n < this.treeStart[t + 1]!; n++) if (this.feature[n]! < 0) ord[n] = k++;
    }
    this.leafOrdinal = ord;
    return ord;
  }

  /** Throws {@link FeatureMismatchError} unless X has `nFeatures` columns and `rows * cols` elements. */
  checkInput(X: Matrix): void {
    if (X.cols !== this.nFeatures) throw new FeatureMismatchError(this.nFeatures, X.cols);
    if (!Number.isInteger(X.rows) || X.rows < 0 || X.data.length !== X.rows * X.cols) {
      throw new FeatureMismatchError(this.nFeatures, X.cols, `input data has ${X.data.length} element(s), expected rows * cols = ${X.rows} * ${X.cols}`);
    }
  }

  /** The plain data (the same typed arrays, not copies), for serialization. */
  toData(): TreeEnsembleData {
    const { nFeatures, featureNames, numClass, objective, sigmoidScale, baseMargin, sumMode, averageOutput, leafNumbering, treeStart, treeClass, feature, threshold, left, right, defaultLeft, splitKind, missingType, catStart, catEnd, catBits, value, cover, gain } = this;
    return { nFeatures, featureNames, numClass, objective, sigmoidScale, baseMargin, sumMode, averageOutput, leafNumbering, treeStart, treeClass, feature, threshold, left, right, defaultLeft, splitKind, missingType, catStart, catEnd, catBits, value, cover, gain };
  }
}

/** Rows per block of the batch kernels. */
const BLOCK = 32;
/** Bit 30 of a packed feature word: missing values go left. */
const DEFAULT_LEFT_BIT = 0x40000000;
const FEATURE_MASK = 0x3fffffff;

/**
 * Packed node layout for the batch kernels: 4 int32 per node, `[featureWord, 4 * left, 4 * right, extra]`, where
 * `featureWord` is -1 for a leaf, else `feature | DEFAULT_LEFT_BIT * defaultLeft`. For all-XGBoost models `extra` holds
 * the float32 threshold (read through `T32`, same buffer), so one step touches one cache line; otherwise `extra` is
 * `splitKind | missingType << 2` and the (double) threshold is `T64[node]`.
 */
interface PackedNodes {
  readonly P: Int32Array;
  readonly T32: Float32Array;
  readonly T64: Float64Array | undefined;
  /** 4 * treeStart[t]. */
  readonly root4: Int32Array;
}

/** The smallest float32 >= x: `Math.fround(v) < x` iff `Math.fround(v) < ceilFloat32(x)` for every v. */
function ceilFloat32(x: number): number {
  const f = Math.fround(x);
  if (f >= x || !Number.isFinite(x)) return f;
  const a = new Float32Array(1);
  const b = new Int32Array(a.buffer);
  a[0] = f;
  if (f === 0) return 1.401298464324817e-45;
  b[0] = f > 0 ? b[0]! + 1 : b[0]! - 1;
  return a[0]!;
}

/**
 * Sums leaf values per row and class into `out` (rows x K), tree-major over blocks of rows (like XGBoost's CPU
 * predictor), so a tree's nodes stay in cache for the block; per row, trees are added in tree order. The float32
 * version accumulates in a Float32Array (each store rounds to float32, exactly XGBoost's `float` sums).
 */
function accumulate32(m: TreeEnsembleModel, pk: PackedNodes, data: Float32Array | Float64Array, rows: number, cols: number, base: number, leaf: Int32Array, out: Float64Array): void {
  const K = m.numClass, nTrees = m.numTrees, treeClass = m.treeClass, value = m.value;
  const acc = new Float32Array(BLOCK * K);
  for (let r0 = 0; r0 < rows; r0 += BLOCK) {
    const r1 = Math.min(rows, r0 + BLOCK);
    const nb = r1 - r0;
    acc.fill(base);
    for (let t = 0; t < nTrees; t++) {
      route(pk, m, data, cols, r0, r1, pk.root4[t]!, leaf);
      if (K === 1) for (let i = 0; i < nb; i++) acc[i] = acc[i]! + value[leaf[i]!]!;
      else {
        const k = treeClass[t]!;
        for (let i = 0; i < nb; i++) acc[i * K + k] = acc[i * K + k]! + value[leaf[i]!]!;
      }
    }
    for (let i = 0; i < nb * K; i++) out[r0 * K + i] = acc[i]!;
  }
}

/** {@link accumulate32} in double precision. */
function accumulate64(m: TreeEnsembleModel, pk: PackedNodes, data: Float32Array | Float64Array, rows: number, cols: number, base: number, leaf: Int32Array, out: Float64Array): void {
  const K = m.numClass, nTrees = m.numTrees, treeClass = m.treeClass, value = m.value;
  const acc = new Float64Array(BLOCK * K);
  for (let r0 = 0; r0 < rows; r0 += BLOCK) {
    const r1 = Math.min(rows, r0 + BLOCK);
    const nb = r1 - r0;
    acc.fill(base);
    for (let t = 0; t < nTrees; t++) {
      route(pk, m, data, cols, r0, r1, pk.root4[t]!, leaf);
      if (K === 1) for (let i = 0; i < nb; i++) acc[i] = acc[i]! + value[leaf[i]!]!;
      else {
        const k = treeClass[t]!;
        for (let i = 0; i < nb; i++) acc[i * K + k] = acc[i * K + k]! + value[leaf[i]!]!;
      }
    }
    for (let i = 0; i < nb * K; i++) out[r0 * K + i] = acc[i]!;
  }
}

/** Routes rows r0..r1-1 through the tree whose root is node `root4 / 4`; writes the leaf node index per row to `out`. */
function route(pk: PackedNodes, m: TreeEnsembleModel, data: Float32Array | Float64Array, cols: number, r0: number, r1: number, root4: number, out: Int32Array): void {
  if (pk.T64) routeGeneric(pk.P, pk.T64, m, data, cols, r0, r1, root4, out);
  else routeXGBoost(pk.P, pk.T32, data, cols, r0, r1, root4, out);
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
function routeGeneric(P: Int32Array, T: Float64Array, m: TreeEnsembleModel, data: Float32Array | Float64Array, cols: number, r0: number, r1: number, root4: number, out: Int32Array): void {
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
      } else n = 4 * m.step(n >> 2, x);
      w = P[n]!;
    }
    out[r - r0] = n >> 2;
  }
}

/**
 * Applies the model's output transform (see {@link GBDTObjective}) to raw margins (rows x numClass, row-major) in
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

function fail(where: string, message: string): never {
  throw new ModelFormatError('model', where, message);
}

/** Structural validation: lengths, ranges, and that every tree is a tree (each node reached at most once). */
function validate(m: TreeEnsembleModel): void {
  const nNodes = m.feature.length;
  const nTrees = m.treeStart.length - 1;
  if (!Number.isInteger(m.nFeatures) || m.nFeatures < 0 || m.nFeatures > FEATURE_MASK) fail('nFeatures', `must be an integer in [0, 2^30), got ${m.nFeatures}`);
  if (!GBDT_OBJECTIVES.includes(m.objective)) fail('objective', `unknown objective ${JSON.stringify(m.objective)}`);
  if (!Number.isInteger(m.numClass) || m.numClass < 1) fail('numClass', `must be a positive integer, got ${m.numClass}`);
  if ((m.objective === 'multiclass' || m.objective === 'multiclassova') !== m.numClass > 1) {
    fail('numClass', `numClass ${m.numClass} does not fit objective ${m.objective}`);
  }
  if (m.sumMode !== 'float32' && m.sumMode !== 'float64') fail('sumMode', `must be 'float32' or 'float64'`);
  if (m.leafNumbering !== 'node' && m.leafNumbering !== 'leaf') fail('leafNumbering', `must be 'node' or 'leaf'`);
  if (!Number.isFinite(m.baseMargin)) fail('baseMargin', `must be finite, got ${m.baseMargin}`);
  if (!Number.isFinite(m.sigmoidScale) || m.sigmoidScale <= 0) fail('sigmoidScale', `must be positive, got ${m.sigmoidScale}`);
  if (m.featureNames !== undefined && m.featureNames.length !== m.nFeatures) fail('featureNames', `has ${m.featureNames.length} names for ${m.nFeatures} features`);
  if (nTrees < 0) fail('treeStart', 'must have numTrees + 1 entries');
  if (m.treeStart[0] !== 0 || m.treeStart[nTrees] !== nNodes) fail('treeStart', `must start at 0 and end at numNodes (${nNodes})`);
  if (m.treeClass.length !== nTrees) fail('treeClass', `has length ${m.treeClass.length}, expected ${nTrees}`);
  const perNode: [string, ArrayLike<number>][] = [
    ['threshold', m.threshold], ['left', m.left], ['right', m.right], ['defaultLeft', m.defaultLeft], ['splitKind', m.splitKind],
    ['missingType', m.missingType], ['catStart', m.catStart], ['catEnd', m.catEnd], ['value', m.value], ['cover', m.cover], ['gain', m.gain],
  ];
  for (const [name, a] of perNode) if (a.length !== nNodes) fail(name, `has length ${a.length}, expected numNodes = ${nNodes}`);
  const seen = new Uint8Array(nNodes);
  const stack: number[] = [];
  for (let t = 0; t < nTrees; t++) {
    const lo = m.treeStart[t]!, hi = m.treeStart[t + 1]!;
    if (!(hi > lo)) fail(`treeStart[${t}]`, 'every tree needs at least one node');
    const k = m.treeClass[t]!;
    if (!(k >= 0 && k < m.numClass)) fail(`treeClass[${t}]`, `class ${k} out of range [0, ${m.numClass})`);
    stack.push(lo);
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (seen[n]) fail(`tree ${t} node ${n - lo}`, 'reached twice (cycle or shared subtree)');
      seen[n] = 1;
      const f = m.feature[n]!;
      if (f === -1) {
        if (!Number.isFinite(m.value[n]!)) fail(`tree ${t} node ${n - lo}`, `leaf value ${m.value[n]} is not finite`);
        continue;
      }
      if (!(f >= 0 && f < m.nFeatures)) fail(`tree ${t} node ${n - lo}`, `feature ${f} out of range [0, ${m.nFeatures})`);
      const l = m.left[n]!, r = m.right[n]!;
      if (!(l >= lo && l < hi) || !(r >= lo && r < hi)) fail(`tree ${t} node ${n - lo}`, `child index out of the tree's node range`);
      const kind = m.splitKind[n]!;
      if (kind > SPLIT_LIGHTGBM_CATEGORICAL) fail(`tree ${t} node ${n - lo}`, `unknown split kind ${kind}`);
      if (kind === SPLIT_LIGHTGBM_CATEGORICAL) {
        const a = m.catStart[n]!, b = m.catEnd[n]!;
        if (!(a >= 0 && b >= a && b <= m.catBits.length)) fail(`tree ${t} node ${n - lo}`, `categorical bitset range [${a}, ${b}) outside catBits`);
      } else if (Number.isNaN(m.threshold[n]!)) fail(`tree ${t} node ${n - lo}`, 'threshold is NaN');
      if (m.missingType[n]! > MISSING_NAN) fail(`tree ${t} node ${n - lo}`, `unknown missing type ${m.missingType[n]}`);
      stack.push(r, l);
    }
  }
}
