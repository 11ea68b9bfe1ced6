import { checkParams, checkSeries } from '../params.js';
import { intoOutputs, outputsFor } from '../output.js';
import { KERNEL_CHUNK } from '../kernels/chunk.js';
import { defineIndicator, defineMeta } from '../define.js';
import { ANY_NUMBER, BaseStream, FINITE, FIXED, int, type StateRules } from '../../core/stream.js';
import { finiteInput } from '../input.js';
import { isZeroOrNeg } from '../math.js';
import type { IndicatorMeta } from '../types.js';
import { varianceInto } from '../statistic/var.js';
import { StddevStream } from '../statistic/stddev.js';
import { MAType, MovingAverageStream, maInto, maLookback, maTypeParam } from './ma.js';

const REAL = { min: -3e37, max: 3e37, integer: false } as const;

/** Metadata of {@link bbands}. */
export const bbandsMeta: IndicatorMeta = defineMeta({
  name: 'BBANDS',
  group: 'overlap',
  description: 'Bollinger bands: a moving average plus and minus multiples of the standard deviation',
  inputs: ['real'],
  params: [
    { name: 'period', talib: 'optInTimePeriod', default: 5, min: 2, max: 100000, integer: true },
    { name: 'nbDevUp', talib: 'optInNbDevUp', default: 2, ...REAL },
    { name: 'nbDevDn', talib: 'optInNbDevDn', default: 2, ...REAL },
    maTypeParam('maType', 'optInMAType'),
  ],
  outputs: [
    { name: 'upper', talib: 'outRealUpperBand' },
    { name: 'middle', talib: 'outRealMiddleBand' },
    { name: 'lower', talib: 'outRealLowerBand' },
  ],
  lookback: (p) => bbandsLayout(p.period!, p.maType!).first,
});

/**
 * Where TA-Lib's bands start. The middle band starts at the MA's lookback L; TA-Lib then asks STDDEV for values
 * from L on, which start at max(L, period - 1). Only MAMA (L = 32 whatever the period) can have L < period - 1;
 * there TA-Lib pairs the i-th MA value with the i-th deviation, so the middle band lags by `shift` bars.
 */
function bbandsLayout(period: number, maType: number): { first: number; shift: number } {
  const lookback = maLookback(period, maType);
  const first = Math.max(lookback, period - 1);
  return { first, shift: first - lookback };
}

/**
 * Bollinger bands, exactly as TA-Lib's `TA_BBANDS`: middle = MA(x, n, maType), d = population standard deviation of
 * the last n inputs (always the plain rolling one, whatever the MA type; 0 where the variance is below 1e-14),
 * upper = middle + nbDevUp d, lower = middle - nbDevDn d.
 * TA-Lib quirk kept for exactness: with MAMA and period > 33 the middle band is the MAMA of period - 33 bars
 * earlier, and the bands start at index period - 1.
 * NaN during the warm-up; a NaN input makes every later value NaN.
 *
 * Reference: J. Bollinger, "Bollinger on Bollinger Bands" (2001); TA-Lib `ta_BBANDS.c`.
 *
 * @example
 * ```ts
 * const { upper, middle, lower } = bbands(close, 20, 2, 2, MAType.SMA)
 * ```
 */
export function bbands(real: Float64Array, period = 5, nbDevUp = 2, nbDevDn = 2, maType: number = MAType.SMA): BbandsSeries {
  return bbandsInto(outputsFor(bbandsMeta, real), real, period, nbDevUp, nbDevDn, maType);
}

/** The three bands of {@link bbands}, one array each. */
export type BbandsSeries = { upper: Float64Array; middle: Float64Array; lower: Float64Array };

/**
 * {@link bbands} written into the caller's buffers `out.upper`, `out.middle` and `out.lower` (no allocation): each
 * gets NaN on `[0, lookback)` (all of `[0, n)` when n, `real.length`, is shorter) and the band on `[lookback, n)`,
 * with lookback = `bbandsMeta.lookback(...)` (period - 1 for SMA); elements from `n` on are left as they were.
 * Returns `out`. Throws `InvalidParameterError` (`BBANDS.out.<band>`) when a band is not a `Float64Array`, is shorter
 * than `real`, or shares memory with `real` or another band.
 *
 * @example
 * ```ts
 * const out = { upper: new Float64Array(3), middle: new Float64Array(3), lower: new Float64Array(3) }
 * bbandsInto(out, new Float64Array([1, 3, 5]), 2, 1, 1).upper // => [NaN, 3, 5]
 * ```
 */
export function bbandsInto<T extends BbandsSeries>(out: T, real: Float64Array, period = 5, nbDevUp = 2, nbDevDn = 2, maType: number = MAType.SMA): T {
  checkParams(bbandsMeta, period, nbDevUp, nbDevDn, maType);
  const n = checkSeries('BBANDS', real);
  const { first, shift } = bbandsLayout(period, maType);
  const { upper, middle, lower } = intoOutputs(bbandsMeta, out, n, first, [real]);
  if (n <= first) return out;
  if (maType === MAType.SMA) {
    smaBandsInto(real, period, nbDevUp, nbDevDn, upper, middle, lower);
    return out;
  }
  const ma = shift === 0 ? middle : new Float64Array(n);
  maInto(real, 0, period, maType, ma);
  varianceInto(real, first - (period - 1), period, upper);
  for (let i = first; i < n; i++) {
    const d = deviation(upper[i]!);
    const m = ma[i - shift]!;
    middle[i] = m;
    upper[i] = m + d * nbDevUp;
    lower[i] = m - d * nbDevDn;
  }
  return out;
}

