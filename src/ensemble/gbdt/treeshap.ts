/**
 * PLACEHOLDER created by the interop helper so that model.ts compiles; the SHAP helper owns this file and
 * replaces it entirely (keep the exported signature: `TreeEnsembleModel.predictContributions` calls it).
 */
import type { Matrix } from '../../core/types.js';
import { UnsupportedModelError } from './errors.js';
import type { TreeEnsembleModel } from './model.js';

/**
 * Exact path-dependent TreeSHAP contributions, XGBoost `pred_contribs` layout:
 * rows x ((nFeatures + 1) * numClass), each class block = nFeatures contributions then the bias.
 */
export function treeShap(model: TreeEnsembleModel, X: Matrix): Matrix {
  void model;
  void X;
  throw new UnsupportedModelError('predictContributions', 'TreeSHAP is not implemented yet');
}
