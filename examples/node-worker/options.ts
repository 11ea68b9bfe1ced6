/**
 * The worker's settings, from the command line first and the environment second (`--worker-id a` or
 * `WORKER_ID=a`). Every value is checked here: a bad one stops the worker before it connects, naming the flag.
 */
import { hostname } from 'node:os';
import { InvalidParameterError } from '../../src/core/errors.js';
import { DEFAULT_MARKETS, type Market } from '../../src/pipeline/index.js';

/** What the worker runs with. */
export interface WorkerOptions {
  /** PostgreSQL connection string (`--database-url`, `DATABASE_URL`); undefined: the embedded PGlite store. */
  readonly databaseUrl: string | undefined;
  /** PGlite data directory (`--data-dir`, `ALPHA_DATA_DIR`); undefined: in memory. Ignored with a database URL. */
  readonly dataDir: string | undefined;
  /** Names this worker in `done_by` and in the logs (`--worker-id`, `WORKER_ID`; default `<host>-<pid>`). */
  readonly workerId: string;
  /** The markets predicted (`--markets BTC:15m,ETH:1h`, `MARKETS`; default BTC, ETH, SOL at 15m and 1h; `none`). */
  readonly markets: readonly Market[];
  /** A module whose default export adds handlers by work kind (`--handlers`, `WORKER_HANDLERS`). */
  readonly handlersModule: string | undefined;
  /** Idle poll period in ms (`--poll-ms`, default 5000): a candle notification or a schedule wakes the loop sooner. */
  readonly pollMs: number;
  /** How long after a candle close its work is enqueued, in ms (`--close-delay-ms`, default 5000). */
  readonly closeDelayMs: number;
  /** First retry delay of a failed item in ms, doubled per failure (`--retry-ms`, default 5000). */
  readonly retryDelayMs: number;
  /** Runs before an item is given up (`--max-attempts`, default 8: 5 s ... 10.6 min of backoff, within a 15m candle). */
  readonly maxAttempts: number;
  /** Period of the maintenance work where pg_cron is absent, in ms (`--jobs-every-ms`, default 60000; 0: never). */
  readonly jobsEveryMs: number;
  /** Directory of the daily backup (`--backup-dir`, `ALPHA_BACKUP_DIR`); undefined: no backup work. */
  readonly backupDir: string | undefined;
  /** Candles read per symbol by the start-up feature backfill (`--backfill-candles`, default 3000; 0: no backfill). */
  readonly backfillCandles: number;
  /** How long a SIGTERM waits for the item in flight before exiting anyway, in ms (`--grace-ms`, default 60000). */
  readonly graceMs: number;
  /** `--once`: the self-contained demo on the embedded store (simulate, train, run one close's work, exit). */
  readonly once: boolean;
}

/** Flags that take a value, with their environment variable. */
const VALUED: Readonly<Record<string, string | undefined>> = {
  'database-url': 'DATABASE_URL',
  'data-dir': 'ALPHA_DATA_DIR',
  'worker-id': 'WORKER_ID',
  markets: 'MARKETS',
  handlers: 'WORKER_HANDLERS',
  'poll-ms': undefined,
  'close-delay-ms': undefined,
  'retry-ms': undefined,
  'max-attempts': undefined,
  'jobs-every-ms': undefined,
  'backup-dir': 'ALPHA_BACKUP_DIR',
  'backfill-candles': undefined,
  'grace-ms': undefined,
};

/** `--name value` and `--name=value` pairs, and the `--once` switch; an unknown flag is an error. */
function flags(argv: readonly string[]): { values: Map<string, string>; once: boolean } {
  const values = new Map<string, string>();
  let once = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    if (m === null) throw new InvalidParameterError('argv', `expected --flag value, got ${JSON.stringify(arg)}`);
    const [, name, inline] = m as unknown as [string, string, string | undefined];
    if (name === 'once') {
      once = true;
      continue;
    }
    if (!(name in VALUED)) throw new InvalidParameterError(`--${name}`, `unknown flag (known: --once, ${Object.keys(VALUED).map((k) => `--${k}`).join(', ')})`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new InvalidParameterError(`--${name}`, 'expects a value');
    values.set(name, value);
  }
  return { values, once };
}

/** An integer flag in [min, max]. */
function integer(text: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new InvalidParameterError(`--${name}`, `expected an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
  return n;
}

/**
 * `BTC:15m,ETH:1h` as markets (`none`: no market; the feature store has 15m and 1h).
 *
 * @example
 * ```ts
 * parseMarkets('BTC:15m,ETH:1h') // => [{ symbol: 'BTC', timeframe: '15m' }, { symbol: 'ETH', timeframe: '1h' }]
 * ```
 */
export function parseMarkets(text: string): Market[] {
  if (text === 'none') return [];
  return text.split(',').map((part) => {
    const m = /^([^:\s]+):(15m|1h)$/.exec(part.trim());
    if (m === null) throw new InvalidParameterError('--markets', `expected SYMBOL:15m or SYMBOL:1h, comma separated (or none), got ${JSON.stringify(part)}`);
    return { symbol: m[1]!, timeframe: m[2] as Market['timeframe'] };
  });
}

/**
 * The worker's options from `argv` (without node and the script) and `env`.
 *
 * @example
 * ```ts
 * parseOptions(['--worker-id', 'a', '--markets', 'BTC:15m'], {}).markets // => [{ symbol: 'BTC', timeframe: '15m' }]
 * parseOptions(['--poll-ms', 'soon'], {})                                // throws InvalidParameterError '--poll-ms: ...'
 * ```
 */
export function parseOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): WorkerOptions {
  const { values, once } = flags(argv);
  const get = (name: string): string | undefined => {
    const envName = VALUED[name];
    const v = values.get(name) ?? (envName === undefined ? undefined : env[envName]);
    return v === '' ? undefined : v;
  };
  const workerId = get('worker-id') ?? `${hostname()}-${process.pid}`;
  if (workerId.length > 200 || /[\u0000-\u001f]/.test(workerId)) throw new InvalidParameterError('--worker-id', 'expected at most 200 printable characters');
  const markets = get('markets');
  return {
    databaseUrl: get('database-url'),
    dataDir: get('data-dir'),
    workerId,
    markets: markets === undefined ? DEFAULT_MARKETS : parseMarkets(markets),
    handlersModule: get('handlers'),
    pollMs: integer(get('poll-ms'), 'poll-ms', 5000, 10, 3_600_000),
    closeDelayMs: integer(get('close-delay-ms'), 'close-delay-ms', 5000, 0, 600_000),
    retryDelayMs: integer(get('retry-ms'), 'retry-ms', 5000, 0, 86_400_000),
    maxAttempts: integer(get('max-attempts'), 'max-attempts', 8, 1, 1000),
    jobsEveryMs: integer(get('jobs-every-ms'), 'jobs-every-ms', 60_000, 0, 86_400_000),
    backupDir: get('backup-dir'),
    backfillCandles: integer(get('backfill-candles'), 'backfill-candles', 3000, 0, 1_000_000),
    graceMs: integer(get('grace-ms'), 'grace-ms', 60_000, 0, 3_600_000),
    once,
  };
}
