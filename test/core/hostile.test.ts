/** Issue 13, items 4, 9, 10 and 11 for candles, resample and timeframes: the named hostile inputs and what each gives. */
import { describe, expect } from 'vitest';
import { assertCandle, assertCandles, candleAt, candlesFromRows, findGaps, sliceCandles, validateCandles } from '../../src/core/candles.js';
import { resample } from '../../src/core/resample.js';
import { parseTimeframe, timeframeMs } from '../../src/core/timeframe.js';
import type { Candles, Candle } from '../../src/core/types.js';
import { badCandles, candles15m, invalid, runHostile, withColumn, type HostileCase } from './hostile.js';

const T0 = Date.UTC(2024, 0, 1);
const M15 = 900_000;
const row = (i: number, over: Record<string, unknown> = {}) => ({ ts: T0 + i * M15, open: 100, high: 101, low: 99, close: 100.5, volume: 10, ...over });
const rows = [row(0), row(1), row(2)];
const c8 = candles15m(8);
const withTime = (...t: number[]): Candles => ({ ...candles15m(t.length), time: Float64Array.from(t) });
const sparse = (length: number): unknown[] => Object.assign([], { length });
const huge = 'x'.repeat(100_000);
const candle = (over: Partial<Record<keyof Candle, unknown>> = {}) => ({ time: M15, open: 1, high: 2, low: 1, close: 2, volume: 3, ...over }) as Candle;
const any = <T>(v: unknown) => v as T;

