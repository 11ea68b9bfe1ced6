/**
 * `@alpha-v4/core/core`: validated columnar candles, timeframes and time parsing, resampling, the error vocabulary,
 * the seeded RNG and market simulator, and the serialisable stream base class.
 * @module
 */
export {
  AlphaError,
  ArgumentError,
  CandleValidationError,
  InvalidParameterError,
  LengthMismatchError,
  StateError,
  InternalError,
  MissingDependencyError,
  type CandleIssue,
  type CandleIssueReason,
  type ParameterErrorDetails,
} from './errors.js';
export { CANDLE_FIELDS, CANDLE_VALUE_FIELDS, allocateCandles, type MutableCandles, type Candles, type Candle, type CandleField, type CandleValueField, type Matrix } from './types.js';
export { TIMEFRAME_MS, TIMEFRAMES, parseTimeframe, periodsPerYear, timeframeMs, type Timeframe } from './timeframe.js';
export { sha256Hex } from './sha256.js';
export { toEpochMs } from './time.js';
export { describeValue } from './describe.js';
export { checkOptions } from './options.js';
export {
  candlesFromRows,
  validateCandles,
  assertCandles,
  assertCandle,
  findGaps,
  candleAt,
  sliceCandles,
  type GapPolicy,
  type CandleSeries,
  type CandleOptions,
  type CandleGap,
  type CandleRow,
} from './candles.js';
export { resample, type ResampleOptions } from './resample.js';
export { Rng } from './rng.js';
export { simulateMarket, type SimulationOptions, type MarketSimulation } from './simulator.js';
export { BaseStream, FIXED, ANY_NUMBER, FINITE, fixed, int, within, type SerializedStream, type FieldRule, type StateRules } from './stream.js';
