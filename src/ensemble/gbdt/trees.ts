/**
 * The flat tree arrays shared by every gradient-boosted tree model of `@alpha-v4/core` (loaded from XGBoost JSON,
 * from LightGBM text, or trained here), the one split decision ({@link nextNode}) and the structural checks.
 * The model class, prediction, TreeSHAP, importance and serialization all build on this leaf module.
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
import { FeatureMismatchError, ModelFormatError } from '../errors.js';

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
export const ZERO_THRESHOLD = Math.fround(1e-35);

/**
 * The learning objective, which fixes the output transform (margin to prediction):
 * - `'binary:logistic'`, `'reg:logistic'`: sigmoid `1 / (1 + exp(-sigmoidScale * margin))`;
 * - `'reg:squarederror'`: identity (regression);
 * - `'binary:logitraw'`: identity (the margin itself);
 * - `'multiclass'`: softmax over the `numClass` margins (XGBoost `multi:softprob`/`multi:softmax`, LightGBM `multiclass`);
 * - `'multiclassova'`: one sigmoid per class (LightGBM `multiclassova`).
 */
export type GBDTObjective = 'binary:logistic' | 'reg:logistic' | 'reg:squarederror' | 'binary:logitraw' | 'multiclass' | 'multiclassova';

/** The objectives a tree ensemble may have, in a fixed order (the binary format stores the index). */
export const GBDT_OBJECTIVES: readonly GBDTObjective[] = ['binary:logistic', 'reg:logistic', 'reg:squarederror', 'binary:logitraw', 'multiclass', 'multiclassova'];

/** How leaf values are accumulated: `'float32'` like XGBoost (round after every addition), `'float64'` like LightGBM. */
export type SumMode = 'float32' | 'float64';

/**
 * How `TreeEnsembleModel.predictLeaves` numbers leaves: `'node'` = the leaf's node index within its tree
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
 * The plain data of a tree ensemble (what `TreeEnsembleModel` holds and what serialization writes).
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

/** The per-node arrays of {@link TreeEnsembleData}, which loaders and the trainer fill node by node. */
export type NodeArrays = Pick<TreeEnsembleData, 'feature' | 'threshold' | 'left' | 'right' | 'defaultLeft' | 'splitKind' | 'missingType' | 'catStart' | 'catEnd' | 'value' | 'cover' | 'gain'>;

/**
 * Allocates the per-node arrays for `nNodes` nodes: every node a leaf (`feature`, `left`, `right` = -1), all other
 * values 0, to be filled by a loader or the trainer.
 *
 * @example
 * ```ts
 * const a = allocateNodes(3)
 * a.feature // Int32Array [-1, -1, -1]
 * a.value   // Float64Array [0, 0, 0]
 * ```
 */
export function allocateNodes(nNodes: number): NodeArrays {
  return {
    feature: new Int32Array(nNodes).fill(-1),
    threshold: new Float64Array(nNodes),
    left: new Int32Array(nNodes).fill(-1),
    right: new Int32Array(nNodes).fill(-1),
    defaultLeft: new Uint8Array(nNodes),
    splitKind: new Uint8Array(nNodes),
    missingType: new Uint8Array(nNodes),
    catStart: new Int32Array(nNodes),
    catEnd: new Int32Array(nNodes),
    value: new Float64Array(nNodes),
    cover: new Float64Array(nNodes),
    gain: new Float64Array(nNodes),
  };
}

/** Largest supported `nFeatures` (2^30 - 1): the batch predictors pack a feature index into 30 bits. */
export const MAX_FEATURES = 0x3fffffff;

/**
 * One decision: the absolute index of the child of internal node `n` that value `x` goes to, for every split kind
 * (see the module doc), NaN and missing-type rules included. Prediction and TreeSHAP both use it, so their split
 * semantics agree.
 *
 * Reference: XGBoost `RegTree::GetNext`; LightGBM `Tree::NumericalDecision`, `Tree::CategoricalDecision`.
 *
 * @example
 * ```ts
 * // node 0 of a stump: x < 0.5 goes to node 1, else node 2; NaN goes left (defaultLeft[0] = 1)
 * nextNode(model, 0, 0.2) // 1
 * nextNode(model, 0, NaN) // 1
 * nextNode(model, 0, 0.9) // 2
 * ```
 */
