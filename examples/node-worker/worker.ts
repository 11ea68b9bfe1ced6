/**
 * The alpha_v4 Node worker: a long-running process that predicts every market at every candle close, keeps the
 * features up to date as candles arrive, backfills the feature store at start-up, and runs the maintenance jobs
 * where pg_cron is absent. All its work goes through the database's work queue (`alpha_v4.work_items`, claimed
 * with SELECT ... FOR UPDATE SKIP LOCKED), so that as many workers as needed, on as many machines, share it.
 *
 *   npx tsx examples/node-worker/worker.ts --once                 the demo, on the embedded store, then exit
 *   DATABASE_URL=postgres://... npx tsx examples/node-worker/worker.ts --worker-id a
 *
 * SIGTERM (or SIGINT): no more claims, the item in flight finishes (its transaction commits), the listeners and the
 * store close, exit 0. A second signal, or the grace period passing, exits at once: the item in flight rolls back and
 * stays pending for another worker. Flags and environment: see options.ts and README.md.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidParameterError } from '../../src/core/errors.js';
import type { WorkHandler } from '../../src/store/index.js';
import { runDemo } from './demo.js';
import { workerHandlers } from './handlers.js';
import { parseOptions } from './options.js';
import { createWorker, type Log } from './runtime.js';
import { openStore } from './store.js';

/** Log lines on stdout: time, worker, event, detail. */
function logger(workerId: string): Log {
  return (event, detail) => process.stdout.write(`${new Date().toISOString()} ${workerId} ${event}${detail === undefined ? '' : ` ${detail}`}\n`);
}

/** The handlers a `--handlers` module adds (its default export: handlers by work kind). */
async function extraHandlers(path: string | undefined): Promise<Record<string, WorkHandler>> {
  if (path === undefined) return {};
  const mod = (await import(pathToFileURL(resolve(path)).href)) as { default?: unknown };
  const handlers = mod.default;
  if (handlers === null || typeof handlers !== 'object' || Object.values(handlers).some((h) => typeof h !== 'function')) {
    throw new InvalidParameterError('--handlers', `${path}: expected a default export of handlers by work kind`);
  }
  return handlers as Record<string, WorkHandler>;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2), process.env);
  const log = logger(options.workerId);
  if (options.once) {
    await runDemo(options, log);
    return;
  }
  // A signal during start-up: nothing is in flight (a migration under way rolls back with the connection).
  let shutdown = (signal: string): void => {
    log('stopping', `${signal} during start-up: nothing in flight`);
    process.exit(0);
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  const store = await openStore(options);
  const handlers = { ...workerHandlers(options), ...(await extraHandlers(options.handlersModule)) };
  const worker = createWorker(store, options, { handlers, log });
  const { pgCron } = await store.capabilities();
  await worker.listen();
  await worker.enqueueStartup();

  let stopped: Promise<void> | undefined;
  shutdown = (signal: string) => {
    if (stopped !== undefined) {
      log('forced', `${signal} again: exiting now; the item in flight rolls back and stays pending`);
      process.exit(1);
    }
    log('stopping', `${signal}: no more claims; finishing the item in flight, if any`);
    setTimeout(() => {
      log('forced', `the grace period (${options.graceMs} ms) passed: exiting; the item in flight rolls back and stays pending`);
      process.exit(1);
    }, options.graceMs).unref();
    stopped = worker.stop();
  };
  const markets = options.markets.map((m) => `${m.symbol}:${m.timeframe}`).join(',') || 'none';
  log('ready', `${store.engine}; markets ${markets}; kinds ${Object.keys(handlers).join(',')}; maintenance ${pgCron ? 'by pg_cron' : 'by the workers'}`);
  await worker.run({ pgCron });
  await stopped;
  await store.close();
  log('stopped');
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`worker failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
