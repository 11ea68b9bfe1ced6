import type { Candle } from '../../core/types.js';
import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, fixed, int, type StateRules } from '../../core/stream.js';
import { checkHLC } from '../input.js';
import { ringHead } from '../state.js';
import type { IndicatorMeta } from '../types.js';

/** Metadata of {@link cci}. */
export const cciMeta: IndicatorMeta = defineMeta({
  name: 'CCI',
  group: 'momentum',
  description: 'Commodity channel index',
  inputs: ['high', 'low', 'close'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 14, min: 2, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => p.period! - 1,
});

/**
 * CCI of the newest typical price `last` against the ring buffer of the last n typical prices. The mean and the mean
 * deviation are summed in ring-slot order (slot = bar index mod n), as TA-Lib's circular buffer does.
 */
function cciOf(ring: Float64Array, last: number): number {
  const period = ring.length;
  let mean = 0;
  for (let j = 0; j < period; j++) mean += ring[j]!;
  mean /= period;
  let dev = 0;
  for (let j = 0; j < period; j++) dev += Math.abs(ring[j]! - mean);
  const d = last - mean;
  return d !== 0 && dev !== 0 ? d / (0.015 * (dev / period)) : 0;
}

/**
 * Commodity channel index, exactly as TA-Lib's `TA_CCI`: with typical price TP = (high + low + close) / 3 and its
 * n-bar mean M and mean absolute deviation D, CCI = (TP - M) / (0.015 D), and 0 when TP - M or D is exactly 0.
 * Sums run in TA-Lib's circular-buffer order. First value at index n - 1. A NaN input poisons the n bars whose
 * window holds it.
 *
 * Reference: Donald Lambert (1980), "Commodity Channel Index: Tool for Trading Cyclic Trends", Commodities;
 * TA-Lib `ta_CCI.c`.
 *
 * @example
 * ```ts
 * cci(high, low, close, 20)
 * ```
 */
export function cci(high: Float64Array, low: Float64Array, close: Float64Array, period = 14): Float64Array {
  checkParams(cciMeta, period);
  const n = checkSeries('CCI', high, low, close);
  const out = nanArray(n);
  const ring = new Float64Array(period);
  for (let i = 0, slot = 0; i < n; i++) {
    const tp = (high[i]! + low[i]! + close[i]!) / 3;
    ring[slot] = tp;
    slot = slot + 1 === period ? 0 : slot + 1;
    if (i >= period - 1) out[i] = cciOf(ring, tp);
  }
  return out;
}

/** Streaming {@link cci}: the same ring buffer, filled in the same slot order. */
export class CciStream extends BaseStream<[Pick<Candle, 'high' | 'low' | 'close'>], number> {
  private readonly ring: Float64Array;
  private slot = 0;
  private count = 0;

  constructor(readonly period = 14) {
    super('CCI', [period]);
    checkParams(cciMeta, period);
    this.ring = new Float64Array(period);
  }

  next(c: Pick<Candle, 'high' | 'low' | 'close'>): number {
    checkHLC(c, this.indicator);
    const tp = (c.high + c.low + c.close) / 3;
    this.ring[this.slot] = tp;
    this.slot = this.slot + 1 === this.period ? 0 : this.slot + 1;
    if (this.count < this.period - 1) {
      this.count++;
      return NaN;
    }
    return cciOf(this.ring, tp);
  }

  protected override stateRules(): StateRules {
    const last = this.period - 1;
    return { ...fixed('period'), count: int(0, last), slot: ringHead(this.count, last, this.period) };
  }
}

/** CCI as a uniform {@link IndicatorDefinition}. */
export const CCI = defineIndicator(cciMeta, ([high, low, close], p) => cci(high!, low!, close!, p.period), (p) => new CciStream(p.period));
