import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, FIXED, type StateRules } from '../../core/stream.js';
import { checkHLC } from '../input.js';
import { isZero } from '../math.js';
import type { Candle } from '../../core/types.js';
import type { IndicatorMeta } from '../types.js';
import { SmaStream, smaSeeded } from './sma.js';

/** Metadata of {@link accbands}. */
export const accbandsMeta: IndicatorMeta = defineMeta({
  name: 'ACCBANDS',
  group: 'overlap',
  description: 'Acceleration bands (Headley): SMAs of the range-widened highs and lows around an SMA of the close',
  inputs: ['high', 'low', 'close'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 20, min: 2, max: 100000, integer: true }],
  outputs: [
    { name: 'upper', talib: 'outRealUpperBand' },
    { name: 'middle', talib: 'outRealMiddleBand' },
    { name: 'lower', talib: 'outRealLowerBand' },
  ],
  lookback: (p) => p.period! - 1,
});

/** The upper band input of one bar: H (1 + 4 (H - L) / (H + L)), or H where H + L is within 1e-14 of zero. */
function widenedHigh(high: number, low: number): number {
  const sum = high + low;
  return isZero(sum) ? high : high * (1 + (4 * (high - low)) / sum);
}

/** The lower band input of one bar: L (1 - 4 (H - L) / (H + L)), or L where H + L is within 1e-14 of zero. */
function widenedLow(high: number, low: number): number {
  const sum = high + low;
  return isZero(sum) ? low : low * (1 - (4 * (high - low)) / sum);
}

/**
 * Acceleration bands, exactly as TA-Lib's `TA_ACCBANDS`: with r = 4 (H - L) / (H + L) per bar,
 * upper = SMA(H (1 + r), n), middle = SMA(C, n), lower = SMA(L (1 - r), n); a bar whose H + L is within 1e-14 of
 * zero contributes H and L unchanged. NaN until index `period - 1`; a NaN input poisons the SMA it enters
 * (NaN in the close only affects the middle band).
 *
 * Reference: P. Headley, "Big Trends in Trading" (2002); TA-Lib `ta_ACCBANDS.c`.
 *
 * @example
 * ```ts
 * const { upper, middle, lower } = accbands(high, low, close, 20)
 * ```
 */
export function accbands(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period = 20,
): { upper: Float64Array; middle: Float64Array; lower: Float64Array } {
  checkParams(accbandsMeta, period);
  const n = checkSeries('ACCBANDS', high, low, close);
  const upper = nanArray(n);
  const middle = nanArray(n);
  const lower = nanArray(n);
  if (n < period) return { upper, middle, lower };
  const up = new Float64Array(n);
  const dn = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    up[i] = widenedHigh(high[i]!, low[i]!);
    dn[i] = widenedLow(high[i]!, low[i]!);
  }
  smaSeeded(up, 0, period, upper);
  smaSeeded(close, 0, period, middle);
  smaSeeded(dn, 0, period, lower);
  return { upper, middle, lower };
}

/** Streaming {@link accbands}: three {@link SmaStream}s. */
export class AccbandsStream extends BaseStream<[Pick<Candle, 'high' | 'low' | 'close'>], { upper: number; middle: number; lower: number }> {
  private readonly upperSma: SmaStream;
  private readonly middleSma: SmaStream;
  private readonly lowerSma: SmaStream;
  private readonly result = { upper: NaN, middle: NaN, lower: NaN };

  constructor(readonly period = 20) {
    super('ACCBANDS', [period]);
    checkParams(accbandsMeta, period);
    this.upperSma = new SmaStream(period);
    this.middleSma = new SmaStream(period);
    this.lowerSma = new SmaStream(period);
  }

  next(c: Pick<Candle, 'high' | 'low' | 'close'>): { upper: number; middle: number; lower: number } {
    checkHLC(c, this.indicator);
    this.result.upper = this.upperSma.update(widenedHigh(c.high, c.low));
    this.result.middle = this.middleSma.update(c.close);
    this.result.lower = this.lowerSma.update(widenedLow(c.high, c.low));
    return this.result;
  }

  protected override stateRules(): StateRules {
    return { period: FIXED };
  }
}

/** ACCBANDS as a uniform {@link IndicatorDefinition}. */
export const ACCBANDS = defineIndicator(
  accbandsMeta,
  ([high, low, close], p) => accbands(high!, low!, close!, p.period),
  (p) => new AccbandsStream(p.period),
);
