import type { Candle } from '../../core/types.js';
import { checkParams, checkSeries } from '../params.js';
import { intoOutputs, outputsFor } from '../output.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, fixed, type StateRules } from '../../core/stream.js';
import { stagedCounter } from '../state.js';
import { checkHLC } from '../input.js';
import type { IndicatorMeta } from '../types.js';
import { MAType, MovingAverageStream, maInto, maLookback, maTypeParam } from '../overlap/ma.js';
import { StochKStream, stochKInto } from './stochf.js';

/** Metadata of {@link stoch}. */
export const stochMeta: IndicatorMeta = defineMeta({
  name: 'STOCH',
  group: 'momentum',
  description: 'Slow stochastic oscillator: smoothed %K and its moving average %D',
  inputs: ['high', 'low', 'close'],
  params: [
    { name: 'fastKPeriod', talib: 'optInFastK_Period', default: 5, min: 1, max: 100000, integer: true },
    { name: 'slowKPeriod', talib: 'optInSlowK_Period', default: 3, min: 1, max: 100000, integer: true },
    maTypeParam('slowKMaType', 'optInSlowK_MAType'),
    { name: 'slowDPeriod', talib: 'optInSlowD_Period', default: 3, min: 1, max: 100000, integer: true },
    maTypeParam('slowDMaType', 'optInSlowD_MAType'),
  ],
  outputs: [
    { name: 'slowK', talib: 'outSlowK' },
    { name: 'slowD', talib: 'outSlowD' },
  ],
  lookback: (p) => p.fastKPeriod! - 1 + maLookback(p.slowKPeriod!, p.slowKMaType!) + maLookback(p.slowDPeriod!, p.slowDMaType!),
});

/**
 * Slow stochastic, exactly as TA-Lib's `TA_STOCH`: raw %K = (close - LL) / ((HH - LL) / 100) over the last
 * `fastKPeriod` candles (0 when HH = LL), slow %K = MA(raw %K) over `slowKPeriod` (type `slowKMaType`), and
 * slow %D = MA(slow %K) over `slowDPeriod` (type `slowDMaType`). Both outputs start at
 * `fastKPeriod - 1 + lookback(slow %K) + lookback(slow %D)`. A NaN close gives a NaN raw %K, which propagates as in
 * the chosen averages.
 *
 * Reference: George Lane (1950s); TA-Lib `ta_STOCH.c`.
 *
 * @example
 * ```ts
 * const { slowK, slowD } = stoch(high, low, close, 14, 3, MAType.SMA, 3, MAType.SMA)
 * ```
 */
export function stoch(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  fastKPeriod = 5,
  slowKPeriod = 3,
  slowKMaType: number = MAType.SMA,
  slowDPeriod = 3,
  slowDMaType: number = MAType.SMA,
): StochSeries {
  return stochInto(outputsFor(stochMeta, high), high, low, close, fastKPeriod, slowKPeriod, slowKMaType, slowDPeriod, slowDMaType);
}

/** The two lines of {@link stoch}, one array each. */
export type StochSeries = { slowK: Float64Array; slowD: Float64Array };

/**
 * {@link stoch} written into the caller's buffers `out.slowK` and `out.slowD` (no allocation): each gets NaN on
 * `[0, lookback)` with lookback = `stochMeta.lookback(...)` (fastK - 1 + slowK - 1 + slowD - 1 for SMAs; all of
 * `[0, n)` when n, the inputs' length, is shorter) and its line on `[lookback, n)`; elements from `n` on are left as
 * they were. Returns `out`. Throws `InvalidParameterError` (`STOCH.out.<line>`) when a buffer is not a
 * `Float64Array`, is shorter than the inputs, or shares memory with an input or the other buffer.
 *
 * @example
 * ```ts
 * const h = new Float64Array([2, 4, 6]), l = new Float64Array([0, 2, 4]), c = new Float64Array([1, 4, 5])
 * stochInto({ slowK: new Float64Array(3), slowD: new Float64Array(3) }, h, l, c, 2, 1, 0, 1, 0).slowK // => [NaN, 100, 75]
 * ```
 */
