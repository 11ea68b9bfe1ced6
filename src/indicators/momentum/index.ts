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

export * from './rsi.js';
export * from './directional.js';
export * from './adx.js';
export * from './adxr.js';
export * from './dx.js';
export * from './plus-di.js';
export * from './minus-di.js';
export * from './plus-dm.js';
export * from './minus-dm.js';
export * from './extreme.js';
export * from './aroon.js';
export * from './aroon-osc.js';
export * from './bop.js';
export * from './cci.js';
export * from './cmo.js';
export * from './imi.js';
export * from './mfi.js';
export * from './rate-of-change.js';
export * from './mom.js';
export * from './roc.js';
export * from './rocp.js';
export * from './rocr.js';
export * from './rocr100.js';
export * from './ult-osc.js';
export * from './willr.js';

/** Momentum indicators implemented in this folder (except the MA-based ones, see ./ma-based.ts). */
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
