/**
 * {@link Model}: the one interface of an ensemble member, whatever computes it: our GBDT (depth-wise or leaf-wise),
 * a loaded XGBoost or LightGBM model, our MLP or an ONNX binary classifier. Prediction is asynchronous because
 * ONNX runtimes are; the adapters here wrap the synchronous models so that an ensemble awaits every member alike,
 * and give the tree and MLP members their synchronous prediction too (`predictProbaSync`, for runtimes that cannot
 * await, such as plv8).
 *
 * @module
 */
import { InvalidParameterError } from '../core/errors.js';
import type { Matrix } from '../core/types.js';
import { checkFeatureNames, checkNameList } from './feature-names.js';
import type { TreeEnsembleModel } from './gbdt/model.js';
import { modelToBinary } from './gbdt/io/model-binary.js';
import { GBDTModel } from './gbdt/train/gbdt-model.js';
import { mlpToBinary } from './mlp/binary.js';
import type { MLPModel } from './mlp/model.js';
import { createONNXModel, type ONNXModelOptions } from './onnx/onnx-model.js';

/**
 * What computes a member: `'gbdt-depthwise'` and `'gbdt-leafwise'` (trained here, XGBoost-style and
 * LightGBM-style growth), `'xgboost'` and `'lightgbm'` (loaded tree models), `'mlp'`, `'onnx'`, or `'custom'` (a
 * {@link Model} written by the caller: it predicts in an ensemble but cannot be saved in an artifact).
 */
export type ModelKind = 'gbdt-depthwise' | 'gbdt-leafwise' | 'xgboost' | 'lightgbm' | 'mlp' | 'onnx' | 'custom';

/** The tree kinds of {@link ModelKind}: every one is a `TreeEnsembleModel`, saved with `modelToBinary`. */
export type TreeKind = 'gbdt-depthwise' | 'gbdt-leafwise' | 'xgboost' | 'lightgbm';

/**
 * The kinds in a fixed order (the artifact names them).
 *
 * @example
 * ```ts
 * MODEL_KINDS.includes('onnx') // => true
 * ```
 */
export const MODEL_KINDS: readonly ModelKind[] = ['gbdt-depthwise', 'gbdt-leafwise', 'xgboost', 'lightgbm', 'mlp', 'onnx', 'custom'];

/**
 * A binary classifier as an ensemble member: a name, a kind, its features, and P(y = 1) per row.
 *
 * `predictProba` may throw or return NaN or values outside [0, 1]; the ensemble reports such a member and leaves it
 * out (see `Ensemble.predict`). `predictProbaSync`, when present, computes the same values synchronously (tree and
 * MLP members have it, ONNX members do not: see `Ensemble.predictSync`). `toBinary` (absent for `'custom'` members)
 * gives the bytes the artifact stores; `release` frees what the member holds (an ONNX session).
 *
 * @example
 * ```ts
 * const member = treeMember(trainGBDT(X, y), { name: 'xgb', featureNames })
 * member.kind                      // => 'gbdt-depthwise'
 * await member.predictProba(Xtest) // => Float64Array of Xtest.rows probabilities
 * member.predictProbaSync!(Xtest)  // => the same values, synchronously
 * ```
 */
export interface Model {
  /** Unique within an ensemble: it names the member in reports, weights and errors. */
  readonly name: string;
  readonly kind: ModelKind;
  /** Feature names in column order, when known. */
  readonly featureNames: readonly string[] | undefined;
  /** Number of columns X must have, when known (an ONNX file may leave it symbolic). */
  readonly nFeatures: number | undefined;
  /** P(y = 1) for each row of X. */
  predictProba(X: Matrix): Promise<Float64Array>;
  /** The same values as `predictProba`, computed synchronously; absent for members that predict only asynchronously (ONNX). */
  predictProbaSync?(X: Matrix): Float64Array;
  /** The member's own serialized form (tree binary, MLP binary, ONNX bytes), for the ensemble artifact. */
  toBinary?(): Uint8Array;
  /** Frees resources; the member cannot predict afterwards. */
  release?(): Promise<void>;
}

/** Options of the member adapters. */
export interface MemberOptions {
  /** The member's name (non-empty). */
  readonly name: string;
  /** Feature names in column order: needed when the model does not store them, and equal to them when it does. */
  readonly featureNames?: readonly string[];
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || name === '') throw new InvalidParameterError('options.name', 'a member needs a non-empty name');
  return name;
}

