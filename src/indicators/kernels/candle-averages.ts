/**
 * The rolling candle averages of TA-Lib's candlestick functions (`TA_CANDLERANGE`, `TA_CANDLEAVERAGE` and the
 * `...PeriodTotal` sums of each ta_CDL*.c), shared by batch and stream, which run the same steps.
 *
 * A pattern compares candle `i − k` with an average of a setting's range over the `avgPeriod` candles before it:
 * one "slot" per (setting, offset k) pair. TA-Lib keeps one running sum per slot, each on its own, and the sums of two
 * offsets of one setting are not shifted copies of each other: each starts at the first evaluated bar F (the pattern's
 * lookback), adding the ranges of candles F − k − p ... F − k − 1 in that order, then moves by
 * `sum += range(i − k) − range(i − k − p)` (the difference first) after the pattern is evaluated at bar i. Floating-point
 * sums remember where they started, so these steps are mirrored exactly, and the stream keeps the sums.
 *
 * @module
 */
import { InternalError } from '../../core/errors.js';
import { highLowRange, lowerShadow, realBody, upperShadow, type Ohlc } from './candle.js';
import type { CandleRangeType, CandleSettingName, CandleSettings } from './candle-settings.js';

/** One rolling average of a pattern: the setting and the candle offset it is used at (0 = the current candle). */
export type AverageSlot = readonly [setting: CandleSettingName, offset: number];

/** Numeric codes of the range types, for the hot loops. */
const REAL_BODY = 0;
const HIGH_LOW = 1;
const SHADOWS = 2;
const KIND: Readonly<Record<CandleRangeType, number>> = { realBody: REAL_BODY, highLow: HIGH_LOW, shadows: SHADOWS };

/** The slots of a pattern under given settings, as parallel arrays (slot s: `offset[s]`, `period[s]`, ...). */
export interface AverageSlots {
  readonly count: number;
  readonly offset: Int32Array;
  readonly period: Int32Array;
  readonly factor: Float64Array;
  /** Range type code: 0 real body, 1 high-low, 2 shadows. */
  readonly kind: Uint8Array;
}

/**
 * The slots `slots` under `settings`, checked against the first bar the pattern evaluates (`first`): every sum must
 * start at a candle that exists (offset + avgPeriod ≤ first), or the pattern's lookback misses a setting (a bug,
 * `InternalError`).
 *
 * @example
 * ```ts
 * averageSlots('CDLDOJI', DEFAULT_CANDLE_SETTINGS, [['bodyDoji', 0]], 10).period // => Int32Array [10]
 * ```
 */
export function averageSlots(indicator: string, settings: CandleSettings, slots: readonly AverageSlot[], first: number): AverageSlots {
  const count = slots.length;
  const out = { count, offset: new Int32Array(count), period: new Int32Array(count), factor: new Float64Array(count), kind: new Uint8Array(count) };
  slots.forEach(([name, k], s) => {
    const setting = settings[name];
    if (k + setting.avgPeriod > first) throw new InternalError(`${indicator}: the ${name} average at offset ${k} needs ${k + setting.avgPeriod} earlier candles, the lookback gives ${first}`);
    out.offset[s] = k;
    out.period[s] = setting.avgPeriod;
    out.factor[s] = setting.factor;
    out.kind[s] = KIND[setting.rangeType];
  });
  return out;
}

/**
 * `TA_CANDLERANGE`: the range of candle `i` by range type code (real body, high − low, or upper + lower shadow).
 *
 * @example
 * ```ts
 * const f = (...v: number[]) => new Float64Array(v)
 * candleRange(1, { open: f(10), high: f(12), low: f(9), close: f(11) }, 0) // => 3
 * ```
 */
export function candleRange(kind: number, b: Ohlc, i: number): number {
  if (kind === REAL_BODY) return realBody(b, i);
  if (kind === HIGH_LOW) return highLowRange(b, i);
  return upperShadow(b, i) + lowerShadow(b, i);
}

/**
 * Warm-up step at bar `bar` < `first` (the candle at index `i` of `b`): each slot whose window has begun
 * (bar ≥ first − avgPeriod) adds the range of its candle, `i − offset`, in TA-Lib's order (oldest first).
 *
 * @example
 * ```ts
 * // CDLDOJI (first = 10): bars 0..9 each add their high − low to the one sum
 * for (let i = 0; i < 10; i++) accumulateAverages(slots, b, i, i, 10, sums)
 * ```
 */
export function accumulateAverages(slots: AverageSlots, b: Ohlc, i: number, bar: number, first: number, sums: Float64Array): void {
  for (let s = 0; s < slots.count; s++) {
    if (bar >= first - slots.period[s]!) sums[s]! += candleRange(slots.kind[s]!, b, i - slots.offset[s]!);
  }
}

/**
 * `TA_CANDLEAVERAGE` of every slot at the candle at index `i`, into `out`:
 * factor × (sum / avgPeriod, or the candle's own range when avgPeriod is 0) / (2 for shadows, else 1), in that order.
 *
 * @example
 * ```ts
 * // bodyDoji (high-low, 10, 0.1) after ten candles of range 2: sums[0] = 20
 * candleAverages(slots, b, 10, sums, avg) // avg[0] => 0.2
 * ```
 */
export function candleAverages(slots: AverageSlots, b: Ohlc, i: number, sums: Float64Array, out: Float64Array): void {
  for (let s = 0; s < slots.count; s++) {
    const p = slots.period[s]!;
    const kind = slots.kind[s]!;
    const base = p !== 0 ? sums[s]! / p : candleRange(kind, b, i - slots.offset[s]!);
    out[s] = kind === SHADOWS ? (slots.factor[s]! * base) / 2 : slots.factor[s]! * base;
  }
}

/**
 * After the pattern is evaluated at index `i`: each slot with a period moves its window one candle on,
 * `sum += range(i − offset) − range(i − offset − avgPeriod)` (the difference first, as TA-Lib).
 *
 * @example
 * ```ts
 * rollAverages(slots, b, 10, sums) // CDLDOJI: sums[0] += (high − low)[10] − (high − low)[0]
 * ```
 */
export function rollAverages(slots: AverageSlots, b: Ohlc, i: number, sums: Float64Array): void {
  for (let s = 0; s < slots.count; s++) {
    const p = slots.period[s]!;
    if (p === 0) continue;
    const k = slots.offset[s]!;
    const kind = slots.kind[s]!;
    sums[s]! += candleRange(kind, b, i - k) - candleRange(kind, b, i - k - p);
  }
}
