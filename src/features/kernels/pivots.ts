import { BaseStream } from '../../core/stream.js';
import type { Kernel } from '../types.js';

/** A calendar period of pivot points: the UTC day, or the UTC week starting Monday 00:00. */
export type PivotPeriod = 'day' | 'week';

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

/** Length and origin (a period start, as epoch ms) of each period. 1970-01-05 was a Monday. */
const PERIODS: Record<PivotPeriod, { length: number; origin: number }> = {
  day: { length: DAY, origin: 0 },
  week: { length: 7 * DAY, origin: 4 * DAY },
};

/**
 * Candles before the first defined value of {@link previousPeriodKernel}: two periods of 15m candles minus one
 * (191 for the day, 1343 for the week). That is the worst case over start times: a series starting one candle
 * after a boundary must skip that partial period, then see the next one whole. The kernel enforces it as a
 * minimum, so on a gap-free 15m series the first value is at exactly this index whatever the start time; on 1h
 * candles it is a conservative (longer than needed) warm-up.
 *
 * @example
 * ```ts
 * previousPeriodLookback('day') // 191
 * ```
 */
export function previousPeriodLookback(period: PivotPeriod): number {
  return (2 * PERIODS[period].length) / (15 * MINUTE) - 1;
}

/**
 * High, low and last close of the previous completed UTC period (day, or week starting Monday 00:00 UTC),
 * aggregated from the candles by their open time; the inputs pivot points are computed from.
 *
 * Rules, at candle t whose open time falls in period P:
 * - the values are those of the period just before P, never of P itself (no lookahead, no partial current period);
 * - that period is usable only if its first candle opened exactly at its boundary (so a series starting mid-day
 *   never uses its partial first day) and it is the calendar period immediately before P (after a gap spanning
 *   a whole period, the values are NaN rather than stale); gaps inside a period are not detected;
 * - NaN for the first {@link previousPeriodLookback} candles, so that the declared lookback is exact.
 *
 * Reads `time` (epoch ms), `high`, `low`, `close`; outputs `high`, `low`, `close`.
 *
 * @example
 * ```ts
 * previousPeriodKernel('day') // yesterday's high, low and close, from 00:00 UTC on
 * ```
 */
export function previousPeriodKernel(period: PivotPeriod): Kernel {
  const { length, origin } = PERIODS[period];
  const lookback = previousPeriodLookback(period);
  return {
    key: `previous_period_hlc(${period})`,
    inputs: ['time', 'high', 'low', 'close'],
    deps: [],
    outputs: ['high', 'low', 'close'],
    batch([time, high, low, close], n) {
      const outs = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
      const stream = new PreviousPeriodStream(length, origin, lookback);
      const ins = new Float64Array(4);
      const out = new Float64Array(3);
      for (let i = 0; i < n; i++) {
        ins[0] = time![i]!;
        ins[1] = high![i]!;
        ins[2] = low![i]!;
        ins[3] = close![i]!;
        stream.next(ins, out);
        outs[0]![i] = out[0]!;
        outs[1]![i] = out[1]!;
        outs[2]![i] = out[2]!;
      }
      return outs;
    },
    stream: () => new PreviousPeriodStream(length, origin, lookback),
  };
}

/** The aggregation itself; the batch form runs it row by row, so the two agree bit for bit. */
class PreviousPeriodStream extends BaseStream<[Float64Array, Float64Array], void> {
  private count = 0;
  private curStart = NaN;
  private curHigh = NaN;
  private curLow = NaN;
  private curClose = NaN;
  /** The current period's first candle opened at its boundary. */
  private curWhole = false;
  private prevStart = NaN;
  private prevHigh = NaN;
  private prevLow = NaN;
  private prevClose = NaN;
  private prevWhole = false;

  constructor(
    private readonly length: number,
    private readonly origin: number,
    private readonly lookback: number,
  ) {
    super('kernel:previous_period_hlc', [length, origin, lookback]);
  }

  next(inputs: Float64Array, out: Float64Array): void {
    const time = inputs[0]!;
    const high = inputs[1]!;
    const low = inputs[2]!;
    const close = inputs[3]!;
    const start = time - ((((time - this.origin) % this.length) + this.length) % this.length);
    if (start !== this.curStart) {
      this.prevStart = this.curStart;
      this.prevHigh = this.curHigh;
      this.prevLow = this.curLow;
      this.prevClose = this.curClose;
      this.prevWhole = this.curWhole;
      this.curStart = start;
      this.curHigh = high;
      this.curLow = low;
      this.curWhole = time === start;
    } else {
      if (high > this.curHigh) this.curHigh = high;
      if (low < this.curLow) this.curLow = low;
    }
    this.curClose = close;
    this.count++;
    const defined = this.count > this.lookback && this.prevWhole && this.prevStart === start - this.length;
    out[0] = defined ? this.prevHigh : NaN;
    out[1] = defined ? this.prevLow : NaN;
    out[2] = defined ? this.prevClose : NaN;
  }
}
