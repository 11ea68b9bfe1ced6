import { checkParams, checkSeries } from '../params.js';
import { intoOutputs, outputsFor } from '../output.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, fixed, type StateRules } from '../../core/stream.js';
import { stagedCounter } from '../state.js';
import { finiteInput } from '../input.js';
import type { IndicatorMeta, UpdatableStream } from '../types.js';
import { EmaStream, emaK } from '../overlap/ema.js';

/** The three MACD lines, keyed as in batch results. Streams return one reused object of this shape. */
export type MacdResult = {
  macd: number;
  signal: number;
  hist: number;
};

/** The output specs shared by MACD, MACDEXT and MACDFIX. */
export const MACD_OUTPUTS = [
  { name: 'macd', talib: 'outMACD' },
  { name: 'signal', talib: 'outMACDSignal' },
  { name: 'hist', talib: 'outMACDHist' },
] as const;

/** Metadata of {@link macd}. */
export const macdMeta: IndicatorMeta = defineMeta({
  name: 'MACD',
  group: 'momentum',
  description: 'Moving average convergence/divergence (EMA fast - EMA slow, with an EMA signal line)',
  inputs: ['real'],
  params: [
    { name: 'fastPeriod', talib: 'optInFastPeriod', default: 12, min: 2, max: 100000, integer: true },
    { name: 'slowPeriod', talib: 'optInSlowPeriod', default: 26, min: 2, max: 100000, integer: true },
    // TA-Lib declares 1..100000, but TA_EMA_Lookback(1) is -1 (EMA takes 2..100000): INT_MACD then reads before its
    // buffer, starts one candle early and shifts the signal line two candles into the future. Rejected, not reproduced.
    { name: 'signalPeriod', talib: 'optInSignalPeriod', default: 9, min: 2, max: 100000, integer: true },
  ],
  outputs: MACD_OUTPUTS,
  lookback: (p) => Math.max(p.fastPeriod!, p.slowPeriod!) - 1 + p.signalPeriod! - 1,
});

/**
 * Moving average convergence/divergence, exactly as TA-Lib's `TA_MACD` (its internal `INT_MACD`):
 * MACD = EMA_fast - EMA_slow, signal = EMA_signal(MACD), hist = MACD - signal, with k = 2 / (period + 1).
 * The periods are swapped when `slowPeriod < fastPeriod`. Both EMAs end their warm-up together: the slow
 * EMA is seeded with the mean of the first `slowPeriod` values, the fast EMA with the mean of the
 * `fastPeriod` values ending at that same index (`slowPeriod - 1`), so the fast EMA starts later than a
 * standalone EMA would. The signal EMA is seeded with the mean of the first `signalPeriod` MACD values.
 * All three outputs start at index `max(fast, slow) - 1 + signalPeriod - 1`.
 * A NaN input makes every later value NaN.
 *
 * Reference: Gerald Appel (1979); TA-Lib `ta_MACD.c`.
 *
 * @example
 * ```ts
 * const { macd: line, signal, hist } = macd(close, 12, 26, 9)
 * ```
 */
export function macd(real: Float64Array, fastPeriod = 12, slowPeriod = 26, signalPeriod = 9): MacdSeries {
  return macdInto(outputsFor(macdMeta, real), real, fastPeriod, slowPeriod, signalPeriod);
}

/**
 * {@link macd} written into the caller's buffers `out.macd`, `out.signal` and `out.hist` (no allocation): each gets
 * NaN on `[0, lookback)` with lookback = max(fast, slow) - 1 + signalPeriod - 1 (all of `[0, n)` when n,
 * `real.length`, is shorter) and its line on `[lookback, n)`; elements from `n` on are left as they were. Returns
 * `out`. Throws `InvalidParameterError` (`MACD.out.<line>`) when a buffer is not a `Float64Array`, is shorter than
 * `real`, or shares memory with `real` or another buffer.
 *
 * @example
 * ```ts
 * const out = { macd: new Float64Array(4), signal: new Float64Array(4), hist: new Float64Array(4) }
 * macdInto(out, new Float64Array([1, 2, 3, 4]), 2, 3, 2).macd // => [NaN, NaN, NaN, 0.5]
 * ```
 */
export function macdInto<T extends MacdSeries>(out: T, real: Float64Array, fastPeriod = 12, slowPeriod = 26, signalPeriod = 9): T {
  checkParams(macdMeta, fastPeriod, slowPeriod, signalPeriod);
  const n = checkSeries('MACD', real);
  const [fast, slow] = fastPeriod <= slowPeriod ? [fastPeriod, slowPeriod] : [slowPeriod, fastPeriod];
  macdSeries(real, fast, emaK(fast), slow, emaK(slow), signalPeriod, intoOutputs(macdMeta, out, n, slow - 1 + signalPeriod - 1, [real]));
  return out;
}

/** Batch result of MACD, MACDEXT and MACDFIX: the three lines aligned with the input. */
export type MacdSeries = {
  macd: Float64Array;
  signal: Float64Array;
  hist: Float64Array;
};

/**
 * TA-Lib's `INT_MACD` on already ordered periods (`fastPeriod <= slowPeriod`) and explicit smoothing factors (MACDFIX
 * passes 0.15 and 0.075), written into `out` (new arrays with a NaN warm-up by default; a given `out` must have its
 * warm-up written already). One fused pass: both EMAs, the MACD line, the signal EMA and the histogram.
 */
