/**
 * What the prediction pipeline needs from the store, on PGlite and PostgreSQL 15: candle ingest (`writeCandles`),
 * the feature-stream state, model events (and the 'activated' event of `activateModel`), and, on PostgreSQL, two
 * connections activating versions of one market concurrently. The performance log is in pipeline-performance.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sliceCandles } from '../../src/core/candles.js';
import { CandleValidationError, InvalidParameterError } from '../../src/core/errors.js';
import type { Candle, Candles } from '../../src/core/types.js';
import { createFeatureStream, restoreFeatureStream } from '../../src/features/index.js';
import { createStore, StoreError, type AlphaStore } from '../../src/store/index.js';
import { createPostgresStore } from '../../src/store/index.node.js';
import { engines } from '../support/engines.js';
import { candles, modelBinary } from './fixtures.js';

const T0 = Date.UTC(2025, 0, 6); // a Monday
const M15 = 900_000;

/** Candle i of columnar candles as an object. */
const at = (c: Candles, i: number): Candle => ({ time: c.time[i]!, open: c.open[i]!, high: c.high[i]!, low: c.low[i]!, close: c.close[i]!, volume: c.volume[i]! });

/** A promise's rejection reason (or a failure when it resolves). */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => expect.unreachable('the call succeeded'),
    (e: unknown) => e,
  );
}

/** Runs raw SQL through the store's own transaction API. */
async function sql(store: AlphaStore, text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  return store.driver.transaction('monitoring', async (s) => (await s.query<Record<string, unknown>>(text, params)).rows);
}

/** The stored candles of a symbol in a table, as [ms, open, high, low, close, volume] rows. */
async function stored(store: AlphaStore, table: string, symbol: string): Promise<number[][]> {
  const rows = await sql(store, `SELECT ts, open, high, low, close, volume FROM ${table} WHERE symbol = $1 ORDER BY ts`, [symbol]);
  return rows.map((r) => [(r.ts as Date).getTime(), r.open, r.high, r.low, r.close, r.volume] as number[]);
}

/** Columnar candles as the rows {@link stored} returns. */
const asRows = (c: Candles) => Array.from(c.time, (t, i) => [t, c.open[i]!, c.high[i]!, c.low[i]!, c.close[i]!, c.volume[i]!]);

