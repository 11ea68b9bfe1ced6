/**
 * `@alpha-v4/core/labels`: direction labels (fixed horizon, triple barrier, meta), rolling volatility, purged
 * walk-forward and k-fold splits, and the lookahead proof.
 * @module
 */
export { LabelError, LookaheadError } from './errors.js';
export { fixedHorizonLabels, type FixedHorizonOptions, type DirectionLabels } from './fixed-horizon.js';
export { tripleBarrierLabels, metaLabels, type TripleBarrierOptions, type TripleBarrierLabels } from './triple-barrier.js';
export { rollingVolatility } from './volatility.js';
export { walkForwardSplits, purgedKFoldSplits, holdoutSplit, type Split, type PurgeOptions, type WalkForwardOptions, type PurgedKFoldOptions } from './validation.js';
export { assertNoLookahead } from './leakage.js';
