import type { IndicatorDefinition } from '../types.js';

/** Statistic indicators implemented in this folder. */
export const STATISTIC_INDICATORS: readonly IndicatorDefinition[] = [];
