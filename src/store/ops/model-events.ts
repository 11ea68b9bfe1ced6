/**
 * Model events: what happened to the model serving a market (activations, load and checksum failures, prediction
 * errors, NaN outputs, fallbacks, recoveries), recorded in `alpha_v4.model_events` and read back newest first.
 */
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import { parseTimeframe } from '../../core/timeframe.js';
import type { SqlSession } from '../drivers/driver.js';
import { MODEL_EVENT_KINDS, type ModelEventKind, type StoreTimeframe } from '../schema.js';
import { checkQuery, oneOf, optionKeys, positiveInt, requireSymbol, timeParam, UNPAIRED_SURROGATE } from './checks.js';
import { OPERATION_POOLS, type StoreContext } from './context.js';

/** An event to record with `AlphaStore.recordModelEvent`. */
export interface ModelEventInput {
  symbol: string;
  timeframe: StoreTimeframe;
  kind: ModelEventKind;
  /** The version that failed, or that was activated (null or absent when none is known). */
  version?: number | null;
  /** The version serving after the event; null or absent when nothing could serve. */
  servedVersion?: number | null;
  /** Free text, e.g. the error message: at most 4,000 characters, no NUL or unpaired surrogate (never truncated). */
  detail?: string | null;
  /**
   * When it happened; default the database's clock as the event is inserted (`clock_timestamp()`, not the transaction's
   * start: an activation that waited for another one's lock is recorded after it).
   */
  at?: Date | number | string;
}

/** A recorded model event. */
export interface ModelEvent {
  readonly id: number;
  readonly symbol: string;
  readonly timeframe: StoreTimeframe;
  readonly at: Date;
  readonly kind: ModelEventKind;
  readonly version: number | null;
  readonly servedVersion: number | null;
  readonly detail: string | null;
}

/** A query of `AlphaStore.readModelEvents`: every filter optional. */
export interface ModelEventQuery {
  symbol?: string;
  timeframe?: StoreTimeframe;
  /** Events at or after this time. */
  since?: Date | number | string;
  /** At most this many, newest first (default 100, at most 10,000). */
  limit?: number;
}

const INPUT_KEYS = optionKeys<ModelEventInput>({ symbol: true, timeframe: true, kind: true, version: true, servedVersion: true, detail: true, at: true });
const QUERY_KEYS = optionKeys<ModelEventQuery>({ symbol: true, timeframe: true, since: true, limit: true });
const MAX_DETAIL = 4000;
const MAX_LIMIT = 10_000;
const EVENT_COLUMNS = 'id, symbol, timeframe, at, kind, version, served_version, detail';

/** A model event checked and encoded as the parameters of {@link insertModelEvent}. */
export type CheckedModelEvent = readonly [symbol: string, timeframe: StoreTimeframe, kind: ModelEventKind, version: number | null, served: number | null, detail: string | null, at: string | null];

/** A version field: null when absent, else a positive int4. */
function optionalVersion(v: unknown, name: string): number | null {
  return v === undefined || v === null ? null : positiveInt(v, name);
}

/** The detail field: null when absent, else text PostgreSQL keeps as given. */
function checkDetail(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw new InvalidParameterError('input.detail', `expected a string or null, got ${describeValue(v)}`);
  if (v.length > MAX_DETAIL) throw new InvalidParameterError('input.detail', `${v.length} characters, at most ${MAX_DETAIL} (shorten it: it is never truncated)`);
  if (v.includes('\u0000') || UNPAIRED_SURROGATE.test(v)) throw new InvalidParameterError('input.detail', 'contains a NUL character or an unpaired surrogate');
  return v;
}

/**
 * Checks a model event (only its keys; errors name the field): a symbol, a timeframe, one of
 * {@link MODEL_EVENT_KINDS}, versions positive int4 or null, the detail, the time.
 *
 * @example
 * ```ts
 * checkModelEvent({ symbol: 'BTC', timeframe: '15m', kind: 'fallback', version: 3, servedVersion: 2 })
 * // => ['BTC', '15m', 'fallback', 3, 2, null, null]
 * ```
 */
