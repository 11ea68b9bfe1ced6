/**
 * `@alpha-v4/core/pipeline`: from candles to a stored, calibrated, sized prediction. `predict` and `batchPredict`
 * (live features from the store, the active ensemble, calibration, sizing), the hot-swap model registry, the
 * market-model trainer (one ensemble per horizon), live evaluation, A/B against the legacy `alpha` schema, the
 * promotion gate and weekly SHAP importance. Works over any {@link AlphaStore} (PGlite, PostgreSQL, Supabase).
 * @module
 */
export { BatchPredictError, PipelineError, type BatchFailure, type PipelineErrorCode } from './errors.js';
export { DEFAULT_MARKETS, type Market, type Prediction } from './types.js';
export { latestFeatureRow, type LiveFeatureOptions, type LiveFeatureRow } from './live-features.js';
export { predict, predictHorizons, type PredictHorizonsOptions, type PredictOptions } from './predict.js';
export { batchPredict, type BatchPredictOptions, type BatchPredictResult } from './batch.js';
export { createModelRegistry, type FailedVersion, type ModelRegistry, type ModelRegistryOptions, type ModelStatus, type Served } from './registry.js';
export { decodeServableModel, loadServableModel, SERVABLE_FORMATS, verifyChecksum, type HorizonScore, type ServableLoadOptions, type ServableModel } from './model-codec.js';
export { HORIZONS_BINARY_MAGIC, HORIZONS_BINARY_VERSION, HORIZONS_FORMAT, horizonsFromBinary, horizonsToBinary, type HorizonModel } from './horizons.js';
export { marketDatasets, trainMarketModel, type HorizonDataset, type HorizonMetrics, type MarketTrainingOptions, type TrainedMarketModel } from './train.js';
export { evaluatePredictions, resolveAndEvaluate, DEFAULT_CONFIDENCE_THRESHOLD, type ConfidentMetrics, type EvaluationQuery, type LiveEvaluation, type LiveMetrics, type ResolveAndEvaluateQuery } from './evaluation.js';
export { annualisedSharpe, isCorrect } from './scoring.js';
export { mcnemarExact } from './mcnemar.js';
export { compareWithLegacy, DEFAULT_AB_TEST_NAME, type AbTestResult, type CompareWithLegacyOptions } from './ab-test.js';
export { DEFAULT_LEGACY_COLUMNS, DEFAULT_LEGACY_TABLE, type LegacyColumns, type LegacySourceOptions } from './legacy-source.js';
export {
  decidePromotion,
  promotionStatus,
  resolvePromotionRule,
  type DailyCount,
  type DayReason,
  type PromotionDay,
  type PromotionDecision,
  type PromotionRule,
  type PromotionStatus,
  type ResolvedPromotionRule,
} from './promotion.js';
export { computeFeatureImportance, type FeatureImportanceOptions, type FeatureImportanceResult, type ImportanceRow, type SkippedMarket } from './importance.js';
export { decodeServableModelSync } from './model-codec.js';
export { horizonsFromBinarySync } from './horizons.js';
