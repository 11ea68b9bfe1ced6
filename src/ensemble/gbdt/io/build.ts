/**
 * The last step of every model reader: build the {@link TreeEnsembleModel} from the parsed arrays and report a
 * structural fault in the reader's own format.
 *
 * @module
 */
import { ModelFormatError, type ModelFormat } from '../../errors.js';
import { TreeEnsembleModel } from '../model.js';
import type { TreeEnsembleInit } from '../trees.js';

/**
 * `new TreeEnsembleModel(init)`, with a `ModelFormatError` of the model's validation re-thrown under `format`
 * (keeping the field or node it names), so the caller learns which file was at fault.
 *
 * @example
 * ```ts
 * buildModel({ ...parsed, treeStart: Int32Array.of(0, 99) }, 'lightgbm-text')
 * // throws ModelFormatError: lightgbm-text: treeStart: model: treeStart: must start at 0 and end at numNodes (...)
 * ```
 */
export function buildModel(init: TreeEnsembleInit, format: ModelFormat): TreeEnsembleModel {
  try {
    return new TreeEnsembleModel(init);
  } catch (e) {
    if (e instanceof ModelFormatError) throw new ModelFormatError(format, e.where, e.message);
    throw e;
  }
}
