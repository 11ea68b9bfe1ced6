/**
 * The hot-swap model registry: the active and previous model version of each market loaded, verified and kept
 * ready, a new activation picked up at the next call, and a failing active version replaced at once by the
 * previous one, with one model event per failure.
 *
 * @module
 */
import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';
import { checkOptions } from '../core/options.js';
import type { Matrix } from '../core/types.js';
import { checkMatrix } from '../ensemble/mlp/inputs.js';
import { storeError } from '../store/errors.js';
import type { ModelEvent } from '../store/ops/model-events.js';
import type { StoredModel } from '../store/ops/model-rows.js';
import type { AlphaStore } from '../store/types.js';
import { PipelineError } from './errors.js';
import { checkMarkets, findMarket } from './markets.js';
import { decodeServableModel, type HorizonScore, type ServableModel } from './model-codec.js';
import { attempt, loadVersion, MarketState, modelUnavailable, type Failure, type Slot } from './registry-state.js';
import type { Market } from './types.js';

/** Options of {@link createModelRegistry}. */
export interface ModelRegistryOptions {
  /** The markets served. Default `DEFAULT_MARKETS`. */
  readonly markets?: readonly Market[];
  /**
   * Decodes a stored model whose checksum has been verified. Default `decodeServableModel` (pass one that gives
   * `decodeServableModel` an ONNX runtime to serve ensembles with ONNX members).
   */
  readonly decode?: (stored: StoredModel) => Promise<ServableModel>;
}

/** What {@link ModelRegistry.serve} served. */
export interface Served {
  /** The version that produced the scores. */
  readonly version: number;
  /** true when the active version failed and the previous one served. */
  readonly fallback: boolean;
  /** The feature names the rows were built for (the serving version's). */
  readonly featureNames: readonly string[];
  readonly scores: readonly HorizonScore[];
}

/** A version that cannot serve, and why. */
export interface FailedVersion {
  readonly version: number;
  readonly kind: Failure['kind'];
  readonly message: string;
}

/** What the registry holds for one market (see {@link ModelRegistry.status}). */
export interface ModelStatus {
  readonly market: Market;
  /** The active and previous versions at the last sync (null: none). */
  readonly active: number | null;
  readonly previous: number | null;
  /** Versions loaded and verified, increasing. */
  readonly loaded: readonly number[];
  /** Versions that failed to load, or whose last prediction failed. */
  readonly failed: readonly FailedVersion[];
  /** The last event the registry recorded for the market. */
  readonly lastEvent: ModelEvent | null;
}

/** The registry (see {@link createModelRegistry}). */
export interface ModelRegistry {
  /** Reads the markets' active and previous versions (one query) and loads the versions not loaded yet. */
  sync(markets?: readonly Market[]): Promise<void>;
  /**
   * Scores `rows(featureNames)` with the market's active version, or the previous one when the active fails. Syncs
   * the market first, unless `options.sync` is false (the caller has just synced it, as `batchPredict` does).
   */
  serve(market: Market, rows: (featureNames: readonly string[]) => Matrix | Promise<Matrix>, options?: { readonly sync?: boolean }): Promise<Served>;
  /** The market's active model, synced and loaded (for importance and inspection). */
  activeModel(market: Market): Promise<ServableModel>;
  /** What is loaded or failed for a market, as of the last sync or serve. */
  status(market: Market): ModelStatus;
  /** Releases every loaded model; the registry loads them again when next used. */
  release(): Promise<void>;
}

/** One row of the sync query. */
interface ModelsRow {
  symbol: string;
  timeframe: string;
  version: number;
  previous_version: number | null;
  checksum: string;
  activated_at: Date;
}

/**
 * A model registry over a store. Its rules:
 *
 * - **Sync.** One query reads `symbol, version, previous_version, checksum, activated_at` of the markets' rows of
 *   `alpha_v4.models`; only versions not loaded are read (`store.loadActiveModel` / `loadPreviousModel`),
 *   verified (`verifyChecksum`) and decoded. The active version is loaded again when its checksum changes, or, if it
 *   failed, when it is activated again. The active and the previous version of each market stay loaded; others are
 *   released.
 * - **Failures.** A version fails when its checksum does not match (`'checksum_mismatch'`), it cannot be decoded
 *   (`'load_error'`), its prediction throws (`'prediction_error'`) or gives a value that is not a finite number in
 *   [0, 1] (`'nan_output'`). Each is recorded as a model event once per version and kind, until the version
 *   changes (a new checksum) or recovers (it predicts again: a `'recovered'` event).
 * - **Fallback.** When the active version fails, the previous one (already loaded) serves the same call, its rows
 *   rebuilt for its feature names; the first such call records a `'fallback'` event whose detail gives the time
 *   from the failure to the previous version's scores. No usable previous version: `PipelineError`
 *   `'MODEL_UNAVAILABLE'` naming both failures. No active model: `'NO_ACTIVE_MODEL'`.
 * - **Rows.** `rows(featureNames)` builds the serving version's feature matrix; what it throws (stale candles,
 *   missing features) propagates unchanged and is no model failure, as is a matrix of the wrong width
 *   (`FeatureMismatchError`).
 *
 * Calls on one market run one at a time (in order); markets run concurrently. Throws `InvalidParameterError` for
 * bad options (see `checkMarkets`); `serve` and `status` throw `PipelineError` `'UNKNOWN_MARKET'` for a market not
 * served.
 *
 * @example
 * ```ts
 * const registry = createModelRegistry(store)
 * const served = await registry.serve({ symbol: 'BTC', timeframe: '15m' }, (names) => frame.toMatrix(names))
 * [served.version, served.fallback, served.scores[0].pUp[0]] // => [3, false, 0.5412...]
 * ```
 */
