import { checkParams, checkSeries } from '../params.js';
import { intoOutput, outputFor } from '../output.js';
import { defineIndicator, defineMeta } from '../define.js';
import { WilderGainLossStream, wilderGainLossInto } from '../kernels/wilder-gain-loss.js';
import type { IndicatorMeta } from '../types.js';

/** Metadata of {@link rsi}. */
export const rsiMeta: IndicatorMeta = defineMeta({
  name: 'RSI',
  group: 'momentum',
  description: "Relative strength index (Wilder's smoothing)",
  inputs: ['real'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 14, min: 2, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => p.period!,
});

/**
 * Relative strength index, exactly as TA-Lib's `TA_RSI`: average gain G and loss L start as plain means of
 * the first `period` changes, then G_t = (G_{t-1} (n - 1) + gain_t) / n (same for L), and
 * RSI = 100 G / (G + L), or 0 when G + L is within TA-Lib's epsilon (1e-14) of zero.
 * First value at index `period`. A NaN input counts as a gain of NaN and poisons every later value.
 *
 * Reference: Wilder (1978), "New Concepts in Technical Trading Systems"; TA-Lib `ta_RSI.c`.
 *
 * @example
 * ```ts
 * rsi(close, 14)
 * ```
 */
export function rsi(real: Float64Array, period = 14): Float64Array {
  return rsiInto(outputFor(real), real, period);
}

/**
 * {@link rsi} written into the caller's buffer `out` (no allocation): `out[0 .. period)` becomes NaN (all of
 * `out[0 .. n)` when n, the inputs' length, is shorter), `out[period .. n)` the values; elements from `n` on are left
 * as they were. Returns `out`. Throws `InvalidParameterError` (`RSI.out`) when `out` is not a `Float64Array`, is
 * shorter than the inputs, or shares memory with `real`.
 *
 * @example
 * ```ts
 * rsiInto(new Float64Array(4), new Float64Array([1, 2, 1, 2]), 2)[3] // => 75
 * ```
 */
export function rsiInto(out: Float64Array, real: Float64Array, period = 14): Float64Array {
  checkParams(rsiMeta, period);
  const n = checkSeries('RSI', real);
  wilderGainLossInto(real, period, false, intoOutput(rsiMeta, out, n, period, [real]));
  return out;
}

/** Streaming {@link rsi}. */
export class RsiStream extends WilderGainLossStream {
  constructor(period = 14) {
    super('RSI', period, false);
    checkParams(rsiMeta, period);
  }
}

/** RSI as a uniform {@link IndicatorDefinition}. */
export const RSI = defineIndicator(rsiMeta, ([real], p) => rsi(real!, p.period), (p) => new RsiStream(p.period));
