import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { ANY_NUMBER, BaseStream, FIXED, int, type StateRules } from '../../core/stream.js';
import { checkHL } from '../input.js';
import type { Candle } from '../../core/types.js';
import type { IndicatorMeta } from '../types.js';

/** Metadata of {@link midprice}. */
export const midpriceMeta: IndicatorMeta = defineMeta({
  name: 'MIDPRICE',
  group: 'overlap',
  description: 'Midpoint of the highest high and the lowest low over a window',
  inputs: ['high', 'low'],
  params: [{ name: 'period', talib: 'optInTimePeriod', default: 14, min: 2, max: 100000, integer: true }],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: (p) => p.period! - 1,
});

/**
 * Midpoint price, exactly as TA-Lib's `TA_MIDPRICE`: (highest high + lowest low) / 2 over the last `period` bars.
 * NaN until index `period - 1`. As in TA-Lib, the scan starts from the oldest bar of the window: the value is NaN
 * while that bar's high or low is NaN, and NaNs elsewhere in the window are skipped.
 *
 * Reference: TA-Lib `ta_MIDPRICE.c`.
 *
 * @example
 * ```ts
 * midprice(new Float64Array([2, 4, 3]), new Float64Array([1, 2, 2]), 2) // [NaN, 2.5, 3]
 * ```
 */
export function midprice(high: Float64Array, low: Float64Array, period = 14): Float64Array {
  checkParams(midpriceMeta, period);
  const n = checkSeries('MIDPRICE', high, low);
  const out = nanArray(n);
  midRangeInto(high, low, period, out);
  return out;
}

// Slots of MidRangeState.pos.
const BAR = 0;
const SLOT = 1;
const HI_HEAD = 2;
const HI_SIZE = 3;
const LO_HEAD = 4;
const LO_SIZE = 5;

/**
 * The rolling-extremes state of MIDPRICE / MIDPOINT over `period` bars: two monotonic deques (values and bar
 * numbers, in ring buffers of `period` slots) holding the window's highest-high and lowest-low candidates, and a
 * ring of flags marking the bars whose high or low is NaN. `pos` holds the bar count, the ring slot of the next
 * bar and each deque's head and size.
 */
interface MidRangeState {
  readonly pos: Float64Array;
  readonly hiVal: Float64Array;
  readonly hiBar: Float64Array;
  readonly loVal: Float64Array;
  readonly loBar: Float64Array;
  readonly nanBar: Uint8Array;
}

/** A fresh {@link MidRangeState} for windows of `period` bars. */
function midRangeState(period: number): MidRangeState {
  return {
    pos: new Float64Array(6),
    hiVal: new Float64Array(period),
    hiBar: new Float64Array(period),
    loVal: new Float64Array(period),
    loBar: new Float64Array(period),
    nanBar: new Uint8Array(period),
  };
}

/**
 * Feeds bars `from .. to - 1` to `st` and writes (highest high + lowest low) / 2 of each full window of `period`
 * bars into `out` (NaN before). Same result as TA-Lib's scan from the oldest bar: the earliest extreme wins ties,
 * NaNs are skipped, but the value is NaN while the oldest bar's high or low is NaN. O(1) amortized per bar: each
 * deque keeps only bars that can still become the extreme. The kernel of MIDPRICE and MIDPOINT, batch and stream.
 */