export function stochInto<T extends StochSeries>(
  out: T,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  fastKPeriod = 5,
  slowKPeriod = 3,
  slowKMaType: number = MAType.SMA,
  slowDPeriod = 3,
  slowDMaType: number = MAType.SMA,
): T {
  checkParams(stochMeta, fastKPeriod, slowKPeriod, slowKMaType, slowDPeriod, slowDMaType);
  const n = checkSeries('STOCH', high, low, close);
  const kStart = fastKPeriod - 1;
  const dStart = kStart + maLookback(slowKPeriod, slowKMaType);
  const first = dStart + maLookback(slowDPeriod, slowDMaType);
  // checked only: the warm-up is written after the kernels, which use slowD's prefix as scratch
  const { slowK, slowD } = intoOutputs(stochMeta, out, n, 0, [high, low, close]);
  if (n > first) {
    // slowD holds the raw %K until the %D average overwrites it, as in TA-Lib
    stochKInto(high, low, close, 0, fastKPeriod, slowD);
    maInto(slowD, kStart, slowKPeriod, slowKMaType, slowK);
    maInto(slowK, dStart, slowDPeriod, slowDMaType, slowD);
  }
  const end = Math.min(first, n);
  slowK.fill(NaN, 0, end);
  slowD.fill(NaN, 0, end);
  return out;
}

/** Streaming {@link stoch}; returns a reused `{ slowK, slowD }` object. */
export class StochStream extends BaseStream<[Pick<Candle, 'high' | 'low' | 'close'>], { slowK: number; slowD: number }> {
  private index = 0;
  private readonly rawK: StochKStream;
  private readonly k: MovingAverageStream;
  private readonly d: MovingAverageStream;
  private readonly kStart: number;
  private readonly dStart: number;
  private readonly first: number;
  private readonly result = { slowK: NaN, slowD: NaN };

  constructor(
    readonly fastKPeriod = 5,
    readonly slowKPeriod = 3,
    readonly slowKMaType: number = MAType.SMA,
    readonly slowDPeriod = 3,
    readonly slowDMaType: number = MAType.SMA,
  ) {
    super('STOCH', [fastKPeriod, slowKPeriod, slowKMaType, slowDPeriod, slowDMaType]);
    checkParams(stochMeta, fastKPeriod, slowKPeriod, slowKMaType, slowDPeriod, slowDMaType);
    this.rawK = new StochKStream(fastKPeriod);
    this.k = new MovingAverageStream(slowKPeriod, slowKMaType);
    this.d = new MovingAverageStream(slowDPeriod, slowDMaType);
    this.kStart = fastKPeriod - 1;
    this.dStart = this.kStart + maLookback(slowKPeriod, slowKMaType);
    this.first = this.dStart + maLookback(slowDPeriod, slowDMaType);
  }

  next(c: Pick<Candle, 'high' | 'low' | 'close'>): { slowK: number; slowD: number } {
    checkHLC(c, this.indicator);
    const i = this.index;
    if (i < this.first) this.index = i + 1;
    const raw = this.rawK.next(c.high, c.low, c.close);
    if (i < this.kStart) return this.result;
    const k = this.k.update(raw);
    if (i < this.dStart) return this.result;
    const d = this.d.update(k);
    if (i < this.first) return this.result;
    this.result.slowK = k;
    this.result.slowD = d;
    return this.result;
  }

  protected override stateRules(): StateRules {
    return {
      ...fixed('fastKPeriod', 'slowKPeriod', 'slowKMaType', 'slowDPeriod', 'slowDMaType', 'kStart', 'dStart', 'first'),
      index: stagedCounter(this.first, [this.kStart, 0, this.rawK.pending], [this.dStart, this.kStart, this.k.pending], [this.first, this.dStart, this.d.pending]),
    };
  }
}

/** STOCH as a uniform {@link IndicatorDefinition}. */
export const STOCH = defineIndicator(
  stochMeta,
  ([high, low, close], p) => stoch(high!, low!, close!, p.fastKPeriod, p.slowKPeriod, p.slowKMaType, p.slowDPeriod, p.slowDMaType),
  (p) => new StochStream(p.fastKPeriod, p.slowKPeriod, p.slowKMaType, p.slowDPeriod, p.slowDMaType),
);
