import type { IndicatorDefinition } from '../types.js';
import { SMA } from './sma.js';
import { EMA } from './ema.js';
import { MA } from './ma.js';

export * from './sma.js';
export * from './ema.js';
export * from './ma.js';

/** Overlap studies implemented in this folder. */
export const OVERLAP_INDICATORS: readonly IndicatorDefinition[] = [SMA, EMA, MA];
