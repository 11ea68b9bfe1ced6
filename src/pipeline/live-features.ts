/**
 * Live features: the feature row of a market's latest closed candle, computed from its saved feature-stream state
 * when it can resume, from history otherwise; the state and the row are then saved in the store.
 */
import { InvalidParameterError, StateError } from '../core/errors.js';
import { checkOptions } from '../core/options.js';
import { candleAt, sliceCandles } from '../core/candles.js';
import { describeValue } from '../core/describe.js';
import type { Candle, Candles } from '../core/types.js';
import { createFeatureStream, restoreFeatureStream } from '../features/compute.js';
import type { FeatureStream, SerializedFeatureStream } from '../features/types.js';
import { StoreError } from '../store/errors.js';
import type { FeatureBatch } from '../store/ops/feature-batch.js';
import type { AlphaStore } from '../store/types.js';
import { PipelineError } from './errors.js';
import { planFeatures, type FeaturePlan } from './feature-plan.js';
import { readClosedWindow, type ClosedWindow, type WindowQuery } from './live-candles.js';
import { checkMarkets, findMarket, nowMs } from './markets.js';
import type { Market } from './types.js';

/** Options of {@link latestFeatureRow}. */
export interface LiveFeatureOptions {
  /** The clock: candles closed by then count (default `Date.now()`). */
  now?: Date | number;
  /** The pipeline's markets (default `DEFAULT_MARKETS`): the market and the peers of `syn_*` features must be among them. */
  markets?: readonly Market[];
  /** Candles read beyond the features' lookback on the history path, so that recursive features (EMAs) forget their seed. Default 1000. */
  warmup?: number;
  /** Save the stream state and upsert the computed rows (default true). */
  write?: boolean;
}

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

/** A computed row with the writes that keep it: the stream state to save (if it moved) and the rows to upsert. */
export interface LiveFeatures extends LiveFeatureRow {
  readonly plan: FeaturePlan;
  readonly state: StreamCheckpoint | undefined;
  readonly rows: FeatureBatch;
}

/** What a path computed: the rows of the candles it stepped over (the latest last) and the state to save. */
interface Computed {
  readonly rows: Float64Array[];
  readonly state: StreamCheckpoint | undefined;
}

/**
 * Default candles read beyond the features' lookback on the history path: after 1000 more candles an EMA of 200
 * keeps (199/201)^1000 = 4.5e-5 of its seed.
 *
 * @example
 * ```ts
 * DEFAULT_WARMUP // => 1000
 * ```
 */
export const DEFAULT_WARMUP = 1000;
const OPTIONS = ['now', 'markets', 'warmup', 'write'];

/** The checkpoint of a stream that has seen candles up to `ts`. */
function checkpoint(stream: FeatureStream, ts: number): StreamCheckpoint {
  return { ts, state: { stream: JSON.stringify(stream.toJSON()) } };
}

/**
 * The stream saved for `plan`, or undefined when it cannot resume: not a {@link SavedStream} of JSON text, a state
 * `restoreFeatureStream` refuses, one that has not seen exactly `saved.ts` last, or one of other features or peers.
 */
