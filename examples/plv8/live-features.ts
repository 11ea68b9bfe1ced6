/**
 * Live features, synchronously through plv8: the pipeline's `computeLiveFeatures` and `saveLiveFeatures`
 * (src/pipeline/live-features.ts) with plv8's reads and writes, the steps being the library's own
 * (src/pipeline/live-steps.ts). The same feature-stream state, under the same key (`planFeatures(...).key`) and in
 * the same JSON (`{ stream: <FeatureStream.toJSON() as JSON text> }`) in `alpha_v4.feature_stream_state`, so that
 * the Node worker and plv8 resume each other's streams; the same rows.
 *
 * @module
 */
import type { FeaturePlan } from '../../src/pipeline/feature-plan.js';
import type { ClosedWindow, WindowQuery } from '../../src/pipeline/live-candles.js';
import { historyFeatures, resumeFeatures, skipStale, windowLength, type LiveFeatures, type SavedState } from '../../src/pipeline/live-steps.js';
import { checkFeatureBatch } from '../../src/store/ops/feature-batch.js';
import { float8Array, ident, timestampArray, timestampText } from '../../src/store/literals.js';
import { readClosedWindowSync } from './candles.js';
import { epochMs, executeSql, selectRows, type Plv8 } from './plv8.js';

/** The state saved for `plan`: the open time of its last candle and the state as saved, or null. */
function loadState(plv8: Plv8, plan: FeaturePlan): SavedState | null {
  const rows = selectRows<{ ts: number; state: string }>(
    plv8,
    `SELECT ${epochMs('ts')} AS ts, state::text AS state FROM alpha_v4.feature_stream_state WHERE symbol = $1::text AND timeframe = $2::text AND key = $3::text`,
    [plan.market.symbol, plan.market.timeframe, plan.key],
  );
  return rows[0] ? { ts: rows[0].ts, state: JSON.parse(rows[0].state) as unknown } : null;
}

/** The window from the saved state's candle on, or undefined when there is none to resume over (`skipStale`). */
function resumable(plv8: Plv8, table: string, plan: FeaturePlan, query: WindowQuery): ClosedWindow | undefined {
  try {
    return readClosedWindowSync(plv8, table, plan, query);
  } catch (e) {
    return skipStale(e);
  }
}

/**
 * The feature row of the latest closed candle of `plan`'s market at `now`, computed synchronously from the candles
 * of `table`, without writing: `computeLiveFeatures`' paths (`resumeFeatures`, else `historyFeatures`). Throws what
 * `readClosedWindowSync` throws ('STALE_CANDLES'). Unlike `computeLiveFeatures`, a row with NaN features is
 * returned (the trigger stores it, NULL where NaN); the library's `checkMissing` refuses it where a prediction
 * needs it.
 *
 * @example
 * ```ts
 * const live = computeLiveFeaturesSync(plv8, '"indicators"."ohlcv_15m"', plan, Date.parse('2025-03-01T10:07Z'), 1000)
 * live.path // => 'state' once a state was saved
 * ```
 */
export function computeLiveFeaturesSync(plv8: Plv8, table: string, plan: FeaturePlan, now: number, warmup: number): LiveFeatures {
  const latest = windowLength(plan, warmup);
  const saved = loadState(plv8, plan);
  const resumed = saved === null ? undefined : resumeFeatures(plan, saved, resumable(plv8, table, plan, { now, latest, from: saved.ts }));
  return resumed ?? historyFeatures(plan, readClosedWindowSync(plv8, table, plan, { now, latest }));
}

/**
 * Writes what {@link computeLiveFeaturesSync} computed: each stream state (kept when the stored one is newer, as
 * `saveFeatureState` refuses to move a state backwards), then each market's rows into its feature store by
 * `unnest` (only the model's columns; NaN stored as NULL), the weekly partitions created first.
 *
 * @example
 * ```ts
 * saveLiveFeaturesSync(plv8, [live]) // => undefined
 * ```
 */
export function saveLiveFeaturesSync(plv8: Plv8, lives: readonly LiveFeatures[]): void {
  for (const { plan, state } of lives) {
    if (state === undefined) continue;
    executeSql(
      plv8,
      `INSERT INTO alpha_v4.feature_stream_state AS f (symbol, timeframe, key, ts, state, updated_at)
       VALUES ($1::text, $2::text, $3::text, $4::text::timestamptz, $5::text::jsonb, now())
       ON CONFLICT (symbol, timeframe, key) DO UPDATE SET ts = EXCLUDED.ts, state = EXCLUDED.state, updated_at = EXCLUDED.updated_at
       WHERE f.ts <= EXCLUDED.ts`,
      [plan.market.symbol, plan.market.timeframe, plan.key, timestampText(state.ts), JSON.stringify(state.state)],
    );
  }
  lives.forEach((live, i) => {
    const b = checkFeatureBatch(live.rows, i);
    const n = b.time.length;
    selectRows(plv8, 'SELECT alpha_v4.ensure_feature_partitions($1::text, ARRAY[$2::text], $3::text::timestamptz, $4::text::timestamptz)', [
      b.timeframe,
      b.symbol,
      timestampText(b.time[0]!),
      timestampText(b.time[n - 1]! + 1),
    ]);
    const colList = ['symbol', 'ts', ...b.names].map(ident).join(', ');
    const update = b.names.map((c) => `${ident(c)} = EXCLUDED.${ident(c)}`).join(', ');
    const unnest = ['$2::text::timestamptz[]', ...b.names.map((_, j) => `$${j + 3}::text::float8[]`)].join(', ');
    executeSql(plv8, `INSERT INTO ${b.table} (${colList}) SELECT $1::text, u.* FROM unnest(${unnest}) AS u ON CONFLICT (symbol, ts) DO UPDATE SET ${update}`, [
      b.symbol,
      timestampArray(b.time),
      ...b.columns.map((c) => float8Array(c, true)),
    ]);
  });
}
