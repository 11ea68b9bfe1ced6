import type { IndicatorDefinition } from '../types.js';
import { APO } from './apo.js';
import { PPO } from './ppo.js';
import { MACD } from './macd.js';
import { MACDEXT } from './macdext.js';
import { MACDFIX } from './macdfix.js';
import { STOCH } from './stoch.js';
import { STOCHF } from './stochf.js';
import { STOCHRSI } from './stochrsi.js';
import { TRIX } from './trix.js';

export * from './apo.js';
export * from './ppo.js';
export * from './macd.js';
export * from './macdext.js';
export * from './macdfix.js';
export * from './stoch.js';
export * from './stochf.js';
export * from './stochrsi.js';
export * from './trix.js';

/** Momentum indicators built on moving averages: APO, PPO, MACD, MACDEXT, MACDFIX, STOCH, STOCHF, STOCHRSI, TRIX. */
export const MA_MOMENTUM_INDICATORS: readonly IndicatorDefinition[] = [APO, PPO, MACD, MACDEXT, MACDFIX, STOCH, STOCHF, STOCHRSI, TRIX];
