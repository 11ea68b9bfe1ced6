import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import type { IndicatorMeta } from '../types.js';
import { FIXED, type StateRules } from '../../core/stream.js';
import { ParabolicSarStream, parabolicSarInto, sarConfig } from '../kernels/parabolic-sar.js';

/** Metadata of {@link sar}. */
export const sarMeta: IndicatorMeta = defineMeta({
  name: 'SAR',
  group: 'overlap',
  description: "Wilder's parabolic stop and reverse",
  inputs: ['high', 'low'],
  params: [
    { name: 'acceleration', talib: 'optInAcceleration', default: 0.02, min: 0, max: 3e37, integer: false },
    { name: 'maximum', talib: 'optInMaximum', default: 0.2, min: 0, max: 3e37, integer: false },
  ],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: () => 1,
});

/** SAR as SAREXT's engine: automatic start, no offset, the same factors both ways, unsigned output. */
function config(acceleration: number, maximum: number): Float64Array {
  return sarConfig(0, 0, acceleration, acceleration, maximum, acceleration, acceleration, maximum, false);
}

/**
 * Parabolic SAR, exactly as TA-Lib's `TA_SAR`: SAR_{t+1} = SAR_t + af (EP - SAR_t), af starting at `acceleration`
 * and growing by it with each new extreme point EP up to `maximum`; the SAR never enters the current or previous
 * bar's range and flips to the EP when price penetrates it. TA-Lib's start: the first bar is consumed; the trade is
 * short iff bar 1's -DM (versus bar 0) is positive, and the first SAR is bar 0's low (long) or high (short).
 * See `sarRun` (parabolic-sar.ts) for the step. First value at index 1. NaN highs/lows are not
 * checked, as in TA-Lib: a NaN compares false and can freeze or poison the state.
 *
 * Reference: J. W. Wilder, "New Concepts in Technical Trading Systems" (1978); TA-Lib `ta_SAR.c`.
 *
 * @example
 * ```ts
 * sar(high, low, 0.02, 0.2)
 * ```
 */
export function sar(high: Float64Array, low: Float64Array, acceleration = 0.02, maximum = 0.2): Float64Array {
  checkParams(sarMeta, acceleration, maximum);
  const n = checkSeries('SAR', high, low);
  const out = nanArray(n);
  parabolicSarInto(high, low, config(acceleration, maximum), out);
  return out;
}

/** Streaming {@link sar}. */
export class SarStream extends ParabolicSarStream {
  constructor(
    readonly acceleration = 0.02,
    readonly maximum = 0.2,
  ) {
    super('SAR', [acceleration, maximum], config(acceleration, maximum));
    checkParams(sarMeta, acceleration, maximum);
  }

  protected override stateRules(): StateRules {
    return { ...super.stateRules(), acceleration: FIXED, maximum: FIXED };
  }
}

/** SAR as a uniform {@link IndicatorDefinition}. */
export const SAR = defineIndicator(
  sarMeta,
  ([high, low], p) => sar(high!, low!, p.acceleration, p.maximum),
  (p) => new SarStream(p.acceleration, p.maximum),
);