/** TA-Lib's standard deviation from a variance: 0 when the variance is zero or negative (rounding), else its root. */
function deviation(variance: number): number {
  return isZeroOrNeg(variance) ? 0 : Math.sqrt(variance);
}

/**
 * The SMA bands in one pass. TA-Lib's SMA and its variance (`TA_INT_VAR`) keep the same running sum of the window
 * (add the new value, divide, subtract the oldest), so one sum serves both, with the running sum of squares beside
 * it: the values equal the three-pass {@link maInto} + {@link varianceInto} path bit for bit.
 */
function smaBandsInto(real: Float64Array, period: number, nbDevUp: number, nbDevDn: number, upper: Float64Array, middle: Float64Array, lower: Float64Array): void {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < period - 1; i++) {
    const x = real[i]!;
    sum += x;
    sumSq += x * x;
  }
  const state = new Float64Array([sum, sumSq]);
  const n = real.length;
  for (let from = period - 1; from < n; from += KERNEL_CHUNK) {
    smaBandsChunk(real, period, nbDevUp, nbDevDn, upper, middle, lower, state, from, Math.min(n, from + KERNEL_CHUNK));
  }
}

function smaBandsChunk(
  real: Float64Array,
  period: number,
  nbDevUp: number,
  nbDevDn: number,
  upper: Float64Array,
  middle: Float64Array,
  lower: Float64Array,
  state: Float64Array,
  from: number,
  to: number,
): void {
  let sum = state[0]!;
  let sumSq = state[1]!;
  for (let i = from, trailing = from - period + 1; i < to; i++, trailing++) {
    const x = real[i]!;
    sum += x;
    sumSq += x * x;
    const mean = sum / period;
    const meanSq = sumSq / period;
    const old = real[trailing]!;
    sum -= old;
    sumSq -= old * old;
    const d = deviation(meanSq - mean * mean);
    middle[i] = mean;
    upper[i] = mean + d * nbDevUp;
    lower[i] = mean - d * nbDevDn;
  }
  state[0] = sum;
  state[1] = sumSq;
}

/** Streaming {@link bbands}: a {@link MovingAverageStream} and a {@link StddevStream} (and TA-Lib's MAMA lag). */
export class BbandsStream extends BaseStream<[number], { upper: number; middle: number; lower: number }> {
  private readonly ma: MovingAverageStream;
  private readonly deviation: StddevStream;
  private readonly first: number;
  private readonly lag: Float64Array;
  private count = 0;
  private head = 0;
  private readonly result = { upper: NaN, middle: NaN, lower: NaN };

  constructor(
    readonly period = 5,
    readonly nbDevUp = 2,
    readonly nbDevDn = 2,
    readonly maType: number = MAType.SMA,
  ) {
    super('BBANDS', [period, nbDevUp, nbDevDn, maType]);
    checkParams(bbandsMeta, period, nbDevUp, nbDevDn, maType);
    const { first, shift } = bbandsLayout(period, maType);
    this.first = first;
    this.lag = new Float64Array(shift);
    this.ma = new MovingAverageStream(period, maType);
    this.deviation = new StddevStream(period, 1);
  }

  next(x: number): { upper: number; middle: number; lower: number } {
    finiteInput(x, this.indicator);
    const r = this.result;
    const count = this.count;
    if (count < this.first) this.count++;
    let m = this.ma.update(x);
    const lag = this.lag;
    if (lag.length > 0) {
      const older = lag[this.head]!;
      lag[this.head] = m;
      this.head = this.head + 1 === lag.length ? 0 : this.head + 1;
      m = older;
    }
    const d = count >= this.first - (this.period - 1) ? this.deviation.update(x) : NaN;
    if (count < this.first) {
      r.upper = r.middle = r.lower = NaN;
      return r;
    }
    r.middle = m;
    r.upper = m + d * this.nbDevUp;
    r.lower = m - d * this.nbDevDn;
    return r;
  }

  protected override stateRules(): StateRules {
    const { count, first } = this;
    const shift = this.lag.length;
    const slot = shift === 0 ? 0 : count % shift;
    return {
      period: FIXED,
      nbDevUp: FIXED,
      nbDevDn: FIXED,
      maType: FIXED,
      first: FIXED,
      count: int(0, first),
      head: count < first ? int(slot, slot) : int(0, Math.max(0, shift - 1)),
      // the lagged middle band (MAMA only) holds MA values, undefined before the MA's first one
      lag: count < first ? ANY_NUMBER : FINITE,
    };
  }
}

/** BBANDS as a uniform {@link IndicatorDefinition}. */
export const BBANDS = defineIndicator(
  bbandsMeta,
  ([real], p) => bbands(real!, p.period, p.nbDevUp, p.nbDevDn, p.maType),
  (p) => new BbandsStream(p.period, p.nbDevUp, p.nbDevDn, p.maType),
);
