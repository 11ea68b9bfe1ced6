import { checkParams, checkSeries } from '../params.js';
import { defineMeta } from '../define.js';
import { BaseStream, FIXED, int, type StateRules } from '../../core/stream.js';
import { finiteInput } from '../input.js';
import { ringHead } from '../state.js';
import type { IndicatorMeta } from '../types.js';

/**
 * Which quantity of the least-squares line y = b + m x a regression indicator reports:
 * LINEARREG (b + m (n - 1)), LINEARREG_ANGLE (atan m in degrees), LINEARREG_INTERCEPT (b),
 * LINEARREG_SLOPE (m) or TSF (b + m n).
 */
export const LinRegOutput = { value: 0, angle: 1, intercept: 2, slope: 3, forecast: 4 } as const;
/** One of the {@link LinRegOutput} codes. */
export type LinRegOutputKind = (typeof LinRegOutput)[keyof typeof LinRegOutput];

/** 180 / PI with TA-Lib's PI constant (`ta_utility.h`), the radian-to-degree factor of LINEARREG_ANGLE. */
const DEGREES_PER_RADIAN = 180 / 3.14159265358979323846;

/**
 * Metadata shared by the five regression indicators: one real input, one period (TA-Lib: 2 to 100000,
 * default 14), one output, lookback `period - 1`.
 */
export function linRegMeta(name: string, description: string): IndicatorMeta {
  return defineMeta({
    name,
    group: 'statistic',
    description,
    inputs: ['real'],
    params: [{ name: 'period', talib: 'optInTimePeriod', default: 14, min: 2, max: 100000, integer: true }],
    outputs: [{ name: 'value', talib: 'outReal' }],
    lookback: (p) => p.period! - 1,
  });
}

/** TA-Lib's Σx = n (n - 1) / 2 over the x coordinates 0 .. n-1 of a window of `period` points. */
function linRegSumX(period: number): number {
  return period * (period - 1) * 0.5;
}

/**
 * TA-Lib's regression divisor (Σx)² - n Σx², with Σx² = n (n - 1) (2n - 1) / 6, exact in doubles for every valid
 * period. TA-Lib evaluates Σx² in 32-bit integers, which overflows above period 1290: there TA-Lib's regression
 * outputs are wrong and ours (correct) differ from them.
 */
function linRegDivisor(period: number): number {
  const sumX = linRegSumX(period);
  const sumXSqr = (period * (period - 1) * (2 * period - 1)) / 6;
  return sumX * sumX - period * sumXSqr;
}

/**
 * The regression quantity `kind` for the window `src[last - period + 1 .. last]`, in TA-Lib's arithmetic order:
 * Σy and Σxy, with weight x = period - 1 on the oldest point down to 0 on the newest, summed oldest first, then
 * m = (n Σxy - Σx Σy) / divisor and b = (Σy - m Σx) / n. TA-Lib's divisor has the opposite sign of the usual
 * n Σx² - (Σx)², so m is the slope per bar forward in time and b the line's value at the oldest bar.
 * `sumX` and `divisor` come from {@link linRegSumX} and {@link linRegDivisor}. A NaN in the window gives NaN.
 */
function linRegAt(src: Float64Array, last: number, period: number, sumX: number, divisor: number, kind: LinRegOutputKind): number {
  let sumXY = 0;
  let sumY = 0;
  let j = last - period + 1;
  let w = period - 1;
  // Two points per turn for speed; the additions happen in exactly the one-at-a-time order.
  for (; w > 0; w -= 2, j += 2) {
    const y0 = src[j]!;
    const y1 = src[j + 1]!;
    sumY += y0;
    sumXY += w * y0;
    sumY += y1;
    sumXY += (w - 1) * y1;
  }
  if (w === 0) {
    const y = src[j]!;
    sumY += y;
    sumXY += 0 * y; // kept: an infinite y gives NaN here, as in TA-Lib
  }
  const m = (period * sumXY - sumX * sumY) / divisor;
  if (kind === LinRegOutput.slope) return m;
  if (kind === LinRegOutput.angle) return Math.atan(m) * DEGREES_PER_RADIAN;
  const b = (sumY - m * sumX) / period;
  if (kind === LinRegOutput.intercept) return b;
  return b + m * (kind === LinRegOutput.forecast ? period : period - 1);
}

/**
 * Validates and runs one regression indicator over a whole series: NaN until index `period - 1`, then
 * {@link linRegAt} for every window (O(period) per point, as TA-Lib). Equal to TA-Lib up to period 1290
 * (see {@link linRegDivisor}).
 */
export function linRegSeries(meta: IndicatorMeta, real: Float64Array, period: number, kind: LinRegOutputKind): Float64Array {
  checkParams(meta, period);
  const n = checkSeries(meta.name, real);
  const out = new Float64Array(n).fill(NaN, 0, period - 1); // NaN warm-up (all of a too-short series)
  const sumX = linRegSumX(period);
  const divisor = linRegDivisor(period);
  for (let t = period - 1; t < n; t++) out[t] = linRegAt(real, t, period, sumX, divisor, kind);
  return out;
}

/**
 * Streaming regression shared by LINEARREG, LINEARREG_ANGLE, LINEARREG_INTERCEPT, LINEARREG_SLOPE and TSF.
 * The last `period` inputs live in a doubled ring buffer (each value stored at `pos` and `pos + period`), so
 * the window is always contiguous and {@link linRegAt} runs on it exactly as in batch.
 */
export abstract class LinRegStreamBase extends BaseStream<[number], number> {
  private readonly window: Float64Array;
  private readonly sumX: number;
  private readonly divisor: number;
  private pos = 0;
  private count = 0;

  protected constructor(
    meta: IndicatorMeta,
    private readonly kind: LinRegOutputKind,
    readonly period: number,
  ) {
    super(meta.name, [period]);
    checkParams(meta, period);
    this.window = new Float64Array(2 * period);
    this.sumX = linRegSumX(period);
    this.divisor = linRegDivisor(period);
  }

  next(x: number): number {
    finiteInput(x, this.indicator);
    const period = this.period;
    this.window[this.pos] = x;
    this.window[this.pos + period] = x;
    this.pos = this.pos + 1 === period ? 0 : this.pos + 1;
    if (this.count < period - 1) {
      this.count++;
      return NaN;
    }
    return linRegAt(this.window, this.pos + period - 1, period, this.sumX, this.divisor, this.kind);
  }

  protected override stateRules(): StateRules {
    const last = this.period - 1;
    return { period: FIXED, kind: FIXED, sumX: FIXED, divisor: FIXED, count: int(0, last), pos: ringHead(this.count, last, this.period) };
  }
}
