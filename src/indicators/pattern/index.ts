/**
 * TA-Lib's candlestick pattern functions, one per file (`cdl<name>.ts`, TA-Lib's `ta_CDL<NAME>.c`): a spec
 * (`CandlePatternSpec`, ../kernels/candle-pattern.ts) and the batch function, stream class, definition and metadata
 * built from it. The candle settings are in ../kernels/candle-settings.ts, the rolling averages in
 * ../kernels/candle-averages.ts, the candle geometry in ../kernels/candle.ts.
 *
 * @module
 */
import type { IndicatorDefinition } from '../types.js';
import { CDLDOJI } from './cdldoji.js';
import { CDLENGULFING } from './cdlengulfing.js';
import { CDLHIKKAKE } from './cdlhikkake.js';

/** Candlestick patterns implemented in this folder. */
export const PATTERN_INDICATORS: readonly IndicatorDefinition[] = [
  CDLDOJI,
  CDLENGULFING,
  CDLHIKKAKE,
];
