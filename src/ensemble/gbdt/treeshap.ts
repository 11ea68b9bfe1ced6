/**
 * Exact path-dependent TreeSHAP for a tree ensemble (`TreeEnsembleModel` or its {@link TreeEnsembleData}): per-row, per-feature Shapley values of the
 * model's margin, with the tree's own training covers defining the conditional expectations.
 *
 * Definition. For one tree f and one row x, let `v(S)` be the path-dependent conditional expectation
 * `E[f(x) | x_S]`: walk the tree from the root; at a node splitting on a feature in S follow x's branch, at a node
 * splitting on a feature outside S take the cover-weighted average `(cover[l] * v_l + cover[r] * v_r) / cover[n]`
 * of both subtrees. The SHAP value of feature i is the Shapley value of that game,
 *
 *     phi_i = sum over S ⊆ F \ {i} of |S|! (M - |S| - 1)! / M! * (v(S ∪ {i}) - v(S)),
 *
 * and the bias is `phi_0 = v(∅)`, the cover-weighted mean leaf value (XGBoost's `FillNodeMeanValue`, SHAP's
 * `expected_value`). By efficiency, `phi_0 + sum_i phi_i = v(F) = f(x)`. For an ensemble the values of the trees
 * add up, and the model's `baseMargin` is added to the bias, so every row sums to its margin (`predictRaw`).
 *
 * Algorithm: Lundberg, Erion & Lee (2018), "Consistent Individualized Feature Attribution for Tree Ensembles",
 * arXiv:1802.03888, Algorithm 2 (EXTEND / UNWIND of the unique feature path with zero fractions
 * `cover[child] / cover[node]` and one fractions `1` on x's branch, `0` on the other), in O(T L D²) per row for
 * T trees with L leaves of depth D, written after XGBoost's `RegTree::TreeShap` (`src/tree/tree_model.cc`) but
 * in double precision. A feature met twice on a path is first unwound and then re-extended with the product of its
 * zero fractions, as in the paper.
 *
 * Split semantics (which branch x takes, NaN handling, LightGBM missing types and categorical bitsets) are those of
 * {@link nextNode}, the same function prediction uses, so attributions follow predictions exactly.
 *
 * @module
 */
import type { Matrix } from '../../core/types.js';
import { UnsupportedModelError } from '../errors.js';
import { checkInputShape, nextNode, type TreeEnsembleData } from './trees.js';

/**
 * Deepest tree TreeSHAP accepts (1024): its path buffers take 28 * (depth + 2)^2 bytes (29 MB at this depth) and it
 * recurses once per level, so a degenerate tree of a hostile but valid model file (a chain 100,000 nodes deep) gets
 * an `UnsupportedModelError` instead of a RangeError or a stack overflow. Boosted trees are rarely 100 deep.
 */
export const MAX_SHAP_DEPTH = 1024;

/** What TreeSHAP needs per model, computed once and cached. */
interface ShapPlan {
  /** Max depth (edges from root to deepest leaf) over all trees. */
  readonly maxDepth: number;
  /** Per tree: the cover-weighted mean leaf value v(∅) (already multiplied by the class scale). */
  readonly treeMean: Float64Array;
  /** Per class: the factor the margin of that class is multiplied by (1, or 1/trees for `averageOutput`). */
  readonly classScale: Float64Array;
  /** Per class: the bias = scale * (baseMargin + sum of tree means of that class). */
  readonly bias: Float64Array;
}

const plans = new WeakMap<TreeEnsembleData, ShapPlan>();

/**
 * Checks covers and computes depth and node means. Throws {@link UnsupportedModelError} when a tree that splits
 * has no usable covers (an internal node with cover <= 0 or non-finite, or a negative child cover): TreeSHAP's
 * conditional expectations are undefined without them; and when a tree is deeper than {@link MAX_SHAP_DEPTH}.
 */