const CANDLES_FROM_ROWS: HostileCase[] = [
  ['candlesFromRows without options', () => candlesFromRows(rows, any(undefined)), invalid('timeframe')],
  ['candlesFromRows with null options', () => candlesFromRows(rows, any(null)), invalid('options')],
  ['candlesFromRows with a string for options', () => candlesFromRows(rows, any('15m')), invalid('options')],
  ['candlesFromRows with an array for options', () => candlesFromRows(rows, any(['15m'])), invalid('options')],
  ['candlesFromRows with a misspelt option (gap)', () => candlesFromRows(rows, any({ timeframe: '15m', gap: 'fill' })), invalid('options.gap')],
  ['candlesFromRows with a misspelt option (timeframe casing)', () => candlesFromRows(rows, any({ timeFrame: '15m' })), invalid('options.timeFrame')],
  ['candlesFromRows with an unknown timeframe', () => candlesFromRows(rows, any({ timeframe: '2h' })), invalid('timeframe')],
  ['candlesFromRows with a numeric timeframe', () => candlesFromRows(rows, any({ timeframe: 15 })), invalid('timeframe')],
  ['candlesFromRows with a bigint timeframe', () => candlesFromRows(rows, any({ timeframe: 15n })), invalid('timeframe')],
  ['candlesFromRows with a 100,000-char timeframe', () => candlesFromRows(rows, any({ timeframe: huge })), invalid('timeframe')],
  ['candlesFromRows with an unknown timeUnit', () => candlesFromRows(rows, any({ timeframe: '15m', timeUnit: 'us' })), invalid('timeUnit')],
  ['candlesFromRows with timeUnit in capitals', () => candlesFromRows(rows, any({ timeframe: '15m', timeUnit: 'S' })), invalid('timeUnit')],
  ['candlesFromRows with a numeric timeUnit', () => candlesFromRows(rows, any({ timeframe: '15m', timeUnit: 1000 })), invalid('timeUnit')],
  ['candlesFromRows with an unknown gap policy', () => candlesFromRows(rows, any({ timeframe: '15m', gaps: 'skip' })), invalid('gaps')],
  ['candlesFromRows with a 100,000-char gap policy', () => candlesFromRows(rows, any({ timeframe: '15m', gaps: huge })), invalid('gaps')],
  ['candlesFromRows with null rows', () => candlesFromRows(any(null), { timeframe: '15m' }), invalid('rows')],
  ['candlesFromRows with a string for rows', () => candlesFromRows(any('rows'), { timeframe: '15m' }), invalid('rows')],
  ['candlesFromRows with a Float64Array for rows', () => candlesFromRows(any(new Float64Array(6)), { timeframe: '15m' }), invalid('rows')],
  ['candlesFromRows with a sparse array of length 1e9', () => candlesFromRows(sparse(1e9), { timeframe: '1m' }), invalid('rows')],
  ['candlesFromRows with a sparse array of length 5', () => candlesFromRows(sparse(5), { timeframe: '1m' }), badCandles('*', 'wrong_type')],
  ['candlesFromRows with a time of 9e19 ms (past the Date range)', () => candlesFromRows([row(0, { ts: 9e19 })], { timeframe: '15m' }), badCandles('time', 'out_of_range')],
  ['candlesFromRows with a time of -9e19 ms', () => candlesFromRows([row(0, { ts: -9e19 })], { timeframe: '15m' }), badCandles('time', 'out_of_range')],
  ['candlesFromRows with microseconds read as seconds (1.7e18 ms)', () => candlesFromRows([row(0, { ts: T0 * 1000 })], { timeframe: '15m', timeUnit: 's' }), badCandles('time', 'out_of_range')],
  ['candlesFromRows with an infinite time', () => candlesFromRows([row(0, { ts: Infinity })], { timeframe: '15m' }), badCandles('time', 'not_finite')],
  ['candlesFromRows with a NaN time', () => candlesFromRows([row(0, { ts: NaN })], { timeframe: '15m' }), badCandles('time', 'not_finite')],
  ['candlesFromRows with an invalid Date', () => candlesFromRows([row(0, { ts: new Date(NaN) })], { timeframe: '15m' }), badCandles('time', 'wrong_type')],
  ['candlesFromRows with a month 13 date', () => candlesFromRows([row(0, { ts: '2024-13-45' })], { timeframe: '1d' }), badCandles('time', 'wrong_type')],
  ['candlesFromRows with a 100,000-char time string', () => candlesFromRows([row(0, { ts: huge })], { timeframe: '15m' }), badCandles('time', 'wrong_type')],
  ['candlesFromRows with an object for the time', () => candlesFromRows([row(0, { ts: { t: 1 } })], { timeframe: '15m' }), badCandles('time', 'wrong_type')],
  ['candlesFromRows with a symbol for a price', () => candlesFromRows([row(0, { close: Symbol('c') })], { timeframe: '15m' }), badCandles('close', 'wrong_type')],
  ['candlesFromRows with a price of 1e400 (Infinity)', () => candlesFromRows([row(0, { high: '1e400' })], { timeframe: '15m' }), badCandles('high', 'not_finite')],
  ['candlesFromRows with an undefined row', () => candlesFromRows([row(0), undefined], { timeframe: '15m' }), badCandles('*', 'wrong_type')],
  ['candlesFromRows with a 7-cell array row', () => candlesFromRows([[T0, 1, 1, 1, 1, 1, 1]], { timeframe: '15m' }), badCandles('*', 'missing_field')],
  ['candlesFromRows with four copies of one candle', () => candlesFromRows([row(0), row(0), row(0), row(0)], { timeframe: '15m' }), badCandles('time', 'duplicate_time')],
  ['candlesFromRows filling a ten-year hole in 1m candles', () => candlesFromRows([row(0), row(0, { ts: T0 + 10 * 365 * 86_400_000 })], { timeframe: '1m', gaps: 'fill' }), badCandles('time', 'gap')],
  [
    "candlesFromRows reads '2024-01-01' as a date (1d)",
    () => candlesFromRows([row(0, { ts: '2024-01-01' })], { timeframe: '1d' }),
    { returns: (c) => expect((c as Candles).time[0]).toBe(T0) },
  ],
  ['candlesFromRows takes a bigint time', () => candlesFromRows([row(0, { ts: BigInt(T0) })], { timeframe: '15m' }), { returns: (c) => expect((c as Candles).time[0]).toBe(T0) }],
  ['candlesFromRows takes a time at the Date limit 8.64e15', () => candlesFromRows([row(0, { ts: 8.64e15 })], { timeframe: '1d' }), { returns: (c) => expect((c as Candles).time[0]).toBe(8.64e15) }],
];

