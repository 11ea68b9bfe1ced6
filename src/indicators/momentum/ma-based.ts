import type { IndicatorDefinition } from '../types.js';

/** Momentum indicators built on moving averages: APO, PPO, MACD, MACDEXT, MACDFIX, STOCH, STOCHF, STOCHRSI, TRIX. */
export const MA_MOMENTUM_INDICATORS: readonly IndicatorDefinition[] = [];
