import type { FeatureDef } from '../types.js';

/** ichimoku features. */
export const ICHIMOKU_FEATURES: readonly FeatureDef[] = [];