export function createModelRegistry(store: AlphaStore, options?: ModelRegistryOptions): ModelRegistry {
  const o = checkOptions(options, ['markets', 'decode'], 'options');
  const markets = checkMarkets(o.markets);
  const decode = o.decode ?? ((stored: StoredModel) => decodeServableModel(stored));
  if (typeof decode !== 'function') throw new InvalidParameterError('options.decode', `expected a function, got ${describeValue(decode)}`);
  const states = new Map(markets.map((m) => [`${m.symbol} ${m.timeframe}`, new MarketState(m, store)]));
  const clock = (): number => Date.now();
  const stateOf = (market: Market): MarketState => {
    const m = findMarket(markets, market?.symbol, market?.timeframe);
    return states.get(`${m.symbol} ${m.timeframe}`)!;
  };

  /** Loads a stored version: verified, decoded; a failure becomes a failed slot. */
  async function load(stored: StoredModel, activatedAt: number | undefined): Promise<Slot> {
    return { version: stored.version, checksum: stored.checksum, activatedAt, ...(await loadVersion(stored, decode, clock)) };
  }

  /** Brings one market's slots in line with its models row (or its absence), then records new load failures. */
  async function syncState(s: MarketState, row: ModelsRow | undefined): Promise<void> {
    const { symbol, timeframe } = s.market;
    s.active = row ? Number(row.version) : null;
    s.previous = row && row.previous_version !== null ? Number(row.previous_version) : null;
    const loadedNow: Slot[] = [];
    if (row) {
      const activatedAt = new Date(row.activated_at).getTime();
      const held = s.slots.get(s.active!);
      if (!held || held.checksum !== row.checksum || (held.failure && held.activatedAt !== activatedAt)) {
        const stored = await store.loadActiveModel(symbol, timeframe);
        if (stored === null) [s.active, s.previous] = [null, null];
        else {
          [s.active, s.previous] = [stored.version, stored.previousVersion];
          loadedNow.push(await load(stored, stored.activatedAt.getTime()));
        }
      }
      if (s.previous !== null && !s.slots.has(s.previous)) {
        const stored = await store.loadPreviousModel(symbol, timeframe);
        if (stored !== null && stored.version === s.previous) loadedNow.push(await load(stored, undefined));
      }
    }
    for (const slot of loadedNow) {
      const before = s.slots.get(slot.version);
      await s.put(slot);
      if (before?.failure && slot.model) await s.succeeded(slot.version, before.failure);
      else if (before && before.checksum !== slot.checksum) s.forget(slot.version);
    }
    await s.prune();
    for (const slot of loadedNow) {
      if (!slot.failure) continue;
      const other = slot.version === s.active ? s.previous : s.active;
      await s.recordOnce(slot.failure.kind, slot.version, s.model(other) ? other : null, `v${slot.version}: ${slot.failure.message}`);
    }
  }

  /** The one sync query, then each market's state. */
  async function syncAll(list: readonly MarketState[]): Promise<void> {
    const rows = (await store.pools.inference
      .selectFrom('alpha_v4.models')
      .select(['symbol', 'timeframe', 'version', 'previous_version', 'checksum', 'activated_at'])
      .where((eb) => eb.or(list.map((s) => eb.and([eb('symbol', '=', s.market.symbol), eb('timeframe', '=', s.market.timeframe)]))))
      .execute()
      .catch((e: unknown) => Promise.reject(storeError('STORE_READ', 'model registry sync (alpha_v4.models)', e)))) as unknown as ModelsRow[];
    await Promise.all(list.map((s) => syncState(s, rows.find((r) => r.symbol === s.market.symbol && r.timeframe === s.market.timeframe))));
  }

  /** Builds the rows for a version's feature names; the builder's errors propagate, a wrong width is refused. */
  async function rowsFor(rows: (featureNames: readonly string[]) => Matrix | Promise<Matrix>, model: ServableModel): Promise<Matrix> {
    const X = await rows(model.featureNames);
    checkMatrix(X, 'rows(featureNames)', model.featureNames.length);
    return X;
  }

  async function serveState(s: MarketState, rows: (featureNames: readonly string[]) => Matrix | Promise<Matrix>, sync: boolean): Promise<Served> {
    if (sync) await syncAll([s]);
    const { symbol, timeframe } = s.market;
    if (s.active === null) throw new PipelineError('NO_ACTIVE_MODEL', `${symbol} ${timeframe} has no active model`, { symbol, timeframe });
    const active = s.active;
    const model = s.model(active);
    let failure = s.slots.get(active)?.failure;
    if (model) {
      const outcome = await attempt(model, await rowsFor(rows, model), clock);
      if ('scores' in outcome) {
        await s.succeeded(active);
        return { version: active, fallback: false, featureNames: model.featureNames, scores: outcome.scores };
      }
      failure = outcome.failure;
      s.failing.set(active, failure);
    }
    const previous = s.previous;
    const backup = s.model(previous);
    if (previous === null || !backup) {
      if (model) await s.recordOnce(failure!.kind, active, null, `v${active}: ${failure!.message}`);
      throw modelUnavailable(s.market, active, failure!, previous === null ? 'no previous version' : `previous v${previous} failed to load (${s.slots.get(previous)?.failure?.message ?? 'not found'})`);
    }
    const second = await attempt(backup, await rowsFor(rows, backup), clock);
    if ('failure' in second) {
      s.failing.set(previous, second.failure);
      if (model) await s.recordOnce(failure!.kind, active, null, `v${active}: ${failure!.message}`);
      await s.recordOnce(second.failure.kind, previous, null, `v${previous}: ${second.failure.message}`);
      throw modelUnavailable(s.market, active, failure!, `previous v${previous} failed too (${second.failure.kind}: ${second.failure.message})`);
    }
    const latency = clock() - failure!.at;
    if (model) await s.recordOnce(failure!.kind, active, previous, `v${active}: ${failure!.message}`);
    await s.succeeded(previous);
    await s.recordOnce('fallback', active, previous, `v${previous} serves in place of v${active} (${failure!.kind}); ${latency} ms from the failure to its first scores`);
    return { version: previous, fallback: true, featureNames: backup.featureNames, scores: second.scores };
  }

  return {
    async sync(list) {
      const selected = list === undefined ? [...states.values()] : checkMarkets(list, 'markets').map(stateOf);
      // Every market's lock, then the one query.
      await selected.reduceRight<() => Promise<void>>((inner, s) => () => s.locked(inner), () => syncAll(selected))();
    },
    async serve(market, rows, options) {
      const s = stateOf(market);
      if (typeof rows !== 'function') throw new InvalidParameterError('rows', `expected a function of the feature names, got ${describeValue(rows)}`);
      const { sync = true } = checkOptions(options, ['sync'], 'options');
      if (typeof sync !== 'boolean') throw new InvalidParameterError('options.sync', `expected true or false, got ${describeValue(sync)}`);
      return s.locked(() => serveState(s, rows, sync));
    },
    async activeModel(market) {
      const s = stateOf(market);
      return s.locked(async () => {
        await syncAll([s]);
        const { symbol, timeframe } = s.market;
        if (s.active === null) throw new PipelineError('NO_ACTIVE_MODEL', `${symbol} ${timeframe} has no active model`, { symbol, timeframe });
        const model = s.model(s.active);
        if (model) return model;
        throw new PipelineError('MODEL_UNAVAILABLE', `${symbol} ${timeframe}: active v${s.active} failed to load (${s.slots.get(s.active)?.failure?.message ?? 'not found'})`, { symbol, timeframe });
      });
    },
    status(market) {
      const s = stateOf(market);
      const slots = [...s.slots.values()].sort((a, b) => a.version - b.version);
      const failed = [...slots.flatMap((slot) => (slot.failure ? [[slot.version, slot.failure] as const] : [])), ...s.failing.entries()];
      return {
        market: s.market,
        active: s.active,
        previous: s.previous,
        loaded: slots.filter((slot) => slot.model).map((slot) => slot.version),
        failed: failed.map(([version, f]) => ({ version, kind: f.kind, message: f.message })),
        lastEvent: s.lastEvent,
      };
    },
    async release() {
      await Promise.all([...states.values()].map((s) => s.locked(async () => {
        [s.active, s.previous] = [null, null];
        await s.prune();
      })));
    },
  };
}
