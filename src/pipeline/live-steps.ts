/**
 * The pure steps of live features, without I/O: resuming a saved feature stream over a window of closed candles (the
 * state path), warming a fresh one up over it (the history path), the rows and the state to save, and the
 * MISSING_FEATURES refusal. `computeLiveFeatures` runs them over the store; the plv8 bundle runs the very same steps
 * over `plv8.execute`, so that both compute, and save, the same rows and the same stream states.
 *
 * @module
 */
import { candleAt, sliceCandles } from '../core/candles.js';
import { StateError } from '../core/errors.js';
import type { Candle, Candles } from '../core/types.js';
import { createFeatureStream, restoreFeatureStream } from '../features/compute.js';
import type { FeatureStream, SerializedFeatureStream } from '../features/types.js';
import type { FeatureBatch } from '../store/ops/feature-batch.js';
import { PipelineError } from './errors.js';
import type { FeaturePlan } from './feature-plan.js';
import type { ClosedWindow } from './live-candles.js';

/** The features of a market's latest closed candle. */
export interface LiveFeatureRow {
  /** Open time of the latest closed candle. */
  readonly ts: Date;
  /** The features on that candle, in the order of the names asked for. */
  readonly row: Float64Array;
  /** 'state': resumed from the saved stream state; 'history': computed over the latest candles. */
  readonly path: 'state' | 'history';
}

/**
 * A stream state as saved: `FeatureStream.toJSON()` as JSON text inside the jsonb object, because jsonb reorders
 * object keys and a stream's restore compares its kernels' arguments as they were written.
 */
export interface SavedStream {
  readonly stream: string;
}

/** A stream state to save: the open time of the last candle it has seen, and the state. */
export interface StreamCheckpoint {
  readonly ts: number;
  readonly state: SavedStream;
}

/**
 * A live stream kept in memory between calls (see live-cache.ts): exactly one candle past the stored state it
 * continues, so that it is what restoring that state and stepping over that candle gives.
 */
export interface WarmStream {
  /** Open time of the stored state's last candle. */
  readonly savedTs: number;
  /** The stored state's JSON text (`SavedStream.stream`). */
  readonly savedText: string;
  /** The stream, which has seen the stored state's candles and then `candle`. */
  readonly stream: FeatureStream;
  /** The candle after the stored one as the stream saw it (see {@link candleKey}). */
  readonly candle: Float64Array;
  /** The stream's row of that candle. */
  readonly row: Float64Array;
}

/** A computed row with the writes that keep it: the stream state to save (if it moved) and the rows to upsert. */
export interface LiveFeatures extends LiveFeatureRow {
  readonly plan: FeaturePlan;
  readonly state: StreamCheckpoint | undefined;
  readonly rows: FeatureBatch;
  /** Candles the window held (the rows were computed over them). */
  readonly candles: number;
  /** The stream after the latest candle, to keep warm once the writes are done (undefined when there is no stored state to continue). */
  readonly warm?: WarmStream;
}

/** A stream state as read back: the open time (epoch ms) of the last candle it has seen, and the saved JSON. */
export interface SavedState {
  readonly ts: number;
  readonly state: unknown;
}

/** What a path computed: the rows of the candles it stepped over (the latest last) and the state to save. */
interface Computed {
  readonly rows: Float64Array[];
  readonly state: StreamCheckpoint | undefined;
}

/**
 * Candles a history path reads: the features' lookback, the latest candle, and `warmup` more so that recursive
 * features (EMAs) forget their seed.
 *
 * @example
 * ```ts
 * windowLength({ ...plan, lookback: 26 }, 1000) // => 1027
 * ```
 */
export function windowLength(plan: FeaturePlan, warmup: number): number {
  return plan.lookback + 1 + warmup;
}

/** The checkpoint of a stream that has seen candles up to `ts`. */
function checkpoint(stream: FeatureStream, ts: number): StreamCheckpoint {
  return { ts, state: { stream: JSON.stringify(stream.toJSON()) } };
}

/**
 * The stream saved for `plan`, or undefined when it cannot resume: not a {@link SavedStream} of JSON text, a state
 * `restoreFeatureStream` refuses, one that has not seen exactly `saved.ts` last, or one of other features or peers.
 */
