import type { Candle, Candles, Matrix } from '../core/types.js';
import type { SerializedStream } from '../core/stream.js';

/** How a feature's values scale: with the price, as a ratio, as a bounded oscillator, as a count, or raw. */
export type FeatureScale = 'price' | 'ratio' | 'oscillator' | 'count' | 'raw';

/**
 * TA-Lib equivalence of a feature, spelled as TA-Lib's abstract interface spells it (npm `talib`'s `explain(fn)`).
 * `inputs` maps real-valued inputs to candle fields where they are not the close.
 *
 * @example
 * ```ts
 * { fn: 'STOCH', options: { optInFastK_Period: 14, optInSlowK_Period: 3, optInSlowD_Period: 3 }, output: 'outSlowD' }
 * ```
 */
export interface TalibRef {
  fn: string;
  options: Record<string, number>;
  output?: string;
  inputs?: Record<string, keyof Candle>;
}

/** A UTC calendar period: the day (from 00:00 UTC) or the week (from Monday 00:00 UTC). */
export type CalendarPeriod = 'day' | 'week';

/** One catalogue entry. `name` is snake_case, stable, at most 63 characters, and equals its database column name. */
export interface FeatureSpec {
  readonly name: string;
  readonly group: string;
  readonly description: string;
  /**
   * Candles needed before the first defined value, on every timeframe: from index `lookback` on, every value is
   * defined (on a series without gaps, or with its gaps filled). For a feature without `calendar` it is exact on
   * every timeframe: the value at index `lookback` is the first non-NaN one. For a `calendar` feature it is the
   * bound over all timeframes (the 1m count); `featureLookback(spec, timeframe)` gives the count for one timeframe.
   */
  readonly lookback: number;
  readonly scale: FeatureScale;
  /** Present iff a TA-Lib function computes this feature exactly. */
  readonly talib?: TalibRef;
  /**
   * Present iff the feature reads the previous completed UTC period (daily or weekly pivots). Its first value then
   * depends on the timeframe and on where in the period the series starts: it is defined from the first candle of
   * the second period that starts in the series, at the latest after `featureLookback(spec, timeframe)` =
   * 2 * (candles per period) - 1 candles.
   */
  readonly calendar?: CalendarPeriod;
}

/** A column key: a candle field, or `<kernel key>#<output>`. */
export type ColumnKey = string;

/**
 * A stateful computation shared by features (an indicator, a lag, a rolling window, pivots, ...), with a batch
 * form and a streaming form that must agree bit for bit. Kernels with equal `key` are computed once per run.
 */
export interface Kernel {
  readonly key: string;
  /** Columns read, in order: candle fields or other kernels' outputs (listed in `deps`). */
  readonly inputs: readonly ColumnKey[];
  readonly deps: readonly Kernel[];
  readonly outputs: readonly string[];
  batch(inputs: readonly Float64Array[], n: number): Float64Array[];
  stream(): KernelStream;
}

/** Streaming form of a {@link Kernel}: reads the current input values, writes the current output values. */
export interface KernelStream {
  next(inputs: Float64Array, out: Float64Array): void;
  peek(inputs: Float64Array, out: Float64Array): void;
  toJSON(): SerializedStream;
}

/**
 * A catalogue entry with its computation: the kernels it needs and a stateless formula over the current row of
 * its columns. The same formula runs in batch (row i of full columns) and in streaming (row 0 of one-value
 * columns), which is what makes the two bit-identical.
 */
export interface FeatureDef extends FeatureSpec {
  readonly kernels: readonly Kernel[];
  readonly columns: readonly ColumnKey[];
  /** Value at row i; omitted when the feature is its first column unchanged. */
  readonly formula?: (cols: readonly Float64Array[], i: number) => number;
}

/** Features computed over a candle series: one column per feature name, aligned with `time`. */
export interface FeatureFrame {
  readonly time: Float64Array;
  readonly names: readonly string[];
  readonly columns: readonly Float64Array[];
  column(name: string): Float64Array;
  toMatrix(names?: readonly string[]): Matrix;
}

/** Options of `computeFeatures`. */
export interface FeatureOptions {
  /** Feature names to compute (plus whatever they depend on, computed once). Default: the whole catalogue. */
  features?: readonly string[];
  symbol?: string;
  peers?: Record<string, Candles>;
}

/** Live features: `next` commits a closed candle, `peek` evaluates the open one without committing. */
export interface FeatureStream {
  readonly names: readonly string[];
  /**
   * Commits a closed candle; returns the feature values in `names` order (a reused array: copy to keep).
   * `peers` holds the same candle of each peer symbol the stream was created with (cross-asset features).
   */
  next(c: Candle, peers?: Readonly<Record<string, Candle>>): Float64Array;
  /** Evaluates a still-open candle; the committed state is unchanged. */
  peek(c: Candle, peers?: Readonly<Record<string, Candle>>): Float64Array;
  /** Commits every candle of a history, for example the stored last 90 days (peers aligned by index). */
  fromHistory(candles: Candles, peers?: Readonly<Record<string, Candles>>): this;
  toJSON(): SerializedFeatureStream;
}

/** JSON form of a feature stream. */
export interface SerializedFeatureStream {
  readonly features: readonly string[];
  /** Peer symbols the stream takes alongside the main candle. */
  readonly peers: readonly string[];
  /** Number of committed candles and the open time of the last one. */
  readonly committed: number;
  readonly lastTime: number | null;
  readonly kernels: Record<string, SerializedStream>;
}
