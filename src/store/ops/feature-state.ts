/**
 * Feature-stream state: a serialized `FeatureStream` per (symbol, timeframe, key), saved after each candle so that
 * the pipeline resumes without replaying history. Its `ts` never moves backwards.
 */
import { parseTimeframe } from '../../core/timeframe.js';
import { StoreError } from '../errors.js';
import { timestampText } from '../literals.js';
import type { StoreTimeframe } from '../schema.js';
import { checkQuery, optionKeys, requireSymbol, requireText, requireTime } from './checks.js';
import { OPERATION_POOLS, type StoreContext } from './context.js';
import { jsonObjectText } from './json-check.js';

/** Which state: a market and the caller's identifier of the feature list (e.g. a hash of the model's feature names). */
export interface FeatureStateKey {
  symbol: string;
  timeframe: StoreTimeframe;
  /** 1 to 128 printable characters. */
  key: string;
}

/** A state to save with `AlphaStore.saveFeatureState`. */
export interface FeatureStateInput extends FeatureStateKey {
  /** Open time of the last candle the state has seen. */
  ts: Date | number | string;
  /** The serialized stream (`FeatureStream.toJSON()`): a plain JSON object. */
  state: unknown;
}

/** A stored state, as `AlphaStore.loadFeatureState` returns it. */
export interface StoredFeatureState {
  /** Open time of the last candle the state has seen. */
  readonly ts: Date;
  /** The state as saved (parsed JSON). */
  readonly state: unknown;
  readonly updatedAt: Date;
}

const KEY_KEYS = optionKeys<FeatureStateKey>({ symbol: true, timeframe: true, key: true });
const INPUT_KEYS = optionKeys<FeatureStateInput>({ symbol: true, timeframe: true, key: true, ts: true, state: true });
/** Longest key: room for a hex SHA-512 and a prefix. */
const MAX_KEY = 128;

/** Checks a state's key (only the keys of `known`); returns its query parameters. */
function checkKey(input: FeatureStateKey, known: readonly string[]): [string, StoreTimeframe, string] {
  checkQuery(input, known, 'input');
  return [requireSymbol(input.symbol, 'input.symbol'), parseTimeframe(input.timeframe, 'input.timeframe'), requireText(input.key, 'input.key', MAX_KEY)];
}

/**
 * Saves (upserts) the feature-stream state of a key. A `ts` older than the stored one is refused with
 * `STORE_CONFLICT` (nothing written): a stale writer can never move the state backwards; the same `ts` replaces it.
 *
 * @example
 * ```ts
 * await saveFeatureState(ctx, { symbol: 'BTC', timeframe: '15m', key: 'a1b2', ts: candle.time, state: stream.toJSON() })
 * await saveFeatureState(ctx, { symbol: 'BTC', timeframe: '15m', key: 'a1b2', ts: candle.time - 900_000, state })
 * // throws StoreError STORE_CONFLICT 'saveFeatureState BTC 15m a1b2: the stored state has seen ... (newer than ts ...)'
 * ```
 */
export async function saveFeatureState(ctx: StoreContext, input: FeatureStateInput): Promise<void> {
  const [symbol, timeframe, key] = checkKey(input, INPUT_KEYS);
  const ts = timestampText(requireTime(input.ts, 'input.ts'));
  const state = jsonObjectText(input.state, 'input.state');
  const what = `saveFeatureState ${symbol} ${timeframe} ${key}`;
  await ctx.run(OPERATION_POOLS.saveFeatureState, what, 'STORE_WRITE', async (s) => {
    const r = await s.query<{ ts: Date }>(
      `INSERT INTO alpha_v4.feature_stream_state AS f (symbol, timeframe, key, ts, state, updated_at)
       VALUES ($1, $2, $3, $4::timestamptz, $5::jsonb, now())
       ON CONFLICT (symbol, timeframe, key) DO UPDATE SET ts = EXCLUDED.ts, state = EXCLUDED.state, updated_at = EXCLUDED.updated_at
       WHERE f.ts <= EXCLUDED.ts
       RETURNING f.ts`,
      [symbol, timeframe, key, ts, state],
    );
    if (r.rowCount === 0) {
      const stored = await s.query<{ ts: Date }>('SELECT ts FROM alpha_v4.feature_stream_state WHERE symbol = $1 AND timeframe = $2 AND key = $3', [symbol, timeframe, key]);
      throw new StoreError('STORE_CONFLICT', `${what}: the stored state has seen candles up to ${stored.rows[0]!.ts.toISOString()}, newer than ts ${ts}; reload it instead of saving`);
    }
  });
}

/**
 * The stored feature-stream state of a key, or null.
 *
 * @example
 * ```ts
 * const saved = await loadFeatureState(ctx, { symbol: 'BTC', timeframe: '15m', key: 'a1b2' })
 * saved?.ts // => Date of the last candle the state has seen
 * ```
 */
export async function loadFeatureState(ctx: StoreContext, input: FeatureStateKey): Promise<StoredFeatureState | null> {
  const params = checkKey(input, KEY_KEYS);
  const r = await ctx.run(OPERATION_POOLS.loadFeatureState, `loadFeatureState ${params.join(' ')}`, 'STORE_READ', (s) =>
    s.query<{ ts: Date; state: unknown; updated_at: Date }>(
      'SELECT ts, state, updated_at FROM alpha_v4.feature_stream_state WHERE symbol = $1 AND timeframe = $2 AND key = $3',
      params,
    ),
  );
  const row = r.rows[0];
  if (!row) return null;
  return { ts: row.ts, state: typeof row.state === 'string' ? JSON.parse(row.state) : row.state, updatedAt: row.updated_at };
}