const VALIDATE: HostileCase[] = [
  ['validateCandles(null)', () => validateCandles(any(null), { timeframe: '15m' }), badCandles('*', 'wrong_type')],
  ['validateCandles(undefined)', () => validateCandles(any(undefined), { timeframe: '15m' }), badCandles('*', 'wrong_type')],
  ['validateCandles of a number', () => validateCandles(any(42), { timeframe: '15m' }), badCandles('*', 'wrong_type')],
  ['validateCandles({})', () => validateCandles(any({}), { timeframe: '15m' }), badCandles('time', 'missing_field')],
  ['validateCandles with plain-array columns', () => validateCandles(withColumn(c8, 'close', Array.from(c8.close)), { timeframe: '15m' }), badCandles('close', 'wrong_type')],
  ['validateCandles with a Float32Array time', () => validateCandles(withColumn(c8, 'time', Float32Array.from(c8.time)), { timeframe: '15m' }), badCandles('time', 'wrong_type')],
  ['validateCandles with a string column', () => validateCandles(withColumn(c8, 'volume', '12345678'), { timeframe: '15m' }), badCandles('volume', 'wrong_type')],
  ['validateCandles with a short volume column', () => validateCandles(withColumn(c8, 'volume', c8.volume.subarray(1)), { timeframe: '15m' }), badCandles('volume', 'length_mismatch')],
  ['validateCandles with empty columns', () => validateCandles(candles15m(0), { timeframe: '15m' }), badCandles('*', 'empty')],
  ['validateCandles without options', () => validateCandles(c8, any(undefined)), invalid('timeframe')],
  ['validateCandles with timeUnit (its times are ms already)', () => validateCandles(c8, any({ timeframe: '15m', timeUnit: 's' })), invalid('options.timeUnit')],
  ['validateCandles with a NaN close inside', () => validateCandles(withColumn(c8, 'close', c8.close.map((x, i) => (i === 3 ? NaN : x))), { timeframe: '15m' }), badCandles('close', 'not_finite')],
  ['validateCandles with a time of 9e19', () => validateCandles(withTime(0, 9e19), { timeframe: '15m' }), badCandles('time', 'out_of_range')],
  ['assertCandles(null)', () => assertCandles(any(null)), badCandles('*', 'wrong_type')],
  ['assertCandles of a string', () => assertCandles(any('candles')), badCandles('*', 'wrong_type')],
  ['assertCandles with an unknown timeframe', () => assertCandles(c8, any('7m')), invalid('timeframe')],
  ['assertCandle(undefined)', () => assertCandle(any(undefined), 0, NaN), badCandles('*', 'wrong_type')],
  ['assertCandle of numeric strings', () => assertCandle(candle({ open: '1', high: '2', low: '1', close: '2', volume: '3' }), 0, NaN), badCandles('open', 'wrong_type')],
  ['assertCandle with a time of 9e19', () => assertCandle(candle({ time: 9e19 }), 0, NaN), badCandles('time', 'out_of_range')],
  ['assertCandle without volume', () => assertCandle(candle({ volume: undefined }), 0, NaN), badCandles('volume', 'wrong_type')],
  ['assertCandle with a string time', () => assertCandle(candle({ time: '900000' }), 0, NaN), badCandles('time', 'wrong_type')],
  ['assertCandle with a repeated time', () => assertCandle(candle(), 1, M15), badCandles('time', 'duplicate_time')],
];

const GAPS_AND_ACCESS: HostileCase[] = [
  ['findGaps on unsorted times', () => findGaps({ time: Float64Array.of(0, 2 * M15, M15) }, '15m'), badCandles('time', 'decreasing_time')],
  ['findGaps on duplicate times', () => findGaps({ time: Float64Array.of(0, M15, M15) }, '15m'), badCandles('time', 'duplicate_time')],
  ['findGaps on a NaN time', () => findGaps({ time: Float64Array.of(0, NaN, 2 * M15) }, '15m'), badCandles('time', 'not_finite')],
  ['findGaps on times off the grid', () => findGaps({ time: Float64Array.of(0, M15 + 1) }, '15m'), badCandles('time', 'off_grid')],
  ['findGaps on times of 9e19', () => findGaps({ time: Float64Array.of(0, 9e19) }, '15m'), badCandles('time', 'out_of_range')],
  ['findGaps(null)', () => findGaps(any(null), '15m'), badCandles('time', 'wrong_type')],
  ['findGaps on a plain-array time', () => findGaps(any({ time: [0, M15] }), '15m'), badCandles('time', 'wrong_type')],
  ['findGaps with an unknown timeframe', () => findGaps({ time: Float64Array.of(0) }, any('15min')), invalid('timeframe')],
  ['findGaps on no times', () => findGaps({ time: new Float64Array(0) }, '15m'), { returns: (g) => expect(g).toEqual([]) }],
  ['candleAt past the end', () => candleAt(c8, 8), invalid('i')],
  ['candleAt(-1)', () => candleAt(c8, -1), invalid('i')],
  ['candleAt(1.5)', () => candleAt(c8, 1.5), invalid('i')],
  ['candleAt(NaN)', () => candleAt(c8, NaN), invalid('i')],
  ["candleAt('1')", () => candleAt(c8, any('1')), invalid('i')],
  ['candleAt(null, 0)', () => candleAt(any(null), 0), badCandles('*', 'wrong_type')],
  ['candleAt on ragged columns', () => candleAt(withColumn(c8, 'low', new Float64Array(2)), 5), badCandles('low', 'length_mismatch')],
  ['sliceCandles from NaN', () => sliceCandles(c8, NaN), invalid('start')],
  ["sliceCandles to '3'", () => sliceCandles(c8, 0, any('3')), invalid('end')],
  ['sliceCandles({})', () => sliceCandles(any({}), 0, 1), badCandles('time', 'missing_field')],
  ['sliceCandles with negative indices (slice semantics)', () => sliceCandles(c8, -2), { returns: (c) => expect(Array.from((c as Candles).time)).toEqual([6 * M15, 7 * M15]) }],
];

