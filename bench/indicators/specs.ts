import { createRequire } from 'node:module';
import { INDICATORS } from '../../src/indicators/index.js';
import type { IndicatorDefinition } from '../../src/indicators/index.js';
import type { Ohlcv, OhlcvArrays } from '../lib/data.js';

/** The benchmarked indicators, their parameters (by TA-Lib name) and canonical output names. */
export interface BenchSpec {
  /** TA-Lib function name. */
  readonly name: string;
  /** Label in tables, e.g. `MACD(12,26,9)`. */
  readonly label: string;
  /** TA-Lib inputs of the `talib` binding's `execute` (`inReal` is the close). */
  readonly talibInputs: readonly ('inReal' | 'open' | 'high' | 'low' | 'close' | 'volume')[];
  /** Parameters keyed by TA-Lib's optIn name. */
  readonly talibParams: Readonly<Record<string, number>>;
  /** Canonical outputs compared across libraries. */
  readonly outputs: readonly string[];
}

/** The inputs of the candlestick patterns. */
const OHLC = ['open', 'high', 'low', 'close'] as const;

export const SPECS: readonly BenchSpec[] = [
  { name: 'SMA', label: 'SMA(20)', talibInputs: ['inReal'], talibParams: { optInTimePeriod: 20 }, outputs: ['value'] },
  { name: 'EMA', label: 'EMA(20)', talibInputs: ['inReal'], talibParams: { optInTimePeriod: 20 }, outputs: ['value'] },
  { name: 'RSI', label: 'RSI(14)', talibInputs: ['inReal'], talibParams: { optInTimePeriod: 14 }, outputs: ['value'] },
  {
    name: 'MACD',
    label: 'MACD(12,26,9)',
    talibInputs: ['inReal'],
    talibParams: { optInFastPeriod: 12, optInSlowPeriod: 26, optInSignalPeriod: 9 },
    outputs: ['macd', 'signal', 'hist'],
  },
  {
    name: 'BBANDS',
    label: 'BBANDS(20,2,2)',
    talibInputs: ['inReal'],
    talibParams: { optInTimePeriod: 20, optInNbDevUp: 2, optInNbDevDn: 2, optInMAType: 0 },
    outputs: ['upper', 'middle', 'lower'],
  },
  { name: 'ATR', label: 'ATR(14)', talibInputs: ['high', 'low', 'close'], talibParams: { optInTimePeriod: 14 }, outputs: ['value'] },
  {
    name: 'STOCH',
    label: 'STOCH(14,3,3)',
    talibInputs: ['high', 'low', 'close'],
    talibParams: { optInFastK_Period: 14, optInSlowK_Period: 3, optInSlowK_MAType: 0, optInSlowD_Period: 3, optInSlowD_MAType: 0 },
    outputs: ['k', 'd'],
  },
  { name: 'ADX', label: 'ADX(14)', talibInputs: ['high', 'low', 'close'], talibParams: { optInTimePeriod: 14 }, outputs: ['value'] },
  { name: 'OBV', label: 'OBV', talibInputs: ['inReal', 'volume'], talibParams: {}, outputs: ['value'] },
  { name: 'MFI', label: 'MFI(14)', talibInputs: ['high', 'low', 'close', 'volume'], talibParams: { optInTimePeriod: 14 }, outputs: ['value'] },
  ...(['CDLENGULFING', 'CDLHAMMER', 'CDLDOJI'] as const).map((name) => ({ name, label: name, talibInputs: OHLC, talibParams: {}, outputs: ['value'] })),
  { name: 'CDLMORNINGSTAR', label: 'CDLMORNINGSTAR(0.3)', talibInputs: OHLC, talibParams: { optInPenetration: 0.3 }, outputs: ['value'] },
];

/** TA-Lib output name to canonical output name. */
export const TALIB_OUTPUT: Readonly<Record<string, string>> = {
  outReal: 'value',
  outMACD: 'macd',
  outMACDSignal: 'signal',
  outMACDHist: 'hist',
  outRealUpperBand: 'upper',
  outRealMiddleBand: 'middle',
  outRealLowerBand: 'lower',
  outSlowK: 'k',
  outSlowD: 'd',
  outInteger: 'value',
};

/**
 * Output series keyed by canonical name. Every series ends at the last input candle; peers that drop the
 * warm-up return shorter arrays, so index `length - 1 - k` is candle `n - 1 - k` everywhere.
 */
export type Series = Record<string, ArrayLike<number>>;

/** One timed implementation: `run` is timed, `series` (untimed) turns its result into {@link Series}. */
export interface Impl {
  run(): unknown;
  series(result: unknown): Series;
  /** When present, the time the implementation measured itself replaces the wall time of `run` (native harness). */
  elapsedMs?(result: unknown): number;
}

/** A library column: builds an {@link Impl} per indicator, or undefined where it lacks the indicator. */
export interface Library {
  readonly id: string;
  /** Short note on the API used, printed under the table. */
  readonly api: string;
  impl(spec: BenchSpec): Impl | undefined;
}

/** Inputs in every format the libraries take. */
export interface BenchInputs {
  readonly typed: Ohlcv;
  readonly arrays: OhlcvArrays;
  /** One object per candle, for candle-driven streaming APIs. */
  readonly candles: readonly { open: number; high: number; low: number; close: number; volume: number }[];
}

interface TalibResult {
  begIndex: number;
  nbElement: number;
  result: Record<string, number[]>;
}

/** The `talib` native binding (TA-Lib C library through N-API; CommonJS `.node`). */
export const talib = createRequire(import.meta.url)('talib') as { execute(args: Record<string, unknown>): TalibResult; version: string };

/**
 * Runs `talib.execute` for a spec. `toArray` converts the inputs: the binding reads plain `number[]`
 * element by element and silently misreads typed arrays.
 */
export function runTalib(spec: BenchSpec, cols: Ohlcv | OhlcvArrays, n: number, toArray: (x: ArrayLike<number>) => number[]): TalibResult {
  const args: Record<string, unknown> = { name: spec.name, startIdx: 0, endIdx: n - 1, ...spec.talibParams };
  for (const input of spec.talibInputs) args[input] = toArray(input === 'inReal' ? cols.close : cols[input]);
  const r = talib.execute(args);
  if (r === undefined || r.result === undefined) throw new Error(`talib ${spec.name} failed`);
  return r;
}

/** Canonical series of a talib result (compact arrays that end at the last candle). */
export function talibSeries(r: TalibResult): Series {
  const out: Series = {};
  for (const [k, v] of Object.entries(r.result)) out[TALIB_OUTPUT[k] ?? k] = v;
  return out;
}

/** Our registry entry for a TA-Lib name, or undefined when not implemented yet. */
export function ourDefinition(name: string): IndicatorDefinition | undefined {
  return INDICATORS.find((d) => d.meta.name === name);
}
