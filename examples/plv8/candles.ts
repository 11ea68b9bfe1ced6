/**
 * The closed candles of a market and of its peers, read synchronously through plv8: the pipeline's
 * `readClosedWindow` (src/pipeline/live-candles.ts) with plv8's reads, the candle table queried directly instead of
 * `store.readCandles`, and the library's rules (`closedRange`, `freshRange`, `alignWindow`, `noCandles`): closed
 * candles only, gaps filled, the staleness rule, peers aligned.
 *
 * @module
 */
import { candlesFromRows, type CandleSeries } from '../../src/core/candles.js';
import type { FeaturePlan } from '../../src/pipeline/feature-plan.js';
import { alignWindow, closedRange, freshRange, noCandles, type CandleRange, type ClosedWindow, type WindowQuery } from '../../src/pipeline/live-candles.js';
import { qualifiedName, timestampText } from '../../src/store/literals.js';
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

/** Candles of `symbol` in [from, to) (the latest `latest` of them), gaps filled; no rows is the library's STALE_CANDLES refusal. */
function read(plv8: Plv8, table: string, plan: FeaturePlan, symbol: string, range: CandleRange, now: number): CandleSeries {
  const params: SqlParam[] = [symbol];
  let where = 'symbol = $1::text';
  if (range.from !== undefined) {
    params.push(timestampText(range.from));
    where += ` AND ts >= $${params.length}::text::timestamptz`;
  }
  params.push(timestampText(range.to));
  where += ` AND ts < $${params.length}::text::timestamptz`;
  let sql = `SELECT ${epochMs('ts')} AS ts, open, high, low, close, volume FROM ${table} WHERE ${where} ORDER BY ts`;
  if (range.latest !== undefined) sql = `SELECT * FROM (${sql} DESC LIMIT ${range.latest}) latest ORDER BY ts`;
  const rows = selectRows(plv8, sql, params);
  if (rows.length === 0) throw noCandles(plan, symbol, now);
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
  const main = read(plv8, table, plan, plan.market.symbol, closedRange(plan, query), query.now);
  const range = freshRange(plan, main, query.now);
  return alignWindow(plan, main, plan.peers.map((p) => read(plv8, table, plan, p, range, query.now)));
}
