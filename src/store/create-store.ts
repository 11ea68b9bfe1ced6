/**
 * `createStore`: an {@link AlphaStore} composed of the operations in ops/, over any {@link StoreDriver}.
 */
import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';
import { checkOptions } from '../core/options.js';
import type { StoreDriver } from './drivers/driver.js';
import type { Migration } from './migrator.js';
import { resolveSources, readCandles, type ResolvedSources } from './ops/candles.js';
import { writeCandles } from './ops/candles-write.js';
import { loadFeatureState, saveFeatureState } from './ops/feature-state.js';
import { optionKeys, positiveInt } from './ops/checks.js';
import { storeContext } from './ops/context.js';
import { readFeatures, upsertFeatures } from './ops/features.js';
import { refreshViews, runDueJobs, runJob } from './ops/jobs.js';
import { readMetrics } from './ops/metrics.js';
import { readModelEvents, recordModelEvent } from './ops/model-events.js';
import { activateModel, listModelVersions, loadActiveModel, loadPreviousModel, saveModelVersion } from './ops/models.js';
import { resolvePredictions, retention, writePredictions } from './ops/predictions.js';
import { capabilities, migrate } from './ops/setup.js';
import type { AlphaStore, StoreOptions } from './types.js';

/** The keys of {@link StoreOptions}. */
const STORE_OPTION_KEYS = optionKeys<StoreOptions>({ sources: true, migrations: true, featureChunkRows: true, predictionChunkRows: true });

/** Store options, checked, with their defaults. */
interface CheckedStoreOptions {
  readonly sources: ResolvedSources;
  /** Whether the options set sources (then `migrate` records them for the SQL jobs). */
  readonly customSources: boolean;
  readonly migrations: readonly Migration[] | (() => readonly Migration[]) | undefined;
  readonly featureChunkRows: number;
  readonly predictionChunkRows: number;
}

/**
 * Checks the options of a store factory before anything is opened: only the {@link StoreOptions} keys and the
 * factory's own `extraKeys` (unknown keys are an `InvalidParameterError` listing the known ones), sources
 * (`STORE_CONFIG` for a bad table name), `migrations` an array or a function, chunk sizes integers from 1 to
 * 2,147,483,647.
 *
 * @example
 * ```ts
 * checkStoreOptions({ featureChunkRows: 500 }).featureChunkRows // => 500
 * checkStoreOptions({ pool: {} })                               // throws InvalidParameterError 'options.pool: unknown option (known: ...)'
 * ```
 */
export function checkStoreOptions(options: unknown, extraKeys: readonly string[] = []): CheckedStoreOptions {
  const o = checkOptions(options as StoreOptions | undefined, [...STORE_OPTION_KEYS, ...extraKeys], 'options');
  if (o.migrations !== undefined && !Array.isArray(o.migrations) && typeof o.migrations !== 'function') {
    throw new InvalidParameterError('options.migrations', `expected an array of migrations or a function giving them, got ${describeValue(o.migrations)}`);
  }
  return {
    sources: resolveSources(o.sources),
    customSources: o.sources !== undefined,
    migrations: o.migrations,
    featureChunkRows: positiveInt(o.featureChunkRows ?? 1000, 'options.featureChunkRows'),
    predictionChunkRows: positiveInt(o.predictionChunkRows ?? 5000, 'options.predictionChunkRows'),
  };
}

/** Checks that `driver` has the shape of a {@link StoreDriver}. */
function checkDriver(driver: unknown): StoreDriver {
  const d = driver as Partial<StoreDriver> | null;
  if (d === null || typeof d !== 'object' || typeof d.transaction !== 'function' || typeof d.destroy !== 'function' || typeof d.pools !== 'object' || (d.engine !== 'pglite' && d.engine !== 'postgres')) {
    throw new InvalidParameterError('driver', `expected a StoreDriver (pgliteDriver or pgDriver), got ${describeValue(driver)}`);
  }
  return d as StoreDriver;
}

/**
 * Builds an {@link AlphaStore} over a driver. The Node factories call this; use it directly with
 * `pgliteDriver(new PGlite())` in a browser or Deno, passing `migrations` explicitly. Bad options throw at once
 * (see {@link checkStoreOptions}); each operation checks its own arguments before it touches the database.
 *
 * @example
 * ```ts
 * const store = createStore(pgliteDriver(new PGlite(), true), { migrations })
 * await store.migrate()
 * ```
 */
export function createStore(driver: StoreDriver, options?: StoreOptions): AlphaStore {
  checkDriver(driver);
  const { sources, customSources, migrations, featureChunkRows: featureChunk, predictionChunkRows: predictionChunk } = checkStoreOptions(options);
  const ctx = storeContext(driver);
  const migrateDefaults = { migrations, sources: customSources ? sources : undefined };
  return {
    engine: driver.engine,
    db: driver.pools.monitoring,
    pools: driver.pools,
    driver,
    sources,
    migrate: (o) => migrate(ctx, migrateDefaults, o),
    capabilities: () => capabilities(ctx),
    readCandles: (query) => readCandles(ctx, sources, query),
    writeCandles: (input) => writeCandles(ctx, sources, input),
    saveFeatureState: (input) => saveFeatureState(ctx, input),
    loadFeatureState: (key) => loadFeatureState(ctx, key),
    upsertFeatures: (batches, o = {}) => upsertFeatures(ctx, batches, o, featureChunk),
    readFeatures: (query) => readFeatures(ctx, query),
    writePredictions: (rows, o = {}) => writePredictions(ctx, rows, o, predictionChunk),
    saveModelVersion: (input) => saveModelVersion(ctx, input),
    activateModel: (symbol, timeframe, version) => activateModel(ctx, symbol, timeframe, version),
    loadActiveModel: (symbol, timeframe) => loadActiveModel(ctx, symbol, timeframe),
    loadPreviousModel: (symbol, timeframe) => loadPreviousModel(ctx, symbol, timeframe),
    listModelVersions: (symbol, timeframe) => listModelVersions(ctx, symbol, timeframe),
    recordModelEvent: (event) => recordModelEvent(ctx, event),
    readModelEvents: (query) => readModelEvents(ctx, query),
    refreshViews: (o) => refreshViews(ctx, o),
    resolvePredictions: (now) => resolvePredictions(ctx, now),
    retention: (o) => retention(ctx, o),
    runJob: (name) => runJob(ctx, name),
    runDueJobs: (now) => runDueJobs(ctx, now),
    readMetrics: (query) => readMetrics(ctx, query),
    close: () => ctx.close(),
  };
}
