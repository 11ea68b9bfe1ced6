/**
 * The checks of the catalogue contract, shared by catalogue.test.ts (a simulated series) and market-shaped.test.ts
 * (real-market-shaped and degenerate series): TA-Lib's own output for a feature's `talib` reference, streaming
 * against batch, and the value at t of a series cut at t. Each returns the first difference found, or undefined.
 */
import { createRequire } from 'node:module';
import { candleAt, sliceCandles } from '../../src/core/candles.js';
import type { Candles } from '../../src/core/types.js';
import { computeFeatures, createFeatureStream, restoreFeatureStream, type FeatureFrame, type TalibRef } from '../../src/features/index.js';

const talib = createRequire(import.meta.url)('talib') as { execute(a: Record<string, unknown>): { begIndex: number; nbElement: number; result: Record<string, number[]> } };

/** TA-Lib's output for a `talib` reference over the candles (plain number[] inputs), NaN before `begIndex`. */
export function talibColumn(ref: TalibRef, candles: Candles): { begIndex: number; values: Float64Array } {
  const n = candles.time.length;
  const args: Record<string, unknown> = { name: ref.fn, startIdx: 0, endIdx: n - 1, ...ref.options };
  for (const field of ['open', 'high', 'low', 'close', 'volume'] as const) args[field] = Array.from(candles[field]);
  args.inReal = Array.from(candles.close);
  for (const [input, field] of Object.entries(ref.inputs ?? {})) args[input] = Array.from(candles[field as 'close']);
  const r = talib.execute(args);
  const key = ref.output ?? Object.keys(r.result)[0]!;
  const values = new Float64Array(n).fill(NaN);
  for (let k = 0; k < r.nbElement; k++) values[r.begIndex + k] = r.result[key]![k]!;
  return { begIndex: r.begIndex, values };
}

/** Whether a equals TA-Lib's b to 1e-9 relative (both NaN counts as equal). */
export function talibEqual(a: number, b: number): boolean {
  return (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) + 1e-300;
}

/**
 * Streams every candle through a default feature stream and compares with `full` (the batch frame of the same
 * candles) bit for bit: next() at every candle; before some of them a peek() of a different candle (which must leave
 * no trace) and a peek() of the candle itself (which must equal next()); the state through JSON at `restoreAt`.
 */
export function streamMismatch(candles: Candles, full: FeatureFrame, restoreAt: number): string | undefined {
  let stream = createFeatureStream();
  for (let i = 0; i < candles.time.length; i++) {
    const c = candleAt(candles, i);
    if (i % 7 === 3) stream.peek({ ...c, high: c.high * 1.05, close: c.close * 1.02, volume: c.volume + 5 });
    const peeked = i % 11 === 5 ? Float64Array.from(stream.peek(c)) : undefined;
    const got = stream.next(c);
    for (let j = 0; j < full.names.length; j++) {
      if (!Object.is(got[j], full.columns[j]![i])) return `${full.names[j]}[${i}]: stream ${got[j]}, batch ${full.columns[j]![i]}`;
      if (peeked && !Object.is(peeked[j], got[j])) return `${full.names[j]}[${i}]: peek ${peeked[j]}, next ${got[j]}`;
    }
    if (i === restoreAt) stream = restoreFeatureStream(JSON.parse(JSON.stringify(stream.toJSON())));
  }
  return undefined;
}

/** Computes the features of the candles cut after row t and compares row t with `full` (no lookahead). */
export function lookaheadMismatch(candles: Candles, full: FeatureFrame, t: number): string | undefined {
  const cut = computeFeatures(sliceCandles(candles, 0, t + 1));
  for (let j = 0; j < full.names.length; j++) {
    const a = cut.columns[j]![t]!;
    const b = full.columns[j]![t]!;
    if (!Object.is(a, b)) return `${full.names[j]} at ${t}: ${a} on the cut series, ${b} on the full one`;
  }
  return undefined;
}
