import { z } from 'zod';
import { CandleValidationError, InvalidParameterError, type CandleIssue, type CandleIssueReason } from './errors.js';
import { CANDLE_VALUE_FIELDS, allocateCandles, type Candle, type Candles } from './types.js';
import { parseTimeframe, timeframeMs, type Timeframe } from './timeframe.js';
import { isNumericString, toEpochMs } from './time.js';

/** What to do with missing candles (gaps in the time grid). */
export type GapPolicy = 'error' | 'allow' | 'fill';

/** Candles that passed validation, with the timeframe they were checked against. */
export interface CandleSeries extends Candles {
  readonly timeframe: Timeframe;
  /** Present only with `gaps: 'fill'`: 1 where the row was synthesized to fill a gap, else 0. */
  readonly filled?: Uint8Array;
}

/** Options of {@link candlesFromRows} and {@link validateCandles}. */
export interface CandleOptions {
  timeframe: Timeframe;
  /** Missing candles: `'error'` (default) rejects them, `'allow'` keeps the gaps, `'fill'` inserts flat zero-volume candles at the last close. */
  gaps?: GapPolicy;
  /** Unit of numeric timestamps in the rows: milliseconds (default) or seconds. ISO strings and Dates are unit-free. */
  timeUnit?: 'ms' | 's';
}

/** A missing stretch of candles found by {@link findGaps}. */
export interface CandleGap {
  /** Index of the first candle after the gap. */
  readonly index: number;
  /** Open time of the first missing candle. */
  readonly from: number;
  /** Number of missing candles. */
  readonly missing: number;
}

/** A candle row in any shape {@link candlesFromRows} accepts. */
export type CandleRow =
  | readonly [unknown, unknown, unknown, unknown, unknown, unknown]
  | {
      ts?: unknown;
      time?: unknown;
      timestamp?: unknown;
      open_time?: unknown;
      open: unknown;
      high: unknown;
      low: unknown;
      close: unknown;
      volume: unknown;
    };

const TIME_KEYS = ['ts', 'time', 'timestamp', 'open_time'] as const;

/** A numeric cell: a JS number (finiteness is checked later, with its own reason) or a numeric string as Postgres `numeric` returns it. */
const numericCell = z.union([z.custom<number>((v) => typeof v === 'number'), z.string().refine(isNumericString), z.bigint()]);
/** A time cell: epoch number, numeric string, ISO-8601 string or Date. */
const timeCell = z.union([numericCell, z.string(), z.date()]);
const objectRow = z.object({ open: numericCell, high: numericCell, low: numericCell, close: numericCell, volume: numericCell }).loose();
const arrayRow = z.tuple([timeCell, numericCell, numericCell, numericCell, numericCell, numericCell]);

/**
 * Builds validated columnar {@link Candles} from rows as users hold them: objects keyed
 * `ts | time | timestamp | open_time` plus `open high low close volume` (numbers, numeric strings, Dates,
 * ISO strings), or arrays `[t, o, h, l, c, v]`.
 *
 * Every row is checked (zod for shapes and types, then OHLC consistency, time order and the timeframe grid);
 * any problem throws one {@link CandleValidationError} listing every offending row, field and reason.
 * Nothing partial is ever returned.
 *
 * @example
 * ```ts
 * const candles = candlesFromRows(
 *   [{ ts: '2024-01-01T00:00:00Z', open: '42000.5', high: 42100, low: 41900, close: 42050, volume: 12.5 }],
 *   { timeframe: '15m' },
 * )
 * ```
 */
export function candlesFromRows(rows: readonly unknown[], options: CandleOptions): CandleSeries {
  const timeframe = parseTimeframe(options.timeframe);
  if (!Array.isArray(rows)) throw new InvalidParameterError('rows', 'expected an array of candle rows');
  const n = rows.length;
  const cols: Candles = allocateCandles(n);
  const issues = new IssueList();
  const secondScale = options.timeUnit === 's' ? 1000 : 1;
  for (let i = 0; i < n; i++) readRow(rows[i], i, cols, issues, secondScale);
  issues.throwIfAny();
  return validateCandles(cols, { ...options, timeframe });
}

