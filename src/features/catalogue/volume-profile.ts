import type { FeatureDef } from '../types.js';

/** volume-profile features. */
export const VOLUME_PROFILE_FEATURES: readonly FeatureDef[] = [];
