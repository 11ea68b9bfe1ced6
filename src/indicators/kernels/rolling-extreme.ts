import { checkParam } from '../params.js';
import { ANY_NUMBER, BaseStream, FINITE, fixed, int, type StateRules } from '../../core/stream.js';

/**
 * Index of the highest value of `src[from..to]`, scanning forward from `src[from]`: a later value takes over when
 * it is greater, or also when equal if `latestOnTies`. As in TA-Lib, NaN never takes over, and a NaN at `from`
 * is never replaced.
 *
 * @example
 * ```ts
 * highestIndex(new Float64Array([3, 5, 5, 1]), 0, 3, true) // 2
 * ```
 */
function highestIndex(src: Float64Array, from: number, to: number, latestOnTies: boolean): number {
  let idx = from;
  let best = src[from]!;
  for (let i = from + 1; i <= to; i++) {
    const v = src[i]!;
    if (v > best || (latestOnTies && v === best)) {
      best = v;
      idx = i;
    }
  }
  return idx;
}

/** Index of the lowest value of `src[from..to]`; the mirror of {@link highestIndex}. */
function lowestIndex(src: Float64Array, from: number, to: number, latestOnTies: boolean): number {
  let idx = from;
  let best = src[from]!;
  for (let i = from + 1; i <= to; i++) {
    const v = src[i]!;
    if (v < best || (latestOnTies && v === best)) {
      best = v;
      idx = i;
    }
  }
  return idx;
}

/**
 * One step of TA-Lib's rolling highest over the window `src[trailing..today]`, given the previous step's answer
 * `idx`: the window is rescanned (see {@link highestIndex}) only when `idx` has left it; otherwise the new value
 * takes over when it is greater than or equal to the current highest. Returns the new index.
 * This is the algorithm of TA-Lib's AROON, AROONOSC and WILLR (AROON's rescans prefer the latest of equal values,
 * WILLR's the earliest).
 *
 * @example
 * ```ts
 * let hi = -1
 * for (let t = n - 1; t < src.length; t++) hi = trackHighest(src, t - n + 1, t, hi, true)
 * ```
 */
export function trackHighest(src: Float64Array, trailing: number, today: number, idx: number, latestOnTies: boolean): number {
  if (idx < trailing) return highestIndex(src, trailing, today, latestOnTies);
  return src[today]! >= src[idx]! ? today : idx;
}

/** One step of TA-Lib's rolling lowest; the mirror of {@link trackHighest}. */
export function trackLowest(src: Float64Array, trailing: number, today: number, idx: number, latestOnTies: boolean): number {
  if (idx < trailing) return lowestIndex(src, trailing, today, latestOnTies);
  return src[today]! <= src[idx]! ? today : idx;
}

/**
 * Streaming highest high and lowest low over the last `size` bars, with exactly the steps of
 * {@link trackHighest} / {@link trackLowest}. Each series is kept twice in a buffer of 2 * size (bar t at t mod size
 * and at t mod size + size), so the current window is always contiguous and the batch scans apply unchanged.
 * After each `next`, `highest`/`lowest` hold the extremes and `highAge`/`lowAge` how many bars ago they occurred
 * (NaN and 0 until `size` bars have been seen).
 */
export class HighLowWindow extends BaseStream<[number, number], number> {
  highest = NaN;
  lowest = NaN;
  highAge = 0;
  lowAge = 0;
  private readonly highs: Float64Array;
  private readonly lows: Float64Array;
  private bars = 0;
  private highIdx = -1;
  private lowIdx = -1;

  constructor(
    readonly size: number,
    readonly latestOnTies: boolean,
  ) {
    super('HIGH_LOW_WINDOW', [size, latestOnTies]);
    checkParam('HIGH_LOW_WINDOW', 'size', size, 1, 100001, true);
    this.highs = new Float64Array(2 * size);
    this.lows = new Float64Array(2 * size);
  }

  /** Commits one bar and returns the number of bars seen; the window is full once that reaches `size`. */
  next(high: number, low: number): number {
    const t = this.bars++;
    const size = this.size;
    const pos = t % size;
    this.highs[pos] = this.highs[pos + size] = high;
    this.lows[pos] = this.lows[pos + size] = low;
    if (t < size - 1) return this.bars;
    const trailing = t - size + 1;
    const base = trailing % size;
    const h = trackHighest(this.highs, base, base + size - 1, base + this.highIdx - trailing, this.latestOnTies);
    const l = trackLowest(this.lows, base, base + size - 1, base + this.lowIdx - trailing, this.latestOnTies);
    this.highIdx = trailing + h - base;
    this.lowIdx = trailing + l - base;
    this.highest = this.highs[h]!;
    this.lowest = this.lows[l]!;
    this.highAge = t - this.highIdx;
    this.lowAge = t - this.lowIdx;
    return this.bars;
  }

  protected override stateRules(): StateRules {
    const { bars, size } = this;
    const seen = int(-1, bars - 1); // the extremes are bars already seen (-1: none yet)
    const full = bars >= size ? FINITE : ANY_NUMBER;
    const age = int(0, size - 1);
    return { ...fixed('size', 'latestOnTies'), bars: int(0, Number.MAX_SAFE_INTEGER), highIdx: seen, lowIdx: seen, highest: full, lowest: full, highAge: age, lowAge: age };
  }
}