/** The member's feature names: the model's own, else the given ones; both present must agree (FeatureMismatchError). */
function namesOf(stored: readonly string[] | undefined, given: readonly string[] | undefined, cols: number | undefined): readonly string[] | undefined {
  const checked = given === undefined ? undefined : checkNameList(given, 'options.featureNames');
  if (stored !== undefined && checked !== undefined) checkFeatureNames(stored, checked, 'options.featureNames');
  const names = stored ?? checked;
  if (names !== undefined && cols !== undefined && names.length !== cols) {
    throw new InvalidParameterError('options.featureNames', `has ${names.length} names, the model has ${cols} features`);
  }
  return names;
}

/**
 * The kind of a tree model: our trained `GBDTModel` by its growth policy, a loaded model by its leaf numbering
 * (LightGBM numbers leaves per tree, XGBoost by node).
 *
 * @example
 * ```ts
 * treeKind(trainGBDT(X, y, { growPolicy: 'leafwise' })) // => 'gbdt-leafwise'
 * treeKind(loadLightGBMModel(text))                     // => 'lightgbm'
 * ```
 */
export function treeKind(model: TreeEnsembleModel): TreeKind {
  if (model instanceof GBDTModel) return model.params.growPolicy === 'leafwise' ? 'gbdt-leafwise' : 'gbdt-depthwise';
  return model.leafNumbering === 'leaf' ? 'lightgbm' : 'xgboost';
}

/**
 * A tree model (ours, XGBoost's or LightGBM's) as a {@link Model}. `kind` defaults to {@link treeKind}; a binary
 * logistic model is required (its `predictProba` throws otherwise, at the first prediction).
 *
 * @example
 * ```ts
 * const m = treeMember(loadXGBoostModel(json), { name: 'xgb', featureNames: ['rsi_14', 'atr_14'] })
 * [m.kind, m.nFeatures] // => ['xgboost', 2]
 * ```
 */
export function treeMember(model: TreeEnsembleModel, options: MemberOptions & { readonly kind?: TreeKind }): Model {
  const name = checkName(options.name);
  return {
    name,
    kind: options.kind ?? treeKind(model),
    featureNames: namesOf(model.featureNames, options.featureNames, model.nFeatures),
    nFeatures: model.nFeatures,
    predictProba: async (X) => model.predictProba(X),
    predictProbaSync: (X) => model.predictProba(X),
    toBinary: () => modelToBinary(model),
  };
}

/**
 * Our MLP as a {@link Model}.
 *
 * @example
 * ```ts
 * const m = mlpMember(trainMLP(X, y, { hiddenLayers: [16] }), { name: 'mlp', featureNames })
 * m.kind // => 'mlp'
 * ```
 */
export function mlpMember(model: MLPModel, options: MemberOptions): Model {
  const name = checkName(options.name);
  return {
    name,
    kind: 'mlp',
    featureNames: namesOf(model.featureNames, options.featureNames, model.nFeatures),
    nFeatures: model.nFeatures,
    predictProba: async (X) => model.predictProba(X),
    predictProbaSync: (X) => model.predictProba(X),
    toBinary: () => mlpToBinary(model),
  };
}

/**
 * An ONNX binary classifier as a {@link Model}, run by the runtime in `options.runtime` (see `createONNXModel`:
 * the same options, plus the member's name). The bytes are kept as they are for the artifact.
 *
 * @example
 * ```ts
 * import * as ort from 'onnxruntime-node'
 * const m = await onnxMember(toONNX(mlp), { name: 'mlp-onnx', runtime: ort })
 * [m.kind, m.featureNames] // => ['onnx', mlp.featureNames]
 * ```
 */
export async function onnxMember(bytes: Uint8Array, options: Omit<MemberOptions, 'featureNames'> & ONNXModelOptions): Promise<Model> {
  const { name, ...onnxOptions } = options;
  checkName(name);
  const kept = bytes.slice();
  const model = await createONNXModel(kept, onnxOptions);
  return {
    name,
    kind: 'onnx',
    featureNames: model.featureNames,
    nFeatures: model.nFeatures,
    predictProba: (X) => model.predictProba(X),
    toBinary: () => kept.slice(),
    release: () => model.release(),
  };
}
