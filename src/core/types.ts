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

/** The candle fields that hold numbers, in OHLCV order. */
export const CANDLE_FIELDS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

/** A trading symbol such as `'BTC'`, `'ETH'` or `'SOL'` (upper-case base asset, quote implied by the data source). */
export type Symbol = string;

/** Dense row-major matrix used as model input: element (r, c) is `data[r * cols + c]`. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array | Float64Array;
}
