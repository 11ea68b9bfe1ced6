/**
 * The worker's moving parts over one store: what it enqueues (a candle close's predictions, a new candle's features,
 * the start-up backfill, maintenance, backups), the LISTEN that hears new candles, the timers aligned on candle
 * closes, and the loop that claims and does one item at a time until it is told to stop.
 *
 * Every worker enqueues the same work (the same close, the same candle) and the queue keeps one copy of it, so any
 * number of workers on any number of machines share the work without talking to each other.
 */
import { timeframeMs, type Timeframe } from '../../src/core/timeframe.js';
import { listenForCandles, type CandleListener, type CandleNotification } from '../../src/node.js';
import type { Market } from '../../src/pipeline/index.js';
import { enqueueWork, runNextWork, type AlphaStore, type WorkHandler, type WorkItemInput, type WorkResult } from '../../src/store/index.js';
import { every, lastClose } from './closes.js';
import type { WorkerOptions } from './options.js';

/** One line of the worker's log: an event and what to say about it. */
export type Log = (event: string, detail?: string) => void;

/** The worker over a store (see {@link createWorker}). */
export interface Worker {
  /** Enqueues the work of the close `close` of `timeframe`: one `predict` item per market of that timeframe. */
  enqueueClose(timeframe: Timeframe, close: number): Promise<void>;
  /** Enqueues the start-up work: one `backfill` item per timeframe, for the latest close. */
  enqueueStartup(): Promise<void>;
  /** Enqueues the maintenance (`jobs`) item of time `at`. */
  enqueueJobs(at: number): Promise<void>;
  /** Listens for new candles of the markets' timeframes: each enqueues its market's `features` item. */
  listen(): Promise<void>;
  /** Claims and does one item (logged); null when none is due. Never throws: a failure is logged. */
  step(): Promise<WorkResult | null>;
  /** Arms the timers (closes, maintenance where pg_cron is absent, daily backup) and loops until {@link stop}. */
  run(options: { pgCron: boolean }): Promise<void>;
  /** Stops claiming, lets the item in flight finish, then stops the timers and the listeners. */
  stop(): Promise<void>;
}

/** What a worker needs besides the store and its options. */
export interface WorkerContext {
  readonly handlers: Readonly<Record<string, WorkHandler>>;
  readonly log: Log;
  /** Epoch milliseconds now (default `Date.now`; the demo runs on a simulated clock). */
  readonly clock?: () => number;
}

const DAY_MS = 86_400_000;

/** A short summary of a handler's result or error for the log. */
function summary(value: unknown): string {
  const text = value instanceof Error ? `${value.name}: ${value.message}` : JSON.stringify(value) ?? 'undefined';
  return text.length > 400 ? `${text.slice(0, 397)}...` : text;
}

/** The log line of one run. */
function describeRun(r: WorkResult, ms: number): string {
  const { id, kind, symbol, timeframe, dueAt, attempts, status } = r.item;
  const what = `#${id} ${kind}${symbol ? ` ${symbol}` : ''}${timeframe ? ` ${timeframe}` : ''} due ${dueAt.toISOString()} in ${ms.toFixed(0)} ms`;
  return r.outcome === 'done' ? `${what}: ${summary(r.value)}` : `${what}: attempt ${attempts} failed (${status === 'failed' ? 'given up' : 'will retry'}): ${summary(r.error)}`;
}

/**
 * A worker over `store` (see {@link Worker}). It claims with `runNextWork` (its handlers' kinds only, the clock as
 * `now`), and it is woken early when it enqueues something.
 *
 * @example
 * ```ts
 * const worker = createWorker(store, options, { handlers, log: console.log })
 * await worker.listen()
 * void worker.run({ pgCron: false })
 * process.once('SIGTERM', () => worker.stop())
 * ```
 */
