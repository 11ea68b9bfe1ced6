import type { FeatureDef } from '../types.js';
import { CANDLE_FEATURES } from './candle.js';
import { TALIB_FEATURES } from './talib.js';
import { ICHIMOKU_FEATURES } from './ichimoku.js';
import { FIBONACCI_FEATURES } from './fibonacci.js';
import { PIVOTS_FEATURES } from './pivots.js';
import { VOLUME_PROFILE_FEATURES } from './volume-profile.js';
import { HEIKIN_ASHI_FEATURES } from './heikin-ashi.js';
import { TIME_FEATURES } from './time.js';
import { PATTERN_FEATURES } from './patterns.js';

/** Every single-asset feature definition, in catalogue order (cross-asset ones: SYNTHETIC_FEATURE_DEFS in ./cross-asset.ts, built per symbol by featureDefsFor). */
export const FEATURE_DEFS: readonly FeatureDef[] = [
  ...CANDLE_FEATURES,
  ...TALIB_FEATURES,
  ...ICHIMOKU_FEATURES,
  ...FIBONACCI_FEATURES,
  ...PIVOTS_FEATURES,
  ...VOLUME_PROFILE_FEATURES,
  ...HEIKIN_ASHI_FEATURES,
  ...TIME_FEATURES,
  ...PATTERN_FEATURES,
];