function midRangeRun(
  st: MidRangeState,
  period: number,
  high: Float64Array,
  low: Float64Array,
  from: number,
  to: number,
  out: Float64Array,
): void {
  const { pos, hiVal, hiBar, loVal, loBar, nanBar } = st;
  let bar = pos[BAR]!;
  let slot = pos[SLOT]! | 0;
  let hiHead = pos[HI_HEAD]! | 0;
  let hiSize = pos[HI_SIZE]! | 0;
  let loHead = pos[LO_HEAD]! | 0;
  let loSize = pos[LO_SIZE]! | 0;
  for (let i = from; i < to; i++, bar++) {
    const h = high[i]!;
    const l = low[i]!;
    const oldest = bar - period + 1;
    while (hiSize > 0 && hiBar[hiHead]! < oldest) {
      hiHead = hiHead + 1 === period ? 0 : hiHead + 1;
      hiSize--;
    }
    while (loSize > 0 && loBar[loHead]! < oldest) {
      loHead = loHead + 1 === period ? 0 : loHead + 1;
      loSize--;
    }
    if (h === h) {
      let back = hiHead + hiSize - 1;
      while (hiSize > 0 && hiVal[back >= period ? back - period : back]! < h) {
        hiSize--;
        back--;
      }
      back = hiHead + hiSize;
      if (back >= period) back -= period;
      hiVal[back] = h;
      hiBar[back] = bar;
      hiSize++;
    }
    if (l === l) {
      let back = loHead + loSize - 1;
      while (loSize > 0 && loVal[back >= period ? back - period : back]! > l) {
        loSize--;
        back--;
      }
      back = loHead + loSize;
      if (back >= period) back -= period;
      loVal[back] = l;
      loBar[back] = bar;
      loSize++;
    }
    nanBar[slot] = h === h && l === l ? 0 : 1;
    slot = slot + 1 === period ? 0 : slot + 1;
    out[i] = oldest < 0 || nanBar[slot] === 1 ? NaN : (hiVal[hiHead]! + loVal[loHead]!) / 2;
  }
  pos[BAR] = bar;
  pos[SLOT] = slot;
  pos[HI_HEAD] = hiHead;
  pos[HI_SIZE] = hiSize;
  pos[LO_HEAD] = loHead;
  pos[LO_SIZE] = loSize;
}

/** Writes the MIDPRICE of `high` / `low` into `out` (from index `period - 1` on); MIDPOINT passes one series twice. */
export function midRangeInto(high: Float64Array, low: Float64Array, period: number, out: Float64Array): void {
  midRangeRun(midRangeState(period), period, high, low, 0, high.length, out);
}

/** Streaming {@link midprice}: the {@link MidRangeState} deques, driven one bar at a time by {@link midRangeRun}. */
export class MidpriceStream extends BaseStream<[Pick<Candle, 'high' | 'low'>], number> implements MidRangeState {
  readonly pos: Float64Array;
  readonly hiVal: Float64Array;
  readonly hiBar: Float64Array;
  readonly loVal: Float64Array;
  readonly loBar: Float64Array;
  readonly nanBar: Uint8Array;
  /** The bar being committed and its value, as one-element series for {@link midRangeRun}. */
  private readonly high = new Float64Array(1);
  private readonly low = new Float64Array(1);
  private readonly value = new Float64Array(1);

  constructor(readonly period = 14) {
    super('MIDPRICE', [period]);
    checkParams(midpriceMeta, period);
    ({ pos: this.pos, hiVal: this.hiVal, hiBar: this.hiBar, loVal: this.loVal, loBar: this.loBar, nanBar: this.nanBar } = midRangeState(period));
  }

  next(c: Pick<Candle, 'high' | 'low'>): number {
    checkHL(c, this.indicator);
    return this.update(c.high, c.low);
  }

  /** Commits one bar given as numbers, without the input check (MIDPOINT passes the same checked value twice). */
  update(high: number, low: number): number {
    this.high[0] = high;
    this.low[0] = low;
    midRangeRun(this, this.period, this.high, this.low, 0, 1, this.value);
    return this.value[0]!;
  }

  protected override stateRules(): StateRules {
    const { period, pos } = this;
    const bar = pos[BAR]!;
    const slot = bar % period;
    const size = int(0, Math.min(bar, period));
    const seen = int(0, Math.max(0, bar - 1)); // the bar numbers in the deques are bars already seen
    return {
      period: FIXED,
      pos: [int(0, Number.MAX_SAFE_INTEGER), int(slot, slot), int(0, period - 1), size, int(0, period - 1), size],
      hiBar: seen,
      loBar: seen,
      nanBar: int(0, 1),
      value: ANY_NUMBER,
    };
  }
}

/** MIDPRICE as a uniform {@link IndicatorDefinition}. */
export const MIDPRICE = defineIndicator(
  midpriceMeta,
  ([high, low], p) => midprice(high!, low!, p.period),
  (p) => new MidpriceStream(p.period),
);
