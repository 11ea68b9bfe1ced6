/**
 * The input check of indicator streams. A stream takes finite numbers only: `next` and `peek` throw
 * `InvalidParameterError` naming the input for NaN, ±Infinity, a non-number, or a candle without a finite value in a
 * field the indicator reads, before anything changes, so the stream continues as if the input had never come.
 * Batch functions keep TA-Lib's semantics (a NaN in a series propagates as TA-Lib propagates it).
 *
 * The check is one `Number.isFinite` per number read, which also rejects non-numbers without coercing them. A
 * composite that feeds values it computed itself into a nested stream calls the nested stream's unchecked `update`:
 * finite inputs may still give an infinite intermediate (an overflow), which the stream must carry exactly as the
 * batch function does.
 *
 * @module
 */
import { InvalidParameterError } from '../core/errors.js';
import { describeValue } from '../core/describe.js';
import { CANDLE_VALUE_FIELDS, type Candle } from '../core/types.js';

const OPEN = 1;
const HIGH = 2;
const LOW = 4;
const CLOSE = 8;
const VOLUME = 16;

/** The candle fields an indicator reads, as the bit sets {@link checkCandle} takes. */
export const CandleFields = {
  HL: HIGH | LOW,
  HLC: HIGH | LOW | CLOSE,
  HLCV: HIGH | LOW | CLOSE | VOLUME,
  OHLC: OPEN | HIGH | LOW | CLOSE,
  OC: OPEN | CLOSE,
} as const;

/**
 * Returns `x` when it is a finite number, and throws `InvalidParameterError` (parameter `<indicator>.<input>`)
 * otherwise.
 *
 * @example
 * ```ts
 * finiteInput(101.5, 'RSI') // => 101.5
 * finiteInput(NaN, 'RSI')   // throws: RSI.real: must be a finite number, got NaN
 * ```
 */
export function finiteInput(x: number, indicator: string, input = 'real'): number {
  if (Number.isFinite(x)) return x;
  throw new InvalidParameterError(`${indicator}.${input}`, `must be a finite number, got ${describeValue(x)}`, { value: x });
}

/**
 * Throws `InvalidParameterError` unless `c` is an object whose `fields` (a {@link CandleFields} set) are finite
 * numbers: parameter `<indicator>.candle.<field>` for the first bad field, `<indicator>.candle` for a non-object.
 *
 * @example
 * ```ts
 * checkCandle({ high: 1 }, CandleFields.HLC, 'STOCH') // throws: STOCH.candle.low: must be a finite number, got undefined
 * ```
 */
export function checkCandle(c: Partial<Candle>, fields: number, indicator: string): void {
  const x = c as Partial<Candle> | null | undefined;
  const ok =
    ((fields & OPEN) === 0 || Number.isFinite(x?.open)) &&
    ((fields & HIGH) === 0 || Number.isFinite(x?.high)) &&
    ((fields & LOW) === 0 || Number.isFinite(x?.low)) &&
    ((fields & CLOSE) === 0 || Number.isFinite(x?.close)) &&
    ((fields & VOLUME) === 0 || Number.isFinite(x?.volume));
  if (!ok) throw candleError(c, fields, indicator);
}

function candleError(c: unknown, fields: number, indicator: string): InvalidParameterError {
  const names = CANDLE_VALUE_FIELDS.filter((_, bit) => (fields & (1 << bit)) !== 0);
  if (typeof c !== 'object' || c === null) {
    return new InvalidParameterError(`${indicator}.candle`, `expected a candle with finite ${names.join(', ')}, got ${describeValue(c)}`, { value: c });
  }
  const field = names.find((f) => !Number.isFinite((c as Record<string, unknown>)[f]))!;
  const value = (c as Record<string, unknown>)[field];
  return new InvalidParameterError(`${indicator}.candle.${field}`, `must be a finite number, got ${describeValue(value)}`, { value });
}
