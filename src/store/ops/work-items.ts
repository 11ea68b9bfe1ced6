/**
 * The rows of the work queue (`alpha_v4.work_items`): what a caller enqueues, what a worker is handed, and the
 * checks of both before anything reaches the database.
 */
import { AlphaError, InvalidParameterError } from '../../core/errors.js';
import { describeValue } from '../../core/describe.js';
import { checkOptions } from '../../core/options.js';
import { parseTimeframe } from '../../core/timeframe.js';
import { textArray, timestampText } from '../literals.js';
import type { JsonObject, StoreTimeframe } from '../schema.js';
import { requireSymbol, requireTime } from './checks.js';
import { jsonObjectText } from './json-check.js';

/** Where a work item stands: waiting (or being retried), done once, or given up after its last allowed attempt. */
export type WorkStatus = 'pending' | 'done' | 'failed';

/** One unit of work to enqueue. The same (kind, symbol, timeframe, dueAt) is enqueued once, whoever asks again. */
export interface WorkItemInput {
  /** What to do: a lowercase identifier (`^[a-z][a-z0-9_]{0,62}$`) the workers' handlers are keyed by. */
  kind: string;
  /** The market's symbol, or null / absent for work that is no market's. */
  symbol?: string | null;
  /** The market's timeframe, or null / absent. */
  timeframe?: StoreTimeframe | null;
  /** When the work is for (a candle close): items are claimed in this order, and not before it. */
  dueAt: Date | number | string;
  /** What the handler needs besides the key (default `{}`): a plain JSON object. */
  payload?: JsonObject;
}

/** A work item as stored. */
export interface WorkItem {
  readonly id: number;
  readonly kind: string;
  readonly symbol: string | null;
  readonly timeframe: StoreTimeframe | null;
  readonly dueAt: Date;
  /** Not claimed before this time: `dueAt` at first, later after each failure (the retry backoff). */
  readonly availableAt: Date;
  readonly payload: JsonObject;
  readonly status: WorkStatus;
  /** Runs that ended, failed or done (a run killed mid-job rolled back and left no trace). */
  readonly attempts: number;
  /** The error of the last failed run, or null. */
  readonly lastError: string | null;
  /** The worker of the last run that ended, or null. */
  readonly claimedBy: string | null;
  readonly doneAt: Date | null;
  readonly doneBy: string | null;
}

/** A row of alpha_v4.work_items as the drivers return it (`bigint` id as a string or a number). */
export interface WorkRow {
  id: string | number;
  kind: string;
  symbol: string | null;
  timeframe: StoreTimeframe | null;
  due_at: Date;
  available_at: Date;
  payload: JsonObject;
  status: WorkStatus;
  attempts: number;
  last_error: string | null;
  claimed_by: string | null;
  done_at: Date | null;
  done_by: string | null;
}

/** The enqueue's columns, as array parameters of one `unnest` statement. */
export interface WorkColumns {
  readonly count: number;
  /** `text[]`, `text[]`, `text[]`, `timestamptz[]` and `jsonb[]` literals. */
  readonly params: readonly [string, string, string, string, string];
}

const KIND = /^[a-z][a-z0-9_]{0,62}$/;
const INPUT_KEYS = ['kind', 'symbol', 'timeframe', 'dueAt', 'payload'];
/** Longest error text kept in `last_error`. */
const MAX_ERROR = 2000;

/**
 * A stored row as a {@link WorkItem} (the id as a number: identities stay far below 2^53).
 *
 * @example
 * ```ts
 * toWorkItem({ id: '7', kind: 'predict', attempts: 0, ... }).id // => 7
 * ```
 */
export function toWorkItem(r: WorkRow): WorkItem {
  return Object.freeze({
    id: Number(r.id),
    kind: r.kind,
    symbol: r.symbol,
    timeframe: r.timeframe,
    dueAt: r.due_at,
    availableAt: r.available_at,
    payload: r.payload,
    status: r.status,
    attempts: Number(r.attempts),
    lastError: r.last_error,
    claimedBy: r.claimed_by,
    doneAt: r.done_at,
    doneBy: r.done_by,
  });
}

/**
 * `kind` when it is a work kind: a lowercase identifier of 1 to 63 characters, a letter first.
 *
 * @example
 * ```ts
 * requireKind('predict', 'kind') // => 'predict'
 * requireKind('Predict', 'kind') // throws InvalidParameterError 'kind: expected a lowercase identifier ...'
 * ```
 */
export function requireKind(kind: unknown, name: string): string {
  if (typeof kind !== 'string' || !KIND.test(kind)) {
    throw new InvalidParameterError(name, `expected a lowercase identifier (a letter, then letters, digits or _; at most 63 characters), got ${describeValue(kind)}`);
  }
  return kind;
}

/**
 * Checks the items of an enqueue and lays them out as the columns of one `unnest` insert. Each item must be an
 * object of the {@link WorkItemInput} keys: a kind (see {@link requireKind}), a symbol (1 to 64 printable
 * characters) or null, a timeframe or null, a due time in the store's range, a plain JSON object payload. Errors
 * name the element (`items[3].dueAt`).
 *
 * @example
 * ```ts
 * workColumns([{ kind: 'predict', symbol: 'BTC', timeframe: '15m', dueAt: 0 }]).count // => 1
 * workColumns([{ kind: 'predict', dueAt: 'soon' }])                                    // throws InvalidParameterError 'items[0].dueAt: ...'
 * ```
 */
export function workColumns(items: unknown): WorkColumns {
  if (!Array.isArray(items)) throw new InvalidParameterError('items', `expected an array of work items, got ${describeValue(items)}`);
  const kinds: string[] = [];
  const symbols: (string | null)[] = [];
  const timeframes: (string | null)[] = [];
  const due: string[] = [];
  const payloads: string[] = [];
  items.forEach((item: unknown, i) => {
    const at = `items[${i}]`;
    if (item === undefined) throw new InvalidParameterError(at, 'expected { kind, dueAt, ... }, got undefined');
    const o = checkOptions(item as Partial<WorkItemInput>, INPUT_KEYS, at);
    kinds.push(requireKind(o.kind, `${at}.kind`));
    symbols.push(o.symbol === undefined || o.symbol === null ? null : requireSymbol(o.symbol, `${at}.symbol`));
    timeframes.push(o.timeframe === undefined || o.timeframe === null ? null : parseTimeframe(o.timeframe, `${at}.timeframe`));
    due.push(timestampText(requireTime(o.dueAt, `${at}.dueAt`)));
    payloads.push(o.payload === undefined ? '{}' : jsonObjectText(o.payload, `${at}.payload`));
  });
  return { count: items.length, params: [textArray(kinds), textArray(symbols), textArray(timeframes), textArray(due), textArray(payloads)] };
}

/**
 * What a handler threw, as the text kept in `last_error`: an AlphaError as `CODE: message`, another Error as its
 * message, anything else described; at most 2000 characters, without NUL (text cannot hold it).
 *
 * @example
 * ```ts
 * errorText(new InvalidParameterError('x', 'bad')) // => 'INVALID_PARAMETER: x: bad'
 * errorText(42)                                     // => 'threw 42'
 * ```
 */
export function errorText(error: unknown): string {
  const text = error instanceof AlphaError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message || error.name : `threw ${describeValue(error)}`;
  return text.replace(/\u0000/g, '\uFFFD').slice(0, MAX_ERROR);
}
