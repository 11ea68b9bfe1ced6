/**
 * Feature importance of a tree ensemble (`TreeEnsembleModel` or its {@link TreeEnsembleData}): XGBoost's `get_score` split statistics (weight, gain, cover and
 * their totals) and the SHAP-based mean |contribution| over a data set.
 * @module
 */
import type { Matrix } from '../../core/types.js';
import { InvalidParameterError } from '../../core/errors.js';
import { treeShap } from './treeshap.js';
import type { TreeEnsembleData } from './trees.js';

/**
 * Importance types, with XGBoost's `Booster.get_score(importance_type=...)` definitions, summed over every split
 * node of every tree (all classes) that splits on feature j:
 * - `'weight'`: the number of splits on j (LightGBM `importance_type='split'`);
 * - `'total_gain'`: the sum of the split gains (`model.gain`: XGBoost `loss_chg`, LightGBM `split_gain`; LightGBM
 *   `importance_type='gain'`);
 * - `'gain'`: `total_gain / weight`, the average gain of j's splits;
 * - `'total_cover'`: the sum of the covers of the split nodes (`model.cover`: hessian sum or row count);
 * - `'cover'`: `total_cover / weight`, the average cover of j's splits.
 *
 * Reference: XGBoost `Booster.get_score` documentation; LightGBM `Booster.feature_importance`.
 *
 * @example
 * ```ts
 * const type: ImportanceType = 'total_gain'
 * model.importance(type) // Float64Array, length model.nFeatures
 * ```
 */
export type ImportanceType = 'weight' | 'gain' | 'cover' | 'total_gain' | 'total_cover';

/**
 * The accepted {@link ImportanceType} values, in XGBoost's documentation order.
 *
 * @example
 * ```ts
 * for (const t of IMPORTANCE_TYPES) console.log(t, importanceScores(model, t))
 * ```
 */
export const IMPORTANCE_TYPES: readonly ImportanceType[] = ['weight', 'gain', 'cover', 'total_gain', 'total_cover'];

/**
 * Per-feature importance of `model`, length `model.nFeatures` (index j = feature j; 0 for features no split uses).
 * With `c_j` = number of split nodes on feature j, `G_j` = sum of their gains and `H_j` = sum of their covers:
 * `weight = c_j`, `total_gain = G_j`, `gain = G_j / max(1, c_j)`, `total_cover = H_j`, `cover = H_j / max(1, c_j)`.
 * These are XGBoost's `get_score` values (which omits the zero entries; see {@link importanceScores}).
 * Throws `InvalidParameterError` (code `'INVALID_PARAMETER'`) for an unknown type.
 *
 * Reference: XGBoost `GBTree::FeatureScore` (`src/gbm/gbtree.h`), `Booster.get_score` documentation.
 *
 * @example
 * ```ts
 * // One tree: root splits on x1 (gain 4, cover 10), its left child on x0 (gain 1, cover 6).
 * featureImportance(model, 'total_gain') // Float64Array [1, 4]
 * featureImportance(model, 'cover')      // Float64Array [6, 10]
 * ```
 */
export function featureImportance(model: TreeEnsembleData, type: ImportanceType): Float64Array {
  if (!IMPORTANCE_TYPES.includes(type)) {
    throw new InvalidParameterError('importance type', `${JSON.stringify(type)} is not one of ${IMPORTANCE_TYPES.join(', ')}`);
  }
  const M = model.nFeatures;
  const count = new Float64Array(M);
  const sum = new Float64Array(M);
  const { feature, gain, cover } = model;
  const stat = type === 'gain' || type === 'total_gain' ? gain : type === 'weight' ? undefined : cover;
  for (let n = 0; n < feature.length; n++) {
    const f = feature[n]!;
    if (f < 0) continue;
    count[f]!++;
    if (stat) sum[f] = sum[f]! + stat[n]!;
  }
  if (type === 'weight') return count;
  if (type === 'gain' || type === 'cover') for (let j = 0; j < M; j++) sum[j] = sum[j]! / Math.max(1, count[j]!);
  return sum;
}

/**
 * {@link featureImportance} as XGBoost's `get_score` returns it: an object keyed by feature name
 * (`model.featureNames[j]`, else `f{j}`) with only the features that some split uses, in feature order.
 *
 * @example
 * ```ts
 * importanceScores(model, 'weight') // { f0: 3, f2: 1 }  (like bst.get_score(importance_type='weight'))
 * ```
 */
export function importanceScores(model: TreeEnsembleData, type: ImportanceType): Record<string, number> {
  const values = featureImportance(model, type);
  const used = featureImportance(model, 'weight');
  const out: Record<string, number> = {};
  for (let j = 0; j < model.nFeatures; j++) {
    if (used[j]! > 0) out[model.featureNames?.[j] ?? `f${j}`] = values[j]!;
  }
  return out;
}

/**
 * Mean absolute SHAP value of each feature over the rows of X (the global importance of SHAP summary plots):
 * `I[k, j] = (1 / rows) * sum_r |phi[r, k, j]|` with phi the exact TreeSHAP contributions of {@link treeShap}.
 * The result is class-major, length `numClass * nFeatures`: class k's values at `k * nFeatures .. (k + 1) * nFeatures - 1`
 * (just `nFeatures` values for binary and regression models). The bias column is not included. An empty X gives zeros.
 *
 * Reference: S. M. Lundberg et al. (2020), "From local explanations to global understanding with explainable AI for
 * trees", Nature Machine Intelligence 2, 56-67 (SHAP feature importance).
 *
 * @example
 * ```ts
 * const imp = meanAbsShap(model, X)                      // Float64Array, length model.nFeatures
 * const top = [...imp.keys()].sort((a, b) => imp[b]! - imp[a]!).slice(0, 10)
 * ```
 */
export function meanAbsShap(model: TreeEnsembleData, X: Matrix): Float64Array {
  const phi = treeShap(model, X);
  const M = model.nFeatures, K = model.numClass, width = M + 1;
  const out = new Float64Array(K * M);
  const data = phi.data;
  for (let r = 0; r < phi.rows; r++) {
    const o = r * phi.cols;
    for (let k = 0; k < K; k++) for (let j = 0; j < M; j++) out[k * M + j] = out[k * M + j]! + Math.abs(data[o + k * width + j]!);
  }
  if (phi.rows > 0) for (let i = 0; i < out.length; i++) out[i] = out[i]! / phi.rows;
  return out;
}
