/**
 * The ONNX graph of a gradient-boosted tree ensemble: one `ai.onnx.ml` `TreeEnsembleClassifier` (logistic and
 * multiclass objectives) or `TreeEnsembleRegressor` (squared error, raw margin). Assembled into a model by `toONNX`.
 *
 * Splits: XGBoost's `Math.fround(x) < t` is `BRANCH_LT` with t as the smallest float32 >= t (exact for float32
 * inputs); LightGBM's numeric `x <= t` is `BRANCH_LEQ` with the largest float32 <= t. Missing values follow
 * `nodes_missing_value_tracks_true` (NaN takes the true branch, which is the left child): XGBoost's and LightGBM's
 * `default_left`, or, for LightGBM's missing type None (NaN read as 0), whether 0 goes left. LightGBM categorical
 * splits and missing type Zero have no ONNX equivalent and throw `UnsupportedModelError`.
 *
 * Reference: ONNX docs/Operators-ml.md, ai.onnx.ml TreeEnsembleClassifier-3 and TreeEnsembleRegressor-3;
 * onnxruntime `core/providers/cpu/ml/tree_ensemble_aggregator.h` (how the binary case is scored).
 *
 * @module
 */
import { UnsupportedModelError } from '../errors.js';
import { ceilFloat32, nextDownFloat32 } from '../gbdt/float32.js';
import {
  MISSING_NAN,
  MISSING_ZERO,
  reachableNodes,
  SPLIT_LIGHTGBM_NUMERIC,
  SPLIT_XGBOOST,
  validateEnsemble,
  type TreeEnsembleData,
} from '../gbdt/trees.js';
import type { GraphPart } from './graph-part.js';
import { ONNX_FLOAT, ONNX_INT64, type ONNXAttribute } from './onnx-proto.js';

/** The smallest normal float32, 2^-126: the weight of the guard leaf (see {@link treeGraph}). */
const GUARD_WEIGHT = -(2 ** -126);

/** The `nodes_*` and per-leaf attribute arrays of a tree ensemble operator. */
interface Columns {
  treeIds: number[];
  nodeIds: number[];
  featureIds: number[];
  modes: string[];
  values: number[];
  trueIds: number[];
  falseIds: number[];
  missingTrue: number[];
  leafTree: number[];
  leafNode: number[];
  leafClass: number[];
  leafWeight: number[];
}

/** The largest float32 <= t, so that `v <= t` iff `v <= floorFloat32(t)` for every float32 v. */
function floorFloat32(t: number): number {
  const f = Math.fround(t);
  return f <= t || !Number.isFinite(t) ? f : nextDownFloat32(f);
}

/** Mode, float32 threshold and NaN-goes-left flag of internal node `n`, or an `UnsupportedModelError`. */
function split(m: TreeEnsembleData, n: number, where: string): [string, number, number] {
  const t = m.threshold[n]!;
  if (m.splitKind[n] === SPLIT_XGBOOST) return ['BRANCH_LT', ceilFloat32(t), m.defaultLeft[n]!];
  if (m.splitKind[n] !== SPLIT_LIGHTGBM_NUMERIC) throw new UnsupportedModelError(`ONNX export of a categorical split (${where})`, 'TreeEnsemble has no categorical split');
  if (m.missingType[n] === MISSING_ZERO) throw new UnsupportedModelError(`ONNX export of missing type Zero (${where})`, 'TreeEnsemble cannot send 0 to the default side');
  return ['BRANCH_LEQ', floorFloat32(t), m.missingType[n] === MISSING_NAN ? m.defaultLeft[n]! : Number(0 <= t)];
}

function columns(m: TreeEnsembleData, weightScale: number): Columns {
  const c: Columns = { treeIds: [], nodeIds: [], featureIds: [], modes: [], values: [], trueIds: [], falseIds: [], missingTrue: [], leafTree: [], leafNode: [], leafClass: [], leafWeight: [] };
  // Trees 0 .. numClass - 1 are single leaves holding the base margin of each class, so that the operator sums
  // in XGBoost's order (base first, then the trees in order) instead of adding base_values last.
  for (let k = 0; k < m.numClass; k++) leaf(c, k, k, m.baseMargin * weightScale);
  const nTrees = m.treeStart.length - 1;
  const perClass = new Int32Array(m.numClass);
  for (let t = 0; t < nTrees; t++) perClass[m.treeClass[t]!]!++;
  for (let t = 0; t < nTrees; t++) {
    const lo = m.treeStart[t]!;
    const reach = reachableNodes(m, t);
    // Node ids count the reachable nodes from 0 (the root) in storage order, as the operator requires.
    const id = new Int32Array(reach.length);
    for (let i = 0, next = 0; i < reach.length; i++) id[i] = reach[i] ? next++ : -1;
    const scale = weightScale / (m.averageOutput ? perClass[m.treeClass[t]!]! : 1);
    for (let i = 0; i < reach.length; i++) {
      if (!reach[i]) continue;
      const n = lo + i;
      c.treeIds.push(m.numClass + t);
      c.nodeIds.push(id[i]!);
      if (m.feature[n]! < 0) {
        c.featureIds.push(0), c.modes.push('LEAF'), c.values.push(0), c.trueIds.push(0), c.falseIds.push(0), c.missingTrue.push(0);
        c.leafTree.push(m.numClass + t), c.leafNode.push(id[i]!), c.leafClass.push(m.treeClass[t]!), c.leafWeight.push(m.value[n]! * scale);
        continue;
      }
      const [mode, threshold, nanLeft] = split(m, n, `tree ${t} node ${i}`);
      c.featureIds.push(m.feature[n]!), c.modes.push(mode), c.values.push(threshold);
      c.trueIds.push(id[m.left[n]! - lo]!), c.falseIds.push(id[m.right[n]! - lo]!), c.missingTrue.push(nanLeft);
    }
  }
  return c;
}