function plan(model: TreeEnsembleData): ShapPlan {
  const cached = plans.get(model);
  if (cached) return cached;
  const { feature, left, right, cover, value, treeStart, treeClass, numClass: K } = model;
  const nTrees = treeStart.length - 1;
  const classScale = new Float64Array(K).fill(1);
  if (model.averageOutput) {
    const counts = new Float64Array(K);
    for (let t = 0; t < nTrees; t++) counts[treeClass[t]!]!++;
    for (let k = 0; k < K; k++) if (counts[k]! > 0) classScale[k] = 1 / counts[k]!;
  }
  const treeMean = new Float64Array(nTrees);
  const mean = new Float64Array(feature.length);
  const depth = new Int32Array(feature.length);
  let maxDepth = 0;
  for (let t = 0; t < nTrees; t++) {
    const lo = treeStart[t]!;
    // Child indices need not exceed their parent's, so walk top-down (pre-order, explicit stack) for the depths
    // and then bottom-up (reverse pre-order) for the means.
    const order: number[] = [];
    const stack = [lo];
    depth[lo] = 0;
    while (stack.length > 0) {
      const n = stack.pop()!;
      order.push(n);
      if (feature[n]! < 0) {
        if (depth[n]! > maxDepth) maxDepth = depth[n]!;
        continue;
      }
      const l = left[n]!, r = right[n]!;
      const c = cover[n]!, cl = cover[l]!, cr = cover[r]!;
      if (!(c > 0 && c < Infinity && cl >= 0 && cl < Infinity && cr >= 0 && cr < Infinity)) {
        throw new UnsupportedModelError(
          'TreeSHAP without node covers',
          `tree ${t} node ${n - lo} has cover ${c} with children covers ${cl}, ${cr}; TreeSHAP needs positive covers (hessian sums or row counts) on every split`,
        );
      }
      depth[l] = depth[n]! + 1;
      depth[r] = depth[n]! + 1;
      if (depth[n]! >= MAX_SHAP_DEPTH) throw new UnsupportedModelError(`TreeSHAP on a tree deeper than ${MAX_SHAP_DEPTH}`, `tree ${t} has a path longer than ${MAX_SHAP_DEPTH} splits`);
      stack.push(r, l);
    }
    for (let i = order.length - 1; i >= 0; i--) {
      const n = order[i]!;
      if (feature[n]! < 0) mean[n] = value[n]!;
      else mean[n] = (mean[left[n]!]! * cover[left[n]!]! + mean[right[n]!]! * cover[right[n]!]!) / cover[n]!;
    }
    treeMean[t] = mean[lo]! * classScale[treeClass[t]!]!;
  }
  const bias = new Float64Array(K);
  for (let k = 0; k < K; k++) bias[k] = model.baseMargin * classScale[k]!;
  for (let t = 0; t < nTrees; t++) bias[treeClass[t]!] = bias[treeClass[t]!]! + treeMean[t]!;
  const p: ShapPlan = { maxDepth, treeMean, classScale, bias };
  plans.set(model, p);
  return p;
}

/**
 * The expected value (SHAP bias) of each class margin, length `numClass`: `baseMargin` plus, for every tree, the
 * cover-weighted mean of its leaf values, `E_t = sum over leaves of value * prod(cover[child] / cover[parent])` along
 * the leaf's path (divided by the tree count of the class for `averageOutput` models). This is the last column of
 * {@link treeShap}'s blocks and SHAP's `TreeExplainer(model).expected_value` in margin space.
 *
 * Reference: XGBoost `FillNodeMeanValue` (`src/predictor/cpu_predictor.cc`); Lundberg et al. (2018), arXiv:1802.03888.
 *
 * @example
 * ```ts
 * // Stump x0 < 0.5 -> -1 (cover 30) else +1 (cover 10), baseMargin 0.25: 0.25 + (-1 * 30 + 1 * 10) / 40 = -0.25
 * const m = new TreeEnsembleModel({ nFeatures: 1, objective: 'reg:squarederror', baseMargin: 0.25, treeStart: Int32Array.of(0, 3),
 *   feature: Int32Array.of(0, -1, -1), threshold: Float64Array.of(0.5, 0, 0), left: Int32Array.of(1, -1, -1),
 *   right: Int32Array.of(2, -1, -1), value: Float64Array.of(0, -1, 1), cover: Float64Array.of(40, 30, 10) })
 * expectedValue(m) // Float64Array [-0.25]
 * ```
 */
export function expectedValue(model: TreeEnsembleData): Float64Array {
  return plan(model).bias.slice();
}

