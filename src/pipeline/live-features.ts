/**
 * Live features: the feature row of a market's latest closed candle, computed from its saved feature-stream state
 * when it can resume, from history otherwise (the pure steps of live-steps.ts over the store's reads); the state
 * and the row are then saved in the store.
 */
import { InvalidParameterError } from '../core/errors.js';
import { checkOptions } from '../core/options.js';
import { describeValue } from '../core/describe.js';
import { StoreError } from '../store/errors.js';
import type { AlphaStore } from '../store/types.js';
import { planFeatures, type FeaturePlan } from './feature-plan.js';
import type { LiveCache } from './live-cache.js';
import { readClosedWindow } from './live-candles.js';
import { checkMissing, continueFeatures, historyFeatures, resumeFeatures, skipStale, windowLength, type LiveFeatureRow, type LiveFeatures } from './live-steps.js';
import { checkMarkets, findMarket, nowMs } from './markets.js';
import type { Market } from './types.js';

export type { LiveFeatureRow } from './live-steps.js';

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

/**
 * Computes the feature row of the latest closed candle of `plan`'s market, without writing anything (see
 * {@link latestFeatureRow} for the rules); `saveLiveFeatures` writes what it returns.
 *
 * With a `cache`, the market's warm stream is taken from it and continues when the stored state is still the one it
 * continues (`continueFeatures`), instead of restoring that state from its JSON; the result is the same either way.
 * `saveLiveFeatures` with the same cache puts the stream back once the writes are done.
 *
 * @example
 * ```ts
 * const live = await computeLiveFeatures(store, plan, Date.now(), 1000)
 * live.path // => 'state' once a state was saved
 * ```
 */
export async function computeLiveFeatures(store: AlphaStore, plan: FeaturePlan, now: number, warmup: number, cache?: LiveCache): Promise<LiveFeatures> {
  const { symbol, timeframe } = plan.market;
  const latest = windowLength(plan, warmup);
  const warm = cache?.take(store, plan);
  const saved = await store.loadFeatureState({ symbol, timeframe, key: plan.key });
  let resumed: LiveFeatures | undefined;
  if (saved !== null) {
    const from = saved.ts.getTime();
    const state = { ts: from, state: saved.state };
    const w = await readClosedWindow(store, plan, { now, latest, from }).catch(skipStale);
    resumed = (warm === undefined ? undefined : continueFeatures(plan, warm, state, w)) ?? resumeFeatures(plan, state, w);
  }
  const live = resumed ?? historyFeatures(plan, await readClosedWindow(store, plan, { now, latest }));
  checkMissing(live);
  return live;
}

/**
 * Writes what {@link computeLiveFeatures} computed for one or more markets: each stream state (skipped when the
 * store holds a newer one: a concurrent call got further, `STORE_CONFLICT`), then every row into the feature store
 * in one `upsertFeatures` call by `unnest` (only the model's columns: the other columns of a stored row stay as
 * they are). Then, with a `cache`, each market's stream is kept warm in it (only once every write succeeded: a
 * failed call leaves none it stepped).
 *
 * @example
 * ```ts
 * await saveLiveFeatures(store, [live]) // => undefined
 * ```
 */
export async function saveLiveFeatures(store: AlphaStore, lives: readonly LiveFeatures[], cache?: LiveCache): Promise<void> {
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
  if (cache !== undefined) for (const { plan, warm } of lives) if (warm !== undefined) cache.put(store, plan, warm);
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