export function createWorker(store: AlphaStore, options: WorkerOptions, context: WorkerContext): Worker {
  const { handlers, log } = context;
  const clock = context.clock ?? Date.now;
  // The feature store's timeframes: the markets are 15m or 1h (see parseMarkets).
  const timeframes = [...new Set(options.markets.map((m) => m.timeframe as '15m' | '1h'))];
  const listeners: CandleListener[] = [];
  const timers: (() => void)[] = [];
  let stopping = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  let woken = false;

  const wake = () => {
    if (wakeUp) wakeUp();
    else woken = true;
  };
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken || stopping) {
        woken = false;
        resolve();
        return;
      }
      const done = () => {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakeUp = done;
    });
  const enqueue = async (what: string, items: WorkItemInput[]) => {
    try {
      const r = await enqueueWork(store, items);
      if (r.enqueued > 0) {
        log('enqueued', `${what}: ${r.enqueued} new, ${r.skipped} already queued`);
        wake();
      }
    } catch (e) {
      log('error', `enqueue ${what}: ${summary(e)}`);
    }
  };
  const marketsOf = (timeframe: Timeframe): readonly Market[] => options.markets.filter((m) => m.timeframe === timeframe);
  const onCandle = (c: CandleNotification, timeframe: Timeframe) => {
    const interval = timeframeMs(timeframe);
    const close = c.time + interval;
    // A history load inserts old candles: only a candle that closes now or later is live.
    if (close < clock() - 2 * interval || !marketsOf(timeframe).some((m) => m.symbol === c.symbol)) return;
    return enqueue(`candle ${c.symbol} ${timeframe} ${new Date(c.time).toISOString()}`, [{ kind: 'features', symbol: c.symbol, timeframe, dueAt: close }]);
  };

  const worker: Worker = {
    enqueueClose: (timeframe, close) =>
      enqueue(`close ${timeframe} ${new Date(close).toISOString()}`, marketsOf(timeframe).map((m) => ({ kind: 'predict', symbol: m.symbol, timeframe, dueAt: close }))),
    enqueueStartup: () =>
      options.backfillCandles > 0 ? enqueue('start-up backfill', timeframes.map((timeframe) => ({ kind: 'backfill', timeframe, dueAt: lastClose(clock(), timeframe) }))) : Promise.resolve(),
    enqueueJobs: (at) => enqueue(`maintenance ${new Date(at).toISOString()}`, [{ kind: 'jobs', dueAt: at }]),
    async listen() {
      for (const timeframe of timeframes) {
        listeners.push(await listenForCandles(store, { timeframe, onCandle: (c) => onCandle(c, timeframe), onError: (e) => log('error', `listen ${timeframe}: ${e.message}`) }));
      }
      await Promise.all(listeners.map((l) => l.ready()));
    },
    async step() {
      const t0 = performance.now();
      try {
        const r = await runNextWork(store, options.workerId, handlers, { now: clock(), retryDelayMs: options.retryDelayMs, maxAttempts: options.maxAttempts });
        if (r !== null) log(r.outcome, describeRun(r, performance.now() - t0));
        return r;
      } catch (e) {
        log('error', `claim: ${summary(e)}`);
        return null;
      }
    },
    run({ pgCron }) {
      for (const timeframe of timeframes) timers.push(every(timeframeMs(timeframe), options.closeDelayMs, clock, (close) => void worker.enqueueClose(timeframe, close)));
      if (!pgCron && options.jobsEveryMs > 0) timers.push(every(options.jobsEveryMs, 0, clock, (at) => void worker.enqueueJobs(at)));
      if (options.backupDir !== undefined) timers.push(every(DAY_MS, options.closeDelayMs, clock, (at) => void enqueue('daily backup', [{ kind: 'backup', dueAt: at }])));
      loop ??= (async () => {
        while (!stopping) {
          // An item done: look for the next at once; none due, or a failure: wait for the poll or a wake-up.
          if ((await worker.step()) === null) await pause(options.pollMs);
        }
      })();
      return loop;
    },
    async stop() {
      stopping = true;
      wake();
      await loop;
      for (const stopTimer of timers.splice(0)) stopTimer();
      for (const l of listeners.splice(0)) await l.close();
    },
  };
  return worker;
}