const RESAMPLE: HostileCase[] = [
  ['resample with a NaN time (used to hang)', () => resample(withTime(0, 9e5, NaN, 2.7e6), '15m', '1h'), badCandles('time', 'not_finite')],
  ['resample with an infinite time', () => resample(withTime(0, 9e5, Infinity, 2.7e6), '15m', '1h'), badCandles('time', 'not_finite')],
  ['resample with a -Infinity time', () => resample(withTime(-Infinity, 9e5, 1.8e6, 2.7e6), '15m', '1h'), badCandles('time', 'not_finite')],
  ['resample with a time of 9e19', () => resample(withTime(0, 9e5, 1.8e6, 9e19), '15m', '1h'), badCandles('time', 'out_of_range')],
  ['resample of four copies of one 15m candle', () => resample(withTime(0, 0, 0, 0), '15m', '1h'), badCandles('time', 'duplicate_time')],
  ['resample of unsorted candles', () => resample(withTime(0, 1.8e6, 9e5, 2.7e6), '15m', '1h'), badCandles('time', 'decreasing_time')],
  ['resample of 1m candles declared 15m', () => resample(withTime(0, 6e4, 1.2e5, 1.8e5), '15m', '1h'), badCandles('time', 'off_grid')],
  ['resample of ragged columns', () => resample(withColumn(candles15m(4), 'volume', new Float64Array(3)), '15m', '1h'), badCandles('volume', 'length_mismatch')],
  ['resample({})', () => resample(any({}), '15m', '1h'), badCandles('time', 'missing_field')],
  ['resample(null)', () => resample(any(null), '15m', '1h'), badCandles('*', 'wrong_type')],
  ['resample(undefined)', () => resample(any(undefined), '15m', '1h'), badCandles('*', 'wrong_type')],
  ['resample of plain-array columns', () => resample(any({ time: [0], open: [1], high: [1], low: [1], close: [1], volume: [1] }), '15m', '1h'), badCandles('time', 'wrong_type')],
  ['resample of an empty series', () => resample(candles15m(0), '15m', '1h'), badCandles('*', 'empty')],
  ['resample with a NaN price', () => resample(withColumn(candles15m(4), 'low', Float64Array.of(99, NaN, 99, 99)), '15m', '1h'), badCandles('low', 'not_finite')],
  ['resample with high < low', () => resample(withColumn(candles15m(4), 'high', Float64Array.of(98, 101, 102, 103)), '15m', '1h'), badCandles('high', 'high_below_low')],
  ['resample with a negative volume', () => resample(withColumn(candles15m(4), 'volume', Float64Array.of(1, -1, 1, 1)), '15m', '1h'), badCandles('volume', 'negative_volume')],
  ["resample from '2h'", () => resample(c8, any('2h'), '1d'), invalid('from')],
  ['resample to null', () => resample(c8, '15m', any(null)), invalid('to')],
  ['resample to a shorter timeframe', () => resample(c8, '1h', '15m'), invalid('to')],
  ['resample to the same timeframe', () => resample(c8, '15m', '15m'), invalid('to')],
  ["resample with partial: 'yes'", () => resample(c8, '15m', '1h', any({ partial: 'yes' })), invalid('partial')],
  ['resample with a misspelt option (partail)', () => resample(c8, '15m', '1h', any({ partail: true })), invalid('options.partail')],
  ['resample with a number for options', () => resample(c8, '15m', '1h', any(5)), invalid('options')],
  ["resample of a series tagged '1h' as '15m'", () => resample({ ...c8, timeframe: '1h' } as Candles, '15m', '1h'), invalid('from')],
  ['resample of 1h-spaced candles declared 15m makes no complete hour', () => resample(withTime(0, 3.6e6, 7.2e6, 1.08e7), '15m', '1h'), { returns: (c) => expect((c as Candles).time.length).toBe(0) }],
];

const TIMEFRAMES: HostileCase[] = [
  ['parseTimeframe of a bigint (JSON.stringify would throw)', () => parseTimeframe(15n), invalid('timeframe')],
  ['parseTimeframe of a symbol', () => parseTimeframe(Symbol('1h')), invalid('timeframe')],
  ['parseTimeframe of a 1,000,000-char string', () => parseTimeframe('y'.repeat(1_000_000)), invalid('timeframe')],
  ["parseTimeframe('__proto__')", () => parseTimeframe('__proto__'), invalid('timeframe')],
  ["timeframeMs('1H')", () => timeframeMs(any('1H')), invalid('timeframe')],
  ['parseTimeframe names the argument it is given', () => parseTimeframe(null, 'to'), invalid('to')],
];

/** Every hostile input tried against candles, resample and timeframes. */
const CASES: HostileCase[] = [...CANDLES_FROM_ROWS, ...VALIDATE, ...GAPS_AND_ACCESS, ...RESAMPLE, ...TIMEFRAMES];

describe(`hostile input: candles, resample, timeframes (${CASES.length} cases)`, () => {
  runHostile(CASES);
});
