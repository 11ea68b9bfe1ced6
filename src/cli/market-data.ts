/**
 * The features a command computes for a market (`--features`), and the stored candles it computes them from (the
 * market's and, for cross-asset features, its peers', aligned on the same times).
 *
 * @module
 */
import type { Candles } from '../core/types.js';
import { SYNTHETIC_GROUP } from '../features/catalogue/cross-asset.js';
import { parseSyntheticName, symbolSlug } from '../features/catalogue/cross-asset-names.js';
import { FEATURES } from '../features/compute.js';
import { planFeatures, type FeaturePlan } from '../pipeline/feature-plan.js';
import type { Market } from '../pipeline/types.js';
import type { AlphaStore } from '../store/types.js';
import { alignCandles } from '../synthetic/align.js';

/** The spelling of a symbol in feature names, or undefined when it has none. */
function slugOf(symbol: string): string | undefined {
  return /^[A-Za-z][A-Za-z0-9]*$/.test(symbol) ? symbolSlug(symbol) : undefined;
}

/** The cross-asset features of `market` whose every peer is a market at its timeframe. */
function crossAssetNames(market: Market, markets: readonly Market[]): string[] {
  const self = slugOf(market.symbol);
  if (self === undefined) return [];
  const peers = new Set(markets.filter((m) => m.timeframe === market.timeframe && m.symbol !== market.symbol).flatMap((m) => slugOf(m.symbol) ?? []));
  return FEATURES.filter((f) => f.group === SYNTHETIC_GROUP).flatMap((f) => {
    const parsed = parseSyntheticName(f.name);
    if (parsed === undefined) return [];
    const own = parsed.kind === 'dispersion' ? parsed.members.includes(self) && parsed.members.every((m) => m === self || peers.has(m)) : parsed.self === self && peers.has(parsed.other);
    return own ? [f.name] : [];
  });
}

/**
 * The features of `--features` for a market, planned (`planFeatures`: names checked against the feature store, the
 * peers their cross-asset features read, the lookback):
 *
 * - absent: every single-asset feature of the catalogue (what `trainMarketModel` uses by default);
 * - `['all']`: those and the market's cross-asset (`syn_*`) features whose peers are markets at its timeframe;
 * - a list of names: those, in that order (`PipelineError` `FEATURE_MISMATCH` naming any that is not a feature-store
 *   column, or a `syn_*` feature of another symbol or of a peer that is not a market).
 *
 * @example
 * ```ts
 * planSelection(['rsi_14', 'syn_btc_eth_correlation_20'], { symbol: 'BTC', timeframe: '15m' }, DEFAULT_MARKETS).peers // => ['ETH']
 * ```
 */
export function planSelection(selection: readonly string[] | undefined, market: Market, markets: readonly Market[]): FeaturePlan {
  const single = FEATURES.filter((f) => f.group !== SYNTHETIC_GROUP).map((f) => f.name);
  const all = selection?.length === 1 && selection[0] === 'all';
  const names = selection === undefined ? single : all ? [...single, ...crossAssetNames(market, markets)] : selection;
  return planFeatures(market, names, markets);
}

/** Stored candles of a market and its peers, on the same times. */
export interface MarketCandles {
  readonly candles: Candles;
  /** Each peer's candles on `candles.time` (empty without peers). */
  readonly peers: Readonly<Record<string, Candles>>;
}

/** Which stored candles to read. */
export interface CandleRange {
  /** The source tables: live (default) or history. */
  readonly source: 'live' | 'history';
  /** First open time, inclusive (epoch ms). */
  readonly from?: number | undefined;
  /** Last open time, exclusive (epoch ms). */
  readonly to?: number | undefined;
}

/**
 * Reads the stored candles of the plan's market in `range` (gaps filled with flat zero-volume candles, as the
 * pipeline's live features count candles), and its peers' over the same span, aligned on the times every series has
 * (an inner join). Throws the store's `STORE_NOT_FOUND` when the market or a peer has no candles there.
 *
 * @example
 * ```ts
 * const { candles, peers } = await readMarketCandles(store, plan, { source: 'live', from: Date.parse('2024-01-01') })
 * ```
 */
export async function readMarketCandles(store: AlphaStore, plan: FeaturePlan, range: CandleRange): Promise<MarketCandles> {
  const { symbol, timeframe } = plan.market;
  const bounds = { ...(range.from === undefined ? {} : { from: range.from }), ...(range.to === undefined ? {} : { to: range.to }) };
  const main = await store.readCandles({ symbol, timeframe, source: range.source, gaps: 'fill', ...bounds });
  if (plan.peers.length === 0) return { candles: main, peers: {} };
  const span = { from: main.time[0]!, to: main.time[main.time.length - 1]! + 1 };
  const peers = await Promise.all(plan.peers.map((p) => store.readCandles({ symbol: p, timeframe, source: range.source, gaps: 'fill', ...span })));
  const aligned = alignCandles(Object.fromEntries([[symbol, main], ...plan.peers.map((p, k) => [p, peers[k]!] as const)]), { timeframe, policy: 'inner' });
  return { candles: aligned[symbol]!, peers: Object.fromEntries(plan.peers.map((p) => [p, aligned[p]!])) };
}
