/**
 * The model registry's bookkeeping for one market: the versions loaded (or failed), the failures reported (one event
 * per version and kind), and the check of a model's output. `registry.ts` drives it.
 *
 * @module
 */
import { AlphaError } from '../core/errors.js';
import type { Matrix } from '../core/types.js';
import { EnsembleMembersError } from '../ensemble/errors.js';
import type { ModelEvent } from '../store/ops/model-events.js';
import type { StoredModel } from '../store/ops/model-rows.js';
import type { ModelEventKind } from '../store/schema.js';
import type { AlphaStore } from '../store/types.js';
import { PipelineError } from './errors.js';
import { verifyChecksum, type HorizonScore, type ServableModel } from './model-codec.js';
import type { Market } from './types.js';

/** Why a version cannot serve: the event kind it is recorded as, what went wrong, and when it was seen. */
export interface Failure {
  readonly kind: Exclude<ModelEventKind, 'activated' | 'fallback' | 'recovered'>;
  readonly message: string;
  /** When it was detected (epoch milliseconds). */
  readonly at: number;
}

/** One version of a market: loaded, or failed to load. */
export interface Slot {
  readonly version: number;
  /** The checksum of the row it was loaded from. */
  readonly checksum: string;
  /** Activation time (epoch ms) of the models row it was loaded from, when loaded as the active version. */
  readonly activatedAt: number | undefined;
  readonly model?: ServableModel;
  readonly failure?: Failure;
}

/** The text of an error for an event's detail and messages. */
export function errorText(e: unknown): string {
  return e instanceof AlphaError ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);
}

/**
 * Loads a stored version: its checksum verified (`'checksum_mismatch'`), then decoded by `decode` (`'load_error'`
 * when it throws). Synchronous with a synchronous `decode` (plv8), a promise with an asynchronous one (the registry).
 *
 * @example
 * ```ts
 * loadVersion(stored, decodeServableModelSync, Date.now) // => { model } or { failure: { kind: 'checksum_mismatch', ... } }
 * ```
 */
export function loadVersion(stored: StoredModel, decode: (stored: StoredModel) => ServableModel, clock: () => number): Loaded;
export function loadVersion(stored: StoredModel, decode: (stored: StoredModel) => Promise<ServableModel>, clock: () => number): Promise<Loaded>;
export function loadVersion(stored: StoredModel, decode: (stored: StoredModel) => ServableModel | Promise<ServableModel>, clock: () => number): Loaded | Promise<Loaded> {
  try {
    verifyChecksum(stored);
  } catch (e) {
    return { failure: { kind: 'checksum_mismatch', message: errorText(e), at: clock() } };
  }
  const failed = (e: unknown): Loaded => ({ failure: { kind: 'load_error', message: errorText(e), at: clock() } });
  try {
    const model = decode(stored);
    return model instanceof Promise ? model.then((m): Loaded => ({ model: m }), failed) : { model };
  } catch (e) {
    return failed(e);
  }
}

/** A loaded version, or why it failed to load. */
export type Loaded = { readonly model: ServableModel; readonly failure?: undefined } | { readonly model?: undefined; readonly failure: Failure };

/**
 * The refusal when the active version failed and the previous one cannot serve: `PipelineError` 'MODEL_UNAVAILABLE'
 * naming both, `previous` saying what became of the previous version.
 *
 * @example
 * ```ts
 * modelUnavailable(market, 2, failure, 'no previous version').message
 * // => 'BTC 15m: active v2 failed (checksum_mismatch: ...); no previous version'
 * ```
 */
export function modelUnavailable(market: Market, active: number, failure: Failure, previous: string): PipelineError {
  const { symbol, timeframe } = market;
  return new PipelineError('MODEL_UNAVAILABLE', `${symbol} ${timeframe}: active v${active} failed (${failure.kind}: ${failure.message}); ${previous}`, { symbol, timeframe });
}

/** A model event's detail: at most 4,000 characters, without NUL or a surrogate cut in half. */
function detailText(text: string): string {
  const clean = text.replace(/\u0000/g, '');
  if (clean.length <= 4000) return clean;
  const cut = clean.slice(0, 3997);
  return `${/[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut}...`;
}

/** What an attempt gives: the scores, checked, or the version's failure. */
export type Attempt = { readonly scores: readonly HorizonScore[] } | { readonly failure: Failure };

/** A prediction's throw as a failure: `'nan_output'` when the ensemble refused rows its members gave only bad values for. */
function thrownFailure(e: unknown, clock: () => number): Failure {
  const invalid = e instanceof EnsembleMembersError && e.members.every((m) => m.status !== 'failed');
  return { kind: invalid ? 'nan_output' : 'prediction_error', message: errorText(e), at: clock() };
}

/** The scores, or a `'nan_output'` failure when {@link badOutput} finds fault with them (it never throws). */
function checkedScores(scores: readonly HorizonScore[], model: ServableModel, rows: number, clock: () => number): Attempt {
  const bad = badOutput(scores, model.horizons, rows);
  return bad === undefined ? { scores } : { failure: { kind: 'nan_output', message: bad, at: clock() } };
}