function restore(saved: SavedState, plan: FeaturePlan): FeatureStream | undefined {
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

/**
 * Steps `stream` over candles [from, n) of the window; returns the rows of those candles and the state after the
 * candle before the last (undefined when that is `from - 1`, the state given).
 */
function step(stream: FeatureStream, w: ClosedWindow, from: number, base = from - 1): Computed {
  const n = w.candles.time.length;
  const rows: Float64Array[] = [];
  let state: StreamCheckpoint | undefined;
  for (let i = from; i < n; i++) {
    if (i === n - 1 && i - 1 > base) state = checkpoint(stream, w.candles.time[i - 1]!);
    rows.push(stream.next(...candlesAt(w, i)).slice());
  }
  return { rows, state };
}

/** The rows of candles [n - rows.length, n) as a feature-store batch. */
function batchOf(plan: FeaturePlan, w: ClosedWindow, rows: readonly Float64Array[]): FeatureBatch {
  const time = w.candles.time.subarray(w.candles.time.length - rows.length);
  const columns = plan.names.map((_, j) => Float64Array.from(rows, (r) => r[j]!));
  return { symbol: plan.market.symbol, timeframe: plan.market.timeframe as '15m' | '1h', frame: { time, names: plan.names, columns } };
}

/**
 * Candle i of the window as a stream sees it, for comparing bit for bit: open time, open, high, low, close, volume,
 * then each peer's open, high, low, close, volume in `plan.peers` order.
 *
 * @example
 * ```ts
 * candleKey(plan, window, 1) // => Float64Array [time, open, high, low, close, volume] (no peers)
 * ```
 */
export function candleKey(plan: FeaturePlan, w: ClosedWindow, i: number): Float64Array {
  const series = [w.candles, ...plan.peers.map((p) => w.peers[p]!)];
  const key = new Float64Array(1 + 5 * series.length);
  key[0] = w.candles.time[i]!;
  series.forEach((c, k) => key.set([c.open[i]!, c.high[i]!, c.low[i]!, c.close[i]!, c.volume[i]!], 1 + 5 * k));
  return key;
}

/** Whether two {@link candleKey}s are the same bit for bit (`Object.is`: -0 is not 0). */
function sameKey(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((x, j) => Object.is(x, b[j]));
}

/**
 * The latest row of what a path computed over the window, with its writes and the stream to keep warm: one candle
 * past the state saved now, or past `base` (the stored state it started from) when none is saved.
 */
function liveOf(plan: FeaturePlan, w: ClosedWindow, computed: Computed, path: LiveFeatureRow['path'], stream: FeatureStream, base?: StreamCheckpoint): LiveFeatures {
  const n = w.candles.time.length;
  const row = computed.rows[computed.rows.length - 1]!;
  const from = computed.state ?? base;
  const warm = from === undefined ? undefined : { savedTs: from.ts, savedText: from.state.stream, stream, candle: candleKey(plan, w, n - 1), row: row.slice() };
  return { ts: new Date(w.candles.time[n - 1]!), row, path, plan, state: computed.state, rows: batchOf(plan, w, computed.rows), candles: n, warm };
}

/**
 * The state path: the saved stream resumes when the window (read from the saved state's candle on) starts with that
 * very candle and holds later ones, and steps over those; its rows are every candle after the saved one, and the
 * state to save is the one after the candle before the latest. Undefined (take the history path) when there is no
 * window, it does not start at the saved candle, holds nothing after it, or the state cannot resume (see the
 * module's `restore`: corrupt, of other features or peers, or not at that candle).
 *
 * @example
 * ```ts
 * resumeFeatures(plan, { ts: saved.ts.getTime(), state: saved.state }, window)?.path // => 'state'
 * ```
 */
export function resumeFeatures(plan: FeaturePlan, saved: SavedState, w: ClosedWindow | undefined): LiveFeatures | undefined {
  if (w === undefined || w.candles.time[0] !== saved.ts || w.candles.time.length < 2) return undefined;
  const stream = restore(saved, plan);
  return stream === undefined ? undefined : liveOf(plan, w, step(stream, w, 1), 'state', stream, { ts: saved.ts, state: saved.state as SavedStream });
}

/**
 * The state path without restoring: a {@link WarmStream} continues when the stored state is the very one it
 * continues (same candle time, same JSON text: no other writer moved it) and the window read from that candle on
 * starts with it and then holds the warm stream's candle unchanged, bit for bit (OHLCV and peers). It then steps
 * over the candles after that one, and computes exactly what {@link resumeFeatures} computes over the same window
 * (the same rows, the same state to save). Undefined (restore instead) otherwise; the warm stream is left untouched
 * then.
 *
 * @example
 * ```ts
 * continueFeatures(plan, warm, { ts: saved.ts.getTime(), state: saved.state }, window)?.path // => 'state'
 * ```
 */
export function continueFeatures(plan: FeaturePlan, warm: WarmStream, saved: SavedState, w: ClosedWindow | undefined): LiveFeatures | undefined {
  const text = (saved.state as Partial<SavedStream> | null)?.stream;
  if (w === undefined || saved.ts !== warm.savedTs || text !== warm.savedText) return undefined;
  if (w.candles.time[0] !== saved.ts || w.candles.time.length < 2 || !sameKey(warm.candle, candleKey(plan, w, 1))) return undefined;
  const computed = step(warm.stream, w, 2, 0);
  const rows = [warm.row.slice(), ...computed.rows];
  return liveOf(plan, w, { rows, state: computed.state }, 'state', warm.stream, { ts: saved.ts, state: { stream: text } });
}

/**
 * The history path: a fresh stream over every candle of the window but the last (`fromHistory`), its state saved,
 * then the last candle, whose row is `computeFeatures`' at that index bit for bit.
 *
 * @example
 * ```ts
 * historyFeatures(plan, window).rows.frame.time.length // => 1 (the earlier rows are warm-up)
 * ```
 */
export function historyFeatures(plan: FeaturePlan, w: ClosedWindow): LiveFeatures {
  const n = w.candles.time.length;
  const head = (c: Candles) => sliceCandles(c, 0, n - 1);
  const stream = createFeatureStream({ features: plan.names, symbol: plan.market.symbol, peers: plan.peers });
  stream.fromHistory(head(w.candles), Object.fromEntries(Object.entries(w.peers).map(([p, c]) => [p, head(c)])));
  const state = n > 1 ? checkpoint(stream, w.candles.time[n - 2]!) : undefined;
  return liveOf(plan, w, { rows: [stream.next(...candlesAt(w, n - 1)).slice()], state }, 'history', stream);
}

/**
 * Refuses a row with a feature the model needs NaN (too little history, say): `PipelineError` 'MISSING_FEATURES'
 * naming them (at most 8), the candle and the candles read.
 *
 * @example
 * ```ts
 * checkMissing(live) // => undefined (every feature finite)
 * checkMissing(live) // throws PipelineError MISSING_FEATURES: BTC 15m: 1 feature(s) the model needs are NaN on the latest closed candle (2025-03-01T09:45:00.000Z, 10 candle(s) read, lookback 14): rsi_14
 * ```
 */
export function checkMissing(live: LiveFeatures): void {
  const { plan, row } = live;
  const { symbol, timeframe } = plan.market;
  const missing = plan.names.filter((_, j) => !Number.isFinite(row[j]!));
  if (missing.length === 0) return;
  const shown = missing.slice(0, 8).join(', ') + (missing.length > 8 ? `, ... (${missing.length} in all)` : '');
  throw new PipelineError(
    'MISSING_FEATURES',
    `${symbol} ${timeframe}: ${missing.length} feature(s) the model needs are NaN on the latest closed candle (${live.ts.toISOString()}, ${live.candles} candle(s) read, lookback ${plan.lookback}): ${shown}`,
    { symbol, timeframe },
  );
}

/**
 * A window read for the state path that fails as stale (no closed candle from the saved state's candle on: a `now`
 * before it, a backfill) is no window to resume over: undefined, and the history path decides. Any other error is
 * thrown again.
 *
 * @example
 * ```ts
 * await readClosedWindow(store, plan, { now, latest, from }).catch(skipStale) // => a ClosedWindow, or undefined when stale
 * ```
 */
export function skipStale(e: unknown): undefined {
  if (e instanceof PipelineError && e.code === 'STALE_CANDLES') return undefined;
  throw e;
}
