import type { Candle } from '../../core/types.js';
import { checkParams, checkSeries } from '../params.js';
import { intoOutput, outputFor } from '../output.js';
import { KERNEL_CHUNK } from '../kernels/chunk.js';
import { defineIndicator, defineMeta } from '../define.js';
import { ANY_NUMBER, BaseStream, FINITE, fixed, int, type StateRules } from '../../core/stream.js';
import { checkHLCV } from '../input.js';
import type { IndicatorMeta } from '../types.js';

/** Metadata of {@link mfi}. */
export const mfiMeta: IndicatorMeta = defineMeta({
  name: 'MFI',
  group: 'momentum',
  description: 'Money flow index',
  inputs: ['high', 'low', 'close', 'volume'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 14, min: 2, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => p.period!,
});

/** TA-Lib's MFI from the positive and negative flow sums: 0 when their total is below 1. */
function moneyFlowIndex(positive: number, negative: number): number {
  const total = positive + negative;
  return total < 1 ? 0 : 100 * (positive / total);
}

/**
 * Money flow index, exactly as TA-Lib's `TA_MFI`: with typical price TP = (high + low + close) / 3 and money flow
 * TP x volume, a bar's flow is positive when TP rose, negative when it fell, and neither when TP is unchanged (or the
 * change is NaN). Over the last n bars, MFI = 100 P / (P + N) of the positive and negative sums, kept as running sums.
 * As in TA-Lib, MFI is 0 whenever P + N < 1 (for instance after n zero-volume bars, or with tiny prices and volumes).
 * First value at index n. A NaN high, low or close makes its bar and the next one flowless (TA-Lib's comparisons are
 * false); a NaN volume poisons the running sums from then on.
 *
 * Reference: Gene Quong and Avrum Soudack (1989), "Volume-Weighted RSI: Money Flow", Technical Analysis of Stocks &
 * Commodities; TA-Lib `ta_MFI.c`.
 *
 * @example
 * ```ts
 * mfi(high, low, close, volume, 14)
 * ```
 */
export function mfi(high: Float64Array, low: Float64Array, close: Float64Array, volume: Float64Array, period = 14): Float64Array {
  return mfiInto(outputFor(high), high, low, close, volume, period);
}

/**
 * {@link mfi} written into the caller's buffer `out` (no allocation): `out[0 .. period)` becomes NaN (all of
 * `out[0 .. n)` when n, the inputs' length, is shorter), `out[period .. n)` the values; elements from `n` on are left
 * as they were. Returns `out`. Throws `InvalidParameterError` (`MFI.out`) when `out` is not a `Float64Array`, is
 * shorter than the inputs, or shares memory with an input.
 *
 * @example
 * ```ts
 * const x = new Float64Array([1, 2, 1]), v = new Float64Array([1, 1, 1])
 * mfiInto(new Float64Array(3), x, x, x, v, 2) // => [NaN, NaN, 66.66666666666666]
 * ```
 */
export function mfiInto(out: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, volume: Float64Array, period = 14): Float64Array {
  checkParams(mfiMeta, period);
  const n = checkSeries('MFI', high, low, close, volume);
  intoOutput(mfiMeta, out, n, period, [high, low, close, volume]);
  if (n <= period) return out;
  const pos = new Float64Array(period);
  const neg = new Float64Array(period);
  // Branch-free flows: whether TP rose is a coin flip on market data, and a mispredicted branch per candle cost more
  // than the rest of the loop. pick[0] = 0 and pick[1] = the flow; adding or subtracting that 0 where TA-Lib skips
  // the sum is exact (neither sum can be -0), so the result equals TA-Lib's if/else bit for bit.
  const pick = new Float64Array(2);
  const sums = new Float64Array(3);
  sums[2] = (high[0]! + low[0]! + close[0]!) / 3;
  mfiChunk(high, low, close, volume, period, pos, neg, pick, sums, out, 1, period, false);
  for (let from = period; from < n; from += KERNEL_CHUNK) {
    mfiChunk(high, low, close, volume, period, pos, neg, pick, sums, out, from, Math.min(n, from + KERNEL_CHUNK), true);
  }
  return out;
}

/**
 * Bars `[from, to)` of MFI, with the carried state in `sums` (positive sum, negative sum, previous TP): slot
 * `i mod period` of the flow rings holds bar i's flows, so the slot read before it is written holds the bar
 * `period` earlier (0 before the first wrap). Writes `out[i]` when `write`.
 */
function mfiChunk(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  period: number,
  pos: Float64Array,
  neg: Float64Array,
  pick: Float64Array,
  sums: Float64Array,
  out: Float64Array,
  from: number,
  to: number,
  write: boolean,
): void {
  let positive = sums[0]!;
  let negative = sums[1]!;
  let prevTP = sums[2]!;
  let k = (from - 1) % period;
  for (let i = from; i < to; i++) {
    positive -= pos[k]!;
    negative -= neg[k]!;
    const tp = (high[i]! + low[i]! + close[i]!) / 3;
    const d = tp - prevTP;
    prevTP = tp;
    pick[1] = tp * volume[i]!;
    const p = pick[Number(d > 0)]!;
    const q = pick[Number(d < 0)]!;
    pos[k] = p;
    neg[k] = q;
    positive += p;
    negative += q;
    if (write) out[i] = moneyFlowIndex(positive, negative);
    k = k + 1 === period ? 0 : k + 1;
  }
  sums[0] = positive;
  sums[1] = negative;
  sums[2] = prevTP;
}

/** Streaming {@link mfi}: the same two rings of flows and running sums. */
export class MfiStream extends BaseStream<[Pick<Candle, 'high' | 'low' | 'close' | 'volume'>], number> {
  private readonly pos: Float64Array;
  private readonly neg: Float64Array;
  private positive = 0;
  private negative = 0;
  private prevTP = NaN;
  private slot = 0;
  private bars = 0;

  constructor(readonly period = 14) {
    super('MFI', [period]);
    checkParams(mfiMeta, period);
    this.pos = new Float64Array(period);
    this.neg = new Float64Array(period);
  }

  next(c: Pick<Candle, 'high' | 'low' | 'close' | 'volume'>): number {
    checkHLCV(c, this.indicator);
    const period = this.period;
    const i = this.bars;
    const tp = (c.high + c.low + c.close) / 3;
    const d = tp - this.prevTP;
    this.prevTP = tp;
    if (i === 0) {
      this.bars = 1;
      return NaN;
    }
    const k = this.slot;
    if (i > period) {
      this.positive -= this.pos[k]!;
      this.negative -= this.neg[k]!;
    } else {
      this.bars++;
    }
    const flow = tp * c.volume;
    if (d < 0) {
      this.neg[k] = flow;
      this.negative += flow;
      this.pos[k] = 0;
    } else if (d > 0) {
      this.pos[k] = flow;
      this.positive += flow;
      this.neg[k] = 0;
    } else {
      this.pos[k] = 0;
      this.neg[k] = 0;
    }
    this.slot = k + 1 === period ? 0 : k + 1;
    return i >= period ? moneyFlowIndex(this.positive, this.negative) : NaN;
  }

  protected override stateRules(): StateRules {
    const { bars, period } = this;
    const slot = Math.max(0, bars - 1); // the first bar only sets the typical price; the ring fills from the second
    return { ...fixed('period'), bars: int(0, period + 1), slot: bars <= period ? int(slot, slot) : int(0, period - 1), prevTP: bars > 0 ? FINITE : ANY_NUMBER };
  }
}

/** MFI as a uniform {@link IndicatorDefinition}. */
export const MFI = defineIndicator(mfiMeta, ([high, low, close, volume], p) => mfi(high!, low!, close!, volume!, p.period), (p) => new MfiStream(p.period));
