import type { IndicatorDefinition } from '../types.js';
import { BETA } from './beta.js';
import { CORREL } from './correl.js';
import { LINEARREG } from './linearreg.js';
import { LINEARREG_ANGLE } from './linearreg-angle.js';
import { LINEARREG_INTERCEPT } from './linearreg-intercept.js';
import { LINEARREG_SLOPE } from './linearreg-slope.js';
import { STDDEV } from './stddev.js';
import { TSF } from './tsf.js';
import { VAR } from './var.js';

/** Statistic indicators implemented in this folder. */
export const STATISTIC_INDICATORS: readonly IndicatorDefinition[] = [BETA, CORREL, LINEARREG, LINEARREG_ANGLE, LINEARREG_INTERCEPT, LINEARREG_SLOPE, STDDEV, TSF, VAR];
