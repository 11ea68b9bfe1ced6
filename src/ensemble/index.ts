/**
 * `@alpha-v4/core/ensemble`: gradient-boosted trees (the shared {@link TreeEnsembleModel}, XGBoost and LightGBM
 * interop, serialization, training, TreeSHAP). Runtime-agnostic: no `node:` imports.
 * @module
 */
export * from './gbdt/errors.js';
export * from './gbdt/model.js';
export { expf, fma, logf, sigmoid32, softmax32InPlace } from './gbdt/float32.js';
export { loadXGBoostModel, toXGBoostJSON, xgbLogit, float32ToString, type XGBoostExportOptions } from './gbdt/xgboost.js';
export { parseUBJSON, type UBJValue } from './gbdt/ubjson.js';
export { loadLightGBMModel, toLightGBMText, xgboostThresholdAsLightGBM, type LightGBMExportOptions } from './gbdt/lightgbm.js';
export { modelToJSON, modelFromJSON, modelToBinary, modelFromBinary, crc32, MODEL_JSON_FORMAT, MODEL_JSON_VERSION, MODEL_BINARY_MAGIC, MODEL_BINARY_VERSION } from './gbdt/serialize.js';
export { treeShap, expectedValue } from './gbdt/treeshap.js';
export { featureImportance, importanceScores, meanAbsShap, IMPORTANCE_TYPES, type ImportanceType } from './gbdt/importance.js';
export { trainGBDT, resolveGBDTParams, GBDTModel, GBDT_PARAM_ALIASES, type GBDTParams, type ResolvedGBDTParams, type GBDTProgress, type GBDTEvalSet, type TrainObjective, type GrowPolicy, type EvalMetric } from './gbdt/train.js';
export { binDataset, fitBinMapper, isBinnedDataset, BinMapper, type BinnedDataset, type BinningOptions, type BinMapperJSON } from './gbdt/binning.js';
export { GBDTInputError, type GBDTInputErrorCode, type GBDTInputErrorDetails } from './gbdt/train-errors.js';
