/**
 * What the worker does, one handler per work kind. Each runs inside the transaction that claimed its item, on the
 * store bound to that transaction: everything it writes commits with the item's `done` mark, or not at all.
 *
 * - `predict`   one market at one candle close: every horizon's prediction, written (`predictHorizons`);
 * - `features`  one market's feature row of a new candle, its FeatureStream state saved (`latestFeatureRow`);
 * - `backfill`  one timeframe's symbols brought up to date in the feature store, one symbol per worker thread;
 * - `jobs`      the maintenance jobs due (refresh, resolution, retention, partitions) where pg_cron is absent;
 * - `backup`    a backup of models, features and predictions into a directory.
 */
import { AlphaError, InvalidParameterError } from '../../src/core/errors.js';
import { timeframeMs } from '../../src/core/timeframe.js';
import type { Candles } from '../../src/core/types.js';
import { computeFeaturesParallel, createFsBackupSink } from '../../src/node.js';
import { latestFeatureRow, predictHorizons, type Market } from '../../src/pipeline/index.js';
import { exportBackup, FEATURE_STORE_TABLES, StoreError, type AlphaStore, type FeatureBatch, type SqlSession, type WorkHandler, type WorkItem } from '../../src/store/index.js';

/**
 * A candle close whose candle is not in the store yet (ingestion is late): the item fails and is retried after its
 * backoff, rather than predicting from an older candle.
 */
export class CandleNotReadyError extends AlphaError {
  constructor(message: string) {
    super('CANDLE_NOT_READY', message);
  }
}

/** What the handlers need from the worker's settings. */
export interface HandlerSettings {
  /** The markets served (also the peers that cross-asset features may read). */
  readonly markets: readonly Market[];
  /** Candles read per symbol by a backfill. */
  readonly backfillCandles: number;
  /** Where `backup` items write, if anywhere. */
  readonly backupDir: string | undefined;
}

/** The market of an item, which must be one the worker serves. */
function marketOf(item: WorkItem, markets: readonly Market[]): Market {
  const market = markets.find((m) => m.symbol === item.symbol && m.timeframe === item.timeframe);
  if (market === undefined) throw new InvalidParameterError(`item ${item.id}`, `${item.kind} needs a market this worker serves, got ${item.symbol} ${item.timeframe}`);
  return market;
}

/** The candles of `symbol` closed by `close`, at most `latest` of them; null when there are none. */
async function closedCandles(store: AlphaStore, symbol: string, timeframe: Market['timeframe'], close: number, latest: number): Promise<Candles | null> {
  try {
    return await store.readCandles({ symbol, timeframe, to: close - timeframeMs(timeframe) + 1, latest, gaps: 'fill' });
  } catch (e) {
    if (e instanceof StoreError && e.code === 'STORE_NOT_FOUND') return null;
    throw e;
  }
}

/** The prediction of every horizon of one market at the close `item.dueAt`, written with the item. */
async function predictClose(item: WorkItem, store: AlphaStore, markets: readonly Market[]) {
  const { symbol, timeframe } = marketOf(item, markets);
  const close = item.dueAt.getTime();
  const last = await closedCandles(store, symbol, timeframe, close, 1);
  const expected = close - timeframeMs(timeframe);
  if (last === null || last.time[0] !== expected) {
    throw new CandleNotReadyError(`${symbol} ${timeframe}: the candle of ${new Date(expected).toISOString()} is not in the store yet`);
  }
  const predictions = await predictHorizons({ store, symbol, timeframe, now: close, markets, write: true });
  return predictions.map((p) => ({ horizon: p.horizon, pUp: Number(p.pUp.toFixed(4)), direction: p.direction, size: Number(p.size.toFixed(4)), version: p.modelVersion }));
}

/** The active model's features of one market on the candle that closed at `item.dueAt`; its stream state saved. */
async function advanceFeatures(item: WorkItem, store: AlphaStore, markets: readonly Market[]) {
  const { symbol, timeframe } = marketOf(item, markets);
  const model = await store.loadActiveModel(symbol, timeframe);
  if (model === null) return { skipped: 'no active model: no feature list to keep up' };
  const row = await latestFeatureRow(store, { symbol, timeframe }, model.featureNames, { now: item.dueAt, markets });
  return { ts: row.ts.toISOString(), path: row.path, features: row.row.length };
}

/**
 * Brings the feature store of one timeframe up to date: per symbol, the candles after its latest stored feature row
 * (of the latest `backfillCandles`, the earlier ones warming the indicators up) get their single-asset features,
 * computed for all symbols at once on worker threads (`computeFeaturesParallel`), written in one upsert.
 */
async function backfill(item: WorkItem, store: AlphaStore, session: SqlSession, settings: HandlerSettings) {
  const timeframe = item.timeframe;
  if (timeframe !== '15m' && timeframe !== '1h') throw new InvalidParameterError(`item ${item.id}`, `backfill needs a timeframe of the feature store (15m or 1h), got ${timeframe}`);
  const bySymbol: Record<string, Candles> = {};
  const behind: Record<string, number> = {};
  for (const { symbol } of settings.markets.filter((m) => m.timeframe === timeframe)) {
    const candles = await closedCandles(store, symbol, timeframe, item.dueAt.getTime(), settings.backfillCandles);
    if (candles === null) continue;
    const [stored] = (await session.query<{ ts: Date | null }>(`SELECT max(ts) AS ts FROM ${FEATURE_STORE_TABLES[timeframe]} WHERE symbol = $1`, [symbol])).rows;
    const after = stored?.ts?.getTime() ?? -Infinity;
    const missing = candles.time.filter((t) => t > after).length;
    if (missing === 0) continue;
    bySymbol[symbol] = candles;
    behind[symbol] = missing;
  }
  if (Object.keys(bySymbol).length === 0) return { upToDate: true };
  const frames = await computeFeaturesParallel(bySymbol);
  const batches: FeatureBatch[] = Object.entries(frames).map(([symbol, frame]) => {
    const from = frame.time.length - behind[symbol]!;
    return { symbol, timeframe, frame: { time: frame.time.subarray(from), names: frame.names, columns: frame.columns.map((c) => c.subarray(from)) } };
  });
  await store.upsertFeatures(batches, { method: 'unnest' });
  return { rows: behind, features: frames[Object.keys(frames)[0]!]!.names.length };
}

/**
 * The worker's handlers by work kind.
 *
 * @example
 * ```ts
 * const handlers = workerHandlers({ markets: DEFAULT_MARKETS, backfillCandles: 3000, backupDir: undefined })
 * Object.keys(handlers) // => ['predict', 'features', 'backfill', 'jobs', 'backup']
 * ```
 */
export function workerHandlers(settings: HandlerSettings): Record<string, WorkHandler> {
  const { markets } = settings;
  return {
    predict: (item, { store }) => predictClose(item, store, markets),
    features: (item, { store }) => advanceFeatures(item, store, markets),
    backfill: (item, { store, session }) => backfill(item, store, session, settings),
    jobs: async (item, { store }) => (await store.runDueJobs(item.dueAt)).map((j) => `${j.name}: ${j.lastStatus}`),
    backup: async (item, { store }) => {
      if (settings.backupDir === undefined) throw new InvalidParameterError('--backup-dir', 'a backup item needs a backup directory');
      const { manifest, pruned } = await exportBackup(store, createFsBackupSink(settings.backupDir), { now: item.dueAt });
      return { backup: manifest.id, pruned: pruned.length };
    },
  };
}
