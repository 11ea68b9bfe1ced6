import type { FeatureDef } from '../types.js';

/** pivots features. */
export const PIVOTS_FEATURES: readonly FeatureDef[] = [];
