/**
 * The real-time path: a LISTEN helper for the `pg_notify` that the trigger on `indicators.ohlcv_15m` (and `_1h`)
 * issues for every new candle (channel `alpha_v4_ohlcv_15m`, payload `{"symbol", "ts", "table"}`). On PostgreSQL it
 * holds one dedicated connection (LISTEN needs a session: not a transaction pooler) and reconnects with backoff when
 * the connection drops; on PGlite it uses PGlite's in-process `listen`.
 */
import type { Client, ClientConfig } from 'pg';
import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';
import { toEpochMs } from '../core/time.js';
import { importPg } from './drivers/optional-peer.node.js';
import { storePgPools } from './drivers/pg.node.js';
import { StoreError } from './errors.js';
import { checkQuery, numberIn, oneOf, optionalBoolean, optionalFunction, optionKeys } from './ops/checks.js';
import type { AlphaStore } from './types.js';

/** One notified candle. */
export interface CandleNotification {
  readonly symbol: string;
  /** Candle open time, epoch milliseconds. */
  readonly time: number;
  /** The table the row was inserted into, e.g. `indicators.ohlcv_15m`. */
  readonly table: string;
  /** The channel it came on. */
  readonly channel: string;
}

/**
 * Options of {@link listenForCandles}.
 *
 * Callbacks never stop the listener. A candle handler (`onCandle`) that throws or rejects is reported to `onError`
 * (a thrown non-Error as a `StoreError` `STORE_READ` with the value as `cause`), and the next candle is delivered as
 * usual. An `onError` that itself throws or rejects is caught and reported as a process warning
 * (`process.emitWarning`, type `AlphaV4Warning`, code `ALPHA_V4_LISTEN_ON_ERROR`): it never becomes an uncaught
 * exception or an unhandled rejection, and reconnection goes on. Without `onError`, these failures are ignored.
 */
export interface ListenOptions {
  /** `'15m'` (default) or `'1h'`: the channel `alpha_v4_ohlcv_<timeframe>`. Ignored when `channel` is given. */
  timeframe?: '15m' | '1h';
  /**
   * A channel name: a lowercase identifier of at most 63 characters (for sources attached with
   * `alpha_v4.attach_candle_notify(table, channel)`).
   */
  channel?: string;
  /** Called with each new candle; what it throws or rejects goes to `onError`. */
  onCandle: (candle: CandleNotification) => void | Promise<void>;
  /** Connection problems, malformed payloads and handler failures (the listener keeps going). */
  onError?: (error: Error) => void | Promise<void>;
  /** Reconnect after a dropped connection (default true; PostgreSQL only). */
  reconnect?: boolean;
  /** First reconnect delay in ms, from 1 to 30,000, doubled up to 30 s (default 250). */
  retryDelayMs?: number;
}

const LISTEN_KEYS = optionKeys<ListenOptions>({ timeframe: true, channel: true, onCandle: true, onError: true, reconnect: true, retryDelayMs: true });

/** A running listener. */
export interface CandleListener {
  /** The channel listened on. */
  readonly channel: string;
  /** Resolves once listening (again, after a reconnect). */
  ready(): Promise<void>;
  /** Number of (re)connections made so far (PostgreSQL); 1 on PGlite. */
  readonly connections: number;
  /** Stops listening and closes the dedicated connection. */
  close(): Promise<void>;
}

/** A notification's payload as a candle; a malformed one is a `STORE_READ` error describing it. */
function parse(payload: string | undefined, channel: string): CandleNotification {
  let p: { symbol?: unknown; ts?: unknown; table?: unknown } | null;
  try {
    p = JSON.parse(payload ?? '') as typeof p;
  } catch (e) {
    throw new StoreError('STORE_READ', `malformed candle notification on ${channel}: not JSON (${(e as Error).message}): ${describeValue(payload)}`, { cause: e });
  }
  const time = toEpochMs(p?.ts);
  if (typeof p?.symbol !== 'string' || !Number.isFinite(time)) throw new StoreError('STORE_READ', `malformed candle notification on ${channel}: ${describeValue(payload)}`);
  return { symbol: p.symbol, time, table: String(p.table ?? ''), channel };
}

/** Something thrown, as an Error: an Error as it is, anything else as a `STORE_READ` error with it as `cause`. */
function asError(e: unknown, what: string): Error {
  return e instanceof Error ? e : new StoreError('STORE_READ', `listenForCandles: ${what} threw ${describeValue(e)}`, { cause: e });
}

/**
 * The error reporter of a listener: calls `onError`, and turns whatever `onError` throws or rejects into a process
 * warning, so that reporting never throws (it runs inside event handlers and promise chains).
 */
function reporter(onError: ((error: Error) => void | Promise<void>) | undefined): (e: unknown, what: string) => void {
  const warn = (e: unknown) =>
    process.emitWarning(`listenForCandles: onError failed: ${asError(e, 'onError').message.slice(0, 300)}`, { type: 'AlphaV4Warning', code: 'ALPHA_V4_LISTEN_ON_ERROR' });
  return (e, what) => {
    if (!onError) return;
    try {
      Promise.resolve(onError(asError(e, what))).catch(warn);
    } catch (thrown) {
      warn(thrown);
    }
  };
}

