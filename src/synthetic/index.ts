/**
 * Cross-asset ("synthetic") features: aligning several symbols' candles on one time grid, and the `syn_*` features
 * (pairwise log-return correlations named as the seed system names them, beta to the leader, relative strength,
 * log-price spread z-scores, the peers' lagged returns, basket dispersion) with their O(1) rolling kernels.
 * The features are computed through the feature engine: `computeFeatures(candles, { symbol, peers })`.
 */
export { alignCandles, type AlignedCandles, type AlignOptions, type AlignPolicy } from './align.js';
export { MissingPeerError, TimeframeMismatchError, UnknownSymbolError } from './errors.js';
export {
  SYNTHETIC_DEFAULTS,
  SYNTHETIC_GROUP,
  parseSyntheticName,
  symbolSlug,
  syntheticFeature,
  syntheticFeatures,
  type SyntheticContext,
  type SyntheticName,
  type SyntheticOptions,
} from './features.js';
export { coMomentsKernel, logReturnKernel, logSpreadKernel, zScoreKernel } from './kernels.js';
export { CoMomentsStream, ZScoreStream, rollingBeta, rollingCorrelation, rollingZScore } from './rolling.js';