function restore(saved: { ts: Date; state: unknown }, plan: FeaturePlan): FeatureStream | undefined {
  const text = (saved.state as Partial<SavedStream> | null)?.stream;
  if (typeof text !== 'string') return undefined;
  try {
    const s = JSON.parse(text) as SerializedFeatureStream;
    if (s?.lastTime !== saved.ts.getTime() || (s.peers ?? []).join(',') !== plan.peers.join(',')) return undefined;
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

/** The rows of candles [n - rows.length, n) as a feature-store batch. */
function batchOf(plan: FeaturePlan, w: ClosedWindow, rows: readonly Float64Array[]): FeatureBatch {
  const time = w.candles.time.subarray(w.candles.time.length - rows.length);
  const columns = plan.names.map((_, j) => Float64Array.from(rows, (r) => r[j]!));
  return { symbol: plan.market.symbol, timeframe: plan.market.timeframe as '15m' | '1h', frame: { time, names: plan.names, columns } };
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

/**
 * The window from a saved state's candle on, or undefined when there is none to resume over: no closed candle from
 * it on (a `now` before the state's candle: a backfill) reads as stale here, and the history path decides.
 */
async function resumable(store: AlphaStore, plan: FeaturePlan, query: WindowQuery): Promise<ClosedWindow | undefined> {
  try {
    return await readClosedWindow(store, plan, query);
  } catch (e) {
    if (e instanceof PipelineError && e.code === 'STALE_CANDLES') return undefined;
    throw e;
  }
}

/**
 * Computes the feature row of the latest closed candle of `plan`'s market, without writing anything (see
 * {@link latestFeatureRow} for the rules); `saveLiveFeatures` writes what it returns.
 *
 * @example
 * ```ts
 * const live = await computeLiveFeatures(store, plan, Date.now(), 1000)
 * live.path // => 'state' once a state was saved
 * ```
 */
export async function computeLiveFeatures(store: AlphaStore, plan: FeaturePlan, now: number, warmup: number): Promise<LiveFeatures> {
  const { symbol, timeframe } = plan.market;
  const latest = plan.lookback + 1 + warmup;
  const saved = await store.loadFeatureState({ symbol, timeframe, key: plan.key });
  let computed: Computed | undefined;
  let w: ClosedWindow | undefined;
  let path: LiveFeatureRow['path'] = 'state';
  if (saved !== null) {
    w = await resumable(store, plan, { now, latest, from: saved.ts.getTime() });
    const stream = w !== undefined && w.candles.time[0] === saved.ts.getTime() && w.candles.time.length > 1 ? restore(saved, plan) : undefined;
    if (stream !== undefined) computed = step(stream, w!, 1);
  }
  if (computed === undefined) {
    path = 'history';
    w = await readClosedWindow(store, plan, { now, latest });
    computed = fromHistory(plan, w);
  }
  const window = w!;
  const row = computed.rows[computed.rows.length - 1]!;
  const ts = window.candles.time[window.candles.time.length - 1]!;
  const missing = plan.names.filter((_, j) => !Number.isFinite(row[j]!));
  if (missing.length > 0) {
    const shown = missing.slice(0, 8).join(', ') + (missing.length > 8 ? `, ... (${missing.length} in all)` : '');
    throw new PipelineError(
      'MISSING_FEATURES',
      `${symbol} ${timeframe}: ${missing.length} feature(s) the model needs are NaN on the latest closed candle (${new Date(ts).toISOString()}, ${window.candles.time.length} candle(s) read, lookback ${plan.lookback}): ${shown}`,
      { symbol, timeframe },
    );
  }
  return { ts: new Date(ts), row, path, plan, state: computed.state, rows: batchOf(plan, window, computed.rows) };
}

/**
 * Writes what {@link computeLiveFeatures} computed for one or more markets: each stream state (skipped when the
 * store holds a newer one: a concurrent call got further, `STORE_CONFLICT`), then every row into the feature store
 * in one `upsertFeatures` call by `unnest` (only the model's columns: the other columns of a stored row stay as
 * they are).
 *
 * @example
 * ```ts
 * await saveLiveFeatures(store, [live]) // => undefined
 * ```
 */
export async function saveLiveFeatures(store: AlphaStore, lives: readonly LiveFeatures[]): Promise<void> {
  await Promise.all(
    lives.map(async ({ plan, state }) => {
      if (state === undefined) return;
      try {
        await store.saveFeatureState({ symbol: plan.market.symbol, timeframe: plan.market.timeframe, key: plan.key, ts: state.ts, state: state.state });
      } catch (e) {
        if (!(e instanceof StoreError && e.code === 'STORE_CONFLICT')) throw e;
      }
    }),
  );
  // `unnest`: a few rows of a few columns, where COPY's staging table (LIKE the 330-column feature store) costs 5x more.
  if (lives.length > 0) await store.upsertFeatures(lives.map((l) => l.rows), { method: 'unnest' });
}

/**
 * A `warmup` option: {@link DEFAULT_WARMUP} when undefined, else an integer in [0, 1e6] (`InvalidParameterError`
 * naming `parameter` otherwise).
 *
 * @example
 * ```ts
 * checkWarmup(undefined) // => 1000
 * checkWarmup(-1)        // throws InvalidParameterError: options.warmup: expected an integer number of candles in [0, 1000000], got -1
 * ```
 */
export function checkWarmup(warmup: unknown, parameter = 'options.warmup'): number {
  if (warmup === undefined) return DEFAULT_WARMUP;
  if (typeof warmup !== 'number' || !Number.isInteger(warmup) || warmup < 0 || warmup > 1e6) {
    throw new InvalidParameterError(parameter, `expected an integer number of candles in [0, 1000000], got ${describeValue(warmup)}`);
  }
  return warmup;
}

/**
 * The features of a market's latest closed candle, in the order of `featureNames`, bit for bit what
 * `computeFeatures` gives at the last index of the candles the stream has seen.
 *
 * 1. **Checks** (`PipelineError`, nothing read or written): 'UNKNOWN_MARKET' for a symbol or timeframe outside
 *    `markets`; 'FEATURE_MISMATCH' for a name that is not a feature-store column, a `syn_*` feature of another
 *    symbol, or one reading a symbol that is no market at this timeframe (see `planFeatures`).
 * 2. **Candles** (see `readClosedWindow`): only closed candles (open time + interval <= now), gaps filled, peers
 *    aligned; 'STALE_CANDLES' when the latest closed candle closed more than 2 intervals before `now` (now > its open
 *    time + 3 intervals), or a peer lacks it.
 * 3. **State path.** When a stream state is saved for (symbol, timeframe, key of the names) and the candles read
 *    from its time on start with that very candle, the stream is restored and steps over the candles after it.
 * 4. **History path** otherwise (no state, a corrupt one, or one older than the window): a fresh stream over the
 *    latest lookback + 1 + `warmup` closed candles.
 * 5. **Missing**: a name NaN on the latest candle (too little history, say) is 'MISSING_FEATURES' naming them;
 *    nothing is written.
 * 6. **Writes** (unless `write: false`): the state after the candle before the latest (so that a retry at the same
 *    `now` recomputes the same row from it), then the rows computed (every new candle on the state path, the latest
 *    on the history path, whose earlier rows are warm-up) into the feature store, only the model's columns.
 *
 * Bad options (unknown key, `now` no Date or number, `warmup` no integer in [0, 1e6], bad `markets`) throw
 * `InvalidParameterError`.
 *
 * @example
 * ```ts
 * const { ts, row } = await latestFeatureRow(store, { symbol: 'BTC', timeframe: '15m' }, ['rsi_14', 'atr_14'], { now: Date.parse('2025-03-01T10:07Z') })
 * ts.toISOString() // => '2025-03-01T09:45:00.000Z' (the 10:00 candle is still open)
 * row              // => Float64Array [rsi_14, atr_14] of that candle
 * ```
 */
export async function latestFeatureRow(
  store: AlphaStore,
  market: { symbol: string; timeframe: string },
  featureNames: readonly string[],
  options?: LiveFeatureOptions,
): Promise<LiveFeatureRow> {
  const o = checkOptions(options, OPTIONS, 'options');
  const markets = checkMarkets(o.markets);
  const now = nowMs(o.now);
  const warmup = checkWarmup(o.warmup);
  if (o.write !== undefined && typeof o.write !== 'boolean') throw new InvalidParameterError('options.write', `expected true or false, got ${describeValue(o.write)}`);
  if (market === null || typeof market !== 'object') throw new InvalidParameterError('market', `expected { symbol, timeframe }, got ${describeValue(market)}`);
  const plan = planFeatures(findMarket(markets, market.symbol, market.timeframe), featureNames, markets);
  const live = await computeLiveFeatures(store, plan, now, warmup);
  if (o.write !== false) await saveLiveFeatures(store, [live]);
  return { ts: live.ts, row: live.row, path: live.path };
}

