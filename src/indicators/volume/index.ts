import type { IndicatorDefinition } from '../types.js';

/** Volume indicators implemented in this folder. */
export const VOLUME_INDICATORS: readonly IndicatorDefinition[] = [];
