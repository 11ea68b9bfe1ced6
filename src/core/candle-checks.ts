/**
 * The one set of candle checks behind `candlesFromRows`, `validateCandles`, `assertCandles`, `assertCandle`,
 * `findGaps`, `resample` and the labelers: column shapes, values, OHLC consistency, times (range, order, grid).
 * Every problem becomes a {@link CandleIssue} in an {@link IssueList}, thrown as one `CandleValidationError`.
 * @module
 */
import { CandleValidationError, type CandleIssue, type CandleIssueReason } from './errors.js';
import { CANDLE_FIELDS, type CANDLE_VALUE_FIELDS, type Candles } from './types.js';
import { timeframeMs, type Timeframe } from './timeframe.js';
import { describeValue } from './describe.js';

/**
 * Largest |time| a candle may have: 8.64e15 ms (100,000,000 days either side of 1970), the range of a JS `Date`
 * (ECMA-262, "Time Values and Time Range"). A time beyond it is a unit mistake or garbage, never a candle.
 *
 * @example
 * ```ts
 * new Date(MAX_CANDLE_TIME).toISOString() // => '+275760-09-13T00:00:00.000Z'
 * ```
 */
export const MAX_CANDLE_TIME = 8.64e15;

/**
 * Checks that `candles` is an object of six `Float64Array` columns of one length (any length, 0 included), and
 * returns that length; otherwise throws {@link CandleValidationError} (`wrong_type`, `missing_field` or
 * `length_mismatch` on row -1).
 *
 * @example
 * ```ts
 * assertColumns({ time: new Float64Array(2), open: new Float64Array(2), high: new Float64Array(2),
 *                 low: new Float64Array(2), close: new Float64Array(2), volume: new Float64Array(2) }) // => 2
 * assertColumns(null) // throws CandleValidationError: ... candles must be an object of Float64Array columns ...
 * ```
 */
export function assertColumns(candles: unknown): number {
  const issues = new IssueList();
  const n = checkColumns(candles, issues);
  issues.throwIfAny();
  return n;
}

function checkColumns(candles: unknown, issues: IssueList): number {
  if (candles === null || typeof candles !== 'object') {
    issues.add(-1, '*', 'wrong_type', `candles must be an object of Float64Array columns { ${CANDLE_FIELDS.join(', ')} }, got ${describeValue(candles)}`);
    return 0;
  }
  const columns = candles as Record<string, unknown>;
  const time = columns.time;
  const n = time instanceof Float64Array ? time.length : 0;
  for (const field of CANDLE_FIELDS) {
    const column = columns[field];
    if (!(column instanceof Float64Array)) {
      issues.add(-1, field, column == null ? 'missing_field' : 'wrong_type', `candles.${field} must be a Float64Array, got ${describeValue(column)}`);
    } else if (column.length !== n && time instanceof Float64Array) {
      issues.add(-1, field, 'length_mismatch', `${field} has ${column.length} values, time has ${n}`);
    }
  }
  return n;
}

/**
 * Every issue of columnar candles: {@link assertColumns}' shape checks, then (when the shape is sound) an empty
 * series, then each row's values and times, on the `timeframe` grid when one is given.
 *
 * @example
 * ```ts
 * collectIssues(candles, '15m').throwIfAny() // throws CandleValidationError listing every offending row, or returns
 * ```
 */
export function collectIssues(candles: Candles, timeframe: Timeframe | undefined): IssueList {
  const issues = new IssueList();
  const n = checkColumns(candles, issues);
  if (!issues.any() && n === 0) issues.add(-1, '*', 'empty', 'no candles');
  if (issues.any()) return issues;
  const grid = timeframe === undefined ? undefined : { step: timeframeMs(timeframe), timeframe };
  const step = grid?.step ?? 1;
  const { time, open, high, low, close, volume } = candles;
  for (let i = 0; i < n; i++) {
    const t = time[i]!, prev = i > 0 ? time[i - 1]! : NaN, o = open[i]!, h = high[i]!, l = low[i]!, c = close[i]!, v = volume[i]!;
    if (!isValidRow(t, prev, o, h, l, c, v) || (grid !== undefined && t % step !== 0)) checkRow(issues, i, t, prev, o, h, l, c, v, grid);
  }
  return issues;
}

/**
 * The allocation-free test of a valid row (numbers assumed): time within +-{@link MAX_CANDLE_TIME} and after `prev`
 * (NaN for none), prices finite and > 0, volume finite and >= 0, `high >= max(open, close, low)`,
 * `low <= min(open, close)`. Every comparison is false for NaN, so NaN fails. Only a failing row is examined by
 * {@link checkRow} for its issues.
 *
 * @example
 * ```ts
 * isValidRow(900_000, 0, 1, 2, 1, 2, 3) // => true
 * isValidRow(900_000, 0, 1, 2, 1, NaN, 3) // => false
 * ```
 */
export function isValidRow(t: number, prev: number, o: number, h: number, l: number, c: number, v: number): boolean {
  return t >= -MAX_CANDLE_TIME && t <= MAX_CANDLE_TIME && !(t <= prev) && o > 0 && h > 0 && l > 0 && c > 0 && v >= 0 && h < Infinity && v < Infinity &&
    h >= l && h >= o && h >= c && l <= o && l <= c;
}

/** The timeframe grid times must lie on (`time % step === 0`), or none. */
type Grid = { step: number; timeframe: Timeframe } | undefined;

