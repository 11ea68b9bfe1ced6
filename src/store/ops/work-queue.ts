/**
 * The work queue: work shared by any number of workers on any number of machines through the database itself
 * (`alpha_v4.work_items`). `enqueueWork` adds items once per (kind, symbol, timeframe, due time); `runNextWork` claims
 * one due item with `SELECT ... FOR UPDATE SKIP LOCKED` and does it in the claiming transaction, so that the work's
 * writes and the item's `done` mark commit together, and a worker that dies mid-job leaves the item pending.
 */
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import { checkOptions } from '../../core/options.js';
import { createStore } from '../create-store.js';
import type { SqlSession } from '../drivers/driver.js';
import { sessionDriver, type SessionDriver } from '../drivers/session-driver.js';
import { storeError } from '../errors.js';
import { textArray } from '../literals.js';
import type { AlphaStore } from '../types.js';
import { numberIn, optionKeys, positiveInt, requireText, timeParam } from './checks.js';
import { OPERATION_POOLS } from './context.js';
import { errorText, requireKind, toWorkItem, workColumns, type WorkItem, type WorkItemInput, type WorkRow } from './work-items.js';

/** What {@link enqueueWork} did. */
export interface EnqueueResult {
  /** Items added. */
  readonly enqueued: number;
  /** Items already in the queue (whatever their status), or given twice: left as they were. */
  readonly skipped: number;
}

/** What a handler is given besides its item. */
export interface WorkContext {
  /** The store, bound to the claiming transaction: its operations commit or roll back with the claim. */
  readonly store: AlphaStore;
  /** The claiming transaction's session, for direct SQL (queued with the bound store's operations). */
  readonly session: SqlSession;
  /** The worker running the item. */
  readonly workerId: string;
}

/** Does one kind of work. What it returns is handed back in {@link WorkResult.value}; what it throws fails the run. */
export type WorkHandler = (item: WorkItem, context: WorkContext) => unknown;

/** Options of {@link runNextWork}. An unknown key is an `InvalidParameterError`. */
export interface RunWorkOptions {
  /** The clock: items available by then are due (default the database's `now()`). */
  now?: Date | number | string;
  /** Runs an item gets before it is marked 'failed' (default 5). */
  maxAttempts?: number;
  /** Delay before the first retry, doubled after each further failure, at most a day (default 60,000 ms). */
  retryDelayMs?: number;
}

/** What one run of {@link runNextWork} did. */
export interface WorkResult {
  /** The item as stored after the run. */
  readonly item: WorkItem;
  /** 'done': this run did it; 'error': the handler threw (`item.status` says 'pending' for a retry, or 'failed'). */
  readonly outcome: 'done' | 'error';
  /** The handler's result when done. */
  readonly value?: unknown;
  /** What the handler threw. */
  readonly error?: unknown;
}

/** The pool the queue runs on: its work is mostly predictions. */
const RUN_KEYS = optionKeys<RunWorkOptions>({ now: true, maxAttempts: true, retryDelayMs: true });
const DAY_MS = 86_400_000;

const ENQUEUE = `INSERT INTO alpha_v4.work_items (kind, symbol, timeframe, due_at, available_at, payload)
  SELECT k, s, t, d, d, p FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::jsonb[]) AS u(k, s, t, d, p)
  ON CONFLICT ON CONSTRAINT work_items_once DO NOTHING`;
const CLAIM = `SELECT * FROM alpha_v4.work_items
  WHERE status = 'pending' AND available_at <= coalesce($1::timestamptz, now()) AND kind = ANY($2::text[])
  ORDER BY due_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`;
const DONE = `UPDATE alpha_v4.work_items SET status = 'done', attempts = attempts + 1, claimed_by = $2, done_by = $2,
  done_at = clock_timestamp() WHERE id = $1 RETURNING *`;
/** A failed run: counted, its error kept, retried after the backoff or, at the last allowed attempt, given up. */
const FAIL = `UPDATE alpha_v4.work_items SET attempts = attempts + 1, last_error = $2, claimed_by = $3,
  status = CASE WHEN attempts + 1 >= $4 THEN 'failed' ELSE 'pending' END,
  available_at = coalesce($5::timestamptz, now()) + make_interval(secs => least($6::float8 * 2 ^ attempts, ${DAY_MS}) / 1000)
  WHERE id = $1 AND status = 'pending' RETURNING *`;

