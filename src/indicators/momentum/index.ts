import type { IndicatorDefinition } from '../types.js';
import { RSI } from './rsi.js';

export * from './rsi.js';

/** Momentum indicators implemented in this folder (except the MA-based ones, see ./ma-based.ts). */
export const MOMENTUM_INDICATORS: readonly IndicatorDefinition[] = [RSI];