/**
 * Records the issues of one row: its time (see {@link checkTime}), each value (a number, finite, prices > 0,
 * volume >= 0), then OHLC consistency (`high >= low`, `high >= max(open, close)`, `low <= min(open, close)`).
 *
 * @example
 * ```ts
 * const issues = new IssueList(); checkRow(issues, 0, 0, NaN, 1, 0.5, 1, 1, 1, undefined)
 * issues.any() // => true (high 0.5 < low 1)
 * ```
 */
export function checkRow(issues: IssueList, i: number, t: unknown, prev: number, o: unknown, h: unknown, l: unknown, c: unknown, v: unknown, grid: Grid): void {
  let finite = checkTime(issues, i, t, prev, grid);
  finite = checkValue(issues, i, 'open', o) && finite;
  finite = checkValue(issues, i, 'high', h) && finite;
  finite = checkValue(issues, i, 'low', l) && finite;
  finite = checkValue(issues, i, 'close', c) && finite;
  finite = checkValue(issues, i, 'volume', v) && finite;
  if (finite) checkBody(issues, i, o as number, h as number, l as number, c as number);
}

function checkBody(issues: IssueList, i: number, o: number, h: number, l: number, c: number): void {
  if (h < l) issues.add(i, 'high', 'high_below_low', `high ${h} < low ${l}`);
  if (h < (o > c ? o : c)) issues.add(i, 'high', 'high_below_body', `high ${h} < max(open ${o}, close ${c})`);
  if (l > (o < c ? o : c)) issues.add(i, 'low', 'low_above_body', `low ${l} > min(open ${o}, close ${c})`);
}

/**
 * Records a time that is no number, not finite or beyond +-{@link MAX_CANDLE_TIME}, off the grid, or not after
 * `prev` (the previous row's time, NaN for none); returns whether the time is usable.
 *
 * @example
 * ```ts
 * const issues = new IssueList(); checkTime(issues, 1, 0, 900_000, undefined) // => true (a number in range)
 * issues.any() // => true (decreasing_time: 0 is before row 0)
 * ```
 */
export function checkTime(issues: IssueList, i: number, t: unknown, prev: number, grid: Grid): boolean {
  if (typeof t !== 'number') {
    issues.add(i, 'time', 'wrong_type', `time must be a number, got ${describeValue(t)}`);
    return false;
  }
  if (!Number.isFinite(t) || Math.abs(t) > MAX_CANDLE_TIME) {
    if (Number.isFinite(t)) issues.add(i, 'time', 'out_of_range', `time ${t} is outside the range of a JS Date (+-${MAX_CANDLE_TIME} ms)`);
    else issues.add(i, 'time', 'not_finite', `time is ${t}`);
    return false;
  }
  if (grid !== undefined && t % grid.step !== 0) issues.add(i, 'time', 'off_grid', `time ${iso(t)} is not on the ${grid.timeframe} grid`);
  if (!(Math.abs(prev) <= MAX_CANDLE_TIME)) return true; // no usable previous time (NaN for the first row)
  if (t === prev) issues.add(i, 'time', 'duplicate_time', `time ${iso(t)} repeats row ${i - 1}`);
  else if (t < prev) issues.add(i, 'time', 'decreasing_time', `time ${iso(t)} is before row ${i - 1} (${iso(prev)})`);
  return true;
}

/** Records a value that is no number, not finite, a price <= 0 or a negative volume; returns whether it is usable. */
function checkValue(issues: IssueList, i: number, field: (typeof CANDLE_VALUE_FIELDS)[number], x: unknown): boolean {
  if (typeof x !== 'number') {
    issues.add(i, field, 'wrong_type', `${field} must be a number, got ${describeValue(x)}`);
    return false;
  }
  if (!Number.isFinite(x)) {
    issues.add(i, field, 'not_finite', `${field} is ${x}`);
    return false;
  }
  if (field === 'volume' ? x < 0 : x <= 0) {
    issues.add(i, field, field === 'volume' ? 'negative_volume' : 'non_positive_price', `${field} is ${x}`);
    return false;
  }
  return true;
}

/**
 * The issues found so far: every one counted, the first `CandleValidationError.MAX_ISSUES` kept.
 *
 * @example
 * ```ts
 * const issues = new IssueList(); issues.add(3, 'close', 'not_finite', 'close is NaN')
 * issues.throwIfAny() // throws CandleValidationError: 1 invalid candle value(s): row 3 close: close is NaN
 * ```
 */
export class IssueList {
  private readonly list: CandleIssue[] = [];
  private count = 0;

  add(row: number, field: string, reason: CandleIssueReason, message: string): void {
    this.count++;
    if (this.list.length < CandleValidationError.MAX_ISSUES) this.list.push({ row, field, reason, message });
  }

  any(): boolean {
    return this.count > 0;
  }

  throwIfAny(): void {
    if (this.count > 0) throw new CandleValidationError(this.list, this.count);
  }
}

/**
 * A time as ISO-8601 text when it is a valid Date, else as the number.
 *
 * @example
 * ```ts
 * iso(0)    // => '1970-01-01T00:00:00.000Z'
 * iso(9e19) // => '90000000000000000000'
 * ```
 */
export function iso(t: number): string {
  return Number.isFinite(t) && Math.abs(t) <= MAX_CANDLE_TIME ? new Date(t).toISOString() : String(t);
}
