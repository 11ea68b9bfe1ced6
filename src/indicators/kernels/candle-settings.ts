/**
 * TA-Lib's candle settings: what "long", "short", "doji", "near", ... mean to the candlestick pattern functions
 * (`TA_CandleSetting` and `TA_SetCandleSettings` in TA-Lib's ta_global.c), without global state: each pattern call
 * and stream takes a `candleSettings` option that overrides some of them for that call or stream only.
 *
 * A setting compares a candle's part with an average of a range over the `avgPeriod` candles before it:
 *
 *   average = factor × (sum of the range over the previous avgPeriod candles / avgPeriod) / (2 for `shadows`, else 1)
 *
 * and with an `avgPeriod` of 0, the candle's own range replaces the average. The range is, by `rangeType`:
 * `realBody` |close − open|, `highLow` high − low, `shadows` upper shadow + lower shadow (halved, as above).
 *
 * @module
 */
import { InvalidParameterError } from '../../core/errors.js';
import { describeValue } from '../../core/describe.js';
import { checkParam } from '../params.js';

/** The range a candle setting measures: the real body, the high-low range, or the two shadows together. */
export type CandleRangeType = 'realBody' | 'highLow' | 'shadows';

/** One candle setting (TA-Lib's `TA_CandleSetting`). */
export interface CandleSetting {
  /** The range averaged and compared. */
  readonly rangeType: CandleRangeType;
  /** Number of previous candles averaged (an integer in [0, 100000]); 0 compares with the candle's own range. */
  readonly avgPeriod: number;
  /** Multiplier of the average (a number in [0, 3e37]). */
  readonly factor: number;
}

/** The eleven settings, in TA-Lib's order (`TA_BodyLong` ... `TA_Equal`), camelCased. */
export const CANDLE_SETTING_NAMES = [
  'bodyLong',
  'bodyVeryLong',
  'bodyShort',
  'bodyDoji',
  'shadowLong',
  'shadowVeryLong',
  'shadowShort',
  'shadowVeryShort',
  'near',
  'far',
  'equal',
] as const;

/** Name of a candle setting: TA-Lib's `TA_BodyLong` is `bodyLong`, and so on. */
export type CandleSettingName = (typeof CANDLE_SETTING_NAMES)[number];

/** A complete set of candle settings. */
export type CandleSettings = Readonly<Record<CandleSettingName, CandleSetting>>;

/** Overrides of some candle settings, each of some of its fields; the rest keep TA-Lib's defaults. */
export type CandleSettingsOverride = Readonly<Partial<Record<CandleSettingName, Partial<CandleSetting>>>>;

/** Options every candlestick pattern function and stream takes. */
export interface CandlePatternOptions {
  /**
   * Candle settings for this call or stream only (TA-Lib's `TA_SetCandleSettings`, without global state). Missing
   * settings and fields keep {@link DEFAULT_CANDLE_SETTINGS}.
   */
  readonly candleSettings?: CandleSettingsOverride;
}

const setting = (rangeType: CandleRangeType, avgPeriod: number, factor: number): CandleSetting => Object.freeze({ rangeType, avgPeriod, factor });

/**
 * TA-Lib's default candle settings (`TA_CandleDefaultSettings`, ta_global.c), the ones TA-Lib's own tests use:
 *
 * | setting | range | avgPeriod | factor | meaning |
 * |---|---|---|---|---|
 * | bodyLong | realBody | 10 | 1 | body longer than the average body of the 10 previous candles |
 * | bodyVeryLong | realBody | 10 | 3 | body longer than 3 × that average |
 * | bodyShort | realBody | 10 | 1 | body shorter than that average |
 * | bodyDoji | highLow | 10 | 0.1 | body shorter than 10% of the average high-low range |
 * | shadowLong | realBody | 0 | 1 | shadow longer than the candle's own body |
 * | shadowVeryLong | realBody | 0 | 2 | shadow longer than 2 × its own body |
 * | shadowShort | shadows | 10 | 1 | shadow shorter than half the average sum of both shadows |
 * | shadowVeryShort | highLow | 10 | 0.1 | shadow shorter than 10% of the average high-low range |
 * | near | highLow | 5 | 0.2 | distance at most 20% of the average high-low range of 5 candles |
 * | far | highLow | 5 | 0.6 | distance at least 60% of that average |
 * | equal | highLow | 5 | 0.05 | distance at most 5% of that average |
 *
 * @example
 * ```ts
 * DEFAULT_CANDLE_SETTINGS.bodyDoji // => { rangeType: 'highLow', avgPeriod: 10, factor: 0.1 }
 * ```
 */
export const DEFAULT_CANDLE_SETTINGS: CandleSettings = Object.freeze({
  bodyLong: setting('realBody', 10, 1),
  bodyVeryLong: setting('realBody', 10, 3),
  bodyShort: setting('realBody', 10, 1),
  bodyDoji: setting('highLow', 10, 0.1),
  shadowLong: setting('realBody', 0, 1),
  shadowVeryLong: setting('realBody', 0, 2),
  shadowShort: setting('shadows', 10, 1),
  shadowVeryShort: setting('highLow', 10, 0.1),
  near: setting('highLow', 5, 0.2),
  far: setting('highLow', 5, 0.6),
  equal: setting('highLow', 5, 0.05),
});

