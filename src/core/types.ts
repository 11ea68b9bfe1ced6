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

/** Dense row-major matrix used as model input: element (r, c) is `data[r * cols + c]`. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array | Float64Array;
}
