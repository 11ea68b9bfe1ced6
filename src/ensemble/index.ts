/**
 * `@alpha-v4/core/ensemble`: gradient-boosted trees (the shared {@link TreeEnsembleModel}, XGBoost and LightGBM
 * interop, our JSON and binary formats, training, TreeSHAP, importance), the MLP (`trainMLP`, {@link MLPModel}, its
 * JSON and binary formats), ONNX (export with `toONNX`, any ONNX binary classifier run by `createONNXModel`), and
 * the ensemble (every member behind one {@link Model} interface, `trainEnsemble`, {@link Ensemble}, the checksummed
 * artifact). Runtime-agnostic: no `node:` imports.
 * @module
 */
export {
  CorruptModelError,
  EnsembleMembersError,
  FeatureMismatchError,
  GBDTInputError,
  ModelFormatError,
  UnsupportedModelError,
  type CorruptReason,
  type GBDTInputErrorCode,
  type GBDTInputErrorDetails,
  type ModelFormat,
} from './errors.js';
export {
  GBDT_OBJECTIVES,
  MISSING_NAN,
  MISSING_NONE,
  MISSING_ZERO,
  SPLIT_LIGHTGBM_CATEGORICAL,
  SPLIT_LIGHTGBM_NUMERIC,
  SPLIT_XGBOOST,
  type GBDTObjective,
  type IndexMatrix,
  type LeafNumbering,
  type SumMode,
  type TreeEnsembleData,
  type TreeEnsembleInit,
} from './gbdt/trees.js';
export { TreeEnsembleModel } from './gbdt/model.js';
export { transformInPlace } from './gbdt/predict.js';
export { expf, fma, logf, sigmoid32, softmax32InPlace, xgbLogit } from './gbdt/float32.js';
export { treeShap, expectedValue, MAX_SHAP_DEPTH } from './gbdt/treeshap.js';
export { featureImportance, importanceScores, meanAbsShap, IMPORTANCE_TYPES, type ImportanceType } from './gbdt/importance.js';
export { binDataset, fitBinMapper, isBinnedDataset, BinMapper, type BinnedDataset, type BinningOptions, type BinMapperJSON } from './gbdt/binning.js';
export {
  GBDT_PARAM_ALIASES,
  resolveGBDTParams,
  type EvalMetric,
  type GBDTEvalSet,
  type GBDTParams,
  type GBDTProgress,
  type GrowPolicy,
  type ResolvedGBDTParams,
  type TrainObjective,
} from './gbdt/train/params.js';
export { trainGBDT } from './gbdt/train/boost.js';
export { GBDTModel } from './gbdt/train/gbdt-model.js';
export { loadXGBoostModel } from './gbdt/io/xgboost.js';
export { toXGBoostJSON, float32ToString, type XGBoostExportOptions } from './gbdt/io/xgboost-export.js';
export { parseUBJSON, type UBJValue } from './gbdt/io/ubjson.js';
export { loadLightGBMModel } from './gbdt/io/lightgbm.js';
export { toLightGBMText, xgboostThresholdAsLightGBM, type LightGBMExportOptions } from './gbdt/io/lightgbm-export.js';
export { modelToJSON, modelFromJSON, MODEL_JSON_FORMAT, MODEL_JSON_VERSION } from './gbdt/io/model-json.js';
export { modelToBinary, modelFromBinary, MODEL_BINARY_MAGIC, MODEL_BINARY_VERSION } from './gbdt/io/model-binary.js';
export { crc32 } from './gbdt/io/crc32.js';
export { MAX_MODEL_FEATURES, MAX_NESTING } from './gbdt/io/bounded.js';
export type { DenseActivation, DenseLayer, MLPModelData, MLPObjective, MLPScaler } from './mlp/types.js';
export { trainMLP } from './mlp/train.js';
export { MLPModel, type MLPTraining } from './mlp/model.js';
export { resolveMLPParams, type GemmBackend, type MLPEvalSet, type MLPParams, type MLPProgress, type ResolvedMLPParams } from './mlp/params.js';
export { mlpToJSON, mlpFromJSON, MLP_JSON_FORMAT, MLP_JSON_VERSION } from './mlp/json.js';
export { mlpToBinary, mlpFromBinary, MLP_BINARY_MAGIC, MLP_BINARY_VERSION } from './mlp/binary.js';
export { toONNX, ONNX_FEATURE_NAMES_KEY, ONNX_PRODUCER } from './onnx/to-onnx.js';
export { readONNXModel, type ONNXModelInfo, type ONNXValueInfo } from './onnx/onnx-read.js';
export type { ONNXModelHeader } from './onnx/onnx-proto.js';
export { onnxSignature, type ONNXSignature } from './onnx/signature.js';
export { createONNXModel, type ONNXBinaryModel, type ONNXModelOptions } from './onnx/onnx-model.js';
export {
  loadONNXRuntime,
  ONNX_RUNTIME_NAMES,
  type ONNXRuntime,
  type ONNXRuntimeImporter,
  type ONNXRuntimeName,
  type ONNXSessionLike,
  type ONNXTensorConstructor,
  type ONNXTensorLike,
} from './onnx/runtime.js';
export { MODEL_KINDS, mlpMember, onnxMember, treeKind, treeMember, type MemberOptions, type Model, type ModelKind, type TreeKind } from './model.js';
export { checkFeatureNames, featureNameDiff, type FeatureMove, type FeatureNameDiff, type FeaturePosition } from './feature-names.js';
export {
  combineRows,
  fitCombination,
  memberShares,
  type CombinedRows,
  type Combination,
  type CombineMethod,
  type StackingCombination,
  type WeightsCombination,
} from './combine/combination.js';
export { fitSimplexWeights, type SimplexWeightOptions, type SimplexWeights } from './combine/weights.js';
export { fitStacking, type StackingFit } from './combine/stacking.js';
export { Ensemble, type EnsembleOptions, type EnsemblePrediction, type MemberPrediction, type MemberStatus, type TrainingWindow } from './ensemble.js';
export { modelMetrics, type EnsembleReport, type Interval, type MemberReport, type ModelMetrics } from './metrics.js';
export { trainEnsemble, type OutOfFold, type TrainedEnsemble } from './training/train.js';
export type { EnsembleDataset } from './training/dataset.js';
export {
  ENSEMBLE_STAGES,
  type EnsembleConfig,
  type EnsembleStage,
  type MemberSpec,
  type MLPMemberSpec,
  type TreeMemberSpec,
  type WalkForwardConfig,
} from './training/config.js';
export { ensembleToBinary } from './artifact/write.js';
export { ensembleFromBinary, ensembleInfo, type EnsembleLoadOptions } from './artifact/read.js';
export { ENSEMBLE_BINARY_MAGIC, ENSEMBLE_BINARY_VERSION, LIBRARY_VERSION, type EnsembleHeader, type MemberEntry } from './artifact/format.js';
export { ensembleFromBinarySync } from './artifact/read.js';
