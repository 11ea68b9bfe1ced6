import type { FeatureDef } from '../types.js';

/** candle features. */
export const CANDLE_FEATURES: readonly FeatureDef[] = [];
