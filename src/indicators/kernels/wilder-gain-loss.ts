import { ANY_NUMBER, BaseStream, FINITE, FIXED, int, type StateRules } from '../../core/stream.js';
import { finiteInput } from '../input.js';
import { NON_NEGATIVE } from '../state.js';
import { KERNEL_CHUNK } from './chunk.js';

/**
 * The output of a Wilder gain/loss oscillator from the smoothed average gain G and loss L, as TA-Lib writes them:
 * RSI = 100 (G / (G + L)), CMO = 100 ((G - L) / (G + L)); both 0 when G + L is within 1e-14 of zero.
 */
function output(cmo: boolean, gain: number, loss: number): number {
  const total = gain + loss;
  if (-1e-14 < total && total < 1e-14) return 0;
  return cmo ? 100 * ((gain - loss) / total) : 100 * (gain / total);
}

/**
 * Shared batch kernel of RSI and CMO (TA-Lib `ta_RSI.c`, `ta_CMO.c`): G and L start as plain means of the first n
 * changes, then G_t = (G_{t-1} (n - 1) + gain_t) / n (same for L), each operation in TA-Lib's order. Writes
 * `out[period..]`. Runs in chunks of {@link KERNEL_CHUNK} bars so V8 optimizes the loop as a whole function.
 */
export function wilderGainLossInto(real: Float64Array, period: number, cmo: boolean, out: Float64Array): void {
  const state = new Float64Array(2);
  const pick = new Float64Array(2); // 0, then the candle's change (see chunk)
  for (let from = 1; from < real.length; from += KERNEL_CHUNK) chunk(real, period, cmo, state, pick, out, from, Math.min(real.length, from + KERNEL_CHUNK));
}

function chunk(real: Float64Array, period: number, cmo: boolean, state: Float64Array, pick: Float64Array, out: Float64Array, from: number, to: number): void {
  let gain = state[0]!;
  let loss = state[1]!;
  const m = period - 1;
  for (let i = from; i < to; i++) {
    const d = real[i]! - real[i - 1]!;
    if (i > period) {
      loss *= m;
      gain *= m;
    }
    // Branch-free (the sign of a change is a coin flip on market data): a fall goes to the loss, anything else (NaN
    // included) to the gain, as in TA-Lib; the other sum takes pick[0] = 0, which is exact (neither sum can be -0).
    pick[1] = d;
    const falls = Number(d < 0);
    loss -= pick[falls]!;
    gain += pick[1 - falls]!;
    if (i >= period) {
      loss /= period;
      gain /= period;
      out[i] = output(cmo, gain, loss);
    }
  }
  state[0] = gain;
  state[1] = loss;
}

/** Streaming form of {@link wilderGainLossInto}: the same steps, one bar at a time. */
export abstract class WilderGainLossStream extends BaseStream<[number], number> {
  private prevValue = NaN;
  private gain = 0;
  private loss = 0;
  /** Index of the next bar, capped at period + 1. */
  private bars = 0;

  protected constructor(
    indicator: string,
    readonly period: number,
    private readonly cmo: boolean,
  ) {
    super(indicator, [period]);
  }

  next(x: number): number {
    return this.update(finiteInput(x, this.indicator));
  }

  /** Updates still needed before one returns a value (0: the next one does). */
  get pending(): number {
    return Math.max(0, this.period - this.bars);
  }

  /** {@link WilderGainLossStream.next} without the input check, for composites. */
  update(x: number): number {
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
    return output(this.cmo, this.gain, this.loss);
  }

  protected override stateRules(): StateRules {
    const bars = this.bars;
    return { period: FIXED, cmo: FIXED, bars: int(0, this.period + 1), prevValue: bars > 0 ? FINITE : ANY_NUMBER, gain: NON_NEGATIVE, loss: NON_NEGATIVE };
  }
}
