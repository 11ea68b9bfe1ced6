import type { IndicatorDefinition } from '../types.js';
import { SMA } from './sma.js';
import { EMA } from './ema.js';
import { WMA } from './wma.js';
import { DEMA } from './dema.js';
import { TEMA } from './tema.js';
import { TRIMA } from './trima.js';
import { KAMA } from './kama.js';
import { T3 } from './t3.js';
import { MA } from './ma.js';

export * from './sma.js';
export * from './ema.js';
export * from './wma.js';
export * from './dema.js';
export * from './tema.js';
export * from './trima.js';
export * from './kama.js';
export * from './t3.js';
export * from './ma.js';

/** Overlap studies implemented in this folder. */
export const OVERLAP_INDICATORS: readonly IndicatorDefinition[] = [SMA, EMA, WMA, DEMA, TEMA, TRIMA, KAMA, T3, MA];
