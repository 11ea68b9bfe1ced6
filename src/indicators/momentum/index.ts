import type { IndicatorDefinition } from '../types.js';
import { RSI } from './rsi.js';
import { ADX } from './adx.js';
import { ADXR } from './adxr.js';
import { DX } from './dx.js';
import { PLUS_DI } from './plus-di.js';
import { MINUS_DI } from './minus-di.js';
import { PLUS_DM } from './plus-dm.js';
import { MINUS_DM } from './minus-dm.js';
import { AROON } from './aroon.js';
import { AROONOSC } from './aroon-osc.js';
import { BOP } from './bop.js';
import { CCI } from './cci.js';
import { CMO } from './cmo.js';
import { IMI } from './imi.js';
import { MFI } from './mfi.js';
import { MOM } from './mom.js';
import { ROC } from './roc.js';
import { ROCP } from './rocp.js';
import { ROCR } from './rocr.js';
import { ROCR100 } from './rocr100.js';
import { ULTOSC } from './ult-osc.js';
import { WILLR } from './willr.js';
import { APO } from './apo.js';
import { PPO } from './ppo.js';
import { MACD } from './macd.js';
import { MACDEXT } from './macdext.js';
import { MACDFIX } from './macdfix.js';
import { STOCH } from './stoch.js';
import { STOCHF } from './stochf.js';
import { STOCHRSI } from './stochrsi.js';
import { TRIX } from './trix.js';

/** Momentum indicators of this folder that are not built on moving averages (those: {@link MA_MOMENTUM_INDICATORS}). */
export const MOMENTUM_INDICATORS: readonly IndicatorDefinition[] = [
  RSI,
  ADX,
  ADXR,
  DX,
  PLUS_DI,
  MINUS_DI,
  PLUS_DM,
  MINUS_DM,
  AROON,
  AROONOSC,
  BOP,
  CCI,
  CMO,
  IMI,
  MFI,
  MOM,
  ROC,
  ROCP,
  ROCR,
  ROCR100,
  ULTOSC,
  WILLR,
];

/** Momentum indicators built on moving averages: APO, PPO, MACD, MACDEXT, MACDFIX, STOCH, STOCHF, STOCHRSI, TRIX. */
export const MA_MOMENTUM_INDICATORS: readonly IndicatorDefinition[] = [APO, PPO, MACD, MACDEXT, MACDFIX, STOCH, STOCHF, STOCHRSI, TRIX];
