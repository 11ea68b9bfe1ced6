/**
 * PLACEHOLDER created by the interop helper so that model.ts compiles; the SHAP helper owns this file and
 * replaces it entirely (keep the exported names: `TreeEnsembleModel.importance` calls `featureImportance`).
 */
import { UnsupportedModelError } from './errors.js';
import type { TreeEnsembleModel } from './model.js';

/** Importance types, as in XGBoost `get_score(importance_type=...)`. */
export type ImportanceType = 'weight' | 'gain' | 'cover' | 'total_gain' | 'total_cover';

/** Per-feature importance of `model`, length `model.nFeatures`. */
export function featureImportance(model: TreeEnsembleModel, type: ImportanceType): Float64Array {
  void model;
  throw new UnsupportedModelError(`importance ${type}`, 'not implemented yet');
}
