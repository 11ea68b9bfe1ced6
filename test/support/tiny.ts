import { expect } from 'vitest';
import { computeWith, FeatureStreamEngine } from '../../src/features/engine.js';
import type { FeatureDef } from '../../src/features/types.js';
import type { Candles } from '../../src/core/types.js';

/** Rows [open, high, low, close, volume] as 15m candles from 2024-03-01T00:00Z (or the given open times). */
export function tinyCandles(rows: readonly (readonly number[])[], times?: readonly number[]): Candles {
  const col = (j: number) => Float64Array.from(rows, (r) => r[j]!);
  const start = Date.UTC(2024, 2, 1);
  return { time: Float64Array.from(rows, (_, i) => times?.[i] ?? start + i * 900_000), open: col(0), high: col(1), low: col(2), close: col(3), volume: col(4) };
}

/**
 * Computes `defs` in batch and, candle by candle, in streaming; throws if the two differ anywhere; returns a
 * column getter over the batch values.
 */
export function computeBoth(defs: readonly FeatureDef[], candles: Candles): (name: string) => Float64Array {
  const frame = computeWith(defs, candles);
  const stream = new FeatureStreamEngine(defs);
  for (let i = 0; i < candles.time.length; i++) {
    const got = stream.next({ time: candles.time[i]!, open: candles.open[i]!, high: candles.high[i]!, low: candles.low[i]!, close: candles.close[i]!, volume: candles.volume[i]! });
    frame.names.forEach((name, j) => {
      if (!Object.is(got[j], frame.columns[j]![i])) throw new Error(`${name}[${i}]: stream ${got[j]}, batch ${frame.columns[j]![i]}`);
    });
  }
  return (name) => frame.column(name);
}

/** Compares a column with hand-computed values (NaN where NaN is expected), to 12 decimals, naming the row. */
export function expectValues(actual: Float64Array, expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => {
    if (Number.isNaN(e)) expect(actual[i], `row ${i}`).toBeNaN();
    else expect(actual[i], `row ${i}`).toBeCloseTo(e, 12);
  });
}
