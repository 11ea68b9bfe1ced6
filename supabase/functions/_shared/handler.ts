/**
 * The one handler behind every prediction function: `Deno.serve(predictionHandler({ markets }))`. Each invocation
 * is authorized, its body checked, its markets scored against a time budget, and its predictions written in one
 * transaction, or nothing written at all.
 */
import { describeValue, InvalidParameterError } from '@alpha-v4/core/core';
import { createModelRegistry, DEFAULT_MARKETS, predictHorizons, type Market, type ModelRegistry, type Prediction } from '@alpha-v4/core/pipeline';
import type { AlphaStore, PredictionInput } from '@alpha-v4/core/store';
import { authorize } from './auth.ts';
import { deadlineStore, withinDeadline } from './budget.ts';
import { readConfig, runtimeEnv, type EdgeConfig, type EnvSource } from './config.ts';
import { EdgeFunctionError } from './errors.ts';
import { openPostgresStore } from './postgres.ts';
import { parsePredictRequest } from './request.ts';
import { failureOf, json, type Failure } from './status.ts';

/** Options of {@link predictionHandler}. */
export interface PredictionHandlerOptions {
  /** The markets this function predicts: only their models are loaded, only their features computed. */
  readonly markets: readonly Market[];
  /** The pipeline's markets, whose candles cross-asset (`syn_*`) features read. Default `DEFAULT_MARKETS`. */
  readonly universe?: readonly Market[];
  /** Where the settings come from (see `readConfig`). Default the runtime's environment (`Deno.env`). */
  readonly env?: EnvSource;
  /** The store, or how to open it (once per isolate). Default PostgreSQL on `DATABASE_URL`, else `SUPABASE_DB_URL`. */
  readonly store?: AlphaStore | (() => Promise<AlphaStore>);
}

/** A prediction function: a `Request` in, a JSON `Response` out. */
export type PredictionHandler = (request: Request) => Promise<Response>;

/** What an isolate keeps between invocations: the store and the registry of its markets' loaded models. */
interface Isolate {
  readonly store: AlphaStore;
  readonly registry: ModelRegistry;
}

/** The markets option: a non-empty list of markets of `universe`, each once. */
function checkMarkets(markets: unknown, universe: readonly Market[]): readonly Market[] {
  if (!Array.isArray(markets) || markets.length === 0) throw new InvalidParameterError('options.markets', `expected a non-empty array of { symbol, timeframe }, got ${describeValue(markets)}`);
  const seen = new Set<string>();
  return markets.map((m: Market, i) => {
    const found = universe.find((u) => u.symbol === m?.symbol && u.timeframe === m?.timeframe);
    const id = `${m?.symbol} ${m?.timeframe}`;
    if (found === undefined) throw new InvalidParameterError(`options.markets[${i}]`, `${describeValue(m)} is not a market of the pipeline (${universe.map((u) => `${u.symbol} ${u.timeframe}`).join(', ')})`);
    if (seen.has(id)) throw new InvalidParameterError(`options.markets[${i}]`, `${id} is listed twice`);
    seen.add(id);
    return found;
  });
}

/** The failure a response leads with: the highest status, the first in market order among equals. */
function worst<F extends Failure>(failures: readonly F[]): F {
  return failures.reduce((a, b) => (b.status > a.status ? b : a));
}

/** A prediction as a row of `store.writePredictions` (every field but `fallback`, which is no column). */
function row({ fallback: _fallback, ...p }: Prediction): PredictionInput {
  return { ...p, members: { ...p.members } };
}

/**
 * The handler of a prediction function serving `markets`. Per invocation, in order:
 *
 * 1. settings (read once: `readConfig`): a missing or malformed one answers 500 `EDGE_CONFIG`;
 * 2. method: anything but POST answers 405 `method_not_allowed`;
 * 3. `Authorization` (`authorize`): a service-role JWT or the function secret; else 401 `unauthorized` with the reason;
 * 4. body (`parsePredictRequest`, zod): else 400 `invalid_request` with zod's message;
 * 5. the work, under the budget (`withinDeadline`, budget minus the write's reserve): the isolate's store and
 *    registry (opened on the first invocation: a cold start; reused after), then `predictHorizons` of every market
 *    at one clock `now`, on a store that refuses any call after the deadline, `write: false` (the feature cache of
 *    the latest candle is saved as `predictHorizons` does). The deadline first: 503 `timeout`, nothing written.
 *    A market failing: nothing written, the status of `STATUS_BY_CODE` (the highest when several fail), every
 *    failure listed;
 * 6. `horizons: 'first'` keeps each market's smallest horizon;
 * 7. unless `write: false`, every prediction in ONE `store.writePredictions` call (one transaction; a retry at the
 *    same `now` adds nothing). It starts before the deadline and runs in the reserve; it is not cut short, since a
 *    COMMIT cut short could not be known to have happened or not;
 * 8. 200 `{ predictions, servedBy: { markets: [{ symbol, timeframe, modelVersion, fallback }], cold, invocation },
 *    written: { rows, unchanged } | null, budgetMs, elapsedMs }`.
 *
 * Throws `InvalidParameterError` at once when `markets` is not a non-empty list of distinct markets of `universe`.
 *
 * @example
 * ```ts
 * Deno.serve(predictionHandler({ markets: [{ symbol: 'BTC', timeframe: '15m' }] }))
 * // POST with `Authorization: Bearer <service-role JWT>` and {} => 200 { predictions: [BTC 15m h1, h4], ... }
 * ```
 */
