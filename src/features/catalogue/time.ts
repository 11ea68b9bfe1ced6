import type { FeatureDef } from '../types.js';

/** time features. */
export const TIME_FEATURES: readonly FeatureDef[] = [];
