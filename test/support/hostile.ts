/**
 * The named hostile inputs the indicator, feature, synthetic and core tests share (issue 13): every entry point of an indicator gets each of them
 * and must answer with a typed `AlphaError` (or, for a parameter object, a correct result where the value is valid).
 * The issue's own examples are marked "(issue)".
 *
 * - {@link HOSTILE_NUMBERS}: what a stream's `next`/`peek` may be given instead of a finite number;
 * - {@link HOSTILE_CANDLES}: what a candle stream may be given instead of a candle, or a candle with a bad field;
 * - {@link HOSTILE_PARAMS}: parameter objects for `compute`, `stream` and `meta.lookback`;
 * - {@link HOSTILE_SERIES}: what `compute` may be given instead of a Float64Array input;
 * - {@link HOSTILE_STATE_VALUES}: what a tampered serialized state may hold in place of a field's value.
 */

/** A hostile input and a name for test titles and failure messages. */
export type Named = readonly [name: string, value: unknown];

/** Non-finite and non-number values in place of a stream's number input. */
export const HOSTILE_NUMBERS: readonly Named[] = [
  ['undefined (issue)', undefined],
  ['null', null],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
  ['"abc" (issue)', 'abc'],
  ['numeric string "101.5"', '101.5'],
  ['empty string', ''],
  ['string "NaN"', 'NaN'],
  ['true', true],
  ['false', false],
  ['bigint 100n', 100n],
  ['Number object', new Number(100)],
  ['empty object', {}],
  ['object with valueOf', { valueOf: () => 100 }],
  ['array [100]', [100]],
  ['empty array', []],
  ['Float64Array(1)', Float64Array.of(100)],
  ['whole series Float64Array(100000)', new Float64Array(100_000)],
  ['Date', new Date(Date.UTC(2024, 0, 1))],
  ['symbol', Symbol('price')],
  ['function', () => 100],
  ['candle object in place of a number', { time: 0, open: 1, high: 1, low: 1, close: 1, volume: 1 }],
];

const GOOD_CANDLE = { time: 0, open: 100, high: 101, low: 99, close: 100.5, volume: 10 };
const FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;

/** Bad values of one candle field (the rest of the candle valid). */
const BAD_FIELD_VALUES: readonly Named[] = [
  ['missing', undefined],
  ['null', null],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
  ['string "101"', '101'],
  ['bigint', 101n],
  ['Number object', new Number(101)],
  ['whole series', new Float64Array(1000)],
  ['array', [101]],
];

/** Non-candles, and candles whose every field in turn is missing or bad. */
export const HOSTILE_CANDLES: readonly Named[] = [
  ['undefined (issue)', undefined],
  ['null', null],
  ['a number', 100],
  ['NaN', NaN],
  ['a string', 'candle'],
  ['an array of values', [0, 100, 101, 99, 100.5, 10]],
  ['empty object', {}],
  ['{ high: 1 } (issue)', { high: 1 }],
  ['object without a prototype and fields', Object.create(null) as object],
  ['a Float64Array', new Float64Array(6)],
  ['columnar candles (whole series per field)', { time: new Float64Array(3), open: new Float64Array(3), high: new Float64Array(3), low: new Float64Array(3), close: new Float64Array(3), volume: new Float64Array(3) }],
  ['a Map', new Map([['close', 100]])],
  ['a function', () => GOOD_CANDLE],
  ...FIELDS.flatMap((f) => BAD_FIELD_VALUES.map(([name, v]): Named => [`${f} ${name}`, { ...GOOD_CANDLE, [f]: v }])),
];

/** Parameter objects that are not valid for any indicator with a `period` (or that are not objects at all). */
export const HOSTILE_PARAMS: readonly Named[] = [
  ['null', null],
  ['a number', 14],
  ['a string', 'period=14'],
  ['an array', [14]],
  ['a Float64Array', Float64Array.of(14)],
  ['an unknown key', { notAParameter: 1 }],
  ['a misspelt key', { peroid: 14 }],
  ['a key in TA-Lib spelling', { optInTimePeriod: 14 }],
  ['period as a string', { period: '14' }],
  ['period null', { period: null }],
  ['period NaN', { period: NaN }],
  ['period Infinity', { period: Infinity }],
  ['period -5 (issue)', { period: -5 }],
  ['period 0', { period: 0 }],
  ['period 14.5', { period: 14.5 }],
  ['period 1e300', { period: 1e300 }],
  ['period 1e9', { period: 1e9 }],
  ['period as an object', { period: {} }],
  ['period as an array', { period: [14] }],
  ['period true', { period: true }],
  ['period bigint', { period: 14n }],
];

/** Values in place of an input series of `compute`. */
export const HOSTILE_SERIES: readonly Named[] = [
  ['undefined', undefined],
  ['null', null],
  ['a number', 100],
  ['a string', 'close'],
  ['a plain array', [1, 2, 3]],
  ['a Float32Array', new Float32Array(3)],
  ['an Int32Array', new Int32Array(3)],
  ['an object', { length: 3 }],
  ['an object without a prototype', Object.create(null) as object],
];

/** Values a tampered serialized state may hold in place of a number, an array or a nested state. */
export const HOSTILE_STATE_VALUES: readonly Named[] = [
  ['-5 (issue)', -5],
  ['1e6 (issue)', 1e6],
  ['-1', -1],
  ['0', 0],
  ['0.5', 0.5],
  ['1.5', 1.5],
  ['2^31', 2 ** 31],
  ['2^53 + 2', 2 ** 53 + 2],
  ['1e308', 1e308],
  ['-1e308', -1e308],
  ['"NaN"', 'NaN'],
  ['"Infinity"', 'Infinity'],
  ['"-Infinity"', '-Infinity'],
  ['"-0"', '-0'],
  ['"14"', '14'],
  ['"abc"', 'abc'],
  ['null', null],
  ['true', true],
  ['an empty object', {}],
  ['an empty array', []],
  ['[1, 2, 3]', [1, 2, 3]],
  ['an array of strings', ['a', 'b']],
  ['a long array', Array.from({ length: 10_000 }, () => 0)],
];