/** Checks the target and options of {@link listenForCandles}; returns the channel. */
function checkListen(target: unknown, options: ListenOptions): string {
  if (!(typeof target === 'string' && target !== '') && (target === null || typeof target !== 'object')) {
    throw new InvalidParameterError('target', `expected a store, a connection string or a pg client config, got ${describeValue(target)}`);
  }
  const driver = (target as { driver?: unknown }).driver;
  if (typeof target === 'object' && 'driver' in target && (driver === null || typeof driver !== 'object')) {
    throw new InvalidParameterError('target.driver', `expected a store's driver, got ${describeValue(driver)}`);
  }
  const o = checkQuery(options, LISTEN_KEYS, 'options');
  if (typeof o.onCandle !== 'function') throw new InvalidParameterError('options.onCandle', `expected a function, got ${describeValue(o.onCandle)}`);
  optionalFunction(o.onError, 'options.onError');
  optionalBoolean(o.reconnect, 'options.reconnect', true);
  if (o.retryDelayMs !== undefined) numberIn(o.retryDelayMs, 'options.retryDelayMs', 1, 30_000);
  const channel = o.channel ?? `alpha_v4_ohlcv_${oneOf(o.timeframe ?? '15m', ['15m', '1h'], 'options.timeframe')}`;
  if (typeof channel !== 'string' || !/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new StoreError('STORE_CONFIG', `listenForCandles: not a channel name: ${describeValue(channel)}`);
  return channel;
}

/**
 * Listens for new candles. Pass a store (PGlite or PostgreSQL), or a connection string / node-postgres client config
 * for a dedicated PostgreSQL connection. The arguments are checked first (`InvalidParameterError`; a bad channel
 * name is `STORE_CONFIG`); how callback failures are handled is said on {@link ListenOptions}.
 *
 * @example
 * ```ts
 * const listener = await listenForCandles(store, { onCandle: (c) => console.log(c.symbol, new Date(c.time)) })
 * await listener.ready()
 * // ... later
 * await listener.close()
 * ```
 */
export async function listenForCandles(target: AlphaStore | string | ClientConfig, options: ListenOptions): Promise<CandleListener> {
  const channel = checkListen(target, options);
  const report = reporter(options.onError);
  const deliver = (payload: string | undefined) => {
    let candle: CandleNotification;
    try {
      candle = parse(payload, channel);
    } catch (e) {
      report(e, 'parsing');
      return;
    }
    Promise.resolve()
      .then(() => options.onCandle(candle))
      .catch((e: unknown) => report(e, 'onCandle'));
  };

  const failed = (e: unknown) => new StoreError('STORE_READ', `listenForCandles: could not LISTEN on ${channel}: ${asError(e, 'connecting').message}`, { cause: e });
  if (typeof target === 'object' && target !== null && 'driver' in target) {
    const pglite = target.driver.pglite;
    if (pglite) {
      const unlisten = await pglite.listen(channel, deliver).catch((e: unknown) => Promise.reject(failed(e)));
      return {
        channel,
        connections: 1,
        ready: () => Promise.resolve(),
        async close() {
          // Closing the store first closes PGlite, and its listeners with it.
          if (!pglite.closed) await unlisten();
        },
      };
    }
  }
  let config: ClientConfig;
  if (typeof target === 'string') config = { connectionString: target };
  else if ('driver' in (target as object)) {
    const store = target as AlphaStore;
    // A dedicated connection with the same settings as the store's pool.
    const pools = storePgPools(store);
    const opts = pools?.monitoring.options;
    if (!opts) throw new StoreError('STORE_CONFIG', 'listenForCandles: cannot tell how to connect from this store; pass a connection string');
    config = { ...opts, application_name: 'alpha_v4:listen' } as ClientConfig;
  } else config = target as ClientConfig;

  const Pg = await importPg();
  let closed = false;
  let client: Client | undefined;
  let connections = 0;
  let delay = options.retryDelayMs ?? 250;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let readyPromise: Promise<void>;
  let resolveReady!: () => void;
  const resetReady = () => {
    readyPromise = new Promise((r) => (resolveReady = r));
  };
  resetReady();

  const connect = async (): Promise<void> => {
    const c = new Pg.Client(config);
    c.on('notification', (n) => {
      if (n.channel === channel) deliver(n.payload);
    });
    c.on('error', (e) => {
      report(e, 'the connection');
      drop(c);
    });
    c.on('end', () => drop(c));
    client = c;
    await c.connect();
    await c.query(`LISTEN ${channel}`);
    connections++;
    delay = options.retryDelayMs ?? 250;
    resolveReady();
  };
  const drop = (c: Client) => {
    if (client !== c) return;
    client = undefined;
    c.end().catch(() => {});
    if (closed || options.reconnect === false) return;
    resetReady();
    schedule();
  };
  const schedule = () => {
    timer = setTimeout(() => {
      timer = undefined;
      if (closed) return;
      const before = client;
      connect().catch((e: unknown) => {
        report(e, 'connecting');
        if (client && client !== before) {
          const c = client;
          client = undefined;
          c.end().catch(() => {});
        }
        delay = Math.min(delay * 2, 30_000);
        if (!closed) schedule();
      });
    }, delay);
  };

  try {
    await connect();
  } catch (e) {
    const c = client;
    client = undefined;
    await c?.end().catch(() => {});
    throw failed(e);
  }
  return {
    channel,
    get connections() {
      return connections;
    },
    ready: () => readyPromise,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = undefined;
      if (c) await c.end().catch(() => {});
    },
  };
}