/**
 * Scores a model on X and checks them: a throw is a `'prediction_error'` (a `'nan_output'` when it is the ensemble
 * refusing rows whose members gave only NaN or values outside [0, 1]); scores of another shape, or any raw or
 * calibrated value that is not a finite number in [0, 1], are a `'nan_output'`.
 */
export async function attempt(model: ServableModel, X: Matrix, clock: () => number): Promise<Attempt> {
  try {
    return checkedScores(await model.predict(X), model, X.rows, clock);
  } catch (e) {
    return { failure: thrownFailure(e, clock) };
  }
}

/**
 * {@link attempt}, synchronously (`model.predictSync`), for runtimes that cannot await (plv8): the same checks and
 * failure kinds.
 *
 * @example
 * ```ts
 * const outcome = attemptSync(model, X, Date.now)
 * 'scores' in outcome ? outcome.scores[0].pUp[0] : outcome.failure.kind // => 0.53... or 'prediction_error'
 * ```
 */
export function attemptSync(model: ServableModel, X: Matrix, clock: () => number): Attempt {
  try {
    return checkedScores(model.predictSync(X), model, X.rows, clock);
  } catch (e) {
    return { failure: thrownFailure(e, clock) };
  }
}

/** What is wrong with the scores, or undefined. */
function badOutput(scores: readonly HorizonScore[], horizons: readonly number[], rows: number): string | undefined {
  if (!Array.isArray(scores) || scores.length !== horizons.length) return `expected ${horizons.length} horizon score(s), got ${Array.isArray(scores) ? scores.length : typeof scores}`;
  for (const [k, s] of scores.entries()) {
    for (const field of ['raw', 'pUp'] as const) {
      const values = s?.[field];
      if (!(values instanceof Float64Array) || values.length !== rows) return `horizon ${horizons[k]}: ${field} is not ${rows} value(s)`;
      const i = values.findIndex((p) => !(p >= 0 && p <= 1));
      if (i >= 0) return `horizon ${horizons[k]}: ${field}[${i}] is ${values[i]}, not a probability`;
    }
  }
  return undefined;
}

/**
 * One market's state: its active and previous versions, the loaded or failed slots, the reported failures, the
 * last event, and a lock so that one call at a time syncs or serves the market.
 */
export class MarketState {
  active: number | null = null;
  previous: number | null = null;
  readonly slots = new Map<number, Slot>();
  /** Versions whose last prediction failed (until one succeeds: recovery). */
  readonly failing = new Map<number, Failure>();
  lastEvent: ModelEvent | null = null;
  private readonly reported = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly market: Market, private readonly store: AlphaStore) {}

  /** Runs `fn` after every call queued before it on this market. */
  locked<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The loaded model of a version, if it loaded. */
  model(version: number | null): ServableModel | undefined {
    return version === null ? undefined : this.slots.get(version)?.model;
  }

  /** Records an event (always). */
  async record(kind: ModelEventKind, version: number | null, servedVersion: number | null, detail: string): Promise<void> {
    const { symbol, timeframe } = this.market;
    this.lastEvent = await this.store.recordModelEvent({ symbol, timeframe, kind, version, servedVersion, detail: detailText(detail) });
  }

  /** Records an event unless one of this kind was recorded for this version since it last changed or recovered. */
  async recordOnce(kind: ModelEventKind, version: number, servedVersion: number | null, detail: string): Promise<void> {
    const key = `${version}|${kind}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    try {
      await this.record(kind, version, servedVersion, detail);
    } catch (e) {
      this.reported.delete(key);
      throw e;
    }
  }

  /** Forgets what was reported about a version (it changed, recovered or left the market). */
  forget(version: number): void {
    for (const key of [...this.reported]) if (key.startsWith(`${version}|`)) this.reported.delete(key);
    this.failing.delete(version);
  }

  /** A version predicted (or loaded) fine: if it was failing (`was`), its reports forgotten and a 'recovered' event. */
  async succeeded(version: number, was: Failure | undefined = this.failing.get(version)): Promise<void> {
    if (was === undefined) return;
    this.forget(version);
    await this.record('recovered', version, version, `v${version} serves again after ${was.kind}: ${was.message}`);
  }

  /** Replaces a slot, releasing the model it held. */
  async put(slot: Slot): Promise<void> {
    const old = this.slots.get(slot.version);
    this.slots.set(slot.version, slot);
    if (old?.model && old.model !== slot.model) await old.model.release();
  }

  /** Releases and drops every slot but the active and previous versions. */
  async prune(): Promise<void> {
    for (const [version, slot] of [...this.slots]) {
      if (version === this.active || version === this.previous) continue;
      this.slots.delete(version);
      this.forget(version);
      await slot.model?.release();
    }
  }
}
