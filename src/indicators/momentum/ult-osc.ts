import type { Candle } from '../../core/types.js';
import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, fixed, int, type StateRules } from '../../core/stream.js';
import { checkHLC } from '../input.js';
import { isZero } from '../math.js';
import type { IndicatorMeta } from '../types.js';
import { trueRange } from '../volatility/trange.js';
import { KERNEL_CHUNK } from '../kernels/chunk.js';

/** Metadata of {@link ultOsc}. */
export const ultOscMeta: IndicatorMeta = defineMeta({
  name: 'ULTOSC',
  group: 'momentum',
  description: 'Ultimate oscillator',
  inputs: ['high', 'low', 'close'],
  params: [
    { name: 'period1', talib: 'optInTimePeriod1', default: 7, min: 1, max: 100000, integer: true },
    { name: 'period2', talib: 'optInTimePeriod2', default: 14, min: 1, max: 100000, integer: true },
    { name: 'period3', talib: 'optInTimePeriod3', default: 28, min: 1, max: 100000, integer: true },
  ],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => ultOscLookback(Math.max(p.period1!, p.period2!, p.period3!)),
});

/**
 * TA-Lib's `TA_ULTOSC_Lookback`: the SMA lookback of the longest period plus one. TA-Lib's SMA lookback is -1 for
 * period 1 (an out-of-range period), so three periods of 1 give 0.
 */
function ultOscLookback(longest: number): number {
  return longest > 1 ? longest : 0;
}

/** The periods sorted shortest first: TA-Lib weighs the shortest 4, the middle 2 and the longest 1, whatever the order given. */
function sortPeriods(a: number, b: number, c: number): [number, number, number] {
  const lo = Math.min(a, b, c);
  const hi = Math.max(a, b, c);
  return [lo, a + b + c - lo - hi, hi];
}

/** Buying pressure: close - min(low, previous close), with TA-Lib's `min` (a NaN low yields the previous close). */
function buyingPressure(low: number, close: number, prevClose: number): number {
  return close - (low < prevClose ? low : prevClose);
}

/** TA-Lib's ULTOSC value from the three (buying pressure, true range) sums, shortest period first. */
function ultimate(a1: number, b1: number, a2: number, b2: number, a3: number, b3: number): number {
  let output = 0;
  if (!isZero(b1)) output += 4 * (a1 / b1);
  if (!isZero(b2)) output += 2 * (a2 / b2);
  if (!isZero(b3)) output += a3 / b3;
  return 100 * (output / 7);
}

/**
 * Ultimate oscillator, exactly as TA-Lib's `TA_ULTOSC`: with buying pressure BP = close - min(low, previous close)
 * and true range TR, and for each period its running sums of BP and TR, ULTOSC = 100 (4 A1 + 2 A2 + A3) / 7 where
 * Ak = sum BP / sum TR over the k-th shortest period (a term is dropped when its TR sum is within 1e-14 of zero).
 * The periods are sorted first, so their order does not matter. First value at index max(period) (0 when all are 1:
 * TA-Lib then reads a previous close before the series start, which its allocator leaves at 0; this uses 0 too).
 * A NaN input enters the running sums and so makes every later value NaN, as in TA-Lib.
 *
 * Reference: Larry Williams (1985), "The Ultimate Oscillator", Technical Analysis of Stocks & Commodities;
 * TA-Lib `ta_ULTOSC.c`.
 *
 * @example
 * ```ts
 * ultOsc(high, low, close, 7, 14, 28)
 * ```
 */
export function ultOsc(high: Float64Array, low: Float64Array, close: Float64Array, period1 = 7, period2 = 14, period3 = 28): Float64Array {
  checkParams(ultOscMeta, period1, period2, period3);
  const n = checkSeries('ULTOSC', high, low, close);
  const out = nanArray(n);
  const [p1, p2, p3] = sortPeriods(period1, period2, period3);
  const start = ultOscLookback(p3);
  if (n <= start) return out;
  const state = new Float64Array(STATE_SIZE);
  const bps = new Float64Array(2 * p3);
  const trs = new Float64Array(2 * p3);
  const first = start - p3 + 1;
  state[PREV_CLOSE] = first > 0 ? close[first - 1]! : 0;
  for (let from = first; from < n; from += KERNEL_CHUNK) {
    ultOscChunk(high, low, close, p1, p2, p3, start, state, bps, trs, out, from, Math.min(n, from + KERNEL_CHUNK));
  }
  return out;
}

// Carried state of the batch kernel: the six sums (buying pressure, true range; shortest period first), the
// previous close (0 before the series start, see ultOsc) and the ring slot of the next bar.
const A1 = 0;
const B1 = 1;
const A2 = 2;
const B2 = 3;
const A3 = 4;
const B3 = 5;
const PREV_CLOSE = 6;
const SLOT = 7;
const STATE_SIZE = 8;

