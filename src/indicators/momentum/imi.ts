import type { Candle } from '../../core/types.js';
import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, fixed, int, type StateRules } from '../../core/stream.js';
import { checkOC } from '../input.js';
import type { IndicatorMeta } from '../types.js';

/** Metadata of {@link imi}. */
export const imiMeta: IndicatorMeta = defineMeta({
  name: 'IMI',
  group: 'momentum',
  description: 'Intraday momentum index',
  inputs: ['open', 'close'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 14, min: 2, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => p.period! - 1,
});

/**
 * IMI of the bars `from..to`, summed from scratch oldest first as TA-Lib does: up-candles add close - open to U,
 * the others add open - close to D, and IMI = 100 U / (U + D).
 */
function imiWindow(open: Float64Array, close: Float64Array, from: number, to: number): number {
  let up = 0;
  let down = 0;
  for (let i = from; i <= to; i++) {
    const c = close[i]!;
    const o = open[i]!;
    if (c > o) up += c - o;
    else down += o - c;
  }
  return 100 * (up / (up + down));
}

/**
 * Intraday momentum index, exactly as TA-Lib's `TA_IMI`: over the last n bars, U = sum of (close - open) on bars
 * closing above their open and D = sum of (open - close) on the others, IMI = 100 U / (U + D). First value at index
 * n - 1. As in TA-Lib, a window of doji bars only (U + D = 0) gives NaN, and a NaN input gives NaN for the n bars
 * whose window holds it.
 *
 * Reference: Tushar Chande, "The New Technical Trader" (1994); TA-Lib `ta_IMI.c`.
 *
 * @example
 * ```ts
 * imi(open, close, 14)
 * ```
 */
export function imi(open: Float64Array, close: Float64Array, period = 14): Float64Array {
  checkParams(imiMeta, period);
  const n = checkSeries('IMI', open, close);
  const out = nanArray(n);
  for (let t = period - 1; t < n; t++) out[t] = imiWindow(open, close, t - period + 1, t);
  return out;
}

/**
 * Streaming {@link imi}. Opens and closes are kept twice in buffers of 2n (bar t at t mod n and t mod n + n), so
 * the last n bars are always contiguous and the batch window sum applies unchanged.
 */
export class ImiStream extends BaseStream<[Pick<Candle, 'open' | 'close'>], number> {
  private readonly opens: Float64Array;
  private readonly closes: Float64Array;
  private bars = 0;

  constructor(readonly period = 14) {
    super('IMI', [period]);
    checkParams(imiMeta, period);
    this.opens = new Float64Array(2 * period);
    this.closes = new Float64Array(2 * period);
  }

  next(c: Pick<Candle, 'open' | 'close'>): number {
    checkOC(c, this.indicator);
    const period = this.period;
    const t = this.bars++;
    const pos = t % period;
    this.opens[pos] = this.opens[pos + period] = c.open;
    this.closes[pos] = this.closes[pos + period] = c.close;
    if (t < period - 1) return NaN;
    const from = (pos + 1) % period;
    return imiWindow(this.opens, this.closes, from, from + period - 1);
  }

  protected override stateRules(): StateRules {
    return { ...fixed('period'), bars: int(0, Number.MAX_SAFE_INTEGER) };
  }
}

/** IMI as a uniform {@link IndicatorDefinition}. */
export const IMI = defineIndicator(imiMeta, ([open, close], p) => imi(open!, close!, p.period), (p) => new ImiStream(p.period));
