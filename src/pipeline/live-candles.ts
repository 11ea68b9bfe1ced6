/**
 * The closed candles of a market and of its peers, read from the store's live source: no open candle (no lookahead),
 * the staleness rule, and the peers aligned on the market's times. The rules are pure functions (`closedRange`,
 * `freshRange`, `alignWindow`, `noCandles`) that `readClosedWindow` runs over the store's reads and the plv8 bundle
 * over its own.
 */
import type { Candles } from '../core/types.js';
import { timeframeMs } from '../core/timeframe.js';
import { StoreError } from '../store/errors.js';
import type { AlphaStore } from '../store/types.js';
import { alignCandles } from '../synthetic/align.js';
import { PipelineError } from './errors.js';
import type { FeaturePlan } from './feature-plan.js';

/**
 * Intervals a latest closed candle's close may lie before `now` before the candles are stale (see `readClosedWindow`).
 *
 * @example
 * ```ts
 * MAX_STALE_INTERVALS // => 2 (15m: a candle that closed at 10:00 is fresh until 10:30, stale from 10:30:00.001)
 * ```
 */
export const MAX_STALE_INTERVALS = 2;

/** A market's closed candles and its peers' on the same times. */
export interface ClosedWindow {
  readonly candles: Candles;
  /** Each peer's candles on `candles.time` (empty without peers). */
  readonly peers: Readonly<Record<string, Candles>>;
}

