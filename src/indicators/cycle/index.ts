import type { IndicatorDefinition } from '../types.js';
import { MAMA } from '../overlap/mama.js';

export * from '../overlap/mama.js';

/** Cycle indicators implemented in this folder, plus Ehlers' Hilbert-based overlap studies (MAMA, HT_TRENDLINE) that share its kernel. */
export const CYCLE_INDICATORS: readonly IndicatorDefinition[] = [MAMA];
