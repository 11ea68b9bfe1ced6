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
import type { Candle, CandleValueField } from '../core/types.js';

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

// One checker per set of candle fields, each with plain reads: a generic checker taking the set as an argument
// (a bit mask, a list) costs V8 a few nanoseconds per update, these nothing measurable.

/**
 * Throws `InvalidParameterError` unless `c` is an object whose high and low are finite numbers: parameter
 * `<indicator>.candle.<field>` for the first bad field, `<indicator>.candle` for a non-object.
 *
 * @example
 * ```ts
 * checkHL({ high: 1 }, 'SAR') // throws: SAR.candle.low: must be a finite number, got undefined
 * ```
 */
export function checkHL(c: Pick<Candle, 'high' | 'low'>, indicator: string): void {
  if ((c as unknown) == null || !(Number.isFinite(c.high) && Number.isFinite(c.low))) throw candleError(c, ['high', 'low'], indicator);
}

/** {@link checkHL} for high, low and close. */
export function checkHLC(c: Pick<Candle, 'high' | 'low' | 'close'>, indicator: string): void {
  if ((c as unknown) == null || !(Number.isFinite(c.high) && Number.isFinite(c.low) && Number.isFinite(c.close))) throw candleError(c, ['high', 'low', 'close'], indicator);
}

/** {@link checkHL} for high, low, close and volume. */
export function checkHLCV(c: Pick<Candle, 'high' | 'low' | 'close' | 'volume'>, indicator: string): void {
  const ok = (c as unknown) != null && Number.isFinite(c.high) && Number.isFinite(c.low) && Number.isFinite(c.close) && Number.isFinite(c.volume);
  if (!ok) throw candleError(c, ['high', 'low', 'close', 'volume'], indicator);
}

/** {@link checkHL} for open, high, low and close. */
export function checkOHLC(c: Pick<Candle, 'open' | 'high' | 'low' | 'close'>, indicator: string): void {
  const ok = (c as unknown) != null && Number.isFinite(c.open) && Number.isFinite(c.high) && Number.isFinite(c.low) && Number.isFinite(c.close);
  if (!ok) throw candleError(c, ['open', 'high', 'low', 'close'], indicator);
}

/** {@link checkHL} for open and close. */
export function checkOC(c: Pick<Candle, 'open' | 'close'>, indicator: string): void {
  if ((c as unknown) == null || !(Number.isFinite(c.open) && Number.isFinite(c.close))) throw candleError(c, ['open', 'close'], indicator);
}

function candleError(c: unknown, fields: readonly CandleValueField[], indicator: string): InvalidParameterError {
  if (typeof c !== 'object' || c === null) {
    return new InvalidParameterError(`${indicator}.candle`, `expected a candle with finite ${fields.join(', ')}, got ${describeValue(c)}`, { value: c });
  }
  const field = fields.find((f) => !Number.isFinite((c as Record<string, unknown>)[f]))!;
  const value = (c as Record<string, unknown>)[field];
  return new InvalidParameterError(`${indicator}.candle.${field}`, `must be a finite number, got ${describeValue(value)}`, { value });
}