/** Appends a tree that is one leaf of weight `w` for class `k`. */
function leaf(c: Columns, tree: number, k: number, w: number): void {
  c.treeIds.push(tree), c.nodeIds.push(0), c.featureIds.push(0), c.modes.push('LEAF'), c.values.push(0), c.trueIds.push(0), c.falseIds.push(0), c.missingTrue.push(0);
  c.leafTree.push(tree), c.leafNode.push(0), c.leafClass.push(k), c.leafWeight.push(w);
}

function nodeAttributes(c: Columns): ONNXAttribute[] {
  return [
    { name: 'nodes_treeids', type: 'ints', value: c.treeIds },
    { name: 'nodes_nodeids', type: 'ints', value: c.nodeIds },
    { name: 'nodes_featureids', type: 'ints', value: c.featureIds },
    { name: 'nodes_modes', type: 'strings', value: c.modes },
    { name: 'nodes_values', type: 'floats', value: c.values },
    { name: 'nodes_truenodeids', type: 'ints', value: c.trueIds },
    { name: 'nodes_falsenodeids', type: 'ints', value: c.falseIds },
    { name: 'nodes_missing_value_tracks_true', type: 'ints', value: c.missingTrue },
  ];
}

/**
 * The graph of a tree ensemble with input `X` float32 [N, nFeatures]:
 * - `binary:logistic`, `reg:logistic`: `TreeEnsembleClassifier` with `post_transform` LOGISTIC, class labels
 *   [0, 1]; outputs `label` (int64 [N]) and `probabilities` (float32 [N, 2]).
 *   onnxruntime applies the logistic in the binary case only when some leaf weight is negative: when none is, one
 *   single-leaf tree of weight -2^-126 is added (it changes no sum by more than that).
 * - `multiclass` (SOFTMAX) and `multiclassova` (LOGISTIC): the same with K classes, `probabilities` [N, K].
 * - `reg:squarederror` and `binary:logitraw`: `TreeEnsembleRegressor`, output `variable` (float32 [N, 1]).
 * The base margin of each class is a single-leaf tree placed first (no `base_values`), so the operator's float32 sum
 * runs in XGBoost's order: on one thread its margins are XGBoost's bit for bit (on several, onnxruntime adds blocks
 * of trees in another order: a few float32 ulps). The logistic and softmax are the runtime's own float32 functions.
 * LightGBM's `sigmoid` scale multiplies the leaf weights and the base, `average_output` divides the weights by the
 * class's tree count; LightGBM sums in float64, the operator in float32.
 *
 * @example
 * ```ts
 * const part = treeGraph(loadXGBoostModel(json))
 * part.nodes[0].opType // => 'TreeEnsembleClassifier'
 * part.outputs.map((o) => o.name) // => ['label', 'probabilities']
 * ```
 */
export function treeGraph(m: TreeEnsembleData): GraphPart {
  validateEnsemble(m);
  const regression = m.objective === 'reg:squarederror' || m.objective === 'binary:logitraw';
  const logistic = m.objective === 'binary:logistic' || m.objective === 'reg:logistic' || m.objective === 'multiclassova';
  const scale = logistic ? m.sigmoidScale : 1;
  const c = columns(m, scale);
  const common = nodeAttributes(c);
  if (regression) {
    const attributes: ONNXAttribute[] = [
      ...common,
      { name: 'n_targets', type: 'int', value: m.numClass },
      { name: 'target_treeids', type: 'ints', value: c.leafTree },
      { name: 'target_nodeids', type: 'ints', value: c.leafNode },
      { name: 'target_ids', type: 'ints', value: c.leafClass },
      { name: 'target_weights', type: 'floats', value: c.leafWeight },
      { name: 'post_transform', type: 'string', value: 'NONE' },
    ];
    return {
      cols: m.nFeatures,
      nodes: [{ opType: 'TreeEnsembleRegressor', domain: 'ai.onnx.ml', inputs: ['X'], outputs: ['variable'], attributes }],
      initializers: [],
      outputs: [{ name: 'variable', elemType: ONNX_FLOAT, dims: ['N', m.numClass] }],
      ml: true,
      docString: `tree ensemble regressor (${m.objective})`,
    };
  }
  const classes = Math.max(m.numClass, 2);
  if (classes === 2 && c.leafWeight.every((w) => w >= 0)) leaf(c, m.numClass + m.treeStart.length - 1, 0, GUARD_WEIGHT);
  const attributes: ONNXAttribute[] = [
    ...common,
    { name: 'classlabels_int64s', type: 'ints', value: Array.from({ length: classes }, (_, k) => k) },
    { name: 'class_treeids', type: 'ints', value: c.leafTree },
    { name: 'class_nodeids', type: 'ints', value: c.leafNode },
    { name: 'class_ids', type: 'ints', value: c.leafClass },
    { name: 'class_weights', type: 'floats', value: c.leafWeight },
    { name: 'post_transform', type: 'string', value: m.objective === 'multiclass' ? 'SOFTMAX' : 'LOGISTIC' },
  ];
  return {
    cols: m.nFeatures,
    nodes: [{ opType: 'TreeEnsembleClassifier', domain: 'ai.onnx.ml', inputs: ['X'], outputs: ['label', 'probabilities'], attributes }],
    initializers: [],
    outputs: [
      { name: 'label', elemType: ONNX_INT64, dims: ['N'] },
      { name: 'probabilities', elemType: ONNX_FLOAT, dims: ['N', classes] },
    ],
    ml: true,
    docString: `tree ensemble classifier (${m.objective})`,
  };
}
