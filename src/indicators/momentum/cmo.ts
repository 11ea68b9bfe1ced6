import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator } from '../define.js';
import { BaseStream } from '../stream.js';
import { isZero } from '../math.js';
import type { IndicatorMeta } from '../types.js';
import { KERNEL_CHUNK } from './chunk.js';

/** Metadata of {@link cmo}. */
export const cmoMeta: IndicatorMeta = {
  name: 'CMO',
  group: 'momentum',
  description: "Chande momentum oscillator (Wilder's smoothing, as TA-Lib)",
  inputs: ['real'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 14, min: 2, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => p.period!,
};

function oscillator(gain: number, loss: number): number {
  const total = gain + loss;
  return isZero(total) ? 0 : 100 * ((gain - loss) / total);
}

/**
 * Chande momentum oscillator, exactly as TA-Lib's `TA_CMO`: average gain G and loss L start as plain means of the
 * first n changes, then G_t = (G_{t-1} (n - 1) + gain_t) / n (same for L), as in RSI, and
 * CMO = 100 (G - L) / (G + L), or 0 when G + L is within 1e-14 of zero. First value at index n. A NaN input counts as
 * a gain of NaN and poisons every later value.
 *
 * Note: Chande's original uses plain n-bar sums; TA-Lib (and so this) smooths like Wilder's RSI.
 *
 * Reference: Tushar Chande and Stanley Kroll (1994), "The New Technical Trader"; TA-Lib `ta_CMO.c`.
 *
 * @example
 * ```ts
 * cmo(close, 14)
 * ```
 */
export function cmo(real: Float64Array, period = 14): Float64Array {
  checkParams(cmoMeta, period);
  const n = checkSeries('CMO', real);
  const out = nanArray(n);
  const state = new Float64Array(2);
  for (let from = 1; from < n; from += KERNEL_CHUNK) cmoChunk(real, period, state, out, from, Math.min(n, from + KERNEL_CHUNK));
  return out;
}

/**
 * Bars `from..to-1` of {@link cmo}; `state` carries [gain, loss]. Bars 1..n add up the changes, bar n turns the sums
 * into means, and every later bar applies G = (G (n - 1) + gain) / n, each in TA-Lib's order.
 */
function cmoChunk(real: Float64Array, period: number, state: Float64Array, out: Float64Array, from: number, to: number): void {
  let gain = state[0]!;
  let loss = state[1]!;
  const m = period - 1;
  for (let i = from; i < to; i++) {
    const d = real[i]! - real[i - 1]!;
    if (i > period) {
      loss *= m;
      gain *= m;
    }
    if (d < 0) loss -= d;
    else gain += d;
    if (i >= period) {
      loss /= period;
      gain /= period;
      out[i] = oscillator(gain, loss);
    }
  }
  state[0] = gain;
  state[1] = loss;
}

/** Streaming {@link cmo}: the same steps, one bar at a time. */
export class CmoStream extends BaseStream<[number], number> {
  private prevValue = NaN;
  private gain = 0;
  private loss = 0;
  /** Index of the next bar, capped at period + 1. */
  private bars = 0;

  constructor(readonly period = 14) {
    super('CMO', [period]);
    checkParams(cmoMeta, period);
  }

  next(x: number): number {
    const period = this.period;
    const i = this.bars;
    const d = x - this.prevValue;
    this.prevValue = x;
    if (i <= period) this.bars++;
    if (i === 0) return NaN;
    if (i > period) {
      this.loss *= period - 1;
      this.gain *= period - 1;
    }
    if (d < 0) this.loss -= d;
    else this.gain += d;
    if (i < period) return NaN;
    this.loss /= period;
    this.gain /= period;
    return oscillator(this.gain, this.loss);
  }
}

/** CMO as a uniform {@link IndicatorDefinition}. */
export const CMO = defineIndicator(cmoMeta, ([real], p) => cmo(real!, p.period), (p) => new CmoStream(p.period));
