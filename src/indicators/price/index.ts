import type { IndicatorDefinition } from '../types.js';

/** Price indicators implemented in this folder. */
export const PRICE_INDICATORS: readonly IndicatorDefinition[] = [];