const RANGE_TYPES: readonly CandleRangeType[] = ['realBody', 'highLow', 'shadows'];
const FIELDS: readonly (keyof CandleSetting)[] = ['rangeType', 'avgPeriod', 'factor'];
/** Largest `avgPeriod`, as the engine's other periods. */
const MAX_AVG_PERIOD = 100000;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

function unknownKey(obj: Record<string, unknown>, allowed: readonly string[]): string | undefined {
  return Object.keys(obj).find((k) => obj[k] !== undefined && !allowed.includes(k));
}

function resolveSetting(indicator: string, name: CandleSettingName, given: unknown): CandleSetting {
  const at = `${indicator}.candleSettings.${name}`;
  if (!isPlainObject(given)) throw new InvalidParameterError(at, `expected an object of ${FIELDS.join(', ')}, got ${describeValue(given)}`, { value: given });
  const extra = unknownKey(given, FIELDS);
  if (extra !== undefined) throw new InvalidParameterError(`${at}.${extra}`, `unknown field; expected one of ${FIELDS.join(', ')}`);
  const base = DEFAULT_CANDLE_SETTINGS[name];
  const rangeType = given.rangeType === undefined ? base.rangeType : given.rangeType;
  if (!RANGE_TYPES.includes(rangeType as CandleRangeType)) {
    throw new InvalidParameterError(`${at}.rangeType`, `must be one of ${RANGE_TYPES.join(', ')}, got ${describeValue(rangeType)}`, { value: rangeType });
  }
  const avgPeriod = given.avgPeriod === undefined ? base.avgPeriod : given.avgPeriod;
  checkParam(indicator, `candleSettings.${name}.avgPeriod`, avgPeriod as number, 0, MAX_AVG_PERIOD, true);
  const factor = given.factor === undefined ? base.factor : given.factor;
  checkParam(indicator, `candleSettings.${name}.factor`, factor as number, 0, 3e37, false);
  return setting(rangeType as CandleRangeType, avgPeriod as number, factor as number);
}

/**
 * The overridden settings of `options`, each complete and checked, in {@link CANDLE_SETTING_NAMES} order: the
 * canonical form a stream keeps as its constructor argument (so that equal options serialize equally). Throws
 * `InvalidParameterError` naming the pattern and the option for anything else than {@link CandlePatternOptions}:
 * an unknown option, setting or field, a range type outside the three, an `avgPeriod` that is not an integer in
 * [0, 100000], a `factor` that is not a number in [0, 3e37].
 *
 * @example
 * ```ts
 * canonicalCandleOptions('CDLDOJI', { candleSettings: { bodyDoji: { factor: 0.05 } } })
 * // => { candleSettings: { bodyDoji: { rangeType: 'highLow', avgPeriod: 10, factor: 0.05 } } }
 * canonicalCandleOptions('CDLDOJI', { candleSettings: { bodyDoji: { avgPeriod: -1 } } })
 * // throws: CDLDOJI.candleSettings.bodyDoji.avgPeriod: must be an integer in [0, 100000], got -1
 * ```
 */
export function canonicalCandleOptions(indicator: string, options: CandlePatternOptions | undefined): CandlePatternOptions {
  if (options === undefined) return {};
  if (!isPlainObject(options)) throw new InvalidParameterError(`${indicator}.options`, `expected an object of options, got ${describeValue(options)}`, { value: options });
  const extra = unknownKey(options, ['candleSettings']);
  if (extra !== undefined) throw new InvalidParameterError(`${indicator}.options.${extra}`, 'unknown option; expected candleSettings');
  const given = options.candleSettings as unknown;
  if (given === undefined) return {};
  if (!isPlainObject(given)) throw new InvalidParameterError(`${indicator}.candleSettings`, `expected an object of candle settings, got ${describeValue(given)}`, { value: given });
  const unknown = unknownKey(given, CANDLE_SETTING_NAMES);
  if (unknown !== undefined) throw new InvalidParameterError(`${indicator}.candleSettings.${unknown}`, `unknown candle setting; expected one of ${CANDLE_SETTING_NAMES.join(', ')}`);
  const out: Partial<Record<CandleSettingName, CandleSetting>> = {};
  for (const name of CANDLE_SETTING_NAMES) if (given[name] !== undefined) out[name] = resolveSetting(indicator, name, given[name]);
  return Object.keys(out).length === 0 ? {} : { candleSettings: out };
}

/**
 * The complete settings of a {@link canonicalCandleOptions} result: its overrides over {@link DEFAULT_CANDLE_SETTINGS}.
 *
 * @example
 * ```ts
 * candleSettingsOf({ candleSettings: { near: { rangeType: 'highLow', avgPeriod: 3, factor: 0.2 } } }).near.avgPeriod // => 3
 * ```
 */
export function candleSettingsOf(canonical: CandlePatternOptions): CandleSettings {
  const over = canonical.candleSettings;
  return over === undefined ? DEFAULT_CANDLE_SETTINGS : { ...DEFAULT_CANDLE_SETTINGS, ...(over as Partial<Record<CandleSettingName, CandleSetting>>) };
}