export function nextNode(t: TreeEnsembleData, n: number, x: number): number {
  const kind = t.splitKind[n];
  if (kind === SPLIT_XGBOOST) {
    if (Math.fround(x) < t.threshold[n]!) return t.left[n]!;
    if (x !== x) return t.defaultLeft[n] === 1 ? t.left[n]! : t.right[n]!;
    return t.right[n]!;
  }
  if (kind === SPLIT_LIGHTGBM_NUMERIC) {
    const mt = t.missingType[n];
    if (x !== x) {
      if (mt === MISSING_NAN) return t.defaultLeft[n] === 1 ? t.left[n]! : t.right[n]!;
      x = 0;
    }
    if (mt === MISSING_ZERO && x >= -ZERO_THRESHOLD && x <= ZERO_THRESHOLD) return t.defaultLeft[n] === 1 ? t.left[n]! : t.right[n]!;
    return x <= t.threshold[n]! ? t.left[n]! : t.right[n]!;
  }
  // categorical: NaN and negatives go right; c = trunc(x) goes left iff its bit is set.
  if (!(x > -1) || x >= 2147483648) return t.right[n]!;
  const c = x | 0;
  const word = t.catStart[n]! + (c >>> 5);
  if (word >= t.catEnd[n]!) return t.right[n]!;
  return (t.catBits[word]! >>> (c & 31)) & 1 ? t.left[n]! : t.right[n]!;
}

/**
 * Which nodes of tree `tree` its root reaches (1) and which it does not (0), indexed from the tree's first node
 * (`treeStart[tree]`). Exporters drop the unreachable ones.
 *
 * @example
 * ```ts
 * reachableNodes(model, 0) // Uint8Array [1, 1, 1] for a stump stored as 3 nodes
 * ```
 */
export function reachableNodes(t: TreeEnsembleData, tree: number): Uint8Array {
  const lo = t.treeStart[tree]!;
  const reach = new Uint8Array(t.treeStart[tree + 1]! - lo);
  const stack = [lo];
  while (stack.length) {
    const n = stack.pop()!;
    reach[n - lo] = 1;
    if (t.feature[n]! >= 0) stack.push(t.left[n]!, t.right[n]!);
  }
  return reach;
}

/**
 * Throws {@link FeatureMismatchError} unless X has the ensemble's `nFeatures` columns and `rows * cols` elements.
 *
 * @example
 * ```ts
 * checkInputShape(model, { rows: 1, cols: 3, data: new Float64Array(3) }) // throws when model.nFeatures !== 3
 * ```
 */
export function checkInputShape(t: TreeEnsembleData, X: Matrix): void {
  if (X.cols !== t.nFeatures) throw new FeatureMismatchError(t.nFeatures, X.cols);
  if (!Number.isInteger(X.rows) || X.rows < 0 || X.data.length !== X.rows * X.cols) {
    throw new FeatureMismatchError(t.nFeatures, X.cols, `input data has ${X.data.length} element(s), expected rows * cols = ${X.rows} * ${X.cols}`);
  }
}

function fail(where: string, message: string): never {
  throw new ModelFormatError('model', where, message);
}

/**
 * Structural validation of tree-ensemble data: array lengths, value ranges, and that every tree is a tree (each node
 * reached at most once from its root). Throws {@link ModelFormatError} (format `'model'`) naming the field or node.
 *
 * @example
 * ```ts
 * validateEnsemble({ ...model.toData(), treeStart: Int32Array.of(0, 99) })
 * // throws ModelFormatError: model: treeStart: must start at 0 and end at numNodes (3)
 * ```
 */
export function validateEnsemble(m: TreeEnsembleData): void {
  const nNodes = m.feature.length;
  const nTrees = m.treeStart.length - 1;
  if (!Number.isInteger(m.nFeatures) || m.nFeatures < 0 || m.nFeatures > MAX_FEATURES) fail('nFeatures', `must be an integer in [0, 2^30), got ${m.nFeatures}`);
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
