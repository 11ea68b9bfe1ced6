/**
 * The feature row a prediction is made from in plv8: the feature store's row of the market's latest closed candle
 * when it holds every feature the model needs (the trigger wrote it as the candle closed), computed from the
 * candles and the saved stream state otherwise (`computeLiveFeaturesSync`, the Node pipeline's steps). The Node
 * pipeline's refusals hold either way: 'STALE_CANDLES' when the latest closed candle closed more than 2 intervals
 * before `now` (or there is none, or a peer lacks it), 'MISSING_FEATURES' when a needed feature is NaN.
 *
 * @module
 */
import { timeframeMs } from '../../src/core/timeframe.js';
import type { FeaturePlan } from '../../src/pipeline/feature-plan.js';
import { MAX_STALE_INTERVALS } from '../../src/pipeline/live-candles.js';
import { checkMissing, type LiveFeatures } from '../../src/pipeline/live-steps.js';
import { featureTable } from '../../src/store/ops/feature-batch.js';
import { ident, timestampText } from '../../src/store/literals.js';
import { computeLiveFeaturesSync } from './live-features.js';
import { epochMs, selectRows, type Plv8 } from './plv8.js';

/** Where a row came from: the feature store, or computed from the saved state or from history. */
export type FeatureSource = 'store' | 'state' | 'history';

/** A market's feature row for a prediction, and what to write when it was computed. */
export interface MarketFeatures {
  /** Open time of the latest closed candle (epoch milliseconds). */
  readonly ts: number;
  /** The features in the plan's order, every one finite. */
  readonly row: Float64Array;
  readonly source: FeatureSource;
  /** The computed row and state to save (absent when read from the store). */
  readonly live?: LiveFeatures;
}

/** Open time of the latest closed candle of the market in `table` at `now`, when one closed in the last 3 intervals. */
function latestFresh(plv8: Plv8, table: string, plan: FeaturePlan, now: number): number | undefined {
  const interval = timeframeMs(plan.market.timeframe);
  const [row] = selectRows<{ ts: number | null }>(plv8, `SELECT ${epochMs('max(ts)')} AS ts FROM ${table} WHERE symbol = $1::text AND ts < $2::text::timestamptz`, [
    plan.market.symbol,
    timestampText(now - interval + 1),
  ]);
  const ts = row?.ts ?? null;
  return ts !== null && now - (ts + interval) <= MAX_STALE_INTERVALS * interval ? ts : undefined;
}

/** The stored features of (symbol, ts) in the plan's order, when the row exists and none of them is NULL. */
function storedRow(plv8: Plv8, plan: FeaturePlan, ts: number): Float64Array | undefined {
  const cols = plan.names.map((n, j) => `${ident(n)} AS c${j}`).join(', ');
  const [row] = selectRows<Record<string, number | null>>(plv8, `SELECT ${cols} FROM ${featureTable(plan.market.timeframe)} WHERE symbol = $1::text AND ts = $2::text::timestamptz`, [
    plan.market.symbol,
    timestampText(ts),
  ]);
  if (row === undefined) return undefined;
  const values = Float64Array.from(plan.names, (_, j) => (typeof row[`c${j}`] === 'number' ? row[`c${j}`]! : Number.NaN));
  return values.every((v) => Number.isFinite(v)) ? values : undefined;
}

/**
 * The features of `plan`'s market on its latest closed candle at `now` (see the module doc): the stored row when
 * complete, else computed over the candles of `table` (lookback + 1 + `warmup` of them on the history path). Throws
 * `PipelineError` 'STALE_CANDLES' or 'MISSING_FEATURES' with the Node pipeline's messages.
 *
 * @example
 * ```ts
 * const f = marketFeatures(plv8, '"indicators"."ohlcv_15m"', plan, Date.parse('2025-03-01T10:07Z'), 1000)
 * f.source // => 'store' when the trigger stored the 09:45 row
 * ```
 */
export function marketFeatures(plv8: Plv8, table: string, plan: FeaturePlan, now: number, warmup: number): MarketFeatures {
  const ts = latestFresh(plv8, table, plan, now);
  const stored = ts === undefined ? undefined : storedRow(plv8, plan, ts);
  if (stored !== undefined) return { ts: ts!, row: stored, source: 'store' };
  const live = computeLiveFeaturesSync(plv8, table, plan, now, warmup);
  checkMissing(live);
  return { ts: live.ts.getTime(), row: live.row, source: live.path, live };
}
