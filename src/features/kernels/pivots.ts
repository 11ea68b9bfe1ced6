import { MAX_CANDLE_TIME } from '../../core/candle-checks.js';
import { BaseStream, FIXED, fixed, within, type FieldRule, type StateRules } from '../../core/stream.js';
import { TIMEFRAMES, timeframeMs, type Timeframe } from '../../core/timeframe.js';
import type { CalendarPeriod, Kernel } from '../types.js';
import { POSITIVE } from './rules.js';

const DAY = 86_400_000;

/** Length and origin (a period start, as epoch ms) of each period. 1970-01-05 was a Monday. */
const PERIODS: Record<CalendarPeriod, { length: number; origin: number }> = {
  day: { length: DAY, origin: 0 },
  week: { length: 7 * DAY, origin: 4 * DAY },
};

/**
 * Candles of `timeframe` after which {@link previousPeriodKernel} is defined on every gap-free series, whatever
 * its start: 2P - 1, with P the candles in one period (1440 one-minute candles in a day, 7 in a week of 1d candles).
 * The worst start is one candle after a period boundary: the rest of that partial period (P - 1 candles) is skipped,
 * then one whole period (P candles) is seen, and the next candle, at index 2P - 1, reads it. A start on a boundary
 * gives the first value at index P, so the first value is at P..2P - 1 depending on the start.
 *
 * Formula: 2 * (period length / timeframe length) - 1.
 *
 * @example
 * ```ts
 * previousPeriodLookback('day', '15m')  // => 191
 * previousPeriodLookback('week', '1d')  // => 13
 * previousPeriodLookback('week', '1m')  // => 20159
 * ```
 */
export function previousPeriodLookback(period: CalendarPeriod, timeframe: Timeframe): number {
  return (2 * PERIODS[period].length) / timeframeMs(timeframe) - 1;
}

/**
 * The largest {@link previousPeriodLookback} over every timeframe the library accepts (it is the 1m one): a
 * lookback that holds on any of them, for `FeatureSpec.lookback`.
 *
 * @example
 * ```ts
 * previousPeriodBound('day') // => 2879
 * ```
 */
export function previousPeriodBound(period: CalendarPeriod): number {
  return Math.max(...TIMEFRAMES.map((tf) => previousPeriodLookback(period, tf)));
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
 * - so on a gap-free series (or one whose gaps were filled) the values are defined from the first candle of the
 *   second period that starts in the series: at the latest after {@link previousPeriodLookback} candles.
 *
 * Reads `time` (epoch ms), `high`, `low`, `close`; outputs `high`, `low`, `close`.
 *
 * @example
 * ```ts
 * previousPeriodKernel('day') // yesterday's high, low and close, from 00:00 UTC on
 * // 15m candles from 00:00 UTC: row 96 (the next midnight) reads the H, L and last C of rows 0..95
 * previousPeriodKernel('day').batch([time, high, low, close], n).map((c) => c[96]) // => [8, 7, 7.5] (for example)
 * ```
 */
export function previousPeriodKernel(period: CalendarPeriod): Kernel {
  const { length, origin } = PERIODS[period];
  return {
    key: `previous_period_hlc(${period})`,
    inputs: ['time', 'high', 'low', 'close'],
    deps: [],
    outputs: ['high', 'low', 'close'],
    batch([time, high, low, close], n) {
      const outs = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
      const stream = new PreviousPeriodStream(length, origin);
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
    stream: () => new PreviousPeriodStream(length, origin),
  };
}

/** The aggregation itself; the batch form runs it row by row, so the two agree bit for bit. */
class PreviousPeriodStream extends BaseStream<[Float64Array, Float64Array], void> {
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
  ) {
    super('kernel:previous_period_hlc', [length, origin]);
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
    const defined = this.prevWhole && this.prevStart === start - this.length;
    out[0] = defined ? this.prevHigh : NaN;
    out[1] = defined ? this.prevLow : NaN;
    out[2] = defined ? this.prevClose : NaN;
  }

  /**
   * The period fixed. Each of the current and previous period is either none (all NaN, as constructed) or a period
   * start on the period grid (the previous one before the current one) with a positive low, a high above it and a
   * close between them.
   */
  protected override stateRules(): StateRules {
    const cur = this.periodRules(this.curStart, this.curLow, this.curHigh, Infinity);
    const prev = this.periodRules(this.prevStart, this.prevLow, this.prevHigh, this.curStart - this.length);
    return {
      ...fixed('length', 'origin'),
      curStart: cur.start,
      curLow: cur.low,
      curHigh: cur.high,
      curClose: cur.close,
      prevStart: prev.start,
      prevLow: prev.low,
      prevHigh: prev.high,
      prevClose: prev.close,
    };
  }

  /** The rules of one period's start, low, high and close (see {@link PreviousPeriodStream.stateRules}). */
  private periodRules(start: number, low: number, high: number, latest: number): Record<'start' | 'low' | 'high' | 'close', FieldRule> {
    if (Number.isNaN(start)) return { start: FIXED, low: FIXED, high: FIXED, close: FIXED };
    const boundary = start - ((((start - this.origin) % this.length) + this.length) % this.length);
    // a candle time on the grid (else the nearest start below is the only one allowed), and not after `latest`
    const startRule = boundary !== start ? within(boundary, boundary) : within(-MAX_CANDLE_TIME, Math.min(latest, MAX_CANDLE_TIME));
    return { start: startRule, low: POSITIVE, high: within(low, Number.MAX_VALUE), close: within(low, high) };
  }
}
