/**
 * `--once`: the worker's whole cycle in a few seconds, with nothing to set up. On the embedded PGlite store (or the
 * database of `DATABASE_URL`), on a simulated clock:
 *
 * 1. simulate BTC, ETH and SOL (15m, and 1h resampled) and load all but the last candle as history;
 * 2. train a tiny model per market (six) and activate it;
 * 3. start-up: the feature backfill per timeframe (one symbol per worker thread where the built package runs);
 * 4. the last candle arrives: LISTEN hears it and enqueues each market's `features` work;
 * 5. the close's timer fires: one `predict` item per market, and the maintenance where pg_cron is absent;
 * 6. the worker claims and does every item (one transaction each), then the predictions are read back.
 */
import { sliceCandles } from '../../src/core/candles.js';
import { resample } from '../../src/core/resample.js';
import { simulateMarket } from '../../src/core/simulator.js';
import type { Candles } from '../../src/core/types.js';
import { trainMarketModel } from '../../src/pipeline/index.js';
import type { EnsembleConfig } from '../../src/ensemble/training/config.js';
import type { AlphaStore } from '../../src/store/index.js';
import { lastClose } from './closes.js';
import { workerHandlers } from './handlers.js';
import type { WorkerOptions } from './options.js';
import { createWorker, type Log } from './runtime.js';
import { openStore } from './store.js';

const M15 = 900_000;
/** 15m candles per symbol (8⅓ days); a multiple of 4, so that the last 15m close is also a 1h close. */
const CANDLES = 800;
const SYMBOLS = ['BTC', 'ETH', 'SOL'] as const;
/** Scale-free features with short lookbacks: the demo shows the machinery, not an edge. */
const FEATURES = ['log_return_1', 'log_return_3', 'rsi_14', 'natr_14', 'ema_21_ratio', 'bbands_percent_b_20', 'willr_14', 'close_position'];
/** Two shallow tree members, Platt-calibrated. */
const ENSEMBLE = {
  members: [
    { name: 'depthwise', kind: 'gbdt-depthwise', params: { nEstimators: 8, maxDepth: 3 } },
    { name: 'leafwise', kind: 'gbdt-leafwise', params: { nEstimators: 8, numLeaves: 7, minDataInLeaf: 5 } },
  ],
  calibration: 'platt',
  seed: 1,
} as unknown as EnsembleConfig;

/** Waits until `count()` reaches `n`, polling, for at most `ms`; returns the last count. */
async function until(count: () => Promise<number>, n: number, ms: number): Promise<number> {
  const end = Date.now() + ms;
  let c = await count();
  while (c < n && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 20));
    c = await count();
  }
  return c;
}

/** Rows of a query's single count. */
async function countOf(store: AlphaStore, text: string): Promise<number> {
  const r = await store.driver.transaction('monitoring', (s) => s.query<{ n: string | number }>(text));
  return Number(r.rows[0]!.n);
}

/**
 * Runs the demo and closes its store.
 *
 * @example
 * ```ts
 * await runDemo(parseOptions(['--once'], {}), console.log) // prints what each item did
 * ```
 */
export async function runDemo(options: WorkerOptions, log: Log): Promise<void> {
  // The history ends at the latest hour: the demo's close is a real, recent one (the jobs' retention and dashboards
  // read the database's own clock).
  const close = lastClose(Date.now(), '1h');
  const sim = simulateMarket({ symbols: SYMBOLS, timeframe: '15m', start: close - CANDLES * M15, candles: CANDLES, seed: 7 });
  const candles: Record<'15m' | '1h', Record<string, Candles>> = { '15m': {}, '1h': {} };
  for (const s of SYMBOLS) {
    candles['15m'][s] = sim.candles[s]!;
    candles['1h'][s] = resample(sim.candles[s]!, '15m', '1h');
  }
  let now = close - 60_000;
  const store = await openStore(options);
  try {
    log('demo', `${store.engine} store; ${SYMBOLS.join(', ')}: ${CANDLES} 15m candles each, the last closes at ${new Date(close).toISOString()}`);
    for (const timeframe of ['15m', '1h'] as const) {
      for (const s of SYMBOLS) {
        const c = candles[timeframe][s]!;
        await store.writeCandles({ symbol: s, timeframe, candles: sliceCandles(c, 0, c.time.length - 1), target: 'live' });
        const model = trainMarketModel({ candles: sliceCandles(c, 0, c.time.length - 1), features: FEATURES, horizons: timeframe === '15m' ? [1, 4] : [1], ensemble: ENSEMBLE });
        const saved = await store.saveModelVersion({ symbol: s, timeframe, ...model, activate: true });
        log('demo', `history loaded and model v${saved.version} trained for ${s} ${timeframe} (${model.featureNames.length} features, horizons ${model.horizons.join(', ')})`);
      }
    }
    const settings = { ...options, backfillCandles: 200 };
    const worker = createWorker(store, settings, { handlers: workerHandlers(settings), log, clock: () => now });
    const drain = async () => {
      while ((await worker.step()) !== null);
    };
    await worker.listen();
    await worker.enqueueStartup();
    await drain();

    now = close + options.closeDelayMs;
    for (const timeframe of ['15m', '1h'] as const) {
      for (const s of SYMBOLS) {
        const c = candles[timeframe][s]!;
        await store.writeCandles({ symbol: s, timeframe, candles: sliceCandles(c, c.time.length - 1, c.time.length), target: 'live' });
      }
    }
    const heard = await until(() => countOf(store, `SELECT count(*) AS n FROM alpha_v4.work_items WHERE kind = 'features'`), 6, 5000);
    log('demo', `the last candles arrived: LISTEN enqueued ${heard} features item(s)`);
    await worker.enqueueClose('15m', close);
    await worker.enqueueClose('1h', close);
    const { pgCron } = await store.capabilities();
    if (!pgCron) await worker.enqueueJobs(close);
    await drain();
    await worker.stop();

    const written = await countOf(store, `SELECT count(*) AS n FROM alpha_v4.predictions WHERE ts + CASE timeframe WHEN '15m' THEN interval '15 minutes' ELSE interval '1 hour' END = '${new Date(close).toISOString()}'`);
    const left = await countOf(store, `SELECT count(*) AS n FROM alpha_v4.work_items WHERE status <> 'done'`);
    log('demo', `${written} predictions written for the close of ${new Date(close).toISOString()} (15m: horizons 1 and 4; 1h: horizon 1); ${left} item(s) not done`);
  } finally {
    await store.close();
  }
}
