/**
 * One candlestick pattern of TA-Lib, from one description ({@link CandlePatternSpec}): its batch function
 * ({@link runPattern}), its stream ({@link CandlePatternStream}), its metadata and uniform definition
 * ({@link definePattern}). Batch and stream run the same per-bar step ({@link patternStep}) over the same rolling
 * averages (./candle-averages.ts), the batch on its inputs, the stream on a window of its recent candles, so the
 * stream equals the batch bit for bit.
 *
 * Outputs are TA-Lib's integers in a `Float64Array`: 100 bullish, −100 bearish, 0 none (±80 for TA-Lib's weaker
 * engulfing and harami variants, ±200 for a confirmed hikkake), NaN during the lookback.
 *
 * @module
 */
import type { Candle } from '../../core/types.js';
import { BaseStream, FINITE, int, type FieldRule, type StateRules } from '../../core/stream.js';
import { checkParam, checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { checkOHLC } from '../input.js';
import { ringHead } from '../state.js';
import type { IndicatorDefinition, IndicatorMeta, IndicatorStream, ParamSpec } from '../types.js';
import type { Ohlc } from './candle.js';
import { accumulateAverages, averageSlots, candleAverages, rollAverages, type AverageSlot, type AverageSlots } from './candle-averages.js';
import { canonicalCandleOptions, candleSettingsOf, DEFAULT_CANDLE_SETTINGS, type CandlePatternOptions, type CandleSettings } from './candle-settings.js';

/**
 * A pattern's rule at the candle at index `i` of `b` (earlier candles at `i − 1`, `i − 2`, ...): `avg[s]` is the
 * average of slot s of {@link CandlePatternSpec.averages} for this bar; `penetration` the pattern's parameter (NaN
 * when it takes none); `memory` what the rule carries from bar to bar (hikkake). Returns TA-Lib's integer.
 */
export type PatternRule = (b: Ohlc, i: number, avg: Float64Array, penetration: number, memory: Float64Array) => number;

/** What a pattern is made from: the whole of a ta_CDL*.c file. */
export interface CandlePatternSpec {
  /** TA-Lib's name, `'CDLENGULFING'`. */
  readonly name: string;
  /** One line: what the pattern is. */
  readonly description: string;
  /** The rolling averages the rule reads, in the order of `avg`: (setting, candle offset). */
  readonly averages: readonly AverageSlot[];
  /** `TA_CDL..._Lookback` under the given settings. */
  lookback(settings: CandleSettings): number;
  /** TA-Lib's default `optInPenetration`, for the patterns that take one. */
  readonly penetration?: number;
  /** Bars before the lookback on which the rule runs for its memory only (its output dropped); 0 when absent. */
  readonly warmup?: number;
  /** The memory the rule carries between bars: initial values, and the rule a restore checks each against. */
  readonly memory?: { readonly initial: readonly number[]; readonly rules: readonly FieldRule[] };
  readonly rule: PatternRule;
}

/** A spec under resolved settings and penetration: what one call or stream runs. */
interface CompiledPattern {
  readonly slots: AverageSlots;
  readonly lookback: number;
  /** The first bar the rule runs on: lookback − warmup. */
  readonly first: number;
  readonly penetration: number;
  readonly rule: PatternRule;
}

const PENETRATION = { name: 'penetration', talib: 'optInPenetration', min: 0, max: 3e37, integer: false } as const;

function compile(spec: CandlePatternSpec, penetration: number | undefined, canonical: CandlePatternOptions): CompiledPattern {
  if (spec.penetration !== undefined) checkParam(spec.name, 'penetration', penetration!, PENETRATION.min, PENETRATION.max, false);
  const settings = candleSettingsOf(canonical);
  const lookback = spec.lookback(settings);
  const first = lookback - (spec.warmup ?? 0);
  return { slots: averageSlots(spec.name, settings, spec.averages, first), lookback, first, penetration: penetration ?? NaN, rule: spec.rule };
}

/**
 * One bar of a pattern: the candle at index `i` of `b` is bar number `bar` of the series (capped at the lookback by
 * streams). Before the first evaluated bar it only feeds the averages; from there on it evaluates the rule on the
 * averages of the bars before, then moves the averages on, as TA-Lib's loop does. NaN during the lookback.
 */
function patternStep(p: CompiledPattern, b: Ohlc, i: number, bar: number, sums: Float64Array, avg: Float64Array, memory: Float64Array): number {
  if (bar < p.first) {
    accumulateAverages(p.slots, b, i, bar, p.first, sums);
    return NaN;
  }
  candleAverages(p.slots, b, i, sums, avg);
  const value = p.rule(b, i, avg, p.penetration, memory);
  rollAverages(p.slots, b, i, sums);
  return bar < p.lookback ? NaN : value;
}

/**
 * The batch function of a pattern: TA-Lib's `TA_CDL...` over whole series, with its NaN semantics (a comparison
 * with NaN is false; a NaN range poisons the running sums it enters, as in TA-Lib). Throws `InvalidParameterError`
 * for a series that is not a `Float64Array`, a bad penetration or bad options, `LengthMismatchError` for series of
 * unequal lengths.
 *
 * @example
 * ```ts
 * runPattern(CDLDOJI_SPEC, open, high, low, close, undefined, { candleSettings: { bodyDoji: { factor: 0.05 } } })
 * ```
 */
export function runPattern(
  spec: CandlePatternSpec,
  open: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  penetration: number | undefined,
  options: CandlePatternOptions | undefined,
): Float64Array {
  const n = checkSeries(spec.name, open, high, low, close);
  const p = compile(spec, penetration, canonicalCandleOptions(spec.name, options));
  const out = nanArray(n);
  const b: Ohlc = { open, high, low, close };
  const sums = new Float64Array(p.slots.count);
  const avg = new Float64Array(p.slots.count);
  const memory = Float64Array.from(spec.memory?.initial ?? []);
  for (let i = Math.max(0, p.first - maxPeriod(p.slots)); i < n; i++) out[i] = patternStep(p, b, i, i, sums, avg, memory);
  return out;
}

function maxPeriod(slots: AverageSlots): number {
  let m = 0;
  for (let s = 0; s < slots.count; s++) m = Math.max(m, slots.period[s]!);
  return m;
}

type OhlcCandle = Pick<Candle, 'open' | 'high' | 'low' | 'close'>;

/**
 * The stream of a pattern: `next(candle)` commits a closed candle and returns the pattern's value at it (NaN during
 * the lookback), `peek(candle)` evaluates a still-open candle without committing it. State: the last lookback + 1
 * candles (each kept twice, at `pos` and `pos + lookback + 1`, so the rule reads them as one contiguous window), the
 * running sums of the averages and the rule's memory; nothing is allocated per update. The settings and the
 * penetration are the constructor arguments, which `toJSON` keeps and `fromJSON` replays.
 */
export abstract class CandlePatternStream extends BaseStream<[OhlcCandle], number> {
  readonly #pattern: CompiledPattern;
  readonly #avg: Float64Array;
  /** Window slots: lookback + 1. */
  readonly #size: number;
  /** The window arrays below, as the rule reads them. */
  readonly #window: Ohlc;
  private readonly open: Float64Array;
  private readonly high: Float64Array;
  private readonly low: Float64Array;
  private readonly close: Float64Array;
  private pos = 0;
  private bar = 0;
  private readonly sums: Float64Array;
  private readonly memory: Float64Array;
  readonly #memoryRules: readonly FieldRule[];

  protected constructor(spec: CandlePatternSpec, penetration: number | undefined, options: CandlePatternOptions | undefined) {
    const canonical = canonicalCandleOptions(spec.name, options);
    super(spec.name, spec.penetration === undefined ? [canonical] : [penetration, canonical]);
    this.#pattern = compile(spec, penetration, canonical);
    this.#size = this.#pattern.lookback + 1;
    this.open = new Float64Array(2 * this.#size);
    this.high = new Float64Array(2 * this.#size);
    this.low = new Float64Array(2 * this.#size);
    this.close = new Float64Array(2 * this.#size);
    this.#window = { open: this.open, high: this.high, low: this.low, close: this.close };
    this.sums = new Float64Array(this.#pattern.slots.count);
    this.#avg = new Float64Array(this.#pattern.slots.count);
    this.memory = Float64Array.from(spec.memory?.initial ?? []);
    this.#memoryRules = spec.memory?.rules ?? [];
  }

  next(c: OhlcCandle): number {
    checkOHLC(c, this.indicator);
    const pos = this.pos;
    const i = pos + this.#size;
    this.open[pos] = this.open[i] = c.open;
    this.high[pos] = this.high[i] = c.high;
    this.low[pos] = this.low[i] = c.low;
    this.close[pos] = this.close[i] = c.close;
    const value = patternStep(this.#pattern, this.#window, i, this.bar, this.sums, this.#avg, this.memory);
    this.pos = pos + 1 === this.#size ? 0 : pos + 1;
    if (this.bar < this.#pattern.lookback) this.bar++;
    return value;
  }

  protected override stateRules(): StateRules {
    const lookback = this.#pattern.lookback;
    return { bar: int(0, lookback), pos: ringHead(this.bar, lookback, this.#size), sums: FINITE, memory: this.#memoryRules };
  }
}

/**
 * The metadata and uniform definition of a pattern (group `pattern`, inputs open, high, low, close, one output
 * `value` = TA-Lib's `outInteger`, the parameter `penetration` when the pattern takes one), with the default candle
 * settings: `compute` and `stream` take TA-Lib's parameters only, the batch function and the stream constructor
 * take the `candleSettings` option too. `stream(penetration)` builds the pattern's stream class.
 *
 * @example
 * ```ts
 * export const CDLDOJI = definePattern(SPEC, () => new CdlDojiStream())
 * CDLDOJI.meta.lookback() // => 10
 * ```
 */
export function definePattern(spec: CandlePatternSpec, stream: (penetration: number | undefined) => IndicatorStream): IndicatorDefinition {
  const params: ParamSpec[] = spec.penetration === undefined ? [] : [{ ...PENETRATION, default: spec.penetration }];
  const meta: IndicatorMeta = defineMeta({
    name: spec.name,
    group: 'pattern',
    description: spec.description,
    inputs: ['open', 'high', 'low', 'close'],
    params,
    outputs: [{ name: 'value', talib: 'outInteger' }],
    lookback: () => spec.lookback(DEFAULT_CANDLE_SETTINGS),
  });
  return defineIndicator(
    meta,
    ([open, high, low, close], p) => runPattern(spec, open!, high!, low!, close!, p.penetration, undefined),
    (p) => stream(p.penetration),
  );
}
