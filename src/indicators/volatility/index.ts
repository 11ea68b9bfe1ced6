import type { IndicatorDefinition } from '../types.js';

/** Volatility indicators implemented in this folder. */
export const VOLATILITY_INDICATORS: readonly IndicatorDefinition[] = [];
