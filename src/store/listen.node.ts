/**
 * The real-time path: a LISTEN helper for the `pg_notify` that the trigger on `indicators.ohlcv_15m` (and `_1h`)
 * issues for every new candle (channel `alpha_v4_ohlcv_15m`, payload `{"symbol", "ts", "table"}`). On PostgreSQL it
 * holds one dedicated connection (LISTEN needs a session: not a transaction pooler) and reconnects with backoff when
 * the connection drops; on PGlite it uses PGlite's in-process `listen`.
 */
import type { Client, ClientConfig } from 'pg';
import { toEpochMs } from '../core/time.js';
import { importPg } from './drivers/optional-peer.node.js';
import { storePgPools } from './drivers/pg.node.js';
import { StoreError } from './errors.js';
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

/** Options of {@link listenForCandles}. */
export interface ListenOptions {
  /** `'15m'` (default) or `'1h'`: the channel `alpha_v4_ohlcv_<timeframe>`. Ignored when `channel` is given. */
  timeframe?: '15m' | '1h';
  /** A channel name (for sources attached with `alpha_v4.attach_candle_notify(table, channel)`). */
  channel?: string;
  onCandle: (candle: CandleNotification) => void | Promise<void>;
  /** Connection problems and malformed payloads (the listener keeps going). */
  onError?: (error: Error) => void;
  /** Reconnect after a dropped connection (default true; PostgreSQL only). */
  reconnect?: boolean;
  /** First reconnect delay in ms, doubled up to 30 s (default 250). */
  retryDelayMs?: number;
}

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

function parse(payload: string | undefined, channel: string): CandleNotification {
  const p = JSON.parse(payload ?? '') as { symbol?: unknown; ts?: unknown; table?: unknown };
  const time = toEpochMs(p.ts);
  if (typeof p.symbol !== 'string' || !Number.isFinite(time)) throw new StoreError('STORE_READ', `malformed candle notification on ${channel}: ${payload}`);
  return { symbol: p.symbol, time, table: String(p.table ?? ''), channel };
}

/**
 * Listens for new candles. Pass a store (PGlite or PostgreSQL), or a connection string / node-postgres client config
 * for a dedicated PostgreSQL connection.
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
  const channel = options.channel ?? `alpha_v4_ohlcv_${options.timeframe ?? '15m'}`;
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new StoreError('STORE_CONFIG', `listenForCandles: not a channel name: ${JSON.stringify(channel)}`);
  const onError = options.onError ?? (() => {});
  const deliver = (payload: string | undefined) => {
    let candle: CandleNotification;
    try {
      candle = parse(payload, channel);
    } catch (e) {
      onError(e as Error);
      return;
    }
    Promise.resolve()
      .then(() => options.onCandle(candle))
      .catch((e: unknown) => onError(e instanceof Error ? e : new Error(String(e))));
  };

  if (typeof target === 'object' && target !== null && 'driver' in target) {
    const pglite = target.driver.pglite;
    if (pglite) {
      const unlisten = await pglite.listen(channel, deliver);
      return {
        channel,
        connections: 1,
        ready: () => Promise.resolve(),
        async close() {
          await unlisten();
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
      onError(e);
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
        onError(e as Error);
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
    throw new StoreError('STORE_READ', `listenForCandles: could not LISTEN on ${channel}: ${(e as Error).message}`, { cause: e });
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
