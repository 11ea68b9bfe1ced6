/**
 * The closed candles of a market and of its peers, read synchronously through plv8: the twin of the pipeline's
 * `readClosedWindow` (src/pipeline/live-candles.ts), with the same rules and messages (closed candles only, gaps
 * filled, the staleness rule, peers aligned), reading the candle table directly instead of `store.readCandles`.
 *
 * @module
 */
import { candlesFromRows, type CandleSeries } from '../../src/core/candles.js';
import { timeframeMs } from '../../src/core/timeframe.js';
import { PipelineError } from '../../src/pipeline/errors.js';
import type { FeaturePlan } from '../../src/pipeline/feature-plan.js';
import { MAX_STALE_INTERVALS, type ClosedWindow, type WindowQuery } from '../../src/pipeline/live-candles.js';
import { qualifiedName, timestampText } from '../../src/store/literals.js';
import { alignCandles } from '../../src/synthetic/align.js';
import { epochMs, selectRows, type Plv8, type SqlParam } from './plv8.js';

/** The live candle tables of the feature store's timeframes, as `alpha_v4.settings` names them by default. */
const DEFAULT_SOURCES: Readonly<Record<string, string>> = { '15m': 'indicators.ohlcv_15m', '1h': 'indicators.ohlcv_1h' };

/**
 * The live candle table of each timeframe: the settings `source_15m` and `source_1h` of `alpha_v4.settings` (the
 * SQL jobs' configuration), `indicators.ohlcv_15m` and `indicators.ohlcv_1h` when absent, each checked and quoted
 * (`qualifiedName`: `InvalidParameterError` for anything but one or two plain identifiers).
 *
 * @example
 * ```ts
 * candleSources(plv8) // => { '15m': '"indicators"."ohlcv_15m"', '1h': '"indicators"."ohlcv_1h"' }
 * ```
 */
export function candleSources(plv8: Plv8): Record<string, string> {
  const rows = selectRows<{ key: string; value: string }>(plv8, "SELECT key, value FROM alpha_v4.settings WHERE key IN ('source_15m', 'source_1h')");
  const out: Record<string, string> = {};
  for (const [tf, fallback] of Object.entries(DEFAULT_SOURCES)) {
    const value = rows.find((r) => r.key === `source_${tf}`)?.value ?? fallback;
    out[tf] = qualifiedName(value, `alpha_v4.settings source_${tf}`);
  }
  return out;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function stale(plan: FeaturePlan, message: string): PipelineError {
  const { symbol, timeframe } = plan.market;
  return new PipelineError('STALE_CANDLES', `${symbol} ${timeframe}: ${message}`, { symbol, timeframe });
}

/** Candles of `symbol` in [from, to) (the latest `latest` of them), gaps filled; no rows is a STALE_CANDLES refusal. */
function read(plv8: Plv8, table: string, plan: FeaturePlan, symbol: string, query: { from?: number; to: number; latest?: number }, now: number): CandleSeries {
  const params: SqlParam[] = [symbol];
  let where = 'symbol = $1::text';
  if (query.from !== undefined) {
    params.push(timestampText(query.from));
    where += ` AND ts >= $${params.length}::text::timestamptz`;
  }
  params.push(timestampText(query.to));
  where += ` AND ts < $${params.length}::text::timestamptz`;
  let sql = `SELECT ${epochMs('ts')} AS ts, open, high, low, close, volume FROM ${table} WHERE ${where} ORDER BY ts`;
  if (query.latest !== undefined) sql = `SELECT * FROM (${sql} DESC LIMIT ${query.latest}) latest ORDER BY ts`;
  const rows = selectRows(plv8, sql, params);
  if (rows.length === 0) {
    const which = symbol === plan.market.symbol ? symbol : `the peer ${symbol}`;
    throw stale(plan, `${which} has no closed ${plan.market.timeframe} candle in the window read before now (${iso(now)})`);
  }
  return candlesFromRows(rows, { timeframe: plan.market.timeframe, gaps: 'fill' });
}

/**
 * Reads the latest closed candles of a market (and of the peers its features read) from `table`, synchronously:
 * `readClosedWindow`'s rules. Closed only (a candle of open time ts counts once ts + interval <= now); gaps
 * filled with flat zero-volume candles; 'STALE_CANDLES' when the latest closed candle closed more than 2 intervals
 * before `now`, when there is none, or when a peer lacks it; peers aligned on the times every series has.
 *
 * @example
 * ```ts
 * const w = readClosedWindowSync(plv8, '"indicators"."ohlcv_15m"', plan, { now: Date.parse('2025-03-01T10:07Z'), latest: 300 })
 * new Date(w.candles.time.at(-1)!).toISOString() // => '2025-03-01T09:45:00.000Z'
 * ```
 */
export function readClosedWindowSync(plv8: Plv8, table: string, plan: FeaturePlan, query: WindowQuery): ClosedWindow {
  const { symbol, timeframe } = plan.market;
  const interval = timeframeMs(timeframe);
  const { now, latest } = query;
  const main = read(plv8, table, plan, symbol, { to: now - interval + 1, latest, ...(query.from === undefined ? {} : { from: query.from }) }, now);
  const first = main.time[0]!;
  const last = main.time[main.time.length - 1]!;
  if (now - (last + interval) > MAX_STALE_INTERVALS * interval) {
    throw stale(plan, `the latest closed candle opened at ${iso(last)} and closed at ${iso(last + interval)}, more than ${MAX_STALE_INTERVALS} intervals before now (${iso(now)})`);
  }
  if (plan.peers.length === 0) return { candles: main, peers: {} };
  const peers = plan.peers.map((p) => read(plv8, table, plan, p, { from: first, to: last + 1 }, now));
  plan.peers.forEach((p, k) => {
    const peerLast = peers[k]!.time[peers[k]!.time.length - 1]!;
    if (peerLast !== last) throw stale(plan, `the peer ${p} has no candle at ${iso(last)} (its latest closed candle opened at ${iso(peerLast)})`);
  });
  const aligned = alignCandles(Object.fromEntries([[symbol, main], ...plan.peers.map((p, k) => [p, peers[k]!] as const)]), { timeframe, policy: 'inner' });
  return { candles: aligned[symbol]!, peers: Object.fromEntries(plan.peers.map((p) => [p, aligned[p]!])) };
}
