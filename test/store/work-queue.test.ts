/**
 * The work queue on PGlite and PostgreSQL 15: enqueuing is idempotent, items are claimed by due time and only once
 * due, a handler's writes (direct SQL and store operations through the bound store) commit with the claim or roll
 * back with its error, the error is recorded and the item retried after the backoff, and given up after the last
 * attempt. On PostgreSQL: two stores (two pools) claiming at once never get the same item (SKIP LOCKED: a held item
 * is skipped, not waited for), and a connection that dies mid-job leaves the item pending with the run recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/core/errors.js';
import { enqueueWork, runNextWork, StoreError, type AlphaStore, type WorkHandler, type WorkItem } from '../../src/store/index.js';
import { createPostgresStore } from '../../src/store/index.node.js';
import { engines } from '../support/engines.js';

const T0 = Date.UTC(2025, 0, 6, 12); // a Monday noon
const M15 = 900_000;
const DAY = 86_400_000;

/** A promise's rejection reason (or a failure when it resolves). */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => expect.unreachable('the call succeeded'),
    (e: unknown) => e,
  );
}

/** Runs raw SQL through the store's own transaction API. */
async function sql<R = Record<string, unknown>>(store: AlphaStore, text: string, params: unknown[] = []): Promise<R[]> {
  return store.driver.transaction('monitoring', async (s) => (await s.query<R>(text, params)).rows);
}

/** The stored rows of a kind, in id order, as plain values. */
async function items(store: AlphaStore, kind: string): Promise<{ id: number; status: string; attempts: number; done_by: string | null; claimed_by: string | null; last_error: string | null; available_at: Date }[]> {
  const rows = await sql<Record<string, unknown>>(store, 'SELECT id, status, attempts, done_by, claimed_by, last_error, available_at FROM alpha_v4.work_items WHERE kind = $1 ORDER BY id', [kind]);
  return rows.map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts) }) as never);
}

