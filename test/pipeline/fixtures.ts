/**
 * Shared fixtures of the pipeline tests: a simulated BTC/ETH/SOL market written into a store's live candle tables,
 * row counts, and the reference feature row computed independently by `computeFeatures` over a window of candles.
 */
import { sliceCandles } from '../../src/core/candles.js';
import { simulateMarket } from '../../src/core/simulator.js';
import { timeframeMs, type Timeframe } from '../../src/core/timeframe.js';
import type { Candles } from '../../src/core/types.js';
import { computeFeatures } from '../../src/features/compute.js';
import type { AlphaStore } from '../../src/store/types.js';

/** A Monday, on every grid. */
export const START = Date.UTC(2024, 0, 1);

/** BTC, ETH and SOL candles of one timeframe, all on the same times. */
export function market(timeframe: Timeframe, candles: number, seed = 11): Readonly<Record<string, Candles>> {
  return simulateMarket({ candles, timeframe, start: START, seed }).candles;
}

/** Writes candles [from, to) of each symbol into the live table of `timeframe`. */
export async function writeLive(store: AlphaStore, timeframe: Timeframe, bySymbol: Readonly<Record<string, Candles>>, from: number, to: number): Promise<void> {
  for (const [symbol, c] of Object.entries(bySymbol)) {
    await store.writeCandles({ symbol, timeframe, candles: sliceCandles(c, from, to), target: 'live' });
  }
}

/** Runs one SQL statement on the store (its monitoring pool). */
export async function sql<R = Record<string, unknown>>(store: AlphaStore, text: string, params: readonly unknown[] = []): Promise<R[]> {
  return (await store.driver.transaction('monitoring', (s) => s.query<R>(text, params))).rows;
}

/** Rows of a table. */
export async function count(store: AlphaStore, table: string): Promise<number> {
  return Number((await sql<{ n: string | number }>(store, `SELECT count(*) AS n FROM ${table}`))[0]!.n);
}

/** Rows of the tables a prediction or its features may write: predictions, stream states, both feature stores. */
export async function written(store: AlphaStore): Promise<Record<string, number>> {
  const tables = ['alpha_v4.predictions', 'alpha_v4.feature_stream_state', 'alpha_v4.feature_store_15m', 'alpha_v4.feature_store_1h'];
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await count(store, t)] as const)));
}

/** `now` at which candle i (open time START + i intervals) is the latest closed one, `late` ms after its close. */
export function closedAt(timeframe: Timeframe, i: number, late = 0): number {
  return START + (i + 1) * timeframeMs(timeframe) + late;
}

/**
 * The reference row: `computeFeatures` over candles [from, to] (inclusive) of `symbol` (with the other symbols of
 * `bySymbol` as peers when `peers` is set), at the last index, in `names` order.
 */
export function referenceRow(bySymbol: Readonly<Record<string, Candles>>, symbol: string, names: readonly string[], from: number, to: number, peers: readonly string[] = []): Float64Array {
  const cut = (c: Candles) => sliceCandles(c, from, to + 1);
  const options = peers.length === 0 ? { features: names } : { features: names, symbol, peers: Object.fromEntries(peers.map((p) => [p, cut(bySymbol[p]!)])) };
  const frame = computeFeatures(cut(bySymbol[symbol]!), options);
  return Float64Array.from(names, (n) => frame.column(n)[to - from]!);
}

/** The names whose value in `row` is not bit for bit the reference's (Object.is: NaN equals NaN, -0 differs from 0). */
export function differences(names: readonly string[], row: Float64Array, reference: Float64Array): string[] {
  return names.filter((n, j) => !Object.is(row[j], reference[j])).map((n) => `${n}: ${row[names.indexOf(n)]} vs ${reference[names.indexOf(n)]}`);
}