function readRow(row: unknown, i: number, out: Candles, issues: IssueList, secondScale: number): void {
  let time: unknown;
  let values: readonly unknown[];
  if (Array.isArray(row)) {
    const parsed = arrayRow.safeParse(row);
    if (!parsed.success) return reportZod(parsed.error, row, i, ['time', ...CANDLE_VALUE_FIELDS], issues);
    time = row[0];
    values = row.slice(1);
  } else if (row !== null && typeof row === 'object') {
    const record = row as Record<string, unknown>;
    const key = TIME_KEYS.find((k) => record[k] !== undefined && record[k] !== null);
    if (key === undefined) issues.add(i, 'time', 'missing_field', `no time field (one of ${TIME_KEYS.join(', ')})`);
    const parsed = objectRow.safeParse(row);
    if (!parsed.success) reportZod(parsed.error, row, i, null, issues);
    if (key === undefined || !parsed.success) return;
    const t = timeCell.safeParse(record[key]);
    if (!t.success) return issues.add(i, 'time', 'wrong_type', `${key} must be a number, ISO string or Date`);
    time = record[key];
    values = CANDLE_VALUE_FIELDS.map((f) => record[f]);
  } else {
    return issues.add(i, '*', 'wrong_type', `row must be an object or a [t, o, h, l, c, v] array, got ${describe(row)}`);
  }
  const t = toEpochMs(time, secondScale);
  if (Number.isNaN(t) && typeof time === 'string') issues.add(i, 'time', 'wrong_type', `unparseable timestamp ${JSON.stringify(String(time))}`);
  else out.time[i] = t;
  for (let f = 0; f < CANDLE_VALUE_FIELDS.length; f++) {
    const field = CANDLE_VALUE_FIELDS[f]!;
    (out[field] as Float64Array)[i] = Number(values[f]);
  }
}

function reportZod(error: z.ZodError, input: object, row: number, positional: readonly string[] | null, issues: IssueList): void {
  for (const e of error.issues) {
    const head = e.path[0];
    const field = positional && typeof head === 'number' ? (positional[head] ?? '*') : head === undefined ? '*' : String(head);
    const cell = head === undefined ? input : (input as Record<PropertyKey, unknown>)[head];
    const missing = cell === undefined || cell === null;
    if (e.code === 'too_small' || e.code === 'too_big') {
      issues.add(row, '*', 'missing_field', `array row must have 6 cells [t, o, h, l, c, v]`);
    } else if (missing) {
      issues.add(row, field, 'missing_field', `missing ${field}`);
    } else {
      issues.add(row, field, 'wrong_type', `${field} must be a number or numeric string`);
    }
  }
}

/**
 * Validates columnar candles against `timeframe` and applies the gap policy. Checks: equal lengths, non-empty,
 * finite values, prices > 0, volume >= 0, `high >= max(open, close)`, `low <= min(open, close)`, `high >= low`,
 * strictly increasing times on the timeframe grid, and gaps (an error unless `gaps` says otherwise).
 *
 * @example
 * ```ts
 * const series = validateCandles(candles, { timeframe: '1h', gaps: 'fill' })
 * series.filled // Uint8Array marking synthesized rows
 * ```
 */
export function validateCandles(candles: Candles, options: CandleOptions): CandleSeries {
  const timeframe = parseTimeframe(options.timeframe);
  const gaps = options.gaps ?? 'error';
  if (gaps !== 'error' && gaps !== 'allow' && gaps !== 'fill') {
    throw new InvalidParameterError('gaps', `expected 'error', 'allow' or 'fill', got ${JSON.stringify(gaps)}`);
  }
  const issues = collectIssues(candles, timeframe);
  const { time, open, high, low, close, volume } = candles;
  issues.throwIfAny();
  const found = findGaps(candles, timeframe);
  if (found.length === 0 || gaps === 'allow') return { time, open, high, low, close, volume, timeframe };
  if (gaps === 'error') {
    for (const g of found) {
      issues.add(g.index, 'time', 'gap', `${g.missing} missing candle(s) from ${iso(g.from)} before row ${g.index}`);
    }
    issues.throwIfAny();
  }
  return fillGaps(candles, timeframe, found);
}