/** Runs items of `handlers` until none is due; returns the results in order (at most `limit` runs). */
async function drain(store: AlphaStore, worker: string, handlers: Record<string, WorkHandler>, now: number, limit = 100) {
  const out = [];
  for (let i = 0; i < limit; i++) {
    const r = await runNextWork(store, worker, handlers, { now });
    if (r === null) break;
    out.push(r);
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const engine of engines('work_queue')) {
  describe(`the work queue on ${engine.name}`, () => {
    let store: AlphaStore;

    beforeAll(async () => {
      store = await engine.open();
      await sql(store, 'CREATE TABLE public.wq_effects (item bigint NOT NULL, worker text NOT NULL, note text)');
    }, 300_000);

    afterAll(async () => {
      await engine.dispose();
    }, 120_000);

    it('enqueues each (kind, symbol, timeframe, due time) once: twice in a batch, again later, or without a market', async () => {
      const close = T0 + M15;
      const batch = [
        { kind: 'idem', symbol: 'BTC', timeframe: '15m' as const, dueAt: close, payload: { horizon: 4, tags: ['a', 'b'] } },
        { kind: 'idem', symbol: 'BTC', timeframe: '15m' as const, dueAt: new Date(close).toISOString() },
        { kind: 'idem', symbol: 'ETH', timeframe: '15m' as const, dueAt: close },
        { kind: 'idem', dueAt: new Date(close) },
        { kind: 'idem', symbol: null, timeframe: null, dueAt: close },
      ];
      expect(await enqueueWork(store, batch)).toEqual({ enqueued: 3, skipped: 2 });
      expect(await enqueueWork(store, batch.slice(2))).toEqual({ enqueued: 0, skipped: 3 });
      expect(await enqueueWork(store, [])).toEqual({ enqueued: 0, skipped: 0 });
      const rows = await sql<{ symbol: string | null; timeframe: string | null; due_at: Date; available_at: Date; payload: unknown; status: string; attempts: number }>(
        store,
        `SELECT symbol, timeframe, due_at, available_at, payload, status, attempts FROM alpha_v4.work_items WHERE kind = 'idem' ORDER BY id`,
      );
      expect(rows.map((r) => [r.symbol, r.timeframe, r.due_at.getTime(), r.available_at.getTime(), r.status, Number(r.attempts)])).toEqual([
        ['BTC', '15m', close, close, 'pending', 0],
        ['ETH', '15m', close, close, 'pending', 0],
        [null, null, close, close, 'pending', 0],
      ]);
      expect(rows[0]!.payload).toEqual({ horizon: 4, tags: ['a', 'b'] });
      expect(rows[1]!.payload).toEqual({});
      // Done work is not enqueued again either.
      await drain(store, 'w1', { idem: () => 'ok' }, close);
      expect(await enqueueWork(store, batch)).toEqual({ enqueued: 0, skipped: 5 });
      expect((await items(store, 'idem')).map((r) => r.status)).toEqual(['done', 'done', 'done']);
    });

    it('claims by due time (then id), only items already due, only kinds the worker handles', async () => {
      const dues = [T0 + 3 * M15, T0 + M15, T0 + 2 * M15, T0 + M15, T0 + 9 * M15];
      await enqueueWork(store, dues.map((dueAt, i) => ({ kind: 'order', symbol: `S${i}`, dueAt })));
      await enqueueWork(store, [{ kind: 'other', dueAt: T0 }]);
      const seen: WorkItem[] = [];
      const results = await drain(store, 'w1', { order: (item) => void seen.push(item) }, T0 + 3 * M15);
      // Due by T0 + 3 intervals: S1 and S3 (same due time, by id), S2, S0; S4 is due later; 'other' has no handler.
      expect(seen.map((i) => i.symbol)).toEqual(['S1', 'S3', 'S2', 'S0']);
      expect(seen.every((i) => i.status === 'pending' && i.attempts === 0 && i.doneBy === null)).toBe(true);
      expect(results.map((r) => [r.outcome, r.item.status, r.item.attempts, r.item.doneBy, r.item.claimedBy])).toEqual(Array(4).fill(['done', 'done', 1, 'w1', 'w1']));
      expect(results.every((r) => r.item.doneAt instanceof Date)).toBe(true);
      expect(await runNextWork(store, 'w1', { order: () => undefined }, { now: T0 + 3 * M15 })).toBeNull();
      const later = await runNextWork(store, 'w1', { order: (item) => item.symbol }, { now: T0 + 9 * M15 });
      expect([later!.item.symbol, later!.value]).toEqual(['S4', 'S4']);
      expect((await items(store, 'other'))[0]!.status).toBe('pending');
      await drain(store, 'w1', { other: () => undefined }, T0);
    });

    it("commits a handler's writes with the claim: direct SQL and the bound store's operations", async () => {
      await enqueueWork(store, [{ kind: 'writes', symbol: 'BTC', timeframe: '15m', dueAt: T0 }]);
      const r = await runNextWork(store, 'w1', {
        writes: async (item, { store: bound, session, workerId }) => {
          await session.query('INSERT INTO public.wq_effects (item, worker, note) VALUES ($1, $2, $3)', [item.id, workerId, 'sql']);
          // Concurrent operations of the bound store are queued on the one transaction.
          await Promise.all([
            bound.recordModelEvent({ symbol: 'WQ', timeframe: '15m', kind: 'fallback', version: 2, servedVersion: 1, detail: `item ${item.id}` }),
            bound.saveFeatureState({ symbol: 'WQ', timeframe: '15m', key: 'k', ts: T0, state: { n: 1 } }),
          ]);
          // A store operation that fails inside the handler rolls back alone (its savepoint); the transaction goes on.
          const conflict = await rejection(bound.saveFeatureState({ symbol: 'WQ', timeframe: '15m', key: 'k', ts: T0 - M15, state: { n: 0 } }));
          expect(conflict).toBeInstanceOf(StoreError);
          expect((conflict as StoreError).code).toBe('STORE_CONFLICT');
          // kysely through the bound store sees this transaction's item (claimed, still pending here).
          const mine = await bound.db.selectFrom('alpha_v4.work_items').select(['status']).where('id', '=', item.id).executeTakeFirstOrThrow();
          return mine.status;
        },
      });
      expect([r!.outcome, r!.value, r!.item.status]).toEqual(['done', 'pending', 'done']);
      expect(await sql(store, 'SELECT worker, note FROM public.wq_effects WHERE item = $1', [r!.item.id])).toEqual([{ worker: 'w1', note: 'sql' }]);
      expect((await store.readModelEvents({ symbol: 'WQ' })).map((e) => e.detail)).toEqual([`item ${r!.item.id}`]);
      expect((await store.loadFeatureState({ symbol: 'WQ', timeframe: '15m', key: 'k' }))!.state).toEqual({ n: 1 });
    });

    it('rolls back the writes of a handler that throws, records the run, retries after the backoff, and then does it once', async () => {
      await enqueueWork(store, [{ kind: 'flaky', symbol: 'ETH', dueAt: T0 }]);
      let calls = 0;
      const flaky: WorkHandler = async (item, { store: bound, session }) => {
        calls++;
        await session.query('INSERT INTO public.wq_effects (item, worker, note) VALUES ($1, $2, $3)', [item.id, 'flaky', `call ${calls}`]);
        await bound.recordModelEvent({ symbol: 'FLAKY', timeframe: '1h', kind: 'load_error', detail: `call ${calls}` });
        if (calls === 1) throw new InvalidParameterError('feed', 'the exchange sent nothing');
        return calls;
      };
      const now = T0 + 60_000;
      const first = await runNextWork(store, 'w2', { flaky }, { now, retryDelayMs: 30_000 });
      expect(first!.outcome).toBe('error');
      expect(first!.error).toBeInstanceOf(InvalidParameterError);
      expect([first!.item.status, first!.item.attempts, first!.item.claimedBy, first!.item.doneBy]).toEqual(['pending', 1, 'w2', null]);
      expect(first!.item.lastError).toBe('INVALID_PARAMETER: feed: the exchange sent nothing');
      expect(first!.item.availableAt.getTime()).toBe(now + 30_000);
      const id = first!.item.id;
      expect(await sql(store, 'SELECT note FROM public.wq_effects WHERE item = $1', [id])).toEqual([]);
      expect(await store.readModelEvents({ symbol: 'FLAKY' })).toEqual([]);
      // Not before the backoff; then done, once.
      expect(await runNextWork(store, 'w3', { flaky }, { now: now + 29_999 })).toBeNull();
      const second = await runNextWork(store, 'w3', { flaky }, { now: now + 30_000 });
      expect([second!.outcome, second!.value, second!.item.status, second!.item.attempts, second!.item.doneBy]).toEqual(['done', 2, 'done', 2, 'w3']);
      expect(second!.item.lastError).toBe('INVALID_PARAMETER: feed: the exchange sent nothing');
      expect(await sql(store, 'SELECT note FROM public.wq_effects WHERE item = $1', [id])).toEqual([{ note: 'call 2' }]);
      expect((await store.readModelEvents({ symbol: 'FLAKY' })).map((e) => e.detail)).toEqual(['call 2']);
      expect(await runNextWork(store, 'w3', { flaky }, { now: now + DAY })).toBeNull();
    });

    it("rolls back an operation the handler left running when it threw (the binding waits for it before rolling back)", async () => {
      await enqueueWork(store, [{ kind: 'leaky', dueAt: T0 }]);
      let left: Promise<unknown> | undefined;
      const r = await runNextWork(store, 'w1', {
        leaky: async (item, { store: bound }) => {
          left = bound.driver.transaction('inference', async (s) => {
            await s.query('SELECT pg_sleep(0.1)');
            await s.query('INSERT INTO public.wq_effects (item, worker, note) VALUES ($1, $2, $3)', [item.id, 'w1', 'left running']);
          });
          await sleep(20);
          throw new InvalidParameterError('leaky', 'gave up early');
        },
      }, { now: T0 });
      await left;
      expect([r!.outcome, r!.item.status, r!.item.attempts]).toEqual(['error', 'pending', 1]);
      expect(await sql(store, `SELECT item FROM public.wq_effects WHERE note = 'left running'`)).toEqual([]);
    });

    it('doubles the backoff after each failure and gives up at maxAttempts (a thrown non-Error described)', async () => {
      await enqueueWork(store, [{ kind: 'doomed', dueAt: T0 }]);
      const doomed = () => Promise.reject(42);
      let now = T0;
      const delays: number[] = [];
      for (let k = 0; k < 3; k++) {
        const r = await runNextWork(store, 'w1', { doomed }, { now, retryDelayMs: 1000, maxAttempts: 3 });
        expect(r!.outcome).toBe('error');
        delays.push(r!.item.availableAt.getTime() - now);
        now = r!.item.availableAt.getTime();
      }
      const [row] = await items(store, 'doomed');
      expect(delays.slice(0, 2)).toEqual([1000, 2000]);
      expect([row!.status, row!.attempts, row!.last_error, row!.done_by]).toEqual(['failed', 3, 'threw 42', null]);
      expect(await runNextWork(store, 'w1', { doomed }, { now: now + DAY })).toBeNull();
    });

    it('refuses what a store bound to the transaction cannot do: a kysely transaction of its own', async () => {
      await enqueueWork(store, [{ kind: 'nested', dueAt: T0 }]);
      const r = await runNextWork(store, 'w1', { nested: ({ id }, { store: bound }) => bound.db.transaction().execute(async () => id) }, { now: T0 });
      expect(r!.outcome).toBe('error');
      expect(r!.error).toBeInstanceOf(StoreError);
      expect((r!.error as StoreError).code).toBe('STORE_UNSUPPORTED');
      expect(r!.item.lastError).toMatch(/^STORE_UNSUPPORTED: a kysely transaction: a store bound to one transaction runs inside it/);
    });

    describe('bad arguments, each refused before the database is asked', () => {
      const cases: [string, () => Promise<unknown>, string, RegExp][] = [
        ['items not an array', () => enqueueWork(store, { kind: 'x' } as never), 'items', /expected an array of work items/],
        ['an item not an object', () => enqueueWork(store, [null] as never), 'items[0]', /expected an options object, got null/],
        ['an unknown item field', () => enqueueWork(store, [{ kind: 'x', dueAt: T0, due: T0 }] as never), 'items[0].due', /unknown option \(known: kind, symbol, timeframe, dueAt, payload\)/],
        ['a kind that is no lowercase identifier', () => enqueueWork(store, [{ kind: 'Predict', dueAt: T0 }]), 'items[0].kind', /expected a lowercase identifier .*got "Predict"/],
        ['an empty symbol', () => enqueueWork(store, [{ kind: 'x', symbol: '', dueAt: T0 }]), 'items[0].symbol', /expected a non-empty string/],
        ['an unknown timeframe', () => enqueueWork(store, [{ kind: 'x', timeframe: '2h' as never, dueAt: T0 }]), 'items[0].timeframe', /expected one of 1m, 5m, 15m, 30m, 1h, 4h, 1d, got "2h"/],
        ['a due time that is no time', () => enqueueWork(store, [{ kind: 'x', dueAt: 'soon' }]), 'items[0].dueAt', /expected a Date, epoch milliseconds or an ISO-8601 string/],
        ['a due time out of range', () => enqueueWork(store, [{ kind: 'x', dueAt: 1e20 }]), 'items[0].dueAt', /outside the times the store holds/],
        ['a payload that JSON would change', () => enqueueWork(store, [{ kind: 'x', dueAt: T0, payload: { p: Number.NaN } }]), 'items[0].payload.p', /NaN is not a finite number/],
        ['a payload that is no object', () => enqueueWork(store, [{ kind: 'x', dueAt: T0, payload: [1] as never }]), 'items[0].payload', /expected a plain JSON object/],
        ['enqueue on no store', () => enqueueWork({} as never, []), 'store', /expected an AlphaStore/],
        ['run on no store', () => runNextWork(null as never, 'w', { x: () => 0 }), 'store', /expected an AlphaStore, got null/],
        ['an empty worker id', () => runNextWork(store, '', { x: () => 0 }), 'workerId', /expected a non-empty string/],
        ['a worker id over 200 characters', () => runNextWork(store, 'w'.repeat(201), { x: () => 0 }), 'workerId', /longer than 200 characters/],
        ['no handlers', () => runNextWork(store, 'w', {}), 'handlers', /expected a non-empty record of handlers by work kind/],
        ['a handler that is no function', () => runNextWork(store, 'w', { x: 'run' as never }), 'handlers.x', /expected a function, got "run"/],
        ['a handler under a bad kind', () => runNextWork(store, 'w', { 'bad kind': () => 0 }), 'handlers.bad kind', /expected a lowercase identifier/],
        ['an unknown option', () => runNextWork(store, 'w', { x: () => 0 }, { retries: 3 } as never), 'options.retries', /unknown option \(known: now, maxAttempts, retryDelayMs\)/],
        ['maxAttempts 0', () => runNextWork(store, 'w', { x: () => 0 }, { maxAttempts: 0 }), 'options.maxAttempts', /expected an integer from 1 to 2147483647, got 0/],
        ['a negative retry delay', () => runNextWork(store, 'w', { x: () => 0 }, { retryDelayMs: -1 }), 'options.retryDelayMs', /expected a number from 0 to 86400000, got -1/],
        ['a clock that is no time', () => runNextWork(store, 'w', { x: () => 0 }, { now: 'later' }), 'options.now', /expected a Date, epoch milliseconds or an ISO-8601 string/],
      ];
      for (const [what, call, parameter, message] of cases) {
        it(what, async () => {
          const before = await sql<{ n: string | number }>(store, 'SELECT count(*) AS n FROM alpha_v4.work_items');
          const e = await rejection(call());
          expect(e).toBeInstanceOf(InvalidParameterError);
          expect((e as InvalidParameterError).code).toBe('INVALID_PARAMETER');
          expect((e as InvalidParameterError).parameter).toBe(parameter);
          expect((e as Error).message).toMatch(message);
          expect(await sql<{ n: string | number }>(store, 'SELECT count(*) AS n FROM alpha_v4.work_items')).toEqual(before);
        });
      }
    });

    if (engine.name === 'postgres') {
      it('gives two stores claiming at once different items: a held item is skipped, not waited for', async () => {
        const other = await createPostgresStore(engine.url(store), { pool: { max: 2 } });
        try {
          await enqueueWork(store, [{ kind: 'held', symbol: 'A', dueAt: T0 }, { kind: 'held', symbol: 'B', dueAt: T0 + 1 }]);
          let release!: () => void;
          const gate = new Promise<void>((r) => (release = r));
          let started!: () => void;
          const holding = new Promise<void>((r) => (started = r));
          const first = runNextWork(store, 'holder', { held: async (item) => (started(), await gate, item.symbol) }, { now: T0 + M15 });
          await holding;
          // The first item is held: the other store gets the second at once, then nothing (not a wait).
          const second = await runNextWork(other, 'other', { held: (item) => item.symbol }, { now: T0 + M15 });
          expect([second!.value, second!.item.doneBy]).toEqual(['B', 'other']);
          expect(await runNextWork(other, 'other', { held: (item) => item.symbol }, { now: T0 + M15 })).toBeNull();
          release();
          expect((await first)!.value).toBe('A');
        } finally {
          await other.close();
        }
      });

      it('does 40 items once each with two stores draining concurrently, both doing some', async () => {
        const other = await createPostgresStore(engine.url(store), { pool: { max: 2 } });
        try {
          await enqueueWork(store, Array.from({ length: 40 }, (_, i) => ({ kind: 'bulk', symbol: `S${i}`, dueAt: T0 + i })));
          const calls: number[] = [];
          const handler: WorkHandler = async (item, { session, workerId }) => {
            calls.push(item.id);
            await session.query('INSERT INTO public.wq_effects (item, worker, note) VALUES ($1, $2, $3)', [item.id, workerId, 'bulk']);
            await sleep(5);
          };
          await Promise.all([drain(store, 'left', { bulk: handler }, T0 + M15), drain(other, 'right', { bulk: handler }, T0 + M15)]);
          const rows = await items(store, 'bulk');
          expect(rows).toHaveLength(40);
          expect(rows.every((r) => r.status === 'done' && r.attempts === 1)).toBe(true);
          expect(new Set(calls).size).toBe(40);
          expect(calls).toHaveLength(40);
          const effects = await sql<{ item: string; worker: string }>(store, `SELECT item, worker FROM public.wq_effects WHERE note = 'bulk'`);
          expect(effects).toHaveLength(40);
          expect(new Set(effects.map((e) => Number(e.item))).size).toBe(40);
          const byDone = new Map(rows.map((r) => [r.id, r.done_by]));
          expect(effects.every((e) => byDone.get(Number(e.item)) === e.worker)).toBe(true);
          expect(new Set(rows.map((r) => r.done_by))).toEqual(new Set(['left', 'right']));
        } finally {
          await other.close();
        }
      });

      it('records the run on a transaction of its own when the connection dies mid-job, and leaves the item pending', async () => {
        const killer = await engine.connect(store);
        try {
          await enqueueWork(store, [{ kind: 'severed', dueAt: T0 }]);
          const r = await runNextWork(
            store,
            'w1',
            {
              severed: async (item, { session }) => {
                await session.query('INSERT INTO public.wq_effects (item, worker, note) VALUES ($1, $2, $3)', [item.id, 'w1', 'severed']);
                const pid = await session.backendPid();
                await killer.query('SELECT pg_terminate_backend($1)', [pid]);
                await session.query('SELECT 1');
              },
            },
            { now: T0, retryDelayMs: 0 },
          );
          expect(r!.outcome).toBe('error');
          expect([r!.item.status, r!.item.attempts, r!.item.claimedBy]).toEqual(['pending', 1, 'w1']);
          // The server says it terminated the connection, or the client, having seen that first, refuses the query.
          expect(r!.item.lastError).toMatch(/terminat|connection error/i);
          expect(await sql(store, `SELECT item FROM public.wq_effects WHERE note = 'severed'`)).toEqual([]);
          const again = await runNextWork(store, 'w2', { severed: () => 'ok' }, { now: T0 });
          expect([again!.value, again!.item.status, again!.item.attempts, again!.item.doneBy]).toEqual(['ok', 'done', 2, 'w2']);
        } finally {
          await killer.end();
        }
      });
    }
  });
}

