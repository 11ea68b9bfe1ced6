import type { Candle } from '../../core/types.js';
import { checkParams, checkSeries } from '../params.js';
import { intoOutput, outputFor } from '../output.js';
import { defineIndicator, defineMeta } from '../define.js';
import { ANY_NUMBER, BaseStream, FINITE, fixed, int, type StateRules } from '../../core/stream.js';
import { checkHLC } from '../input.js';
import { NON_NEGATIVE } from '../state.js';
import type { IndicatorMeta } from '../types.js';
import { trueRange } from './trange.js';

/** Metadata of {@link atr}. */
export const atrMeta: IndicatorMeta = defineMeta({
  name: 'ATR',
  group: 'volatility',
  description: "Average true range (Wilder's smoothing)",
  inputs: ['high', 'low', 'close'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 14, min: 1, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => p.period!,
});

/**
 * Average true range, exactly as TA-Lib's `TA_ATR`: the first value, at index `period`, is the simple average of the
 * true ranges of bars 1..period; then ATR_t = (ATR_{t-1} (n - 1) + TR_t) / n. Period 1 is the true range itself.
 * A NaN high or low poisons every later value; a NaN close only shortens the next bar's true range to high - low.
 *
 * Reference: Wilder (1978), "New Concepts in Technical Trading Systems"; TA-Lib `ta_ATR.c`.
 *
 * @example
 * ```ts
 * atr(high, low, close, 14)
 * ```
 */
export function atr(high: Float64Array, low: Float64Array, close: Float64Array, period = 14): Float64Array {
  return atrInto(outputFor(high), high, low, close, period);
}

/**
 * {@link atr} written into the caller's buffer `out` (no allocation): `out[0 .. period)` becomes NaN (all of
 * `out[0 .. n)` when n, the inputs' length, is shorter), `out[period .. n)` the values; elements from `n` on are left
 * as they were. Returns `out`. Throws `InvalidParameterError` (`ATR.out`) when `out` is not a `Float64Array`, is
 * shorter than the inputs, or shares memory with an input.
 *
 * @example
 * ```ts
 * const h = new Float64Array([3, 4, 5]), l = new Float64Array([1, 2, 3]), c = new Float64Array([2, 3, 4])
 * atrInto(new Float64Array(3), h, l, c, 2) // => [NaN, NaN, 2]
 * ```
 */
export function atrInto(out: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, period = 14): Float64Array {
  checkParams(atrMeta, period);
  const n = checkSeries('ATR', high, low, close);
  atrKernel(high, low, close, period, intoOutput(atrMeta, out, n, period, [high, low, close]));
  return out;
}

/** Writes TA-Lib's ATR into `out` from index `period` on (index 1 for period 1); leaves `out` untouched when too short. */
export function atrKernel(high: Float64Array, low: Float64Array, close: Float64Array, period: number, out: Float64Array): void {
  const n = high.length;
  if (period === 1) {
    for (let i = 1; i < n; i++) out[i] = trueRange(high[i]!, low[i]!, close[i - 1]!);
    return;
  }
  if (n <= period) return;
  let sum = 0;
  for (let i = 1; i <= period; i++) sum += trueRange(high[i]!, low[i]!, close[i - 1]!);
  let value = sum / period;
  out[period] = value;
  const m = period - 1;
  for (let i = period + 1; i < n; i++) {
    value = (value * m + trueRange(high[i]!, low[i]!, close[i - 1]!)) / period;
    out[i] = value;
  }
}

/** Streaming {@link atr}. `bars` counts the candles seen, up to `period + 1`. */
export class AtrStream extends BaseStream<[Pick<Candle, 'high' | 'low' | 'close'>], number> {
  private prevClose = NaN;
  private sum = 0;
  private value = NaN;
  private bars = 0;

  constructor(readonly period = 14) {
    super('ATR', [period]);
    checkParams(atrMeta, period);
  }

  next(c: Pick<Candle, 'high' | 'low' | 'close'>): number {
    checkHLC(c, this.indicator);
    return this.update(c);
  }

  /** {@link AtrStream.next} without the input check, for composites. */
  update(c: Pick<Candle, 'high' | 'low' | 'close'>): number {
    const bars = this.bars;
    const tr = trueRange(c.high, c.low, this.prevClose);
    this.prevClose = c.close;
    if (bars === 0) {
      this.bars = 1;
      return NaN;
    }
    const period = this.period;
    if (period === 1) return tr;
    if (bars < period) {
      this.sum += tr;
      this.bars++;
      return NaN;
    }
    if (bars === period) {
      this.sum += tr;
      this.bars++;
      return (this.value = this.sum / period);
    }
    return (this.value = (this.value * (period - 1) + tr) / period);
  }

  protected override stateRules(): StateRules {
    const { bars, period } = this;
    return {
      ...fixed('period'),
      bars: int(0, period === 1 ? 1 : period + 1),
      prevClose: bars > 0 ? FINITE : ANY_NUMBER,
      sum: NON_NEGATIVE,
      value: bars > period ? NON_NEGATIVE : ANY_NUMBER,
    };
  }
}

/** ATR as a uniform {@link IndicatorDefinition}. */
export const ATR = defineIndicator(atrMeta, ([high, low, close], p) => atr(high!, low!, close!, p.period), (p) => new AtrStream(p.period));
