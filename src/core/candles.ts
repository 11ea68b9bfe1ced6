import * as z from 'zod';
import { InvalidParameterError } from './errors.js';
import { CANDLE_FIELDS, CANDLE_VALUE_FIELDS, allocateCandles, type Candle, type Candles } from './types.js';
import { parseTimeframe, timeframeMs, type Timeframe } from './timeframe.js';
import { isNumericString, toEpochMs } from './time.js';
import { checkOptions } from './options.js';
import { describeValue } from './describe.js';
import { IssueList, assertColumns, checkRow, checkTime, collectIssues, isValidRow, iso } from './candle-checks.js';

/** What to do with missing candles (gaps in the time grid). */
export type GapPolicy = 'error' | 'allow' | 'fill';

/** Candles that passed validation, with the timeframe they were checked against. */
export interface CandleSeries extends Candles {
  readonly timeframe: Timeframe;
  /** Present only with `gaps: 'fill'`: 1 where the row was synthesized to fill a gap, else 0. */
  readonly filled?: Uint8Array;
}

/**
 * Options of {@link candlesFromRows} (all three) and {@link validateCandles} (`timeframe` and `gaps`: its times are
 * milliseconds already). An unknown key, or a value outside the ones listed, is an `InvalidParameterError`.
 */
export interface CandleOptions {
  timeframe: Timeframe;
  /**
   * Missing candles: `'error'` (default) rejects them, `'allow'` keeps the gaps, `'fill'` inserts flat zero-volume
   * candles at the last close (at most 1,000,000 in all: a larger hole is a wrong time, reported as a `gap` issue).
   */
  gaps?: GapPolicy;
  /** Unit of numeric timestamps in the rows: milliseconds (default) or seconds. ISO strings and Dates are unit-free. */
  timeUnit?: 'ms' | 's';
}

/** Most candles `gaps: 'fill'` inserts (about 2 years of 1m candles, 48 MB): a larger hole is a wrong time, not a gap to fill. */
const MAX_FILLED_CANDLES = 1_000_000;
/** Most rows one call reads (2^25, 1.6 GB of columns): a longer `rows` is sparse or forged, rejected before allocating. */
const MAX_ROWS = 2 ** 25;

const ROW_OPTIONS = ['timeframe', 'gaps', 'timeUnit'] as const;
const COLUMN_OPTIONS = ['timeframe', 'gaps'] as const;

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
 * Every row is checked (zod for shapes and types, then OHLC consistency, time order, the timeframe grid and
 * |time| <= 8.64e15 ms, the range of a JS Date); any problem throws one `CandleValidationError` listing every offending
 * row, field and reason. Nothing partial is ever returned. Bad options (a missing timeframe, an unknown key or
 * `timeUnit`) and a `rows` that is no array (or longer than 2^25, so a sparse or forged one) are `InvalidParameterError`s.
 *
 * @example
 * ```ts
 * const candles = candlesFromRows(
 *   [{ ts: '2024-01-01T00:00:00Z', open: '42000.5', high: 42100, low: 41900, close: 42050, volume: 12.5 }],
 *   { timeframe: '15m' },
 * )
 * candles.time // => Float64Array [1704067200000]
 * candles.open // => Float64Array [42000.5]
 * ```
 */
export function candlesFromRows(rows: readonly unknown[], options: CandleOptions): CandleSeries {
  const { timeframe, gaps, timeUnit: unit = 'ms' } = readOptions(options, ROW_OPTIONS);
  if (unit !== 'ms' && unit !== 's') throw new InvalidParameterError('timeUnit', `expected 'ms' or 's', got ${describeValue(unit)}`);
  if (!Array.isArray(rows)) throw new InvalidParameterError('rows', `expected an array of candle rows, got ${describeValue(rows)}`);
  const n = rows.length;
  if (n > MAX_ROWS) throw new InvalidParameterError('rows', `${n} rows is more than the ${MAX_ROWS} one call reads: load them in parts`);
  const cols: Candles = allocateCandles(n);
  const issues = new IssueList();
  const secondScale = unit === 's' ? 1000 : 1;
  for (let i = 0; i < n; i++) readRow(rows[i], i, cols, issues, secondScale);
  issues.throwIfAny();
  return validated(cols, timeframe, gaps);
}

