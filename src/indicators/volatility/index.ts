import type { IndicatorDefinition } from '../types.js';
import { ATR } from './atr.js';
import { NATR } from './natr.js';
import { TRANGE } from './trange.js';

/** Volatility indicators implemented in this folder: ATR, NATR, TRANGE. */
export const VOLATILITY_INDICATORS: readonly IndicatorDefinition[] = [ATR, NATR, TRANGE];