export function checkModelEvent(input: ModelEventInput): CheckedModelEvent {
  checkQuery(input, INPUT_KEYS, 'input');
  return [
    requireSymbol(input.symbol, 'input.symbol'),
    parseTimeframe(input.timeframe, 'input.timeframe'),
    oneOf(input.kind, MODEL_EVENT_KINDS, 'input.kind'),
    optionalVersion(input.version, 'input.version'),
    optionalVersion(input.servedVersion, 'input.servedVersion'),
    checkDetail(input.detail),
    timeParam(input.at, 'input.at'),
  ];
}

/** A model_events row as the drivers return it. */
interface EventRow {
  id: string | number;
  symbol: string;
  timeframe: StoreTimeframe;
  at: Date;
  kind: ModelEventKind;
  version: number | null;
  served_version: number | null;
  detail: string | null;
}

function toModelEvent(r: EventRow): ModelEvent {
  return { id: Number(r.id), symbol: r.symbol, timeframe: r.timeframe, at: r.at, kind: r.kind, version: r.version, servedVersion: r.served_version, detail: r.detail };
}

/**
 * Inserts a checked event through a session (inside its transaction, e.g. with an activation); returns it stored.
 * Without a time it is stamped `clock_timestamp()`, so that events of transactions serialized by a lock read back in
 * the order they happened.
 *
 * @example
 * ```ts
 * await driver.transaction('training', (s) => insertModelEvent(s, checkModelEvent({ symbol: 'BTC', timeframe: '15m', kind: 'activated', version: 2 })))
 * // => { id: 1, symbol: 'BTC', timeframe: '15m', kind: 'activated', version: 2, servedVersion: null, ... }
 * ```
 */
export async function insertModelEvent(s: SqlSession, e: CheckedModelEvent): Promise<ModelEvent> {
  const r = await s.query<EventRow>(
    `INSERT INTO alpha_v4.model_events (symbol, timeframe, kind, version, served_version, detail, at)
     VALUES ($1, $2, $3, $4, $5, $6, coalesce($7::timestamptz, clock_timestamp())) RETURNING ${EVENT_COLUMNS}`,
    e,
  );
  return toModelEvent(r.rows[0]!);
}

/**
 * Records a model event.
 *
 * @example
 * ```ts
 * (await recordModelEvent(ctx, { symbol: 'BTC', timeframe: '15m', kind: 'load_error', version: 3, servedVersion: 2, detail: 'bad magic' })).kind
 * // => 'load_error'
 * ```
 */
export async function recordModelEvent(ctx: StoreContext, input: ModelEventInput): Promise<ModelEvent> {
  const e = checkModelEvent(input);
  return ctx.run(OPERATION_POOLS.recordModelEvent, `recordModelEvent ${e[0]} ${e[1]} ${e[2]}`, 'STORE_WRITE', (s) => insertModelEvent(s, e));
}

/**
 * Model events, newest first (by time, then by id), filtered by symbol, timeframe and time.
 *
 * @example
 * ```ts
 * (await readModelEvents(ctx, { symbol: 'BTC', limit: 2 })).map((e) => e.kind) // => ['recovered', 'fallback']
 * ```
 */
export async function readModelEvents(ctx: StoreContext, query: ModelEventQuery = {}): Promise<ModelEvent[]> {
  checkQuery(query, QUERY_KEYS);
  const where: string[] = [];
  const params: unknown[] = [];
  const filter = (sql: string, value: unknown) => {
    params.push(value);
    where.push(`${sql} $${params.length}`);
  };
  if (query.symbol !== undefined) filter('symbol =', requireSymbol(query.symbol, 'query.symbol'));
  if (query.timeframe !== undefined) filter('timeframe =', parseTimeframe(query.timeframe, 'query.timeframe'));
  if (query.since !== undefined) filter('at >=', timeParam(query.since, 'query.since'));
  const limit = positiveInt(query.limit ?? 100, 'query.limit', MAX_LIMIT);
  const text = `SELECT ${EVENT_COLUMNS} FROM alpha_v4.model_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ${limit}`;
  const r = await ctx.run(OPERATION_POOLS.readModelEvents, 'readModelEvents', 'STORE_READ', (s) => s.query<EventRow>(text, params));
  return r.rows.map(toModelEvent);
}
