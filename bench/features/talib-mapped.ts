/**
 * The TA-Lib-mapped features of the catalogue (those with a `talib` reference, the candle patterns apart: the
 * indicators suite times those) through `computeFeatures`, against the npm `talib` binding computing the same
 * columns one function call per feature on the same candles, as a user of the binding would. The binding's timing
 * includes the Float64Array -> number[] copies of the inputs each call reads (it takes nothing else).
 */
import { createRequire } from 'node:module';
import type { Candles } from '../../src/core/types.js';
import { computeFeatures, type TalibRef } from '../../src/features/index.js';
import { FEATURE_DEFS } from '../../src/features/catalogue/index.js';
import { interleaved, median, nowMs } from '../lib/stats.js';

interface TalibInput {
  name: string;
  type: string;
  flags?: Record<string, string>;
}

const talib = createRequire(import.meta.url)('talib') as {
  execute(args: Record<string, unknown>): { result?: Record<string, number[]> };
  explain(fn: string): { inputs: TalibInput[] };
};

/** The names of the TA-Lib-mapped features, candle patterns excepted. */
export const TALIB_MAPPED: readonly string[] = FEATURE_DEFS.filter((d) => d.talib !== undefined && d.group !== 'pattern').map((d) => d.name);

/** One binding call computing `ref` over `c`: builds the number[] inputs the function reads, then executes. */
function talibCall(ref: TalibRef, c: Candles): void {
  const n = c.time.length;
  const args: Record<string, unknown> = { name: ref.fn, startIdx: 0, endIdx: n - 1, ...ref.options };
  for (const input of talib.explain(ref.fn).inputs) {
    if (input.type === 'price') for (const field of Object.values(input.flags ?? {})) args[field] = Array.from(c[field as 'close']);
    else args[input.name] = Array.from(c[(ref.inputs?.[input.name] ?? 'close') as 'close']);
  }
  if (talib.execute(args).result === undefined) throw new Error(`talib ${ref.fn} failed`);
}

/** Median ms of ours over `runs` interleaved rounds and of the binding (one run: it is 10x+ slower) on every symbol. */
export function benchTalibMapped(bySymbol: Readonly<Record<string, Candles>>, runs: number): { features: number; oursMs: number; oursRunsMs: number[]; talibMs: number } {
  const symbols = Object.values(bySymbol);
  const refs = FEATURE_DEFS.filter((d) => TALIB_MAPPED.includes(d.name)).map((d) => d.talib!);
  const ours = interleaved({ ours: () => symbols.forEach((c) => computeFeatures(c, { features: TALIB_MAPPED })) }, runs, 1).ours!;
  const t0 = nowMs();
  for (const c of symbols) for (const ref of refs) talibCall(ref, c);
  return { features: TALIB_MAPPED.length, oursMs: median(ours), oursRunsMs: ours, talibMs: nowMs() - t0 };
}