/**
 * Exact path-dependent TreeSHAP contributions of the margin (Lundberg, Erion & Lee 2018, Algorithm 2), in
 * XGBoost's `predict(pred_contribs=True)` layout: a `rows x (numClass * (nFeatures + 1))` matrix (row-major); for
 * each class k the block at columns `k * (nFeatures + 1) ..` holds the nFeatures contributions followed by the
 * bias ({@link expectedValue}). Read it as a `rows x numClass x (nFeatures + 1)` array, the shape XGBoost returns
 * for multiclass models; binary and regression models have a single block, `rows x (nFeatures + 1)`.
 *
 * Each block sums to that class's margin: `sum_j phi[r, k, j] = predictRaw(X)[r, k]` up to rounding (XGBoost models
 * predict in float32, so expect ~1e-6 relative differences; the SHAP values themselves are computed in double).
 * Features a row's trees never split on get exactly 0. NaN is "missing" and follows the node's default direction
 * (LightGBM missing-type rules for LightGBM splits), exactly as prediction does.
 *
 * The conditional expectations use the node covers (`model.cover`: XGBoost hessian sums, LightGBM row counts).
 * The result matches XGBoost `pred_contribs` (tested to 1e-5 against XGBoost 1.7.4); LightGBM's `pred_contrib` and
 * `shap.TreeExplainer(model, feature_perturbation="tree_path_dependent")` use the same definition (LightGBM models are
 * tested against a brute-force Shapley computation, not against LightGBM itself). Throws
 * {@link UnsupportedModelError} if a split node has no positive cover (a model built by hand without covers).
 * Cost: O(rows * trees * leaves * depth²). Per-model data (depths, means) is cached: treat models as immutable.
 *
 * Reference: S. M. Lundberg, G. G. Erion, S.-I. Lee (2018), "Consistent Individualized Feature Attribution for
 * Tree Ensembles", arXiv:1802.03888, Algorithm 2; XGBoost `RegTree::CalculateContributions`.
 *
 * @example
 * ```ts
 * // Stump x0 < 0.5 -> -1 (cover 30) else +1 (cover 10). For x0 = 0.9: bias E = -0.5, phi_0 = 1 - (-0.5) = 1.5.
 * const m = new TreeEnsembleModel({ nFeatures: 2, objective: 'reg:squarederror', treeStart: Int32Array.of(0, 3),
 *   feature: Int32Array.of(0, -1, -1), threshold: Float64Array.of(0.5, 0, 0), left: Int32Array.of(1, -1, -1),
 *   right: Int32Array.of(2, -1, -1), value: Float64Array.of(0, -1, 1), cover: Float64Array.of(40, 30, 10) })
 * treeShap(m, { rows: 1, cols: 2, data: Float64Array.of(0.9, 7) }).data // Float64Array [1.5, 0, -0.5]
 * ```
 */
export function treeShap(model: TreeEnsembleData, X: Matrix): Matrix {
  checkInputShape(model, X);
  const p = plan(model);
  const M = model.nFeatures;
  const K = model.numClass;
  const width = M + 1;
  const outCols = K * width;
  const rows = X.rows;
  const out = new Float64Array(rows * outCols);
  const { feature, treeStart, treeClass } = model;
  const nTrees = treeStart.length - 1;
  const { classScale, bias } = p;
  const w = new ShapWalker(model, p.maxDepth, X.data, out);
  for (let r = 0; r < rows; r++) {
    w.xOff = r * M;
    const rowOut = r * outCols;
    for (let t = 0; t < nTrees; t++) {
      const root = treeStart[t]!;
      if (feature[root]! < 0) continue; // a single leaf contributes only to the bias
      const k = treeClass[t]!;
      w.phiOff = rowOut + k * width;
      w.leafScale = classScale[k]!;
      w.recurse(root, 0, -w.stride, 1, 1, -1);
    }
    for (let k = 0; k < K; k++) out[rowOut + k * width + M] = bias[k]!;
  }
  return { rows, cols: outCols, data: out };
}

/**
 * The recursion of Algorithm 2 over one tree for one row, with the unique path kept in flat typed arrays.
 * Level L of the recursion (root = 0) owns the slots `[L * stride, (L + 1) * stride)`; a path at depth d has at most
 * d + 1 elements, element 0 being the dummy root element (feature -1, fractions 1).
 */
class ShapWalker {
  readonly model: TreeEnsembleData;
  readonly feature: Int32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly cover: Float64Array;
  readonly value: Float64Array;
  readonly x: Float32Array | Float64Array;
  readonly out: Float64Array;
  readonly stride: number;
  readonly pFeat: Int32Array;
  readonly pZero: Float64Array;
  readonly pOne: Float64Array;
  readonly pW: Float64Array;
  /** recip[i] = 1 / i for i in [1, maxDepth + 2]. */
  readonly recip: Float64Array;
  /** Offset of the current row in `x`. */
  xOff = 0;
  /** Offset of the current row's class block in `out`. */
  phiOff = 0;
  /** Factor applied to leaf values (1, or 1/trees for `averageOutput`). */
  leafScale = 1;