for (const engine of engines('pipeline_ops')) {
  describe(`pipeline store operations on ${engine.name}`, () => {
    let store: AlphaStore;

    beforeAll(async () => {
      store = await engine.open();
    }, 300_000);

    afterAll(async () => {
      await engine.dispose();
    }, 120_000);

    describe('writeCandles', () => {
      for (const method of ['copy', 'unnest'] as const) {
        it(`upserts columnar candles on (symbol, ts): a retry changes nothing, a corrected candle updates (${method})`, async () => {
          const symbol = `ING_${method}`;
          const c = candles(symbol, 300, T0, '15m', 21);
          const first = await store.writeCandles({ symbol, timeframe: '15m', candles: c, method });
          expect(first).toEqual({ rows: 300, inserted: 300, updated: 0, unchanged: 0, method, tables: [{ table: 'indicators.ohlcv_15m', inserted: 300, updated: 0, unchanged: 0 }] });
          expect(await stored(store, 'indicators.ohlcv_15m', symbol)).toEqual(asRows(c));
          const back = await store.readCandles({ symbol, timeframe: '15m' });
          expect(Array.from(back.close)).toEqual(Array.from(c.close));

          const retry = await store.writeCandles({ symbol, timeframe: '15m', candles: c, method });
          expect([retry.inserted, retry.updated, retry.unchanged]).toEqual([0, 0, 300]);

          // The last candle corrected (a higher close and high), one new candle after it.
          const fixed = { ...at(c, 299), close: c.close[299]! * 1.01, high: Math.max(c.high[299]!, c.close[299]! * 1.01) };
          const next = { time: c.time[299]! + M15, open: fixed.close, high: fixed.close + 1, low: fixed.close - 1, close: fixed.close, volume: 3 };
          const r = await store.writeCandles({ symbol, timeframe: '15m', candles: [at(c, 298), fixed, next], method });
          expect([r.rows, r.inserted, r.updated, r.unchanged]).toEqual([3, 1, 1, 1]);
          const last = (await stored(store, 'indicators.ohlcv_15m', symbol)).slice(-3);
          expect(last).toEqual([asRows(c)[298], Object.values(fixed), Object.values(next)]);
        });
      }

      it("writes Candle objects with gaps into the live and the history table ('both'), counted per table", async () => {
        const c = candles('GAPPY', 40, T0, '15m', 22);
        const rows = Array.from({ length: 40 }, (_, i) => at(c, i)).filter((_, i) => i % 7 !== 3); // 6 gaps
        await store.writeCandles({ symbol: 'GAPPY', timeframe: '15m', candles: rows.slice(0, 10), target: 'history' });
        const r = await store.writeCandles({ symbol: 'GAPPY', timeframe: '15m', candles: rows, target: 'both' });
        expect(r.tables).toEqual([
          { table: 'indicators.ohlcv_15m', inserted: rows.length, updated: 0, unchanged: 0 },
          { table: 'training.spot_15m', inserted: rows.length - 10, updated: 0, unchanged: 10 },
        ]);
        expect([r.rows, r.inserted, r.updated, r.unchanged]).toEqual([rows.length, 2 * rows.length - 10, 0, 10]);
        const expected = rows.map((x) => [x.time, x.open, x.high, x.low, x.close, x.volume]);
        expect(await stored(store, 'indicators.ohlcv_15m', 'GAPPY')).toEqual(expected);
        expect(await stored(store, 'training.spot_15m', 'GAPPY')).toEqual(expected);
      });

      it('a candle with high < low rejects the whole call with the CandleValidationError, nothing written', async () => {
        const c = candles('BADHL', 20, T0, '15m', 23);
        const bad = sliceCandles(c);
        bad.high[12] = bad.low[12]! - 1;
        for (const method of ['copy', 'unnest'] as const) {
          const e = await rejection(store.writeCandles({ symbol: 'BADHL', timeframe: '15m', candles: bad, target: 'both', method }));
          expect(e).toBeInstanceOf(CandleValidationError);
          expect((e as CandleValidationError).code).toBe('CANDLE_VALIDATION');
          expect((e as CandleValidationError).issues.map((i) => [i.row, i.reason])).toContainEqual([12, 'high_below_low']);
          expect((e as Error).message).toMatch(/row 12 high/);
        }
        expect(await stored(store, 'indicators.ohlcv_15m', 'BADHL')).toEqual([]);
        expect(await stored(store, 'training.spot_15m', 'BADHL')).toEqual([]);
      });

      it('checks the grid against the timeframe: a 15m candle off the grid is rejected', async () => {
        const c = candles('GRID', 5, T0, '15m', 24);
        const e = await rejection(store.writeCandles({ symbol: 'GRID', timeframe: '1h', candles: c }));
        expect(e).toBeInstanceOf(CandleValidationError);
        expect((e as CandleValidationError).issues[0]!.reason).toBe('off_grid');
      });

      it('an unknown timeframe is an InvalidParameterError naming input.timeframe', async () => {
        const e = await rejection(store.writeCandles({ symbol: 'X', timeframe: '2h' as never, candles: candles('X', 2, T0) }));
        expect(e).toBeInstanceOf(InvalidParameterError);
        expect((e as InvalidParameterError).code).toBe('INVALID_PARAMETER');
        expect((e as Error).message).toMatch(/^input\.timeframe: expected one of 1m, .*got "2h"/);
      });

      it('an empty symbol is an InvalidParameterError naming input.symbol', async () => {
        const e = await rejection(store.writeCandles({ symbol: '', timeframe: '15m', candles: candles('X', 2, T0) }));
        expect(e).toBeInstanceOf(InvalidParameterError);
        expect((e as InvalidParameterError).code).toBe('INVALID_PARAMETER');
        expect((e as Error).message).toMatch(/^input\.symbol: expected a non-empty string/);
      });

      it('unknown input keys are an InvalidParameterError listing the known ones', async () => {
        const e = await rejection(store.writeCandles({ symbol: 'X', timeframe: '15m', candles: candles('X', 2, T0), targets: 'both' } as never));
        expect(e).toBeInstanceOf(InvalidParameterError);
        expect((e as InvalidParameterError).code).toBe('INVALID_PARAMETER');
        expect((e as Error).message).toBe('input.targets: unknown option (known: symbol, timeframe, candles, target, method)');
        const t = await rejection(store.writeCandles({ symbol: 'X', timeframe: '15m', candles: candles('X', 2, T0), target: 'all' as never }));
        expect((t as Error).message).toMatch(/^input\.target: expected 'live' or 'history' or 'both', got "all"/);
      });

      it('a missing source table is STORE_CONFIG naming it, whether unconfigured or absent from the database', async () => {
        const none = await rejection(store.writeCandles({ symbol: 'X', timeframe: '4h', candles: candles('X', 2, T0, '4h') }));
        expect(none).toBeInstanceOf(StoreError);
        expect((none as StoreError).code).toBe('STORE_CONFIG');
        expect((none as Error).message).toMatch(/no live candle source for 4h \(set options\.sources\.live\['4h'\]\)/);
        // A second store over the same driver (not closed: the engine owns the driver) whose history 15m table is absent.
        const other = createStore(store.driver, { sources: { history: { '15m': 'training.nope_15m' } } });
        const absent = await rejection(other.writeCandles({ symbol: 'NOPE', timeframe: '15m', candles: candles('NOPE', 3, T0), target: 'both' }));
        expect((absent as StoreError).code).toBe('STORE_CONFIG');
        expect((absent as Error).message).toBe('writeCandles: the 15m candle source training.nope_15m does not exist');
        expect(await stored(store, 'indicators.ohlcv_15m', 'NOPE')).toEqual([]);
      });

      it('a table without a unique key on (symbol, ts) is STORE_CONFIG, and the other table of the call is rolled back', async () => {
        await sql(store, 'CREATE TABLE training.unkeyed_15m (symbol text, ts timestamptz, open float8, high float8, low float8, close float8, volume float8)');
        const other = createStore(store.driver, { sources: { history: { '15m': 'training.unkeyed_15m' } } });
        for (const method of ['copy', 'unnest'] as const) {
          const e = await rejection(other.writeCandles({ symbol: 'UNKEYED', timeframe: '15m', candles: candles('UNKEYED', 3, T0), target: 'both', method }));
          expect((e as StoreError).code).toBe('STORE_CONFIG');
          expect((e as Error).message).toMatch(/no unique key on \(symbol, ts\)/);
          expect((e as StoreError).sqlState).toBe('42P10');
        }
        expect(await stored(store, 'indicators.ohlcv_15m', 'UNKEYED')).toEqual([]);
      });
    });

    describe('feature-stream state', () => {
      const key = { symbol: 'BTC', timeframe: '15m', key: 'rsi_atr' } as const;
      const features = ['rsi_14', 'atr_14', 'sma_21_ratio'];
      const c = candles('BTC', 80, T0, '15m', 25);

      it('round-trips a FeatureStream state: the resumed stream continues exactly as one that never stopped', async () => {
        expect(await store.loadFeatureState(key)).toBeNull();
        const live = createFeatureStream({ features });
        for (let i = 0; i < 60; i++) live.next(at(c, i));
        await store.saveFeatureState({ ...key, ts: c.time[59]!, state: live.toJSON() });
        const saved = (await store.loadFeatureState(key))!;
        expect(saved.ts.getTime()).toBe(c.time[59]);
        expect(saved.state).toEqual(live.toJSON());
        expect(saved.updatedAt).toBeInstanceOf(Date);
        const resumed = restoreFeatureStream(saved.state as never);
        for (let i = 60; i < 80; i++) expect(Array.from(resumed.next(at(c, i)))).toEqual(Array.from(live.next(at(c, i))));
      });

      it('a newer or the same ts replaces the state; keys are independent', async () => {
        await store.saveFeatureState({ ...key, ts: c.time[70]!, state: { n: 70 } });
        await store.saveFeatureState({ ...key, ts: c.time[70]!, state: { n: 71 } });
        expect(await store.loadFeatureState(key)).toMatchObject({ ts: new Date(c.time[70]!), state: { n: 71 } });
        await store.saveFeatureState({ ...key, key: 'other', ts: c.time[0]!, state: { n: 0 } });
        expect((await store.loadFeatureState({ ...key, key: 'other' }))!.state).toEqual({ n: 0 });
        expect((await store.loadFeatureState({ ...key, timeframe: '1h' }))).toBeNull();
      });

      it('a state older than the stored one is refused with STORE_CONFLICT, the stored one kept', async () => {
        const e = await rejection(store.saveFeatureState({ ...key, ts: c.time[69]!, state: { n: 69 } }));
        expect(e).toBeInstanceOf(StoreError);
        expect((e as StoreError).code).toBe('STORE_CONFLICT');
        expect((e as Error).message).toBe(
          `saveFeatureState BTC 15m rsi_atr: the stored state has seen candles up to ${new Date(c.time[70]!).toISOString()}, newer than ts ${new Date(c.time[69]!).toISOString()}; reload it instead of saving`,
        );
        expect(await store.loadFeatureState(key)).toMatchObject({ ts: new Date(c.time[70]!), state: { n: 71 } });
      });

      it('bad input: a state that JSON would alter, an empty key, unknown keys', async () => {
        const nan = await rejection(store.saveFeatureState({ ...key, ts: c.time[75]!, state: { kernels: { x: [1, Number.NaN] } } }));
        expect((nan as Error).message).toBe('input.state.kernels.x[1]: NaN is not a finite number (JSON would store null)');
        const arr = await rejection(store.saveFeatureState({ ...key, ts: c.time[75]!, state: [1, 2] }));
        expect((arr as Error).message).toMatch(/^input\.state: expected a plain JSON object/);
        const empty = await rejection(store.loadFeatureState({ ...key, key: '' }));
        expect((empty as InvalidParameterError).code).toBe('INVALID_PARAMETER');
        expect((empty as Error).message).toMatch(/^input\.key: expected a non-empty string/);
        const unknown = await rejection(store.loadFeatureState({ ...key, ts: 0 } as never));
        expect((unknown as Error).message).toBe('input.ts: unknown option (known: symbol, timeframe, key)');
        expect(await store.loadFeatureState(key)).toMatchObject({ state: { n: 71 } });
      });
    });

    describe('model events', () => {
      it('records events and reads them newest first, filtered by symbol, timeframe and time, at most limit', async () => {
        const e1 = await store.recordModelEvent({ symbol: 'EVT', timeframe: '15m', kind: 'load_error', version: 3, servedVersion: 2, detail: 'bad magic\nat byte 0', at: T0 });
        expect(e1).toEqual({ id: e1.id, symbol: 'EVT', timeframe: '15m', at: new Date(T0), kind: 'load_error', version: 3, servedVersion: 2, detail: 'bad magic\nat byte 0' });
        await store.recordModelEvent({ symbol: 'EVT', timeframe: '15m', kind: 'fallback', version: 3, servedVersion: 2, at: T0 + 1000 });
        await store.recordModelEvent({ symbol: 'EVT', timeframe: '1h', kind: 'nan_output', version: 1, servedVersion: null, at: T0 + 2000 });
        await store.recordModelEvent({ symbol: 'EVT', timeframe: '15m', kind: 'recovered', version: 3, servedVersion: 3, at: T0 + 3000 });
        const all = await store.readModelEvents({ symbol: 'EVT' });
        expect(all.map((e) => e.kind)).toEqual(['recovered', 'nan_output', 'fallback', 'load_error']);
        expect(all[1]).toMatchObject({ timeframe: '1h', version: 1, servedVersion: null, detail: null });
        expect((await store.readModelEvents({ symbol: 'EVT', timeframe: '15m', limit: 2 })).map((e) => e.kind)).toEqual(['recovered', 'fallback']);
        expect((await store.readModelEvents({ symbol: 'EVT', since: new Date(T0 + 2000) })).map((e) => e.kind)).toEqual(['recovered', 'nan_output']);
        const now = await store.recordModelEvent({ symbol: 'EVT2', timeframe: '1d', kind: 'prediction_error' });
        expect(Math.abs(now.at.getTime() - Date.now())).toBeLessThan(3_600_000); // the database's now()
        expect((await store.readModelEvents({ limit: 1 }))[0]!.id).toBe(now.id);
      });

      it('an unknown event kind is an InvalidParameterError naming input.kind (and the table CHECK refuses it too)', async () => {
        const e = await rejection(store.recordModelEvent({ symbol: 'EVT', timeframe: '15m', kind: 'exploded' as never }));
        expect(e).toBeInstanceOf(InvalidParameterError);
        expect((e as InvalidParameterError).code).toBe('INVALID_PARAMETER');
        expect((e as Error).message).toBe(
          `input.kind: expected 'activated' or 'load_error' or 'checksum_mismatch' or 'prediction_error' or 'nan_output' or 'fallback' or 'recovered', got "exploded"`,
        );
        const raw = await sql(store, `INSERT INTO alpha_v4.model_events (symbol, timeframe, kind) VALUES ('EVT', '15m', 'exploded')`).catch((x: unknown) => x);
        expect((raw as { code?: string }).code).toBe('23514');
      });

      it('bad input: versions, an overlong detail, unknown keys, a bad limit', async () => {
        const cases: [Promise<unknown>, string | RegExp][] = [
          [store.recordModelEvent({ symbol: 'EVT', timeframe: '15m', kind: 'fallback', servedVersion: 0 }), /^input\.servedVersion: expected an integer from 1 to 2147483647, got 0/],
          [store.recordModelEvent({ symbol: 'EVT', timeframe: '15m', kind: 'fallback', detail: 'x'.repeat(4001) }), 'input.detail: 4001 characters, at most 4000 (shorten it: it is never truncated)'],
          [store.recordModelEvent({ symbol: 'EVT', timeframe: '15m', kind: 'fallback', detail: 'a\u0000b' }), 'input.detail: contains a NUL character or an unpaired surrogate'],
          [store.recordModelEvent({ symbol: 'EVT', timeframe: '15m', kind: 'fallback', served: 2 } as never), /^input\.served: unknown option \(known: symbol, timeframe, kind, version, servedVersion, detail, at\)/],
          [store.readModelEvents({ symbol: 'EVT', kind: 'fallback' } as never), /^query\.kind: unknown option/],
          [store.readModelEvents({ limit: 10_001 }), /^query\.limit: expected an integer from 1 to 10000, got 10001/],
        ];
        for (const [p, msg] of cases) {
          const e = await rejection(p);
          expect(e).toBeInstanceOf(InvalidParameterError);
          expect((e as InvalidParameterError).code).toBe('INVALID_PARAMETER');
          expect((e as Error).message).toMatch(msg);
        }
      });

      it("activateModel records an 'activated' event in its transaction; re-activating the active version records none", async () => {
        const save = (seed: number, activate = false) =>
          store.saveModelVersion({ symbol: 'ACT', timeframe: '1h', format: 'f', binary: modelBinary(64, seed), featureNames: ['rsi_14'], activate });
        await save(1, true);
        await save(2);
        await store.activateModel('ACT', '1h', 2);
        await store.activateModel('ACT', '1h', 2);
        await store.activateModel('ACT', '1h', 1);
        const missing = await rejection(store.activateModel('ACT', '1h', 9));
        expect((missing as StoreError).code).toBe('STORE_NOT_FOUND');
        const events = await store.readModelEvents({ symbol: 'ACT' });
        expect(events.map((e) => [e.kind, e.version, e.servedVersion, e.detail])).toEqual([
          ['activated', 1, 1, 'replaces version 2'],
          ['activated', 2, 2, 'replaces version 1'],
          ['activated', 1, 1, 'no model was active before'],
        ]);
        const active = (await store.loadActiveModel('ACT', '1h'))!;
        expect([active.version, active.previousVersion]).toEqual([1, 2]);
      });
    });

    if (engine.name === 'postgres') {
      it('two connections activating two versions of one market concurrently: one models row, the history in the events', async () => {
        const second = await createPostgresStore(engine.url(store), { pool: { max: 2 } });
        try {
          for (let seed = 1; seed <= 3; seed++) {
            await store.saveModelVersion({ symbol: 'RACE', timeframe: '15m', format: 'f', binary: modelBinary(64, 100 + seed), featureNames: [], activate: seed === 1 });
          }
          let prior = 1;
          for (let round = 0; round < 40; round++) {
            const [a, b] = round % 2 === 0 ? [2, 3] : [3, 2];
            const [ra, rb] = await Promise.all([store.activateModel('RACE', '15m', a), second.activateModel('RACE', '15m', b)]);
            expect([ra.version, rb.version]).toEqual([a, b]);
            const rows = await sql(store, `SELECT version, previous_version FROM alpha_v4.models WHERE symbol = 'RACE' AND timeframe = '15m'`);
            expect(rows.length).toBe(1);
            const { version, previous_version: previous } = rows[0] as { version: number; previous_version: number };
            expect([2, 3]).toContain(version);
            expect([5 - version, prior]).toContain(previous);
            prior = version;
          }
          // Every change of the active version is one event, in order: consecutive events name different versions,
          // each replacing the one before, and the last is the active version.
          const events = (await store.readModelEvents({ symbol: 'RACE', limit: 1000 })).reverse();
          expect(events[0]!.detail).toBe('no model was active before');
          for (let i = 1; i < events.length; i++) expect(events[i]!.detail).toBe(`replaces version ${events[i - 1]!.version}`);
          expect(events.length).toBeGreaterThanOrEqual(41);
          expect(events.at(-1)!.version).toBe(prior);
        } finally {
          await second.close();
        }
      });
    }
  });
}
