/**
 * `@alpha-v4/core/features`: the feature catalogue (single-asset and cross-asset `syn_*` entries), batch
 * computation (`computeFeatures`), live streams (`createFeatureStream`), frames over stored or computed columns
 * (`featureFrame`), and the kernels and builders catalogue entries are made of. Parallel computation on worker
 * threads is in `@alpha-v4/core/node`.
 */
export type {
  CalendarPeriod,
  ColumnKey,
  FeatureDef,
  FeatureFrame,
  FeatureOptions,
  FeatureScale,
  FeatureSpec,
  FeatureStream,
  Kernel,
  KernelStream,
  SerializedFeatureStream,
  TalibRef,
} from './types.js';
export { FEATURES, computeFeatures, createFeatureStream, restoreFeatureStream } from './compute.js';
export { featureFrame } from './frame.js';
export { featureLookback } from './lookback.js';
export { col, peerColumn } from './columns.js';
export { indicatorColumn, ratioToClose, talibFeature } from './build.js';
export { indicatorKernel } from './kernels/indicator.js';
export { lagKernel } from './kernels/lag.js';
export { rollingExtremeKernel } from './kernels/rolling-extreme.js';
export { MissingPeerError, UnknownSymbolError } from './errors.js';

// Cross-asset features (formerly exported from @alpha-v4/core/synthetic, which still re-exports them).
export { SYNTHETIC_DEFAULTS, SYNTHETIC_GROUP, syntheticFeature, syntheticFeatures, type SyntheticContext, type SyntheticOptions } from './catalogue/cross-asset.js';
export { parseSyntheticName, symbolSlug, type SyntheticName } from './catalogue/cross-asset-names.js';
export { coMomentsKernel, logReturnKernel, logSpreadKernel, zScoreKernel } from './kernels/cross-asset.js';
