import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator } from '../define.js';
import { BaseStream } from '../stream.js';
import type { Candle } from '../../core/types.js';
import type { IndicatorMeta } from '../types.js';
import { ParabolicSarCore, parabolicSarInto } from './parabolic-sar.js';

/** Metadata of {@link sar}. */
export const sarMeta: IndicatorMeta = {
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
};

function core(acceleration: number, maximum: number): ParabolicSarCore {
  return new ParabolicSarCore(0, 0, acceleration, acceleration, maximum, acceleration, acceleration, maximum, false);
}

/**
 * Parabolic SAR, exactly as TA-Lib's `TA_SAR`: SAR_{t+1} = SAR_t + af (EP - SAR_t), af starting at `acceleration`
 * and growing by it with each new extreme point EP up to `maximum`; the SAR never enters the current or previous
 * bar's range and flips to the EP when price penetrates it. TA-Lib's start: the first bar is consumed; the trade is
 * short iff bar 1's -DM (versus bar 0) is positive, and the first SAR is bar 0's low (long) or high (short).
 * See {@link ParabolicSarCore} for the step. First value at index 1. NaN highs/lows are not
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
  parabolicSarInto(high, low, core(acceleration, maximum), out);
  return out;
}

/** Streaming {@link sar}. */
export class SarStream extends BaseStream<[Pick<Candle, 'high' | 'low'>], number> {
  private readonly core: ParabolicSarCore;

  constructor(
    readonly acceleration = 0.02,
    readonly maximum = 0.2,
  ) {
    super('SAR', [acceleration, maximum]);
    checkParams(sarMeta, acceleration, maximum);
    this.core = core(acceleration, maximum);
  }

  next(c: Pick<Candle, 'high' | 'low'>): number {
    return this.core.next(c.high, c.low);
  }
}

/** SAR as a uniform {@link IndicatorDefinition}. */
export const SAR = defineIndicator(
  sarMeta,
  ([high, low], p) => sar(high!, low!, p.acceleration, p.maximum),
  (p) => new SarStream(p.acceleration, p.maximum),
);