/** Checks that `store` is an {@link AlphaStore} (a driver with transactions, candle sources). */
function checkStore(store: unknown): asserts store is AlphaStore {
  const s = store as Partial<AlphaStore> | null;
  if (s === null || typeof s !== 'object' || typeof s.driver?.transaction !== 'function' || typeof s.sources !== 'object') {
    throw new InvalidParameterError('store', `expected an AlphaStore, got ${describeValue(store)}`);
  }
}

/**
 * Adds work items, once each: an item whose (kind, symbol, timeframe, dueAt) is already queued (pending, done or
 * failed), or listed twice, is skipped, so that every worker may enqueue the work of a candle close and it is still
 * done once. One statement (`unnest`), one transaction. Items are checked first (`InvalidParameterError` naming the
 * element, e.g. `items[2].kind`); nothing is written when one is bad. An empty list writes nothing.
 *
 * @example
 * ```ts
 * const close = Date.parse('2025-03-01T10:15Z')
 * await enqueueWork(store, [{ kind: 'predict', symbol: 'BTC', timeframe: '15m', dueAt: close }]) // => { enqueued: 1, skipped: 0 }
 * await enqueueWork(store, [{ kind: 'predict', symbol: 'BTC', timeframe: '15m', dueAt: close }]) // => { enqueued: 0, skipped: 1 }
 * ```
 */
export async function enqueueWork(store: AlphaStore, items: readonly WorkItemInput[]): Promise<EnqueueResult> {
  checkStore(store);
  const { count, params } = workColumns(items);
  if (count === 0) return { enqueued: 0, skipped: 0 };
  const r = await store.driver.transaction(OPERATION_POOLS.enqueueWork, (s) => s.query(ENQUEUE, params)).catch((e: unknown) => Promise.reject(storeError('STORE_WRITE', 'enqueueWork', e)));
  return { enqueued: r.rowCount, skipped: count - r.rowCount };
}

/** The handlers, checked: a non-empty record of functions keyed by work kind. */
function checkHandlers(handlers: unknown): Readonly<Record<string, WorkHandler>> {
  if (handlers === null || typeof handlers !== 'object' || Array.isArray(handlers) || Object.keys(handlers).length === 0) {
    throw new InvalidParameterError('handlers', `expected a non-empty record of handlers by work kind, got ${describeValue(handlers)}`);
  }
  for (const [kind, handler] of Object.entries(handlers)) {
    requireKind(kind, `handlers.${kind.slice(0, 63)}`);
    if (typeof handler !== 'function') throw new InvalidParameterError(`handlers.${kind}`, `expected a function, got ${describeValue(handler)}`);
  }
  return handlers as Readonly<Record<string, WorkHandler>>;
}

/** The store bound to the claiming transaction, reading the same candle sources as `store`. */
function boundStore(store: AlphaStore, driver: SessionDriver): AlphaStore {
  return createStore(driver, { sources: { live: { ...store.sources.live }, history: { ...store.sources.history } }, migrations: [] });
}

