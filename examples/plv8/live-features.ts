/**
 * Live features, synchronously through plv8: the twin of the pipeline's `computeLiveFeatures` and
 * `saveLiveFeatures` (src/pipeline/live-features.ts). The same feature-stream state, under the same key
 * (`planFeatures(...).key`) and in the same JSON (`{ stream: <FeatureStream.toJSON() as JSON text> }`) in
 * `alpha_v4.feature_stream_state`, so that the Node worker and plv8 resume each other's streams; the same rows.
 *
 * @module
 */
import { candleAt, sliceCandles } from '../../src/core/candles.js';
import { StateError } from '../../src/core/errors.js';
import type { Candle, Candles } from '../../src/core/types.js';
import { createFeatureStream, restoreFeatureStream } from '../../src/features/compute.js';
import type { FeatureStream, SerializedFeatureStream } from '../../src/features/types.js';
import { PipelineError } from '../../src/pipeline/errors.js';
import type { FeaturePlan } from '../../src/pipeline/feature-plan.js';
import type { ClosedWindow } from '../../src/pipeline/live-candles.js';
import type { LiveFeatures, SavedStream, StreamCheckpoint } from '../../src/pipeline/live-features.js';
import { checkFeatureBatch } from '../../src/store/ops/feature-batch.js';
import type { FeatureBatch } from '../../src/store/ops/feature-batch.js';
import { float8Array, ident, timestampArray, timestampText } from '../../src/store/literals.js';
import { readClosedWindowSync } from './candles.js';
import { epochMs, executeSql, selectRows, type Plv8 } from './plv8.js';

/** What {@link computeLiveFeaturesSync} gives: the pipeline's `LiveFeatures`, and the candles the window held. */
export interface ComputedFeatures extends LiveFeatures {
  /** Candles read (the window the rows were computed over). */
  readonly candles: number;
}

/** What a path computed: the rows of the candles it stepped over (the latest last) and the state to save. */
interface Computed {
  readonly rows: Float64Array[];
  readonly state: StreamCheckpoint | undefined;
}

/** The checkpoint of a stream that has seen candles up to `ts`. */
function checkpoint(stream: FeatureStream, ts: number): StreamCheckpoint {
  return { ts, state: { stream: JSON.stringify(stream.toJSON()) } };
}

/** The state saved for `plan`: the open time of its last candle and the state as saved, or null. */
function loadState(plv8: Plv8, plan: FeaturePlan): { ts: number; state: unknown } | null {
  const rows = selectRows<{ ts: number; state: string }>(
    plv8,
    `SELECT ${epochMs('ts')} AS ts, state::text AS state FROM alpha_v4.feature_stream_state WHERE symbol = $1::text AND timeframe = $2::text AND key = $3::text`,
    [plan.market.symbol, plan.market.timeframe, plan.key],
  );
  return rows[0] ? { ts: rows[0].ts, state: JSON.parse(rows[0].state) as unknown } : null;
}

/**
 * The stream saved for `plan`, or undefined when it cannot resume: not a saved stream of JSON text, a state
 * `restoreFeatureStream` refuses, one that has not seen exactly `saved.ts` last, or one of other features or peers.
 */
function restore(saved: { ts: number; state: unknown }, plan: FeaturePlan): FeatureStream | undefined {
  const text = (saved.state as Partial<SavedStream> | null)?.stream;
  if (typeof text !== 'string') return undefined;
  try {
    const s = JSON.parse(text) as SerializedFeatureStream;
    if (s?.lastTime !== saved.ts || (s.peers ?? []).join(',') !== plan.peers.join(',')) return undefined;
    const stream = restoreFeatureStream(s);
    return stream.names.length === plan.names.length && stream.names.every((n, i) => n === plan.names[i]) ? stream : undefined;
  } catch (e) {
    if (e instanceof StateError || e instanceof SyntaxError) return undefined;
    throw e;
  }
}

/** Candle i of the window and its peers' candles. */
function candlesAt(w: ClosedWindow, i: number): [Candle, Record<string, Candle>] {
  const peers: Record<string, Candle> = {};
  for (const [p, c] of Object.entries(w.peers)) peers[p] = candleAt(c, i);
  return [candleAt(w.candles, i), peers];
}

/** Steps `stream` over candles [from, n): their rows, and the state after the candle before the last. */
function step(stream: FeatureStream, w: ClosedWindow, from: number): Computed {
  const n = w.candles.time.length;
  const rows: Float64Array[] = [];
  let state: StreamCheckpoint | undefined;
  for (let i = from; i < n; i++) {
    if (i === n - 1 && i > from) state = checkpoint(stream, w.candles.time[i - 1]!);
    rows.push(stream.next(...candlesAt(w, i)).slice());
  }
  return { rows, state };
}

