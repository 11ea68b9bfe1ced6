/**
 * Shared fixtures of the pipeline tests: a simulated BTC/ETH/SOL market written into a store's live candle tables,
 * row counts, the reference feature row computed independently by `computeFeatures` over a window of candles, small
 * trained models, and their own scores (the ensembles decoded from the trained bytes).
 */
import { sliceCandles } from '../../src/core/candles.js';
import { simulateMarket } from '../../src/core/simulator.js';
import { timeframeMs, type Timeframe } from '../../src/core/timeframe.js';
import type { Candles } from '../../src/core/types.js';
import { computeFeatures } from '../../src/features/compute.js';
import { ensembleFromBinary } from '../../src/ensemble/artifact/read.js';
import type { EnsembleConfig } from '../../src/ensemble/training/config.js';
import { HORIZONS_FORMAT, horizonsFromBinary } from '../../src/pipeline/horizons.js';
import { trainMarketModel, type TrainedMarketModel } from '../../src/pipeline/train.js';
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

/** A small, fast ensemble: two shallow tree members, Platt calibration (it fits a map of either sign, as a market without signal needs), seed 1. */
export const SMALL_ENSEMBLE = {
  members: [
    { name: 'depthwise', kind: 'gbdt-depthwise', params: { nEstimators: 8, maxDepth: 3 } },
    { name: 'leafwise', kind: 'gbdt-leafwise', params: { nEstimators: 8, numLeaves: 7, minDataInLeaf: 5 } },
  ],
  calibration: 'platt',
  seed: 1,
} as const;

/** The features of the test models: single-asset ones and, for a symbol with peers, two of its `syn_*` features. */
export function modelFeatures(symbol: string): string[] {
  const s = symbol.toLowerCase();
  const peer = s === 'btc' ? 'eth' : 'btc';
  return ['rsi_14', 'ema_21_ratio', 'natr_14', 'log_return_1', 'bbands_percent_b_20', `syn_${s}_${peer}_correlation_20`, 'syn_dispersion_btc_eth_sol'];
}

/**
 * Trains a small model of `symbol` at `timeframe` on candles [0, to) of `bySymbol` (`trainMarketModel`), saves and
 * activates it; returns the trained model and its version.
 */
export async function activateModel(
  store: AlphaStore,
  bySymbol: Readonly<Record<string, Candles>>,
  symbol: string,
  timeframe: Timeframe,
  to: number,
  options: { features?: readonly string[]; horizons?: readonly number[]; columns?: Record<string, Float64Array> } = {},
): Promise<{ model: TrainedMarketModel; version: number }> {
  const cut = (c: Candles) => sliceCandles(c, 0, to);
  const peers = Object.fromEntries(Object.entries(bySymbol).filter(([s]) => s !== symbol).map(([s, c]) => [s, cut(c)]));
  const model = trainMarketModel({
    candles: cut(bySymbol[symbol]!),
    symbol,
    peers,
    features: options.features ?? modelFeatures(symbol),
    horizons: options.horizons ?? [1, 4],
    ensemble: SMALL_ENSEMBLE as EnsembleConfig,
    ...(options.columns ? { columns: Object.fromEntries(Object.entries(options.columns).map(([k, v]) => [k, v.slice(0, to)])) } : {}),
  });
  const saved = await store.saveModelVersion({ symbol, timeframe, ...model, activate: true });
  return { model, version: saved.version };
}

/** The trained model's own scores of one feature row, by horizon: each ensemble's calibrated probability and members'. */
export async function ensembleScores(model: TrainedMarketModel, row: Float64Array): Promise<Map<number, { pUp: number; members: Record<string, number> }>> {
  const models = model.format === HORIZONS_FORMAT
    ? await horizonsFromBinary(model.binary, { featureNames: model.featureNames })
    : [{ horizon: 1, ensemble: await ensembleFromBinary(model.binary, { featureNames: model.featureNames }) }];
  const out = new Map<number, { pUp: number; members: Record<string, number> }>();
  for (const { horizon, ensemble } of models) {
    const p = await ensemble.predict({ rows: 1, cols: row.length, data: row });
    out.set(horizon, { pUp: p.calibrated[0]!, members: Object.fromEntries(p.members.map((m) => [m.name, m.probability![0]!])) });
  }
  return out;
}

/** The default policy's size, by hand: quarter Kelly (payoff 1: 2c - 1) above the confidence threshold 0.55, capped at 1. */
export function quarterKelly(pUp: number): number {
  const c = Math.max(pUp, 1 - pUp);
  return c < 0.55 || pUp === 0.5 ? 0 : Math.min(1, 0.25 * (2 * c - 1));
}
