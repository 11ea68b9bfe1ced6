/**
 * The candle geometry of TA-Lib's candlestick functions (the `TA_REALBODY` ... `TA_CANDLEGAPDOWN` macros of
 * ta_utility.h), on columnar candles read at an index. Each helper evaluates exactly TA-Lib's expression, in its
 * order, so that NaN fields give TA-Lib's answers: a comparison with NaN is false, and TA-Lib's `max(a, b)` is
 * `a > b ? a : b` (NaN in `b` wins, NaN in `a` loses), not `Math.max`.
 *
 * @module
 */

/** Columnar candles read by the pattern rules: the batch inputs, or a stream's window of recent candles. */
export interface Ohlc {
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
}

/**
 * TA-Lib's `max(a, b)` macro: `a > b ? a : b`.
 *
 * @example
 * ```ts
 * taMax(1, NaN) // => NaN (Math.max gives NaN too, but taMax(NaN, 1) => 1)
 * ```
 */
export function taMax(a: number, b: number): number {
  return a > b ? a : b;
}

/**
 * TA-Lib's `min(a, b)` macro: `a < b ? a : b`.
 *
 * @example
 * ```ts
 * taMin(NaN, 1) // => 1
 * ```
 */
export function taMin(a: number, b: number): number {
  return a < b ? a : b;
}

/**
 * `TA_REALBODY`: |close − open|.
 *
 * @example
 * ```ts
 * const f = (...v: number[]) => new Float64Array(v)
 * realBody({ open: f(10), high: f(12), low: f(9), close: f(11) }, 0) // => 1
 * ```
 */
export function realBody(b: Ohlc, i: number): number {
  return Math.abs(b.close[i]! - b.open[i]!);
}

/**
 * `TA_UPPERSHADOW`: high − the body's top (the close when close ≥ open, else the open).
 *
 * @example
 * ```ts
 * const f = (...v: number[]) => new Float64Array(v)
 * upperShadow({ open: f(10), high: f(12), low: f(9), close: f(11) }, 0) // => 1
 * ```
 */
export function upperShadow(b: Ohlc, i: number): number {
  return b.high[i]! - (b.close[i]! >= b.open[i]! ? b.close[i]! : b.open[i]!);
}

/**
 * `TA_LOWERSHADOW`: the body's bottom (the open when close ≥ open, else the close) − low.
 *
 * @example
 * ```ts
 * const f = (...v: number[]) => new Float64Array(v)
 * lowerShadow({ open: f(10), high: f(12), low: f(9), close: f(11) }, 0) // => 1
 * ```
 */
export function lowerShadow(b: Ohlc, i: number): number {
  return (b.close[i]! >= b.open[i]! ? b.open[i]! : b.close[i]!) - b.low[i]!;
}

/**
 * `TA_HIGHLOWRANGE`: high − low.
 *
 * @example
 * ```ts
 * const f = (...v: number[]) => new Float64Array(v)
 * highLowRange({ open: f(10), high: f(12), low: f(9), close: f(11) }, 0) // => 3
 * ```
 */
export function highLowRange(b: Ohlc, i: number): number {
  return b.high[i]! - b.low[i]!;
}

/**
 * `TA_CANDLECOLOR`: 1 for a white candle (close ≥ open, so a flat candle is white), −1 for a black one.
 *
 * @example
 * ```ts
 * const f = (...v: number[]) => new Float64Array(v)
 * candleColor({ open: f(10), high: f(10), low: f(10), close: f(10) }, 0) // => 1
 * ```
 */
export function candleColor(b: Ohlc, i: number): 1 | -1 {
  return b.close[i]! >= b.open[i]! ? 1 : -1;
}

/**
 * `TA_REALBODYGAPUP(i2, i1)`: the body of candle i2 lies strictly above the body of candle i1.
 *
 * @example
 * ```ts
 * const f = (...v: number[]) => new Float64Array(v)
 * realBodyGapUp({ open: f(10, 11.5), high: f(12, 13), low: f(9, 11), close: f(11, 12.5) }, 1, 0) // => true
 * ```
 */
export function realBodyGapUp(b: Ohlc, i2: number, i1: number): boolean {
  return taMin(b.open[i2]!, b.close[i2]!) > taMax(b.open[i1]!, b.close[i1]!);
}

/**
 * `TA_REALBODYGAPDOWN(i2, i1)`: the body of candle i2 lies strictly below the body of candle i1.
 *
 * @example
 * ```ts
 * const f = (...v: number[]) => new Float64Array(v)
 * realBodyGapDown({ open: f(10, 9.5), high: f(12, 10.5), low: f(9, 8), close: f(11, 9) }, 1, 0) // => true
 * ```
 */
export function realBodyGapDown(b: Ohlc, i2: number, i1: number): boolean {
  return taMax(b.open[i2]!, b.close[i2]!) < taMin(b.open[i1]!, b.close[i1]!);
}

/**
 * `TA_CANDLEGAPUP(i2, i1)`: candle i2's low is above candle i1's high (shadows included).
 *
 * @example
 * ```ts
 * const f = (...v: number[]) => new Float64Array(v)
 * candleGapUp({ open: f(10, 11.5), high: f(12, 13), low: f(9, 11), close: f(11, 12.5) }, 1, 0) // => false
 * ```
 */
export function candleGapUp(b: Ohlc, i2: number, i1: number): boolean {
  return b.low[i2]! > b.high[i1]!;
}

/**
 * `TA_CANDLEGAPDOWN(i2, i1)`: candle i2's high is below candle i1's low (shadows included).
 *
 * @example
 * ```ts
 * const f = (...v: number[]) => new Float64Array(v)
 * candleGapDown({ open: f(10, 8.5), high: f(12, 8.8), low: f(9, 8), close: f(11, 8.2) }, 1, 0) // => true
 * ```
 */
export function candleGapDown(b: Ohlc, i2: number, i1: number): boolean {
  return b.high[i2]! < b.low[i1]!;
}
