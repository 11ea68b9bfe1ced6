import type { FeatureDef } from '../types.js';

/** heikin-ashi features. */
export const HEIKIN_ASHI_FEATURES: readonly FeatureDef[] = [];