  constructor(model: TreeEnsembleData, maxDepth: number, x: Float32Array | Float64Array, out: Float64Array) {
    this.model = model;
    this.feature = model.feature;
    this.left = model.left;
    this.right = model.right;
    this.cover = model.cover;
    this.value = model.value;
    this.x = x;
    this.out = out;
    this.stride = maxDepth + 2;
    const size = this.stride * (maxDepth + 2);
    this.pFeat = new Int32Array(size);
    this.pZero = new Float64Array(size);
    this.pOne = new Float64Array(size);
    this.pW = new Float64Array(size);
    this.recip = new Float64Array(maxDepth + 3);
    for (let i = 1; i < this.recip.length; i++) this.recip[i] = 1 / i;
  }

  /**
   * RECURSE at node n: copy the parent's path (d elements at `parentOff`) to this level, EXTEND it with
   * (pz, po, pf) at index d, then either credit the leaf to the path's features or split into the hot and cold
   * children (UNWINDing a repeated feature first).
   */
  recurse(n: number, d: number, parentOff: number, pz: number, po: number, pf: number): void {
    const pFeat = this.pFeat, pZero = this.pZero, pOne = this.pOne, pW = this.pW;
    const o = parentOff + this.stride;
    for (let i = 0; i < d; i++) {
      pFeat[o + i] = pFeat[parentOff + i]!;
      pZero[o + i] = pZero[parentOff + i]!;
      pOne[o + i] = pOne[parentOff + i]!;
      pW[o + i] = pW[parentOff + i]!;
    }
    // EXTEND
    pFeat[o + d] = pf;
    pZero[o + d] = pz;
    pOne[o + d] = po;
    pW[o + d] = d === 0 ? 1 : 0;
    const inv = 1 / (d + 1);
    for (let i = d - 1; i >= 0; i--) {
      const wi = pW[o + i]!;
      pW[o + i + 1] = pW[o + i + 1]! + po * wi * (i + 1) * inv;
      pW[o + i] = pz * wi * (d - i) * inv;
    }
    const f = this.feature[n]!;
    if (f < 0) {
      const v = this.value[n]! * this.leafScale;
      const out = this.out, phiOff = this.phiOff;
      const recip = this.recip;
      const dp1 = d + 1, invDp1 = recip[d + 1]!;
      for (let k = 1; k <= d; k++) {
        // UNWOUND PATH SUM of element k (divisions by small integers replaced by their reciprocals)
        const ko = pOne[o + k]!, kz = pZero[o + k]!;
        let total = 0;
        if (ko !== 0) {
          const a = dp1 / ko, b = kz * invDp1;
          let next = pW[o + d]!;
          for (let i = d - 1; i >= 0; i--) {
            const tmp = next * a * recip[i + 1]!;
            total += tmp;
            next = pW[o + i]! - tmp * b * (d - i);
          }
        } else if (kz !== 0) {
          const a = dp1 / kz;
          for (let i = d - 1; i >= 0; i--) total += pW[o + i]! * a * recip[d - i]!;
        }
        const j = phiOff + pFeat[o + k]!;
        out[j] = out[j]! + total * (ko - kz) * v;
      }
      return;
    }
    const hot = nextNode(this.model, n, this.x[this.xOff + f]!);
    const l = this.left[n]!;
    const cold = hot === l ? this.right[n]! : l;
    const cover = this.cover;
    const c = cover[n]!;
    let iz = 1, io = 1;
    let k = 0;
    while (k <= d && pFeat[o + k] !== f) k++;
    if (k <= d) {
      // UNWIND element k: the feature was split on above; its fractions carry over to this split.
      iz = pZero[o + k]!;
      io = pOne[o + k]!;
      let next = pW[o + d]!;
      if (io !== 0) {
        for (let i = d - 1; i >= 0; i--) {
          const tmp = pW[o + i]!;
          pW[o + i] = (next * (d + 1)) / ((i + 1) * io);
          next = tmp - (pW[o + i]! * iz * (d - i)) / (d + 1);
        }
      } else if (iz !== 0) {
        for (let i = d - 1; i >= 0; i--) pW[o + i] = (pW[o + i]! * (d + 1)) / (iz * (d - i));
      } else {
        // Both fractions 0 (below a zero-cover cold branch): every weight is 0 already; keep them 0.
        for (let i = d - 1; i >= 0; i--) pW[o + i] = 0;
      }
      for (let i = k; i < d; i++) {
        pFeat[o + i] = pFeat[o + i + 1]!;
        pZero[o + i] = pZero[o + i + 1]!;
        pOne[o + i] = pOne[o + i + 1]!;
      }
      d--;
    }
    this.recurse(hot, d + 1, o, (cover[hot]! / c) * iz, io, f);
    this.recurse(cold, d + 1, o, (cover[cold]! / c) * iz, 0, f);
  }
}
