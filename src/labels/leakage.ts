import { assertCandles, sliceCandles } from '../core/candles.js';
import { InvalidParameterError } from '../core/errors.js';
import { describeValue } from '../core/describe.js';
import { LookaheadError } from './errors.js';
import type { Candles } from '../core/types.js';

type Columns = Record<string, ArrayLike<number>>;

/** The columns `compute` returned, checked: an object whose every value is an array or typed array with a row `t`. */
function columnsOf(result: unknown, t: number, rows: string): Columns {
  if (result === null || typeof result !== 'object' || Array.isArray(result)) {
    throw new InvalidParameterError('compute', `must return an object of columns, got ${describeValue(result)} on ${rows}`);
  }
  for (const [name, values] of Object.entries(result)) {
    if (!(Array.isArray(values) || (ArrayBuffer.isView(values) && !(values instanceof DataView))) || (values as ArrayLike<number>).length <= t) {
      throw new InvalidParameterError(`compute`, `column ${describeValue(name)} must be an array with a value at row ${t}, got ${describeValue(values)} on ${rows}`);
    }
  }
  return result as Columns;
}

/**
 * Proves (on the given cut points) that `compute` uses no future data: for each cut t, computing on candles
 * [0, t] must give, at t, exactly the value computed on the full series (`Object.is`, so NaN equals NaN). Throws
 * {@link LookaheadError} naming the column and the first cut where they differ.
 *
 * `compute` must be a function returning an object of columns (arrays or typed arrays) long enough to hold row t;
 * `candles` are checked as `assertCandles` does; `cuts` must be a non-empty array of integer rows in [0, n).
 * Anything else is a typed error, never a vacuous proof.
 *
 * @example
 * ```ts
 * assertNoLookahead((c) => ({ rsi_14: rsi(c.close, 14) }), candles, [500, 900, 1400]) // => undefined: no lookahead
 * assertNoLookahead((c) => ({ next: c.close.map((_, t) => c.close[t + 1] ?? NaN) }), candles, [500])
 * // throws LookaheadError (code 'LOOKAHEAD', column 'next', index 500): next at 500 is ... on the full series but NaN ...
 * ```
 */
export function assertNoLookahead(compute: (candles: Candles) => Record<string, Float64Array>, candles: Candles, cuts: readonly number[]): void {
  if (typeof compute !== 'function') throw new InvalidParameterError('compute', `expected a function, got ${describeValue(compute)}`);
  assertCandles(candles);
  const n = candles.time.length;
  if (!Array.isArray(cuts) || cuts.length === 0) throw new InvalidParameterError('cuts', `expected a non-empty array of rows, got ${describeValue(cuts)}`);
  const last = cuts.reduce((max: number, t, i) => {
    if (!Number.isInteger(t) || t < 0 || t >= n) throw new InvalidParameterError(`cuts[${i}]`, `must be an integer row in [0, ${n}), got ${describeValue(t)}`);
    return t > max ? t : max;
  }, 0);
  const full = columnsOf(compute(candles), last, 'the full series');
  for (const t of cuts) {
    const part = columnsOf(compute(sliceCandles(candles, 0, t + 1)), t, `candles [0, ${t}]`);
    for (const [name, values] of Object.entries(full)) {
      const a = part[name]?.[t];
      const b = values[t];
      if (!Object.is(a, b)) throw new LookaheadError(name, t, `${name} at ${t} is ${b} on the full series but ${a} when candles after ${t} are removed: it looks ahead`);
    }
  }
}
