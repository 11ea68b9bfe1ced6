/**
 * `createStore`: an {@link AlphaStore} composed of the operations in ops/, over any {@link StoreDriver}.
 */
import type { StoreDriver } from './drivers/driver.js';
import { resolveSources, readCandles } from './ops/candles.js';
import { positiveInt } from './ops/checks.js';
import { storeContext } from './ops/context.js';
import { readFeatures, upsertFeatures } from './ops/features.js';
import { refreshViews, runDueJobs, runJob } from './ops/jobs.js';
import { readMetrics } from './ops/metrics.js';
import { activateModel, listModelVersions, loadActiveModel, loadPreviousModel, saveModelVersion } from './ops/models.js';
import { resolvePredictions, retention, writePredictions } from './ops/predictions.js';
import { capabilities, migrate } from './ops/setup.js';
import type { AlphaStore, StoreOptions } from './types.js';

/**
 * Builds an {@link AlphaStore} over a driver. The Node factories call this; use it directly with
 * `pgliteDriver(new PGlite())` in a browser or Deno, passing `migrations` explicitly. Bad options throw at once:
 * sources (`STORE_CONFIG`), chunk sizes (`InvalidParameterError`).
 *
 * @example
 * ```ts
 * const store = createStore(pgliteDriver(new PGlite(), true), { migrations })
 * await store.migrate()
 * ```
 */
export function createStore(driver: StoreDriver, options: StoreOptions = {}): AlphaStore {
  const sources = resolveSources(options.sources);
  const featureChunk = positiveInt(options.featureChunkRows ?? 1000, 'featureChunkRows');
  const predictionChunk = positiveInt(options.predictionChunkRows ?? 5000, 'predictionChunkRows');
  const ctx = storeContext(driver);
  const migrateDefaults = { migrations: options.migrations, sources: options.sources ? sources : undefined };
  return {
    engine: driver.engine,
    db: driver.pools.monitoring,
    pools: driver.pools,
    driver,
    sources,
    migrate: (o) => migrate(ctx, migrateDefaults, o),
    capabilities: () => capabilities(ctx),
    readCandles: (query) => readCandles(ctx, sources, query),
    upsertFeatures: (batches, o = {}) => upsertFeatures(ctx, batches, o, featureChunk),
    readFeatures: (query) => readFeatures(ctx, query),
    writePredictions: (rows, o = {}) => writePredictions(ctx, rows, o, predictionChunk),
    saveModelVersion: (input) => saveModelVersion(ctx, input),
    activateModel: (symbol, timeframe, version) => activateModel(ctx, symbol, timeframe, version),
    loadActiveModel: (symbol, timeframe) => loadActiveModel(ctx, symbol, timeframe),
    loadPreviousModel: (symbol, timeframe) => loadPreviousModel(ctx, symbol, timeframe),
    listModelVersions: (symbol, timeframe) => listModelVersions(ctx, symbol, timeframe),
    refreshViews: (o) => refreshViews(ctx, o),
    resolvePredictions: (now) => resolvePredictions(ctx, now),
    retention: (o) => retention(ctx, o),
    runJob: (name) => runJob(ctx, name),
    runDueJobs: (now) => runDueJobs(ctx, now),
    readMetrics: (query) => readMetrics(ctx, query),
    close: () => ctx.close(),
  };
}
