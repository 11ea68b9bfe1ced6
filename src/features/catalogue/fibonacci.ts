import type { FeatureDef } from '../types.js';

/** fibonacci features. */
export const FIBONACCI_FEATURES: readonly FeatureDef[] = [];
