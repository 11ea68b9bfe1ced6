import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator } from '../define.js';
import { BaseStream } from '../stream.js';
import { isZero } from '../math.js';
import type { IndicatorMeta } from '../types.js';

/** Metadata of {@link rsi}. */
export const rsiMeta: IndicatorMeta = {
  name: 'RSI',
  group: 'momentum',
  description: "Relative strength index (Wilder's smoothing)",
  inputs: ['real'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 14, min: 2, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => p.period!,
};

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
  checkParams(rsiMeta, period);
  const n = checkSeries('RSI', real);
  const out = nanArray(n);
  if (n <= period) return out;
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= period; i++) {
    const d = real[i]! - real[i - 1]!;
    if (d < 0) loss -= d;
    else gain += d;
  }
  gain /= period;
  loss /= period;
  out[period] = ratio(gain, loss);
  const m = period - 1;
  for (let i = period + 1; i < n; i++) {
    const d = real[i]! - real[i - 1]!;
    loss *= m;
    gain *= m;
    if (d < 0) loss -= d;
    else gain += d;
    loss /= period;
    gain /= period;
    out[i] = ratio(gain, loss);
  }
  return out;
}

function ratio(gain: number, loss: number): number {
  const total = gain + loss;
  return isZero(total) ? 0 : 100 * (gain / total);
}

/** Streaming {@link rsi}. */
export class RsiStream extends BaseStream<[number], number> {
  private prevValue = NaN;
  private gain = 0;
  private loss = 0;
  private count = 0;

  constructor(readonly period = 14) {
    super('RSI', [period]);
    checkParams(rsiMeta, period);
  }

  next(x: number): number {
    const period = this.period;
    const count = this.count;
    const d = x - this.prevValue;
    this.prevValue = x;
    if (count === 0) {
      this.count = 1;
      return NaN;
    }
    if (count < period) {
      if (d < 0) this.loss -= d;
      else this.gain += d;
      this.count++;
      return NaN;
    }
    if (count === period) {
      if (d < 0) this.loss -= d;
      else this.gain += d;
      this.loss /= period;
      this.gain /= period;
      this.count++;
      return ratio(this.gain, this.loss);
    }
    const m = period - 1;
    this.loss *= m;
    this.gain *= m;
    if (d < 0) this.loss -= d;
    else this.gain += d;
    this.loss /= period;
    this.gain /= period;
    return ratio(this.gain, this.loss);
  }
}

/** RSI as a uniform {@link IndicatorDefinition}. */
export const RSI = defineIndicator(rsiMeta, ([real], p) => rsi(real!, p.period), (p) => new RsiStream(p.period));