/** The history path: a fresh stream over every candle but the last, its state saved, then the last candle. */
function fromHistory(plan: FeaturePlan, w: ClosedWindow): Computed {
  const n = w.candles.time.length;
  const head = (c: Candles) => sliceCandles(c, 0, n - 1);
  const stream = createFeatureStream({ features: plan.names, symbol: plan.market.symbol, peers: plan.peers });
  stream.fromHistory(head(w.candles), Object.fromEntries(Object.entries(w.peers).map(([p, c]) => [p, head(c)])));
  const state = n > 1 ? checkpoint(stream, w.candles.time[n - 2]!) : undefined;
  return { rows: [stream.next(...candlesAt(w, n - 1)).slice()], state };
}

/** The rows of candles [n - rows.length, n) as a feature-store batch. */
function batchOf(plan: FeaturePlan, w: ClosedWindow, rows: readonly Float64Array[]): FeatureBatch {
  const time = w.candles.time.subarray(w.candles.time.length - rows.length);
  const columns = plan.names.map((_, j) => Float64Array.from(rows, (r) => r[j]!));
  return { symbol: plan.market.symbol, timeframe: plan.market.timeframe as '15m' | '1h', frame: { time: Array.from(time), names: plan.names, columns } };
}

/** The window from the saved state's candle on, or undefined when nothing closed from it on (a backfill: stale here). */
function resumable(plv8: Plv8, table: string, plan: FeaturePlan, now: number, latest: number, from: number): ClosedWindow | undefined {
  try {
    return readClosedWindowSync(plv8, table, plan, { now, latest, from });
  } catch (e) {
    if (e instanceof PipelineError && e.code === 'STALE_CANDLES') return undefined;
    throw e;
  }
}

/**
 * The feature row of the latest closed candle of `plan`'s market at `now`, computed synchronously from the candles
 * of `table`, without writing: `computeLiveFeatures`' paths. State path: the saved stream resumes when the candles
 * read from its time on start with that very candle, and steps over the later ones. History path otherwise: a fresh
 * stream over the latest lookback + 1 + `warmup` closed candles. Throws what `readClosedWindowSync` throws
 * ('STALE_CANDLES'). Unlike `computeLiveFeatures`, a row with NaN features is returned (the trigger stores it, NULL
 * where NaN); {@link checkMissing} refuses it where a prediction needs it.
 *
 * @example
 * ```ts
 * const live = computeLiveFeaturesSync(plv8, '"indicators"."ohlcv_15m"', plan, Date.parse('2025-03-01T10:07Z'), 1000)
 * live.path // => 'state' once a state was saved
 * ```
 */
export function computeLiveFeaturesSync(plv8: Plv8, table: string, plan: FeaturePlan, now: number, warmup: number): ComputedFeatures {
  const latest = plan.lookback + 1 + warmup;
  const saved = loadState(plv8, plan);
  let computed: Computed | undefined;
  let w: ClosedWindow | undefined;
  let path: LiveFeatures['path'] = 'state';
  if (saved !== null) {
    w = resumable(plv8, table, plan, now, latest, saved.ts);
    const stream = w !== undefined && w.candles.time[0] === saved.ts && w.candles.time.length > 1 ? restore(saved, plan) : undefined;
    if (stream !== undefined) computed = step(stream, w!, 1);
  }
  if (computed === undefined) {
    path = 'history';
    w = readClosedWindowSync(plv8, table, plan, { now, latest });
    computed = fromHistory(plan, w);
  }
  const window = w!;
  const row = computed.rows[computed.rows.length - 1]!;
  const ts = window.candles.time[window.candles.time.length - 1]!;
  return { ts: new Date(ts), row, path, plan, state: computed.state, rows: batchOf(plan, window, computed.rows), candles: window.candles.time.length };
}

/**
 * Refuses a row with a feature the model needs NaN: `PipelineError` 'MISSING_FEATURES' naming them (at most 8),
 * the message of `computeLiveFeatures`.
 *
 * @example
 * ```ts
 * checkMissing(plan, ts, Float64Array.of(51.2, 0.013), 72) // => undefined (every feature finite)
 * checkMissing(plan, ts, Float64Array.of(NaN, 0.013), 10)  // throws PipelineError MISSING_FEATURES: BTC 15m: 1 feature(s) the model needs are NaN ...
 * ```
 */
export function checkMissing(plan: FeaturePlan, ts: number, row: Float64Array, candles: number): void {
  const { symbol, timeframe } = plan.market;
  const missing = plan.names.filter((_, j) => !Number.isFinite(row[j]!));
  if (missing.length === 0) return;
  const shown = missing.slice(0, 8).join(', ') + (missing.length > 8 ? `, ... (${missing.length} in all)` : '');
  throw new PipelineError(
    'MISSING_FEATURES',
    `${symbol} ${timeframe}: ${missing.length} feature(s) the model needs are NaN on the latest closed candle (${new Date(ts).toISOString()}, ${candles} candle(s) read, lookback ${plan.lookback}): ${shown}`,
    { symbol, timeframe },
  );
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