/** Checks the options common to both entry points: known keys, a supported timeframe, a gap policy. */
function readOptions(options: CandleOptions, known: readonly string[]): Required<Pick<CandleOptions, 'timeframe' | 'gaps'>> & CandleOptions {
  const checked = checkOptions(options, known, 'options');
  const gaps = checked.gaps ?? 'error';
  if (gaps !== 'error' && gaps !== 'allow' && gaps !== 'fill') {
    throw new InvalidParameterError('gaps', `expected 'error', 'allow' or 'fill', got ${describeValue(gaps)}`);
  }
  return { ...checked, timeframe: parseTimeframe(checked.timeframe), gaps };
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
    return issues.add(i, '*', 'wrong_type', `row must be an object or a [t, o, h, l, c, v] array, got ${describeValue(row)}`);
  }
  const t = toEpochMs(time, secondScale);
  if (Number.isNaN(t) && typeof time === 'string') issues.add(i, 'time', 'wrong_type', `unparseable timestamp ${describeValue(time)}`);
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
 * Validates columnar candles against `timeframe` and applies the gap policy. Checks: six `Float64Array` columns of
 * equal length, non-empty, finite values, prices > 0, volume >= 0, `high >= max(open, close)`,
 * `low <= min(open, close)`, `high >= low`, strictly increasing times within +-8.64e15 ms (the JS Date range) on the
 * timeframe grid, and gaps (an error unless `gaps` says otherwise). Bad candles throw `CandleValidationError`;
 * bad options (`null`, an unknown key such as `timeUnit`, an unknown timeframe or policy) `InvalidParameterError`.
 *
 * @example
 * ```ts
 * const c = { time: Float64Array.of(0, 1_800_000), open: Float64Array.of(1, 2), high: Float64Array.of(1, 2),
 *             low: Float64Array.of(1, 2), close: Float64Array.of(1, 2), volume: Float64Array.of(5, 5) }
 * const series = validateCandles(c, { timeframe: '15m', gaps: 'fill' })
 * series.time   // => Float64Array [0, 900000, 1800000]
 * series.filled // => Uint8Array [0, 1, 0]
 * ```
 */
export function validateCandles(candles: Candles, options: Omit<CandleOptions, 'timeUnit'>): CandleSeries {
  const { timeframe, gaps } = readOptions(options, COLUMN_OPTIONS);
  return validated(candles, timeframe, gaps);
}

function validated(candles: Candles, timeframe: Timeframe, gaps: GapPolicy): CandleSeries {
  const issues = collectIssues(candles, timeframe);
  issues.throwIfAny();
  const { time, open, high, low, close, volume } = candles;
  const found = gaps === 'allow' ? [] : gapsOf(time, timeframeMs(timeframe));
  if (found.length === 0) return { time, open, high, low, close, volume, timeframe };
  const missing = found.reduce((s, g) => s + g.missing, 0);
  if (gaps === 'error') {
    for (const g of found) {
      issues.add(g.index, 'time', 'gap', `${g.missing} missing candle(s) from ${iso(g.from)} before row ${g.index}`);
    }
  } else if (missing > MAX_FILLED_CANDLES) {
    issues.add(found[0]!.index, 'time', 'gap', `filling would insert ${missing} candles, more than ${MAX_FILLED_CANDLES}: check the times, or use gaps: 'allow'`);
  }
  issues.throwIfAny();
  return fillGaps(candles, timeframe, found, missing);
}

/**
 * Checks columnar candles row by row without requiring a timeframe (the grid is checked only when one is given):
 * six `Float64Array` columns of equal length, non-empty, finite values, prices > 0, volume >= 0, OHLC consistency,
 * strictly increasing times within +-8.64e15 ms (the JS Date range). Throws `CandleValidationError` listing every
 * issue. Used by functions that take `Candles` directly.
 *
 * @example
 * ```ts
 * assertCandles(candles)             // => undefined: valid
 * assertCandles({ time: [1, 2] } as never) // throws CandleValidationError: candles.time must be a Float64Array, got Array(2); ...
 * ```
 */
export function assertCandles(candles: Candles, timeframe?: Timeframe): void {
  collectIssues(candles, timeframe === undefined ? undefined : parseTimeframe(timeframe)).throwIfAny();
}

/**
 * Checks one streamed candle: the same rules as {@link assertCandles} for row `row`, with `previousTime` the open
 * time of the last committed candle (NaN for none). A candle that is no object, or holds a non-number, is a
 * `wrong_type` issue. Allocates nothing when the candle is valid.
 *
 * @example
 * ```ts
 * assertCandle({ time: 900_000, open: 1, high: 2, low: 1, close: 2, volume: 3 }, 1, 0) // => undefined: valid
 * assertCandle({ time: 0, open: 1, high: 2, low: 1, close: 2, volume: 3 }, 1, 0)       // throws CandleValidationError (duplicate_time)
 * ```
 */