/**
 * Bars `from..to-1` of {@link ultOsc}, from the first bar of the longest period on. Each bar's terms go into rings of
 * the last p3 bars, kept twice (slot and slot + p3) so a period's oldest bar is always at slot + p3 - p + 1.
 * Bars before `start` only fill the sums of the periods they belong to; from `start` on, a bar adds its terms,
 * outputs, then drops each period's oldest terms, in TA-Lib's order.
 */
function ultOscChunk(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  p1: number,
  p2: number,
  p3: number,
  start: number,
  state: Float64Array,
  bps: Float64Array,
  trs: Float64Array,
  out: Float64Array,
  from: number,
  to: number,
): void {
  let a1 = state[A1]!;
  let b1 = state[B1]!;
  let a2 = state[A2]!;
  let b2 = state[B2]!;
  let a3 = state[A3]!;
  let b3 = state[B3]!;
  let prevClose = state[PREV_CLOSE]!;
  let slot = state[SLOT]!;
  for (let t = from; t < to; t++) {
    const h = high[t]!;
    const l = low[t]!;
    const a = buyingPressure(l, close[t]!, prevClose);
    const b = trueRange(h, l, prevClose);
    prevClose = close[t]!;
    bps[slot] = bps[slot + p3] = a;
    trs[slot] = trs[slot + p3] = b;
    const newest = slot + p3;
    slot = slot + 1 === p3 ? 0 : slot + 1;
    if (t > start - p1) {
      a1 += a;
      b1 += b;
    }
    if (t > start - p2) {
      a2 += a;
      b2 += b;
    }
    a3 += a;
    b3 += b;
    if (t < start) continue;
    out[t] = ultimate(a1, b1, a2, b2, a3, b3);
    a1 -= bps[newest - p1 + 1]!;
    b1 -= trs[newest - p1 + 1]!;
    a2 -= bps[newest - p2 + 1]!;
    b2 -= trs[newest - p2 + 1]!;
    a3 -= bps[newest - p3 + 1]!;
    b3 -= trs[newest - p3 + 1]!;
  }
  state[A1] = a1;
  state[B1] = b1;
  state[A2] = a2;
  state[B2] = b2;
  state[A3] = a3;
  state[B3] = b3;
  state[PREV_CLOSE] = prevClose;
  state[SLOT] = slot;
}

/** Streaming {@link ultOsc}: rings of the last max(period) buying pressures and true ranges, and the same six sums. */
export class UltOscStream extends BaseStream<[Pick<Candle, 'high' | 'low' | 'close'>], number> {
  private readonly p1: number;
  private readonly p2: number;
  private readonly p3: number;
  private readonly bps: Float64Array;
  private readonly trs: Float64Array;
  private prevClose = 0;
  private bars = 0;
  private a1 = 0;
  private b1 = 0;
  private a2 = 0;
  private b2 = 0;
  private a3 = 0;
  private b3 = 0;

  constructor(
    readonly period1 = 7,
    readonly period2 = 14,
    readonly period3 = 28,
  ) {
    super('ULTOSC', [period1, period2, period3]);
    checkParams(ultOscMeta, period1, period2, period3);
    [this.p1, this.p2, this.p3] = sortPeriods(period1, period2, period3);
    this.bps = new Float64Array(this.p3);
    this.trs = new Float64Array(this.p3);
  }

  next(c: Pick<Candle, 'high' | 'low' | 'close'>): number {
    checkHLC(c, this.indicator);
    const t = this.bars++;
    const { p1, p2, p3 } = this;
    const start = ultOscLookback(p3);
    const a = buyingPressure(c.low, c.close, this.prevClose);
    const b = trueRange(c.high, c.low, this.prevClose);
    this.prevClose = c.close;
    this.bps[t % p3] = a;
    this.trs[t % p3] = b;
    if (t >= start - p1 + 1) {
      this.a1 += a;
      this.b1 += b;
    }
    if (t >= start - p2 + 1) {
      this.a2 += a;
      this.b2 += b;
    }
    if (t >= start - p3 + 1) {
      this.a3 += a;
      this.b3 += b;
    }
    if (t < start) return NaN;
    const value = ultimate(this.a1, this.b1, this.a2, this.b2, this.a3, this.b3);
    const s1 = (t - p1 + 1) % p3;
    const s2 = (t - p2 + 1) % p3;
    const s3 = (t - p3 + 1) % p3;
    this.a1 -= this.bps[s1]!;
    this.b1 -= this.trs[s1]!;
    this.a2 -= this.bps[s2]!;
    this.b2 -= this.trs[s2]!;
    this.a3 -= this.bps[s3]!;
    this.b3 -= this.trs[s3]!;
    return value;
  }

  protected override stateRules(): StateRules {
    return { ...fixed('period1', 'period2', 'period3', 'p1', 'p2', 'p3'), bars: int(0, Number.MAX_SAFE_INTEGER) };
  }
}

/** ULTOSC as a uniform {@link IndicatorDefinition}. */
export const ULTOSC = defineIndicator(
  ultOscMeta,
  ([high, low, close], p) => ultOsc(high!, low!, close!, p.period1, p.period2, p.period3),
  (p) => new UltOscStream(p.period1, p.period2, p.period3),
);
