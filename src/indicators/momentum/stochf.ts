import type { Candle } from '../../core/types.js';
import { checkParams, checkSeries } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, fixed, int, type StateRules } from '../../core/stream.js';
import { checkHLC } from '../input.js';
import { stagedCounter } from '../state.js';
import type { IndicatorMeta } from '../types.js';
import { KERNEL_CHUNK } from '../kernels/chunk.js';
import { MAType, MovingAverageStream, maInto, maLookback, maTypeParam } from '../overlap/ma.js';

/** Metadata of {@link stochf}. */
export const stochfMeta: IndicatorMeta = defineMeta({
  name: 'STOCHF',
  group: 'momentum',
  description: 'Fast stochastic oscillator: raw %K and its moving average %D',
  inputs: ['high', 'low', 'close'],
  params: [
    { name: 'fastKPeriod', talib: 'optInFastK_Period', default: 5, min: 1, max: 100000, integer: true },
    { name: 'fastDPeriod', talib: 'optInFastD_Period', default: 3, min: 1, max: 100000, integer: true },
    maTypeParam('fastDMaType', 'optInFastD_MAType'),
  ],
  outputs: [
    { name: 'fastK', talib: 'outFastK' },
    { name: 'fastD', talib: 'outFastD' },
  ],
  lookback: (p) => p.fastKPeriod! - 1 + maLookback(p.fastDPeriod!, p.fastDMaType!),
});

/** Batch result of {@link stochf} and {@link stochrsi}. */
export type StochFastSeries = {
  fastK: Float64Array;
  fastD: Float64Array;
};

/**
 * Fast stochastic, exactly as TA-Lib's `TA_STOCHF`: %K = (close - LL) / ((HH - LL) / 100), where HH and LL are the
 * highest high and lowest low of the last `fastKPeriod` candles (0 when HH = LL), and %D = MA(%K) of type
 * `fastDMaType` over `fastDPeriod`. Both outputs start at `fastKPeriod - 1 + lookback(%D)`.
 * A NaN close gives a NaN %K and propagates through %D as in the chosen average.
 *
 * Reference: George Lane (1950s); TA-Lib `ta_STOCHF.c`.
 *
 * @example
 * ```ts
 * const { fastK, fastD } = stochf(high, low, close, 5, 3, MAType.SMA)
 * ```
 */
export function stochf(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  fastKPeriod = 5,
  fastDPeriod = 3,
  fastDMaType: number = MAType.SMA,
): StochFastSeries {
  checkParams(stochfMeta, fastKPeriod, fastDPeriod, fastDMaType);
  const n = checkSeries('STOCHF', high, low, close);
  const fastK = new Float64Array(n);
  const fastD = new Float64Array(n);
  stochfInto(high, low, close, 0, fastKPeriod, fastDPeriod, fastDMaType, fastK, fastD);
  return { fastK, fastD };
}

/**
 * Writes TA-Lib's STOCHF of the candles from `start` on into `fastK` and `fastD` (input length): the values from
 * `start + fastKPeriod - 1 + lookback(%D)` on, NaN before. STOCHRSI runs it on the RSI series
 * (high = low = close = RSI) whose first value is at `start`.
 */
export function stochfInto(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  start: number,
  fastKPeriod: number,
  fastDPeriod: number,
  fastDMaType: number,
  fastK: Float64Array,
  fastD: Float64Array,
): void {
  const kStart = start + fastKPeriod - 1;
  const first = kStart + maLookback(fastDPeriod, fastDMaType);
  if (close.length > first) {
    stochKInto(high, low, close, start, fastKPeriod, fastK);
    maInto(fastK, kStart, fastDPeriod, fastDMaType, fastD);
  }
  fastK.fill(NaN, 0, first);
  fastD.fill(NaN, 0, first);
}

/**
 * Writes the raw stochastic %K of the candles from `start` on into `out`, from index `start + period - 1`:
 * TA-Lib's running highest-high / lowest-low over the window, rescanned only when the extreme leaves it,
 * with %K = (close - LL) / ((HH - LL) / 100), or 0 when HH - LL is exactly 0. Shared by STOCH, STOCHF and STOCHRSI.
 */
export function stochKInto(high: Float64Array, low: Float64Array, close: Float64Array, start: number, period: number, out: Float64Array): void {
  const n = close.length;
  // lowestIdx, highestIdx, lowest, highest, diff: carried from chunk to chunk (see KERNEL_CHUNK)
  const state = new Float64Array([-1, -1, 0, 0, 0]);
  for (let from = start + period - 1; from < n; from += KERNEL_CHUNK) stochKChunk(high, low, close, period, state, out, from, Math.min(n, from + KERNEL_CHUNK));
}

function stochKChunk(high: Float64Array, low: Float64Array, close: Float64Array, period: number, state: Float64Array, out: Float64Array, from: number, to: number): void {
  let lowestIdx = state[0]!;
  let highestIdx = state[1]!;
  let lowest = state[2]!;
  let highest = state[3]!;
  let diff = state[4]!;
  for (let today = from, trailing = from - period + 1; today < to; today++, trailing++) {
    let tmp = low[today]!;
    if (lowestIdx < trailing) {
      lowestIdx = trailing;
      lowest = low[trailing]!;
      for (let i = trailing + 1; i <= today; i++) {
        tmp = low[i]!;
        if (tmp < lowest) {
          lowestIdx = i;
          lowest = tmp;
        }
      }
      diff = (highest - lowest) / 100;
    } else if (tmp <= lowest) {
      lowestIdx = today;
      lowest = tmp;
      diff = (highest - lowest) / 100;
    }
    tmp = high[today]!;
    if (highestIdx < trailing) {
      highestIdx = trailing;
      highest = high[trailing]!;
      for (let i = trailing + 1; i <= today; i++) {
        tmp = high[i]!;
        if (tmp > highest) {
          highestIdx = i;
          highest = tmp;
        }
      }
      diff = (highest - lowest) / 100;
    } else if (tmp >= highest) {
      highestIdx = today;
      highest = tmp;
      diff = (highest - lowest) / 100;
    }
    out[today] = diff !== 0 ? (close[today]! - lowest) / diff : 0;
  }
  state[0] = lowestIdx;
  state[1] = highestIdx;
  state[2] = lowest;
  state[3] = highest;
  state[4] = diff;
}

