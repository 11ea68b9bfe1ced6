/** TA-Lib function groups covered by the engine (math and pattern groups are out of scope). */
export type IndicatorGroup = 'overlap' | 'momentum' | 'volatility' | 'volume' | 'cycle' | 'statistic' | 'price' | 'pattern';

/**
 * Names of indicator inputs. Candle fields (`open` ... `volume`) mean the stream takes a {@link Candle};
 * `real` (one real series) means the stream takes a number; `real0`/`real1` (BETA, CORREL) and
 * `real`/`periods` (MAVP) mean the stream takes two numbers, in that order.
 */
export type InputName = 'open' | 'high' | 'low' | 'close' | 'volume' | 'real' | 'real0' | 'real1' | 'periods';

/** One parameter of an indicator, with TA-Lib's name, default and valid range (inclusive). */
export interface ParamSpec {
  /** Our camelCase name, the batch function's argument name: `period`, `fastPeriod`, `maType`, ... */
  readonly name: string;
  /** TA-Lib's abstract-interface name: `optInTimePeriod`, `optInFastPeriod`, `optInMAType`, ... */
  readonly talib: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
  /** Integer-valued (periods, MA types) or real-valued (deviations, accelerations). */
  readonly integer: boolean;
}

/** One output series: our name (the key in batch results) and TA-Lib's (`outReal`, `outMACDSignal`, ...). */
export interface OutputSpec {
  readonly name: string;
  readonly talib: string;
}

/** Resolved parameter values keyed by {@link ParamSpec.name}. */
export type IndicatorParams = Readonly<Record<string, number>>;

/** Everything a caller or a generic tool needs to know about an indicator. */
export interface IndicatorMeta {
  /** TA-Lib function name, for example `'RSI'`. */
  readonly name: string;
  readonly group: IndicatorGroup;
  /** One line: what it measures. */
  readonly description: string;
  /** Inputs in TA-Lib's order. */
  readonly inputs: readonly InputName[];
  readonly params: readonly ParamSpec[];
  readonly outputs: readonly OutputSpec[];
  /**
   * Number of leading NaN outputs for these parameters (TA-Lib's `TA_XXX_Lookback`, unstable period 0). Missing
   * parameters take their defaults; an unknown name or a value outside its {@link ParamSpec} throws
   * `InvalidParameterError`, as `compute` does.
   */
  lookback(params?: Partial<IndicatorParams>): number;
}

/** What {@link IndicatorMeta} is made from: the same fields, with a lookback of complete, valid parameters. */
export interface IndicatorMetaSpec extends Omit<IndicatorMeta, 'lookback'> {
  lookback(params: IndicatorParams): number;
}

/** Batch inputs keyed by {@link InputName}. */
export type IndicatorInputs = Partial<Record<InputName, Float64Array>>;

/**
 * A single-input stream that composites drive through `update(x)`: `next(x)` without the input check, for values
 * the composite computed itself (see `src/indicators/input.ts`). `pending` counts the updates still needed before
 * one returns a value (0: the next one does); a composite's restore checks it against the bar at which the composite
 * starts using that value.
 */
export interface UpdatableStream {
  update(x: number): number;
  readonly pending: number;
}

/** A stream as seen by generic code: `next` commits, `peek` evaluates without committing. */
export interface IndicatorStream {
  next(...args: never[]): number | Readonly<Record<string, number>>;
  peek(...args: never[]): number | Readonly<Record<string, number>>;
  toJSON(): unknown;
}

/**
 * The uniform face of one indicator, used by the feature catalogue and the shared contract test.
 * `compute` returns every output keyed by {@link OutputSpec.name}; `stream` builds a fresh streaming state.
 */
export interface IndicatorDefinition {
  readonly meta: IndicatorMeta;
  compute(inputs: IndicatorInputs, params?: Partial<IndicatorParams>): Record<string, Float64Array>;
  stream(params?: Partial<IndicatorParams>): IndicatorStream;
}
