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
import { MAVP } from './mavp.js';
import { BBANDS } from './bbands.js';
import { ACCBANDS } from './accbands.js';
import { MIDPOINT } from './midpoint.js';
import { MIDPRICE } from './midprice.js';
import { SAR } from './sar.js';
import { SAREXT } from './sarext.js';

/** Overlap studies implemented in this folder (MAMA and HT_TRENDLINE are registered with the cycle group). */
export const OVERLAP_INDICATORS: readonly IndicatorDefinition[] = [
  SMA,
  EMA,
  WMA,
  DEMA,
  TEMA,
  TRIMA,
  KAMA,
  T3,
  MA,
  MAVP,
  BBANDS,
  ACCBANDS,
  MIDPOINT,
  MIDPRICE,
  SAR,
  SAREXT,
];
