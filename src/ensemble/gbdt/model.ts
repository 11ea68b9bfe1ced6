/**
 * {@link TreeEnsembleModel}: the one model class of every gradient-boosted tree ensemble, whether it was loaded from
 * XGBoost JSON, from LightGBM text, or trained here. It holds the flat tree arrays of {@link TreeEnsembleData}
 * (layout and split semantics in `trees.ts`) and predicts through `predict.ts`, TreeSHAP and importance.
 *
 * @module
 */
import type { Matrix } from '../../core/types.js';
import { UnsupportedModelError } from '../errors.js';
import { featureImportance, type ImportanceType } from './importance.js';
import { isAllXGBoost, leafIndices, leafOrdinals, packNodes, rawMargins, transformInPlace, type PackedNodes } from './predict.js';
import { treeShap } from './treeshap.js';
import { checkInputShape, nextNode, validateEnsemble, type IndexMatrix, type TreeEnsembleData, type TreeEnsembleInit } from './trees.js';

/**
 * The tree data of a {@link TreeEnsembleModel}: this interface merges with the class, so every documented field of
 * {@link TreeEnsembleData} is a readonly field of the model (assigned once, in the constructor) without being
 * declared twice.
 */
export interface TreeEnsembleModel extends TreeEnsembleData {}

/**
 * A gradient-boosted tree ensemble with fast batch prediction over typed arrays (see `trees.ts` for the
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
export class TreeEnsembleModel {
  /** True iff every internal node is `SPLIT_XGBOOST` (enables the fast XGBoost traversal). */
  private readonly allXGBoost: boolean;
  /** Lazily built packed traversal layout, see `packNodes`. */
  private packed: PackedNodes | undefined;
  /** Lazily built: per node, the leaf ordinal within its tree (for `leafNumbering: 'leaf'`). */
  private leafOrdinal: Int32Array | undefined;

  /**
   * Builds and validates a model. Throws `ModelFormatError` when arrays have inconsistent lengths, a child
   * index leaves its tree, a node is reachable twice (a cycle or shared subtree), a feature index is out of range,
   * or a categorical bitset range is invalid.
   */
  constructor(init: TreeEnsembleInit) {
    const nNodes = init.feature.length;
    const nTrees = init.treeStart.length - 1;
    const numClass = init.numClass ?? 1;
    const data: TreeEnsembleData = {
      nFeatures: init.nFeatures,
      featureNames: init.featureNames,
      numClass,
      objective: init.objective,
      sigmoidScale: init.sigmoidScale ?? 1,
      baseMargin: init.baseMargin ?? 0,
      sumMode: init.sumMode ?? 'float32',
      averageOutput: init.averageOutput ?? false,
      leafNumbering: init.leafNumbering ?? 'node',
      treeStart: init.treeStart,
      treeClass: init.treeClass ?? Int32Array.from({ length: Math.max(nTrees, 0) }, (_, t) => t % numClass),
      feature: init.feature,
      threshold: init.threshold,
      left: init.left,
      right: init.right,
      defaultLeft: init.defaultLeft ?? new Uint8Array(nNodes),
      splitKind: init.splitKind ?? new Uint8Array(nNodes),
      missingType: init.missingType ?? new Uint8Array(nNodes),
      catStart: init.catStart ?? new Int32Array(nNodes),
      catEnd: init.catEnd ?? new Int32Array(nNodes),
      catBits: init.catBits ?? new Uint32Array(0),
      value: init.value,
      cover: init.cover ?? new Float64Array(nNodes),
      gain: init.gain ?? new Float64Array(nNodes),
    };
    validateEnsemble(data);
    Object.assign(this, data);
    this.allXGBoost = isAllXGBoost(data);
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
      n = nextNode(this, n, data[off + f]!);
      f = feature[n]!;
    }
    return n;
  }

  /**
   * One decision: the absolute index of the child of internal node `n` that value `x` goes to (all split kinds,
   * NaN and missing-type rules included); see `nextNode`, which prediction and TreeSHAP share.
   */
  step(n: number, x: number): number {
    return nextNode(this, n, x);
  }

  /**
   * Raw margins, rows x numClass (row-major), before the objective's transform: the sum of the leaf values reached
   * plus `baseMargin` (in float32 arithmetic for `sumMode: 'float32'`; divided by the tree count per class when
   * `averageOutput`). Equals XGBoost `predict(output_margin=True)` / LightGBM `predict(raw_score=True)`.
   * Throws `FeatureMismatchError` if `X.cols !== nFeatures`.
   */
  predictRaw(X: Matrix): Matrix {
    this.checkInput(X);
    return { rows: X.rows, cols: this.numClass, data: rawMargins(this, this.packNodes(), X) };
  }

  /** Builds (once) the packed node layout used by the batch kernels. */
  private packNodes(): PackedNodes {
    this.packed ??= packNodes(this, this.allXGBoost);
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
   * multiclass models. Throws `UnsupportedModelError` for non-probabilistic objectives
   * (`reg:squarederror`, `binary:logitraw`); use {@link predict} or {@link predictMargin} there.
   */
  predictProba(X: Matrix): Float64Array {
    if (this.objective === 'reg:squarederror' || this.objective === 'binary:logitraw') {
      throw new UnsupportedModelError(`predictProba with objective ${this.objective}`, 'the objective does not produce probabilities; use predict or predictMargin');
    }
    return this.predict(X);
  }

  /**
   * The leaf each row reaches in each tree, rows x numTrees (row-major), numbered per `leafNumbering`
   * (XGBoost `pred_leaf=True` for XGBoost models, LightGBM `pred_leaf=True` for LightGBM models).
   */
  predictLeaves(X: Matrix): IndexMatrix {
    this.checkInput(X);
    const ordinal = this.leafNumbering === 'leaf' ? (this.leafOrdinal ??= leafOrdinals(this)) : undefined;
    return { rows: X.rows, cols: this.numTrees, data: leafIndices(this, this.packNodes(), X, ordinal) };
  }

  /**
   * Per-feature SHAP contributions (exact path-dependent TreeSHAP, Lundberg et al. 2018), XGBoost
   * `pred_contribs=True` layout: rows x ((nFeatures + 1) * numClass); for each class a block of nFeatures
   * contributions followed by the bias (expected value). Each row's block sums to the class margin. Throws
   * `UnsupportedModelError` when a split has no usable cover or a tree is deeper than `MAX_SHAP_DEPTH` (1024).
   */
  predictContributions(X: Matrix): Matrix {
    return treeShap(this, X);
  }

  /** Feature importance, length nFeatures (see `featureImportance` for the types; default `'gain'`). */
  importance(type: ImportanceType = 'gain'): Float64Array {
    return featureImportance(this, type);
  }

  /** Throws `FeatureMismatchError` unless X has `nFeatures` columns and `rows * cols` elements. */
  checkInput(X: Matrix): void {
    checkInputShape(this, X);
  }

  /** The plain data (the same typed arrays, not copies), for serialization. */
  toData(): TreeEnsembleData {
    const { nFeatures, featureNames, numClass, objective, sigmoidScale, baseMargin, sumMode, averageOutput, leafNumbering, treeStart, treeClass, feature, threshold, left, right, defaultLeft, splitKind, missingType, catStart, catEnd, catBits, value, cover, gain } = this;
    return { nFeatures, featureNames, numClass, objective, sigmoidScale, baseMargin, sumMode, averageOutput, leafNumbering, treeStart, treeClass, feature, threshold, left, right, defaultLeft, splitKind, missingType, catStart, catEnd, catBits, value, cover, gain };
  }
}
