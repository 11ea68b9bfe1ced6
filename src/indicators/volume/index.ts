import type { IndicatorDefinition } from '../types.js';
import { AD } from './ad.js';
import { ADOSC } from './adosc.js';
import { OBV } from './obv.js';

/** Volume indicators implemented in this folder. */
export const VOLUME_INDICATORS: readonly IndicatorDefinition[] = [AD, ADOSC, OBV];
