/**
 * The hostile-input harness of issue 13 for the candle, resample, label, splitter and metric entry points: each case
 * is named, run once, and must end in the typed `AlphaError` it names (code, and the argument or candle field at
 * fault) with a short message, or in a correct result; never a plain TypeError/RangeError, a hang or garbage.
 */
import { expect, it } from 'vitest';
import { AlphaError, ArgumentError, CandleValidationError, type CandleIssueReason } from '../../src/core/errors.js';
import type { Candles } from '../../src/core/types.js';

/** What a hostile case must end in: a typed error (with the argument or the first issue's field and reason), or a result. */
export type Expected =
  | { readonly code: string; readonly parameter?: string; readonly field?: string; readonly reason?: CandleIssueReason }
  | { readonly returns: (value: unknown) => void };

/** One named hostile input: the call to make and what it must end in. */
export type HostileCase = readonly [name: string, run: () => unknown, expected: Expected];

/** A typed parameter error naming `parameter`. */
export const invalid = (parameter: string): Expected => ({ code: 'INVALID_PARAMETER', parameter });
/** A candle validation error whose first issue is `reason` on `field`. */
export const badCandles = (field: string, reason: CandleIssueReason): Expected => ({ code: 'CANDLE_VALIDATION', field, reason });

/** Longest message of a parameter error: one argument, one short reason. */
const SHORT = 300;
/** Longest a case may take: every check is O(n) on small inputs, so anything near this is a hang in the making. */
const MAX_MS = 2_000;

function settle(run: () => unknown): { error?: unknown; value?: unknown } {
  try {
    return { value: run() };
  } catch (error) {
    return { error };
  }
}

/** Runs every case as its own test, named by the case. */
export function runHostile(cases: readonly HostileCase[]): void {
  it.each(cases)('%s', (_name, run, expected) => {
    const started = performance.now();
    const { error, value } = settle(run);
    expect(performance.now() - started).toBeLessThan(MAX_MS);
    if ('returns' in expected) {
      expect(error).toBeUndefined();
      expected.returns(value);
      return;
    }
    expect(error, 'a typed AlphaError').toBeInstanceOf(AlphaError);
    const e = error as AlphaError;
    expect(e.code).toBe(expected.code);
    expect(e.message.length).toBeLessThanOrEqual(e instanceof ArgumentError ? SHORT : AlphaError.MAX_MESSAGE);
    if (expected.parameter !== undefined) expect((e as ArgumentError).parameter).toBe(expected.parameter);
    if (expected.field !== undefined) expect((e as CandleValidationError).issues[0]).toMatchObject({ field: expected.field, reason: expected.reason });
  });
}

const M15 = 900_000;

/** `n` valid 15m candles from time `start`: open = close = 100 + i, high = close + 1, low = close - 1, volume 1 + i. */
export function candles15m(n: number, start = 0): Candles {
  const f = (g: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => g(i));
  return { time: f((i) => start + i * M15), open: f((i) => 100 + i), high: f((i) => 101 + i), low: f((i) => 99 + i), close: f((i) => 100 + i), volume: f((i) => 1 + i) };
}

/** `candles` with one column replaced (any value, for hostile shapes). */
export function withColumn(candles: Candles, field: keyof Candles, column: unknown): Candles {
  return { ...candles, [field]: column } as Candles;
}