export function macdSeries(
  src: Float64Array,
  fastPeriod: number,
  fastK: number,
  slowPeriod: number,
  slowK: number,
  signalPeriod: number,
  out: MacdSeries = macdOutputs(src.length, slowPeriod - 1 + signalPeriod - 1),
): MacdSeries {
  const n = src.length;
  const lookback = slowPeriod - 1 + signalPeriod - 1;
  if (n <= lookback) return out;
  const { macd: outMacd, signal: outSignal, hist: outHist } = out;
  let slow = 0;
  let fast = 0;
  for (let i = 0; i < slowPeriod; i++) slow += src[i]!;
  for (let i = slowPeriod - fastPeriod; i < slowPeriod; i++) fast += src[i]!;
  slow /= slowPeriod;
  fast /= fastPeriod;
  let line = fast - slow;
  let signal = 0;
  let i = slowPeriod - 1;
  for (;;) {
    signal += line;
    if (i === lookback) break;
    const x = src[++i]!;
    slow = (x - slow) * slowK + slow;
    fast = (x - fast) * fastK + fast;
    line = fast - slow;
  }
  signal /= signalPeriod;
  outMacd[i] = line;
  outSignal[i] = signal;
  outHist[i] = line - signal;
  const signalK = emaK(signalPeriod);
  for (i++; i < n; i++) {
    const x = src[i]!;
    slow = (x - slow) * slowK + slow;
    fast = (x - fast) * fastK + fast;
    line = fast - slow;
    signal = (line - signal) * signalK + signal;
    outMacd[i] = line;
    outSignal[i] = signal;
    outHist[i] = line - signal;
  }
  return out;
}

/**
 * Three new output arrays of length `n` whose first `lookback` values (all of them when `n <= lookback`) are NaN;
 * the caller writes the rest. Each array is written once, which matters on 1M-candle inputs.
 */
export function macdOutputs(n: number, lookback: number): MacdSeries {
  const macd = new Float64Array(n).fill(NaN, 0, lookback);
  const signal = new Float64Array(n).fill(NaN, 0, lookback);
  const hist = new Float64Array(n).fill(NaN, 0, lookback);
  return { macd, signal, hist };
}

/**
 * The streaming engine shared by MACD, MACDFIX and MACDEXT: a fast and a slow average fed from their own
 * start indexes (so that both finish their warm-up at `lineStart`), their difference from `lineStart` on,
 * a signal average of that difference, and NaN outputs until `lookback`.
 */
export abstract class MacdEngineStream extends BaseStream<[number], MacdResult> {
  private index = 0;
  private readonly result: MacdResult = { macd: NaN, signal: NaN, hist: NaN };

  protected constructor(
    indicator: string,
    args: readonly number[],
    private readonly fast: BaseStream<[number], number> & UpdatableStream,
    private readonly fastStart: number,
    private readonly slow: BaseStream<[number], number> & UpdatableStream,
    private readonly slowStart: number,
    private readonly signalMa: BaseStream<[number], number> & UpdatableStream,
    private readonly lineStart: number,
    private readonly lookback: number,
  ) {
    super(indicator, args);
  }

  next(x: number): MacdResult {
    finiteInput(x, this.indicator);
    const i = this.index;
    if (i < this.lookback) this.index = i + 1;
    const r = this.result;
    const slow = i >= this.slowStart ? this.slow.update(x) : NaN;
    const fast = i >= this.fastStart ? this.fast.update(x) : NaN;
    if (i < this.lineStart) return r;
    const line = fast - slow;
    const signal = this.signalMa.update(line);
    if (i < this.lookback) return r;
    r.macd = line;
    r.signal = signal;
    r.hist = line - signal;
    return r;
  }

  protected override stateRules(): StateRules {
    const { fastStart, slowStart, lineStart, lookback } = this;
    const index = stagedCounter(lookback, [lineStart, fastStart, this.fast.pending], [lineStart, slowStart, this.slow.pending], [lookback, lineStart, this.signalMa.pending]);
    return { ...fixed('fastStart', 'slowStart', 'lineStart', 'lookback'), index };
  }
}

/** Streaming {@link macd}: three EMA streams, the fast one fed from index `slow - fast`. */
export class MacdStream extends MacdEngineStream {
  constructor(
    readonly fastPeriod = 12,
    readonly slowPeriod = 26,
    readonly signalPeriod = 9,
  ) {
    checkParams(macdMeta, fastPeriod, slowPeriod, signalPeriod);
    const fast = Math.min(fastPeriod, slowPeriod);
    const slow = Math.max(fastPeriod, slowPeriod);
    super('MACD', [fastPeriod, slowPeriod, signalPeriod], ...emaMacdParts(fast, emaK(fast), slow, emaK(slow), signalPeriod));
  }

  protected override stateRules(): StateRules {
    return { ...super.stateRules(), ...fixed('fastPeriod', 'slowPeriod', 'signalPeriod') };
  }
}

/** The engine arguments of an EMA-based MACD (MACD and MACDFIX). */
export function emaMacdParts(fastPeriod: number, fastK: number, slowPeriod: number, slowK: number, signalPeriod: number) {
  return [
    new EmaStream(fastPeriod, fastK),
    slowPeriod - fastPeriod,
    new EmaStream(slowPeriod, slowK),
    0,
    new EmaStream(signalPeriod),
    slowPeriod - 1,
    slowPeriod - 1 + signalPeriod - 1,
  ] as const;
}

/** MACD as a uniform {@link IndicatorDefinition}. */
export const MACD = defineIndicator(
  macdMeta,
  ([real], p) => macd(real!, p.fastPeriod, p.slowPeriod, p.signalPeriod),
  (p) => new MacdStream(p.fastPeriod, p.slowPeriod, p.signalPeriod),
);