export function predictionHandler(options: PredictionHandlerOptions): PredictionHandler {
  const universe = options?.universe ?? DEFAULT_MARKETS;
  const markets = checkMarkets(options?.markets, universe);
  let config: EdgeConfig | EdgeFunctionError;
  try {
    config = readConfig(options.env ?? runtimeEnv());
  } catch (e) {
    if (!(e instanceof EdgeFunctionError)) throw e;
    config = e;
  }
  let isolate: Promise<Isolate> | undefined;
  let invocations = 0;

  const openIsolate = (settings: EdgeConfig): Promise<Isolate> => {
    const opened = (async (): Promise<Isolate> => {
      const given = options.store;
      let store: AlphaStore;
      if (typeof given === 'function') store = await given();
      else if (given !== undefined) store = given;
      else if (settings.databaseUrl === undefined) throw new EdgeFunctionError('EDGE_CONFIG', 'no database: set DATABASE_URL, or SUPABASE_DB_URL (Supabase sets it)');
      else store = await openPostgresStore(settings.databaseUrl);
      return { store, registry: createModelRegistry(store, { markets }) };
    })();
    opened.catch(() => {
      if (isolate === opened) isolate = undefined; // the next invocation tries again
    });
    return opened;
  };

  return async (request: Request): Promise<Response> => {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    if (config instanceof EdgeFunctionError) return json(500, { error: config.code, reason: config.message });
    const settings = config;
    if (request.method !== 'POST') return json(405, { error: 'method_not_allowed', reason: `${request.method} is not allowed: POST a JSON body` }, { allow: 'POST' });
    const auth = await authorize(request.headers.get('authorization'), settings, Date.now());
    if (!auth.ok) return json(401, { error: 'unauthorized', reason: auth.reason }, { 'www-authenticate': 'Bearer' });
    const body = await parsePredictRequest(request);
    if (!body.ok) return json(400, { error: 'invalid_request', reason: body.reason });
    const invocation = ++invocations;
    const cold = isolate === undefined;
    const now = body.now ?? Date.now();
    try {
      const outcome = await withinDeadline(settings.budgetMs - settings.reserveMs - (performance.now() - started), async (signal) => {
        isolate ??= openIsolate(settings);
        const { store, registry } = await isolate;
        const guarded = deadlineStore(store, signal);
        const settled = await Promise.allSettled(markets.map((m) => predictHorizons({ store: guarded, registry, symbol: m.symbol, timeframe: m.timeframe, now, markets: universe, write: false })));
        return { store, settled };
      });
      if (!outcome.ok) {
        const reason = `the budget of ${settings.budgetMs} ms (${settings.reserveMs} ms of it kept for the write) ran out after ${elapsed()} ms: nothing was written`;
        return json(503, { error: 'timeout', reason, budgetMs: settings.budgetMs, elapsedMs: elapsed() }, { 'retry-after': '1' });
      }
      const { store, settled } = outcome.value;
      const failures = settled.flatMap((s, i) => (s.status === 'rejected' ? [{ market: `${markets[i]!.symbol} ${markets[i]!.timeframe}`, ...failureOf(s.reason) }] : []));
      if (failures.length > 0) {
        const lead = worst(failures);
        return json(lead.status, { error: lead.error, reason: `${lead.market}: ${lead.reason}`, failures, elapsedMs: elapsed() });
      }
      const byMarket = settled.map((s) => (s as PromiseFulfilledResult<Prediction[]>).value);
      const predictions = byMarket.flatMap((ps) => (body.value.horizons === 'first' ? ps.slice(0, 1) : ps));
      const written = body.value.write === false ? null : await store.writePredictions(predictions.map(row));
      const servedBy = {
        markets: byMarket.map((ps) => ({ symbol: ps[0]!.symbol, timeframe: ps[0]!.timeframe, modelVersion: ps[0]!.modelVersion, fallback: ps[0]!.fallback })),
        cold,
        invocation,
      };
      return json(200, { predictions, servedBy, written: written && { rows: written.written, unchanged: written.unchanged }, budgetMs: settings.budgetMs, elapsedMs: elapsed() });
    } catch (e) {
      const f = failureOf(e);
      return json(f.status, { error: f.error, reason: f.reason, elapsedMs: elapsed() });
    }
  };
}
