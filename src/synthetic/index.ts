/**
 * `@alpha-v4/core/synthetic`: cross-asset mathematics. Aligning several symbols' candles on one time grid, and
 * rolling correlation, beta and z-score (O(1) updates, exact on constant windows) as batch functions and streams.
 * The cross-asset `syn_*` features built on them are in `@alpha-v4/core/features`:
 * `computeFeatures(candles, { symbol, peers })`.
 */
export { alignCandles, type AlignedCandles, type AlignOptions, type AlignPolicy } from './align.js';
export { TimeframeMismatchError } from './errors.js';
export { CoMomentsStream, ZScoreStream } from './moments.js';
export { rollingBeta, rollingCorrelation, rollingZScore } from './rolling.js';

// Compatibility: the cross-asset features, their kernels and errors moved to the features module. These re-exports
// (the same bindings) keep the old import path working; this entry file is the only place in synthetic/ that may
// name features/.

export {
  /** @deprecated Import from `@alpha-v4/core/features`. */
  MissingPeerError,
  /** @deprecated Import from `@alpha-v4/core/features`. */
  UnknownSymbolError,
} from '../features/errors.js';
export {
  /** @deprecated Import from `@alpha-v4/core/features`. */
  SYNTHETIC_DEFAULTS,
  /** @deprecated Import from `@alpha-v4/core/features`. */
  SYNTHETIC_GROUP,
  /** @deprecated Import from `@alpha-v4/core/features`. */
  syntheticFeature,
  /** @deprecated Import from `@alpha-v4/core/features`. */
  syntheticFeatures,
  /** @deprecated Import from `@alpha-v4/core/features`. */
  type SyntheticContext,
  /** @deprecated Import from `@alpha-v4/core/features`. */
  type SyntheticOptions,
} from '../features/catalogue/cross-asset.js';
export {
  /** @deprecated Import from `@alpha-v4/core/features`. */
  parseSyntheticName,
  /** @deprecated Import from `@alpha-v4/core/features`. */
  symbolSlug,
  /** @deprecated Import from `@alpha-v4/core/features`. */
  type SyntheticName,
} from '../features/catalogue/cross-asset-names.js';
export {
  /** @deprecated Import from `@alpha-v4/core/features`. */
  coMomentsKernel,
  /** @deprecated Import from `@alpha-v4/core/features`. */
  logReturnKernel,
  /** @deprecated Import from `@alpha-v4/core/features`. */
  logSpreadKernel,
  /** @deprecated Import from `@alpha-v4/core/features`. */
  zScoreKernel,
} from '../features/kernels/cross-asset.js';
