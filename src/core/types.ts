/**
 * Columnar OHLCV candles. `time` is the candle *open* time in epoch milliseconds, strictly increasing.
 * All six arrays have the same length. Build them with {@link candlesFromRows} to get validation.
 */
export interface Candles {
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** One candle, the unit of streaming. `time` is the open time in epoch milliseconds. */
export interface Candle {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/**
 * The candle fields, time first, then OHLCV: the one list every module iterates (columns, streams, COPY).
 *
 * @example
 * ```ts
 * CANDLE_FIELDS.map((f) => candles[f].length) // => [n, n, n, n, n, n]
 * ```
 */
export const CANDLE_FIELDS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

/** One of {@link CANDLE_FIELDS}. */
export type CandleField = (typeof CANDLE_FIELDS)[number];

/**
 * The candle's value fields in OHLCV order ({@link CANDLE_FIELDS} without `time`).
 *
 * @example
 * ```ts
 * CANDLE_VALUE_FIELDS // => ['open', 'high', 'low', 'close', 'volume']
 * ```
 */
export const CANDLE_VALUE_FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;

/** One of {@link CANDLE_VALUE_FIELDS}. */
export type CandleValueField = (typeof CANDLE_VALUE_FIELDS)[number];

/** Candle columns that can be written (what {@link allocateCandles} returns). */
export type MutableCandles = { -readonly [K in keyof Candles]: Float64Array };

/**
 * `n` zero-filled candles: six new `Float64Array(n)` columns, for code that builds candles row by row.
 *
 * @example
 * ```ts
 * const c = allocateCandles(3); c.close[0] = 101.5
 * c.close // => Float64Array [101.5, 0, 0]
 * ```
 */
export function allocateCandles(n: number): MutableCandles {
  return { time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
}

/** Dense row-major matrix used as model input: element (r, c) is `data[r * cols + c]`. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array | Float64Array;
}
