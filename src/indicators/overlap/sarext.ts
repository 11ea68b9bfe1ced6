import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import type { IndicatorMeta } from '../types.js';
import { ParabolicSarStream, parabolicSarInto, sarConfig } from '../kernels/parabolic-sar.js';

const FACTOR = { min: 0, max: 3e37, integer: false } as const;

/** Metadata of {@link sarext}. */
export const sarextMeta: IndicatorMeta = defineMeta({
  name: 'SAREXT',
  group: 'overlap',
  description: 'Parabolic SAR, extended: start value, reversal offset and separate long/short factors',
  inputs: ['high', 'low'],
  params: [
    { name: 'startValue', talib: 'optInStartValue', default: 0, min: -3e37, max: 3e37, integer: false },
    { name: 'offsetOnReverse', talib: 'optInOffsetOnReverse', default: 0, ...FACTOR },
    { name: 'accelerationInitLong', talib: 'optInAccelerationInitLong', default: 0.02, ...FACTOR },
    { name: 'accelerationLong', talib: 'optInAccelerationLong', default: 0.02, ...FACTOR },
    { name: 'accelerationMaxLong', talib: 'optInAccelerationMaxLong', default: 0.2, ...FACTOR },
    { name: 'accelerationInitShort', talib: 'optInAccelerationInitShort', default: 0.02, ...FACTOR },
    { name: 'accelerationShort', talib: 'optInAccelerationShort', default: 0.02, ...FACTOR },
    { name: 'accelerationMaxShort', talib: 'optInAccelerationMaxShort', default: 0.2, ...FACTOR },
  ],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: () => 1,
});

/**
 * Extended parabolic SAR, exactly as TA-Lib's `TA_SAREXT`: the SAR of {@link sar} with
 * - `startValue`: 0 picks the direction as SAR does; > 0 starts long and < 0 starts short, at SAR = |startValue|;
 * - `offsetOnReverse`: on a reversal the new SAR is moved away by that fraction (SAR (1 + o) going short,
 *   SAR (1 - o) going long);
 * - separate initial factor, step and maximum for long and short trades;
 * - short SARs reported as negative numbers (the sign is the direction).
 * See `sarRun` (parabolic-sar.ts) for the step. First value at index 1. NaN highs/lows are not checked, as in TA-Lib.
 *
 * Reference: TA-Lib `ta_SAREXT.c`; J. W. Wilder, "New Concepts in Technical Trading Systems" (1978).
 *
 * @example
 * ```ts
 * sarext(high, low) // SAR values, negative while short
 * ```
 */
export function sarext(
  high: Float64Array,
  low: Float64Array,
  startValue = 0,
  offsetOnReverse = 0,
  accelerationInitLong = 0.02,
  accelerationLong = 0.02,
  accelerationMaxLong = 0.2,
  accelerationInitShort = 0.02,
  accelerationShort = 0.02,
  accelerationMaxShort = 0.2,
): Float64Array {
  const args = [startValue, offsetOnReverse, accelerationInitLong, accelerationLong, accelerationMaxLong, accelerationInitShort, accelerationShort, accelerationMaxShort] as const;
  checkParams(sarextMeta, ...args);
  const n = checkSeries('SAREXT', high, low);
  const out = nanArray(n);
  parabolicSarInto(high, low, sarConfig(...args, true), out);
  return out;
}

/** Streaming {@link sarext}. */
export class SarextStream extends ParabolicSarStream {
  constructor(
    startValue = 0,
    offsetOnReverse = 0,
    accelerationInitLong = 0.02,
    accelerationLong = 0.02,
    accelerationMaxLong = 0.2,
    accelerationInitShort = 0.02,
    accelerationShort = 0.02,
    accelerationMaxShort = 0.2,
  ) {
    const args = [startValue, offsetOnReverse, accelerationInitLong, accelerationLong, accelerationMaxLong, accelerationInitShort, accelerationShort, accelerationMaxShort] as const;
    super('SAREXT', args, sarConfig(...args, true));
    checkParams(sarextMeta, ...args);
  }
}

/** SAREXT as a uniform {@link IndicatorDefinition}. */
export const SAREXT = defineIndicator(
  sarextMeta,
  ([high, low], p) =>
    sarext(
      high!,
      low!,
      p.startValue,
      p.offsetOnReverse,
      p.accelerationInitLong,
      p.accelerationLong,
      p.accelerationMaxLong,
      p.accelerationInitShort,
      p.accelerationShort,
      p.accelerationMaxShort,
    ),
  (p) =>
    new SarextStream(
      p.startValue,
      p.offsetOnReverse,
      p.accelerationInitLong,
      p.accelerationLong,
      p.accelerationMaxLong,
      p.accelerationInitShort,
      p.accelerationShort,
      p.accelerationMaxShort,
    ),
);