export function assertCandle(c: Candle, row: number, previousTime: number): void {
  if (c !== null && typeof c === 'object') {
    const { time, open: o, high: h, low: l, close: cl, volume: v } = c;
    const numbers = typeof time === 'number' && typeof o === 'number' && typeof h === 'number' && typeof l === 'number' && typeof cl === 'number' && typeof v === 'number';
    if (numbers && isValidRow(time, previousTime, o, h, l, cl, v)) return;
  }
  const issues = new IssueList();
  if (c === null || typeof c !== 'object') issues.add(row, '*', 'wrong_type', `candle must be an object { ${CANDLE_FIELDS.join(', ')} }, got ${describeValue(c)}`);
  else checkRow(issues, row, c.time, previousTime, c.open, c.high, c.low, c.close, c.volume, undefined);
  issues.throwIfAny();
}

/**
 * Lists the stretches of missing candles in a series of open times: gap k starts after row `index - 1`, whose time
 * plus one step is `from`, and spans `missing = (time[index] - from) / step` candles. The times must be a
 * `Float64Array`, finite, within +-8.64e15 ms (the JS Date range), strictly increasing and on the `timeframe` grid;
 * otherwise `CandleValidationError` (an unsorted series has no meaningful gaps). No times, no gaps.
 *
 * @example
 * ```ts
 * findGaps({ time: Float64Array.of(0, 900_000, 3_600_000) }, '15m') // => [{ index: 2, from: 1800000, missing: 2 }]
 * findGaps({ time: Float64Array.of(900_000, 0) }, '15m')            // throws CandleValidationError (decreasing_time)
 * ```
 */
export function findGaps(candles: Pick<Candles, 'time'>, timeframe: Timeframe): CandleGap[] {
  const step = timeframeMs(timeframe);
  const time = (candles as Partial<Candles> | null)?.time;
  const issues = new IssueList();
  if (!(time instanceof Float64Array)) {
    issues.add(-1, 'time', 'wrong_type', `candles.time must be a Float64Array, got ${describeValue(time)}`);
  } else {
    const grid = { step, timeframe };
    for (let i = 0; i < time.length; i++) checkTime(issues, i, time[i], i > 0 ? time[i - 1]! : NaN, grid);
  }
  issues.throwIfAny();
  return gapsOf(time!, step);
}

/** The gaps of checked times (strictly increasing, on the grid of `step`). */
function gapsOf(time: Float64Array, step: number): CandleGap[] {
  const gaps: CandleGap[] = [];
  for (let i = 1; i < time.length; i++) {
    const expected = time[i - 1]! + step;
    if (time[i]! > expected) gaps.push({ index: i, from: expected, missing: (time[i]! - expected) / step });
  }
  return gaps;
}

function fillGaps(candles: Candles, timeframe: Timeframe, gaps: readonly CandleGap[], missing: number): CandleSeries {
  const step = timeframeMs(timeframe);
  const n = candles.time.length;
  const total = n + missing;
  const out = allocateCandles(total);
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
    for (const field of CANDLE_FIELDS) out[field][j] = candles[field][i]!;
    j++;
  }
  return { ...out, timeframe, filled };
}

/**
 * Returns candle `i` of a columnar series as a {@link Candle} object (for streaming). `i` must be an integer in
 * [0, n) and `candles` six `Float64Array` columns of one length; otherwise a typed error, never a candle of
 * `undefined`s.
 *
 * @example
 * ```ts
 * candleAt(candles, 0) // => { time: 1704067200000, open: 100, high: 101, low: 99, close: 100.5, volume: 10 }
 * ```
 */
export function candleAt(candles: Candles, i: number): Candle {
  const n = assertColumns(candles);
  if (!Number.isInteger(i) || i < 0 || i >= n) throw new InvalidParameterError('i', `must be an integer in [0, ${n}), got ${describeValue(i)}`);
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
 * Copies rows `[start, end)` of a columnar series (typed-array `slice` semantics: negative indices count from the
 * end, omitted ones mean the ends). `start` and `end` must be integers when given; `candles` six `Float64Array`
 * columns of one length.
 *
 * @example
 * ```ts
 * sliceCandles(candles, -2).time.length // => 2 (the last two candles)
 * ```
 */
export function sliceCandles(candles: Candles, start?: number, end?: number): Candles {
  assertColumns(candles);
  for (const [name, value] of [['start', start], ['end', end]] as const) {
    if (value !== undefined && !Number.isInteger(value)) throw new InvalidParameterError(name, `must be an integer or undefined, got ${describeValue(value)}`);
  }
  const out = {} as Record<keyof Candles, Float64Array>;
  for (const field of CANDLE_FIELDS) out[field] = candles[field].slice(start, end);
  return out;
}