/**
 * Checks columnar candles row by row without requiring a timeframe (the grid is checked only when one is given):
 * equal lengths, non-empty, finite values, prices > 0, volume >= 0, OHLC consistency, strictly increasing times.
 * Throws {@link CandleValidationError} listing every issue. Used by functions that take `Candles` directly.
 *
 * @example
 * ```ts
 * assertCandles(candles) // throws on the first bad batch, never returns partial data
 * ```
 */
export function assertCandles(candles: Candles, timeframe?: Timeframe): void {
  collectIssues(candles, timeframe).throwIfAny();
}

/**
 * Checks one streamed candle: the same rules as {@link assertCandles} for row `row`, with `previousTime` the open
 * time of the last committed candle (NaN for none).
 */
export function assertCandle(c: Candle, row: number, previousTime: number): void {
  const { time, open: o, high: h, low: l, close: cl, volume: v } = c;
  // Fast path without allocation: every comparison is false for NaN, so NaN falls through to the full check.
  if (Number.isFinite(time) && !(time <= previousTime) && o > 0 && h > 0 && l > 0 && cl > 0 && v >= 0 && h < Infinity && v < Infinity &&
      h >= l && h >= o && h >= cl && l <= o && l <= cl) {
    return;
  }
  const issues = new IssueList();
  checkRow(issues, row, c.time, previousTime, c.open, c.high, c.low, c.close, c.volume, undefined);
  issues.throwIfAny();
}

function collectIssues(candles: Candles, timeframe: Timeframe | undefined): IssueList {
  const issues = new IssueList();
  const n = candles.time?.length ?? 0;
  if (n === 0) issues.add(-1, '*', 'empty', 'no candles');
  for (const field of ['open', 'high', 'low', 'close', 'volume'] as const) {
    if (candles[field]?.length !== n) {
      issues.add(-1, field, 'length_mismatch', `${field} has ${candles[field]?.length} values, time has ${n}`);
    }
  }
  if (issues.any()) return issues;
  const grid = timeframe === undefined ? undefined : { step: timeframeMs(timeframe), timeframe };
  const { time, open, high, low, close, volume } = candles;
  for (let i = 0; i < n; i++) {
    checkRow(issues, i, time[i]!, i > 0 ? time[i - 1]! : NaN, open[i]!, high[i]!, low[i]!, close[i]!, volume[i]!, grid);
  }
  return issues;
}

function checkRow(
  issues: IssueList,
  i: number,
  t: number,
  prev: number,
  o: number,
  h: number,
  l: number,
  c: number,
  v: number,
  grid: { step: number; timeframe: Timeframe } | undefined,
): void {
  let finite = true;
  if (!Number.isFinite(t)) {
    issues.add(i, 'time', 'not_finite', `time is ${t}`);
    finite = false;
  } else if (grid !== undefined && t % grid.step !== 0) {
    issues.add(i, 'time', 'off_grid', `time ${iso(t)} is not on the ${grid.timeframe} grid`);
  }
  if (Number.isFinite(t) && Number.isFinite(prev)) {
    if (t === prev) issues.add(i, 'time', 'duplicate_time', `time ${iso(t)} repeats row ${i - 1}`);
    else if (t < prev) issues.add(i, 'time', 'decreasing_time', `time ${iso(t)} is before row ${i - 1} (${iso(prev)})`);
  }
  finite = checkValue(issues, i, 'open', o) && finite;
  finite = checkValue(issues, i, 'high', h) && finite;
  finite = checkValue(issues, i, 'low', l) && finite;
  finite = checkValue(issues, i, 'close', c) && finite;
  finite = checkValue(issues, i, 'volume', v) && finite;
  if (!finite) return;
  if (h < l) issues.add(i, 'high', 'high_below_low', `high ${h} < low ${l}`);
  if (h < (o > c ? o : c)) issues.add(i, 'high', 'high_below_body', `high ${h} < max(open ${o}, close ${c})`);
  if (l > (o < c ? o : c)) issues.add(i, 'low', 'low_above_body', `low ${l} > min(open ${o}, close ${c})`);
}

