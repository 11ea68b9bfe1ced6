import type { IndicatorDefinition } from '../types.js';
import { AVGPRICE } from './avgprice.js';
import { AVGDEV } from './avgdev.js';
import { MEDPRICE } from './medprice.js';
import { TYPPRICE } from './typprice.js';
import { WCLPRICE } from './wclprice.js';

/** Price indicators implemented in this folder. */
export const PRICE_INDICATORS: readonly IndicatorDefinition[] = [AVGPRICE, AVGDEV, MEDPRICE, TYPPRICE, WCLPRICE];