/**
 * Claims one due item of a kind `handlers` can do and does it, in ONE transaction (on the 'inference' pool):
 *
 * 1. **Claim**: the pending item with the earliest `due_at` (then id) whose `available_at` has come (by `now`), of a
 *    kind in `handlers`, `SELECT ... FOR UPDATE SKIP LOCKED`: items other workers hold are skipped, never waited for,
 *    so two workers never get the same item. None: resolves to null.
 * 2. **Work**: `handlers[kind](item, { store, session, workerId })` runs with the store bound to this transaction
 *    (its writes commit or roll back with the claim; on PGlite, one connection, the base store must not be used
 *    meanwhile: it would wait for this transaction).
 * 3. **Done**: status 'done', attempts + 1, `done_by` = `claimed_by` = `workerId`, `done_at`; then COMMIT.
 *
 * **A handler that throws**: its writes are rolled back (to a savepoint taken after the claim), then the run is
 * recorded by a statement of its own in the same transaction: attempts + 1, `last_error`, `claimed_by`, and either
 * status 'failed' (attempts reached `maxAttempts`) or a retry no earlier than now + `retryDelayMs` x 2^(attempts - 1)
 * (at most a day). When that transaction cannot go on (its connection died), the run is recorded in a transaction
 * of its own. Resolves to `{ item, outcome: 'error', error }`: the handler's error is reported, not thrown.
 *
 * **A worker killed mid-job**: its transaction rolls back (the server sees the connection close), the lock goes,
 * and the item is pending as before, for the next worker to claim; the killed run is not counted.
 *
 * Arguments are checked first (`InvalidParameterError`: `store`, `workerId` 1 to 200 printable characters,
 * `handlers` a non-empty record of functions keyed by kind, the options); a database failure is a `StoreError`
 * `STORE_WRITE`.
 *
 * @example
 * ```ts
 * const r = await runNextWork(store, 'worker-1', {
 *   predict: (item, { store }) => predict({ store, symbol: item.symbol!, timeframe: item.timeframe!, now: item.dueAt, write: true }),
 * })
 * r?.outcome      // => 'done' (null when nothing was due)
 * r?.item.doneBy  // => 'worker-1'
 * ```
 */
export async function runNextWork(store: AlphaStore, workerId: string, handlers: Readonly<Record<string, WorkHandler>>, options?: RunWorkOptions): Promise<WorkResult | null> {
  checkStore(store);
  const worker = requireText(workerId, 'workerId', 200);
  const byKind = checkHandlers(handlers);
  const o = checkOptions(options, RUN_KEYS, 'options');
  const now = timeParam(o.now, 'options.now');
  const maxAttempts = positiveInt(o.maxAttempts ?? 5, 'options.maxAttempts');
  const retryDelayMs = numberIn(o.retryDelayMs ?? 60_000, 'options.retryDelayMs', 0, DAY_MS);
  const kinds = textArray(Object.keys(byKind));
  const fail = (s: SqlSession, item: WorkItem, error: unknown) => s.query<WorkRow>(FAIL, [item.id, errorText(error), worker, maxAttempts, now, retryDelayMs]);

  let failed: { item: WorkItem; error: unknown } | undefined;
  try {
    return await store.driver.transaction(OPERATION_POOLS.runNextWork, async (s): Promise<WorkResult | null> => {
      const claimed = await s.query<WorkRow>(CLAIM, [now, kinds]);
      if (claimed.rows.length === 0) return null;
      const item = toWorkItem(claimed.rows[0]!);
      await s.query('SAVEPOINT alpha_v4_work');
      const bound = sessionDriver(s, store.driver);
      let value: unknown;
      try {
        value = await byKind[item.kind]!(item, { store: boundStore(store, bound), session: bound.session, workerId: worker });
      } catch (error) {
        failed = { item, error };
      } finally {
        await bound.destroy();
      }
      if (failed !== undefined) {
        await s.query('ROLLBACK TO SAVEPOINT alpha_v4_work');
        const r = await fail(s, item, failed.error);
        return { item: toWorkItem(r.rows[0]!), outcome: 'error', error: failed.error };
      }
      const done = await s.query<WorkRow>(DONE, [item.id, worker]);
      return { item: toWorkItem(done.rows[0]!), outcome: 'done', value };
    });
  } catch (e) {
    if (failed === undefined) throw storeError('STORE_WRITE', 'runNextWork', e);
    // The claiming transaction could not record the failure: record it on its own (unless another worker did the item since).
    const { item, error } = failed;
    const r = await store.driver
      .transaction(OPERATION_POOLS.runNextWork, async (s) => (await fail(s, item, error)).rows[0] ?? (await s.query<WorkRow>('SELECT * FROM alpha_v4.work_items WHERE id = $1', [item.id])).rows[0]!)
      .catch((e2: unknown) => Promise.reject(storeError('STORE_WRITE', 'runNextWork (recording a failed run)', e2)));
    return { item: toWorkItem(r), outcome: 'error', error };
  }
}
