import type { IndicatorDefinition } from '../types.js';

/** Cycle indicators implemented in this folder. */
export const CYCLE_INDICATORS: readonly IndicatorDefinition[] = [];