/**
 * Streaming raw stochastic %K (see {@link stochKInto}): ring buffers of the last `period` highs and lows and the
 * same running extremes, rescanned when they leave the window, so values are bit-identical to the batch kernel.
 */
export class StochKStream extends BaseStream<[number, number, number], number> {
  private readonly highs: Float64Array;
  private readonly lows: Float64Array;
  private today = 0;
  private lowestIdx = -1;
  private highestIdx = -1;
  private lowest = 0;
  private highest = 0;
  private diff = 0;

  constructor(readonly period = 5) {
    super('STOCH_K', [period]);
    this.highs = new Float64Array(period);
    this.lows = new Float64Array(period);
  }

  /** Bars still needed before one gives a %K (0: the next one does). */
  get pending(): number {
    return Math.max(0, this.period - 1 - this.today);
  }

  next(high: number, low: number, close: number): number {
    const period = this.period;
    const today = this.today++;
    const slot = today % period;
    this.highs[slot] = high;
    this.lows[slot] = low;
    const trailing = today - period + 1;
    if (trailing < 0) return NaN;
    if (this.lowestIdx < trailing) {
      let idx = trailing;
      let lowest = this.lows[trailing % period]!;
      for (let i = trailing + 1; i <= today; i++) {
        const tmp = this.lows[i % period]!;
        if (tmp < lowest) {
          idx = i;
          lowest = tmp;
        }
      }
      this.lowestIdx = idx;
      this.lowest = lowest;
      this.diff = (this.highest - lowest) / 100;
    } else if (low <= this.lowest) {
      this.lowestIdx = today;
      this.lowest = low;
      this.diff = (this.highest - low) / 100;
    }
    if (this.highestIdx < trailing) {
      let idx = trailing;
      let highest = this.highs[trailing % period]!;
      for (let i = trailing + 1; i <= today; i++) {
        const tmp = this.highs[i % period]!;
        if (tmp > highest) {
          idx = i;
          highest = tmp;
        }
      }
      this.highestIdx = idx;
      this.highest = highest;
      this.diff = (highest - this.lowest) / 100;
    } else if (high >= this.highest) {
      this.highestIdx = today;
      this.highest = high;
      this.diff = (high - this.lowest) / 100;
    }
    const diff = this.diff;
    return diff !== 0 ? (close - this.lowest) / diff : 0;
  }

  protected override stateRules(): StateRules {
    const seen = int(-1, this.today - 1); // the extremes are bars already seen (-1: none yet)
    return { ...fixed('period'), today: int(0, Number.MAX_SAFE_INTEGER), lowestIdx: seen, highestIdx: seen };
  }
}

/** Streaming {@link stochf}; returns a reused `{ fastK, fastD }` object. */
export class StochfStream extends BaseStream<[Pick<Candle, 'high' | 'low' | 'close'>], StochFastResult> {
  private index = 0;
  private readonly k: StochKStream;
  private readonly d: MovingAverageStream;
  private readonly kStart: number;
  private readonly first: number;
  private readonly result: StochFastResult = { fastK: NaN, fastD: NaN };

  constructor(
    readonly fastKPeriod = 5,
    readonly fastDPeriod = 3,
    readonly fastDMaType: number = MAType.SMA,
  ) {
    super('STOCHF', [fastKPeriod, fastDPeriod, fastDMaType]);
    checkParams(stochfMeta, fastKPeriod, fastDPeriod, fastDMaType);
    this.k = new StochKStream(fastKPeriod);
    this.d = new MovingAverageStream(fastDPeriod, fastDMaType);
    this.kStart = fastKPeriod - 1;
    this.first = this.kStart + maLookback(fastDPeriod, fastDMaType);
  }

  next(c: Pick<Candle, 'high' | 'low' | 'close'>): StochFastResult {
    checkHLC(c, this.indicator);
    return this.update(c.high, c.low, c.close);
  }

  /** {@link StochfStream.next} on plain numbers, without the input check; STOCHRSI feeds it the RSI as high, low and close. */
  update(high: number, low: number, close: number): StochFastResult {
    const i = this.index;
    if (i < this.first) this.index = i + 1;
    const k = this.k.next(high, low, close);
    if (i < this.kStart) return this.result;
    const d = this.d.update(k);
    if (i < this.first) return this.result;
    this.result.fastK = k;
    this.result.fastD = d;
    return this.result;
  }

  protected override stateRules(): StateRules {
    return { ...fixed('fastKPeriod', 'fastDPeriod', 'fastDMaType', 'kStart', 'first'), index: stagedCounter(this.first, [this.kStart, 0, this.k.pending], [this.first, this.kStart, this.d.pending]) };
  }
}

/** The values of a fast stochastic at one index. */
export type StochFastResult = {
  fastK: number;
  fastD: number;
};

/** STOCHF as a uniform {@link IndicatorDefinition}. */
export const STOCHF = defineIndicator(
  stochfMeta,
  ([high, low, close], p) => stochf(high!, low!, close!, p.fastKPeriod, p.fastDPeriod, p.fastDMaType),
  (p) => new StochfStream(p.fastKPeriod, p.fastDPeriod, p.fastDMaType),
);
