import type { Candle } from '../../core/types.js';
import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, fixed, int, type StateRules } from '../../core/stream.js';
import { checkHLC } from '../input.js';
import { isZero } from '../math.js';
import type { IndicatorMeta } from '../types.js';
import { AtrStream, atrKernel } from './atr.js';

/** Metadata of {@link natr}. */
export const natrMeta: IndicatorMeta = defineMeta({
  name: 'NATR',
  group: 'volatility',
  description: 'Normalized average true range, in percent of the close',
  inputs: ['high', 'low', 'close'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 14, min: 1, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => p.period!,
});

function normalize(atrValue: number, close: number): number {
  return isZero(close) ? 0 : (atrValue / close) * 100;
}

/**
 * Normalized ATR, exactly as TA-Lib's `TA_NATR`: NATR_t = (ATR_t / close_t) * 100 with {@link atr}'s seeding and
 * smoothing, and 0 where the close is within 1e-14 of zero. As in TA-Lib, period 1 returns the plain true range
 * (not normalized). NaN propagates as in {@link atr}, and a NaN close also gives NaN at its own bar.
 *
 * Deviation: where a close after the first output is zero, TA-Lib 0.6 writes 0 into its *first* output slot and
 * leaves the current slot unwritten (a bug); this returns 0 at the current bar and leaves earlier bars alone.
 *
 * Reference: John Forman (2006), "Cross-Market Evaluations With Normalized Average True Range",
 * Technical Analysis of Stocks & Commodities; TA-Lib `ta_NATR.c`.
 *
 * @example
 * ```ts
 * natr(high, low, close, 14)
 * ```
 */
export function natr(high: Float64Array, low: Float64Array, close: Float64Array, period = 14): Float64Array {
  checkParams(natrMeta, period);
  const n = checkSeries('NATR', high, low, close);
  const out = nanArray(n);
  atrKernel(high, low, close, period, out);
  if (period > 1) for (let i = period; i < n; i++) out[i] = normalize(out[i]!, close[i]!);
  return out;
}

/** Streaming {@link natr}: an {@link AtrStream} and a count of candles up to the first output. */
export class NatrStream extends BaseStream<[Pick<Candle, 'high' | 'low' | 'close'>], number> {
  private readonly atr: AtrStream;
  private bars = 0;

  constructor(readonly period = 14) {
    super('NATR', [period]);
    checkParams(natrMeta, period);
    this.atr = new AtrStream(period);
  }

  next(c: Pick<Candle, 'high' | 'low' | 'close'>): number {
    checkHLC(c, this.indicator);
    const value = this.atr.update(c);
    if (this.period === 1) return value;
    if (this.bars < this.period) {
      this.bars++;
      return NaN;
    }
    return normalize(value, c.close);
  }

  protected override stateRules(): StateRules {
    return { ...fixed('period'), bars: int(0, this.period) };
  }
}

/** NATR as a uniform {@link IndicatorDefinition}. */
export const NATR = defineIndicator(natrMeta, ([high, low, close], p) => natr(high!, low!, close!, p.period), (p) => new NatrStream(p.period));