/** Where {@link readClosedWindow} reads: the latest `latest` closed candles, from `from` on when given. */
export interface WindowQuery {
  /** Epoch milliseconds: candles must have closed by then. */
  readonly now: number;
  readonly latest: number;
  /** Epoch milliseconds of the first candle wanted (inclusive). */
  readonly from?: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function stale(plan: FeaturePlan, message: string): PipelineError {
  const { symbol, timeframe } = plan.market;
  return new PipelineError('STALE_CANDLES', `${symbol} ${timeframe}: ${message}`, { symbol, timeframe });
}

/** The bounds of one candle read: from `from` (inclusive, when given) to before `to`, the latest `latest` when given. */
export interface CandleRange {
  readonly from?: number;
  readonly to: number;
  readonly latest?: number;
}

/**
 * The market's read of a window: closed candles only (a candle of open time ts closes at ts + interval and counts
 * once that is <= now, so the read stops before now - interval + 1 ms), the latest `query.latest` of them, from
 * `query.from` on when given.
 *
 * @example
 * ```ts
 * closedRange(plan, { now: Date.parse('2025-03-01T10:07Z'), latest: 300 }) // => { to: Date.parse('2025-03-01T09:52Z') + 1, latest: 300 } (15m)
 * ```
 */
export function closedRange(plan: FeaturePlan, query: WindowQuery): CandleRange {
  const to = query.now - timeframeMs(plan.market.timeframe) + 1;
  return query.from === undefined ? { to, latest: query.latest } : { from: query.from, to, latest: query.latest };
}

/**
 * The refusal when a read finds no candle of `symbol` (the market's or a peer's): `PipelineError` 'STALE_CANDLES'.
 *
 * @example
 * ```ts
 * noCandles(plan, 'ETH', now).message // => 'BTC 15m: the peer ETH has no closed 15m candle in the window read before now (2025-03-01T10:07:00.000Z)'
 * ```
 */
export function noCandles(plan: FeaturePlan, symbol: string, now: number): PipelineError {
  const which = symbol === plan.market.symbol ? symbol : `the peer ${symbol}`;
  return stale(plan, `${which} has no closed ${plan.market.timeframe} candle in the window read before now (${iso(now)})`);
}

/**
 * The staleness rule on the market's candles read: with T the open time of the latest, they are stale when
 * now - (T + interval) > 2 intervals ('STALE_CANDLES'). Returns the peers' read: from the market's first candle to
 * its latest.
 *
 * @example
 * ```ts
 * freshRange(plan, main, Date.parse('2025-03-01T10:07Z')) // => { from: main.time[0], to: Date.parse('2025-03-01T09:45Z') + 1 }
 * ```
 */
export function freshRange(plan: FeaturePlan, main: Candles, now: number): CandleRange {
  const interval = timeframeMs(plan.market.timeframe);
  const last = main.time[main.time.length - 1]!;
  if (now - (last + interval) > MAX_STALE_INTERVALS * interval) {
    throw stale(plan, `the latest closed candle opened at ${iso(last)} and closed at ${iso(last + interval)}, more than ${MAX_STALE_INTERVALS} intervals before now (${iso(now)})`);
  }
  return { from: main.time[0]!, to: last + 1 };
}

/**
 * The window from the market's candles and its peers' (in `plan.peers` order, read over `freshRange`): each peer
 * must have the market's latest candle ('STALE_CANDLES' naming it otherwise); all are aligned on the times every
 * series has (an inner join, `alignCandles`). Without peers, the market's candles as they are.
 *
 * @example
 * ```ts
 * alignWindow(plan, main, [eth]).peers.ETH.time // => the times BTC and ETH share
 * ```
 */
export function alignWindow(plan: FeaturePlan, main: Candles, peers: readonly Candles[]): ClosedWindow {
  if (plan.peers.length === 0) return { candles: main, peers: {} };
  const { symbol, timeframe } = plan.market;
  const last = main.time[main.time.length - 1]!;
  plan.peers.forEach((p, k) => {
    const peerLast = peers[k]!.time[peers[k]!.time.length - 1]!;
    if (peerLast !== last) throw stale(plan, `the peer ${p} has no candle at ${iso(last)} (its latest closed candle opened at ${iso(peerLast)})`);
  });
  const aligned = alignCandles(Object.fromEntries([[symbol, main], ...plan.peers.map((p, k) => [p, peers[k]!] as const)]), { timeframe, policy: 'inner' });
  return { candles: aligned[symbol]!, peers: Object.fromEntries(plan.peers.map((p) => [p, aligned[p]!])) };
}

/** Reads candles of `symbol` with `gaps: 'fill'`; no rows is a STALE_CANDLES refusal naming the symbol. */
async function read(store: AlphaStore, plan: FeaturePlan, symbol: string, range: CandleRange, now: number): Promise<Candles> {
  try {
    return await store.readCandles({ symbol, timeframe: plan.market.timeframe, source: 'live', gaps: 'fill', ...range });
  } catch (e) {
    if (!(e instanceof StoreError && e.code === 'STORE_NOT_FOUND')) throw e;
    throw noCandles(plan, symbol, now);
  }
}

/**
 * Reads the latest closed candles of a market (and of the peers its features read) from the store's live source.
 *
 * - **Closed only.** A candle of open time ts closes at ts + interval; it counts once ts + interval <= `now`. The
 *   query asks for ts < now - interval + 1 ms, so an open (or future) candle is never read.
 * - **Gaps** between stored rows are filled (`readCandles` with `gaps: 'fill'`: flat zero-volume candles at the last
 *   close), so every window is on a full time grid, as features count candles.
 * - **Staleness.** With T the open time of the latest closed candle, the candles are stale when
 *   now - (T + interval) > 2 intervals, i.e. now > T + 3 intervals: `PipelineError` 'STALE_CANDLES' (as when there
 *   is no closed candle at all).
 * - **Peers** are read from the market's first time to its latest, filled the same way, and aligned on the times
 *   every series has (an inner join; the window is cut to the latest first time). A peer without the market's latest
 *   closed candle is 'STALE_CANDLES' naming the peer.
 *
 * @example
 * ```ts
 * const w = await readClosedWindow(store, plan, { now: Date.parse('2025-03-01T10:07Z'), latest: 300 })
 * new Date(w.candles.time.at(-1)!).toISOString() // => '2025-03-01T09:45:00.000Z' (15m: the 10:00 candle is open)
 * ```
 */
export async function readClosedWindow(store: AlphaStore, plan: FeaturePlan, query: WindowQuery): Promise<ClosedWindow> {
  const main = await read(store, plan, plan.market.symbol, closedRange(plan, query), query.now);
  const range = freshRange(plan, main, query.now);
  return alignWindow(plan, main, await Promise.all(plan.peers.map((p) => read(store, plan, p, range, query.now))));
}