/** Records a non-finite value, a price <= 0 or a negative volume; returns whether the value is usable. */
function checkValue(issues: IssueList, i: number, field: (typeof CANDLE_VALUE_FIELDS)[number], x: number): boolean {
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
 * Lists the stretches of missing candles in a strictly increasing, on-grid series.
 *
 * @example
 * ```ts
 * findGaps(candles, '15m') // [{ index: 42, from: 1704070800000, missing: 3 }]
 * ```
 */
export function findGaps(candles: Pick<Candles, 'time'>, timeframe: Timeframe): CandleGap[] {
  const step = timeframeMs(timeframe);
  const time = candles.time;
  const gaps: CandleGap[] = [];
  for (let i = 1; i < time.length; i++) {
    const expected = time[i - 1]! + step;
    if (time[i]! > expected) gaps.push({ index: i, from: expected, missing: Math.round((time[i]! - expected) / step) });
  }
  return gaps;
}

function fillGaps(candles: Candles, timeframe: Timeframe, gaps: readonly CandleGap[]): CandleSeries {
  const step = timeframeMs(timeframe);
  const n = candles.time.length;
  const total = n + gaps.reduce((s, g) => s + g.missing, 0);
  const out = {
    time: new Float64Array(total),
    open: new Float64Array(total),
    high: new Float64Array(total),
    low: new Float64Array(total),
    close: new Float64Array(total),
    volume: new Float64Array(total),
  };
  const filled = new Uint8Array(total);
  let j = 0;
  let g = 0;
  for (let i = 0; i < n; i++) {
    if (g < gaps.length && gaps[g]!.index === i) {
      const last = candles.close[i - 1]!;
      for (let k = 0; k < gaps[g]!.missing; k++, j++) {
        out.time[j] = gaps[g]!.from + k * step;
        out.open[j] = out.high[j] = out.low[j] = out.close[j] = last;
        filled[j] = 1;
      }
      g++;
    }
    out.time[j] = candles.time[i]!;
    out.open[j] = candles.open[i]!;
    out.high[j] = candles.high[i]!;
    out.low[j] = candles.low[i]!;
    out.close[j] = candles.close[i]!;
    out.volume[j] = candles.volume[i]!;
    j++;
  }
  return { ...out, timeframe, filled };
}

/**
 * Returns candle `i` of a columnar series as a {@link Candle} object (for streaming).
 *
 * @example
 * ```ts
 * stream.next(candleAt(candles, candles.time.length - 1))
 * ```
 */
export function candleAt(candles: Candles, i: number): Candle {
  return {
    time: candles.time[i]!,
    open: candles.open[i]!,
    high: candles.high[i]!,
    low: candles.low[i]!,
    close: candles.close[i]!,
    volume: candles.volume[i]!,
  };
}

/**
 * Copies rows `[start, end)` of a columnar series (typed-array `slice` semantics).
 *
 * @example
 * ```ts
 * const lastDay = sliceCandles(candles, candles.time.length - 96)
 * ```
 */
export function sliceCandles(candles: Candles, start?: number, end?: number): Candles {
  return {
    time: candles.time.slice(start, end),
    open: candles.open.slice(start, end),
    high: candles.high.slice(start, end),
    low: candles.low.slice(start, end),
    close: candles.close.slice(start, end),
    volume: candles.volume.slice(start, end),
  };
}

class IssueList {
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

function iso(t: number): string {
  return Number.isFinite(t) && Math.abs(t) < 8.64e15 ? new Date(t).toISOString() : String(t);
}

function describe(v: unknown): string {
  return v === null ? 'null' : typeof v;
}
