/**
 * The real-time path on both engines: a candle inserted into indicators.ohlcv_15m (or _1h) fires the migration's
 * pg_notify trigger and reaches listenForCandles. On PostgreSQL the listener holds its own connection and comes
 * back after that connection is terminated; PGlite delivers in process (no connection to drop, which is said).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError, type AlphaStore } from '../../src/store/index.js';
import { listenForCandles, type CandleNotification } from '../../src/store/index.node.js';
import { engines } from '../support/engines.js';
import { candles, insertCandles } from './fixtures.js';

const T0 = Date.UTC(2024, 0, 1);

/** Waits until `cond()` holds (polling), or fails after `ms`. */
async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

for (const engine of engines('listen')) {
  describe(`listenForCandles on ${engine.name}`, () => {
    let store: AlphaStore;

    beforeAll(async () => {
      store = await engine.open();
    }, 300_000);

    afterAll(async () => {
      await engine.dispose();
    }, 120_000);

    it('delivers each new 15m candle (symbol, open time, table), and only on its channel', async () => {
      const got: CandleNotification[] = [];
      const hourly: CandleNotification[] = [];
      const l15 = await listenForCandles(store, { onCandle: (c) => void got.push(c) });
      const l1h = await listenForCandles(store, { timeframe: '1h', onCandle: (c) => void hourly.push(c) });
      try {
        await l15.ready();
        expect(l15.channel).toBe('alpha_v4_ohlcv_15m');
        await insertCandles(store, 'indicators.ohlcv_15m', 'BTC', candles('BTC', 3, T0));
        await until(() => got.length === 3);
        expect(got.map((c) => [c.symbol, c.time, c.table, c.channel])).toEqual([0, 1, 2].map((i) => ['BTC', T0 + i * 900_000, 'indicators.ohlcv_15m', 'alpha_v4_ohlcv_15m']));
        await insertCandles(store, 'indicators.ohlcv_1h', 'ETH', candles('ETH', 1, T0, '1h'));
        await until(() => hourly.length === 1);
        expect(got.length).toBe(3);
        expect(hourly[0]!.table).toBe('indicators.ohlcv_1h');
      } finally {
        await l15.close();
        await l1h.close();
      }
      // Closed: nothing more arrives.
      await insertCandles(store, 'indicators.ohlcv_15m', 'BTC', candles('BTC', 1, T0 + 3 * 900_000));
      await new Promise((r) => setTimeout(r, 200));
      expect(got.length).toBe(3);
    });

    it('reports a failing handler and a malformed payload to onError, and keeps listening', async () => {
      const errors: Error[] = [];
      const got: CandleNotification[] = [];
      const l = await listenForCandles(store, {
        channel: 'alpha_v4_test_channel',
        onCandle: (c) => {
          got.push(c);
          if (c.symbol === 'BOOM') throw new Error('handler failed');
        },
        onError: (e) => void errors.push(e),
      });
      try {
        await l.ready();
        await store.driver.transaction('monitoring', async (s) => {
          await s.query(`SELECT pg_notify('alpha_v4_test_channel', '{"symbol":"BOOM","ts":"2024-01-01T00:00:00+00:00"}')`);
          await s.query(`SELECT pg_notify('alpha_v4_test_channel', 'not json')`);
          await s.query(`SELECT pg_notify('alpha_v4_test_channel', '{"symbol":"OK","ts":"2024-01-01T00:15:00+00:00","table":"x.y"}')`);
        });
        await until(() => got.length === 2 && errors.length === 2);
        expect(got.map((c) => [c.symbol, c.time])).toEqual([['BOOM', T0], ['OK', T0 + 900_000]]);
        const messages = errors.map((e) => e.message);
        expect(messages.filter((m) => /handler failed/.test(m))).toHaveLength(1);
        expect(messages.filter((m) => /JSON/.test(m))).toHaveLength(1);
      } finally {
        await l.close();
      }
    });

    it('a throwing or rejecting onError never escapes (a process warning) and never stops the listener or its reconnection', async () => {
      const warnings: Error[] = [];
      const escaped: unknown[] = [];
      const onWarning = (w: Error) => void ((w as { code?: string }).code === 'ALPHA_V4_LISTEN_ON_ERROR' && warnings.push(w));
      const onEscape = (e: unknown) => void escaped.push(e);
      process.on('warning', onWarning);
      process.on('unhandledRejection', onEscape);
      const got: string[] = [];
      const reported: Error[] = [];
      const l = await listenForCandles(store, {
        channel: 'alpha_v4_test_throwing',
        retryDelayMs: 50,
        onCandle: (c) => {
          got.push(c.symbol);
          if (c.symbol === 'STRING') throw 'a string, not an Error';
          if (c.symbol === 'ASYNC') return Promise.reject(new Error('async handler failed'));
        },
        onError: (e) => {
          reported.push(e);
          // Alternately a synchronous throw and a rejection.
          if (reported.length % 2 === 1) throw new Error(`onError failed on: ${e.message}`);
          return Promise.reject(new Error('onError rejected'));
        },
      });
      const notify = (payloads: string[]) =>
        store.driver.transaction('monitoring', async (s) => {
          for (const p of payloads) await s.query(`SELECT pg_notify('alpha_v4_test_throwing', $1)`, [p]);
        });
      const candle = (symbol: string, minutes: number) => JSON.stringify({ symbol, ts: new Date(T0 + minutes * 60_000).toISOString() });
      try {
        await l.ready();
        await notify([candle('STRING', 0), 'not json', candle('ASYNC', 15), candle('OK', 30)]);
        await until(() => got.length === 3 && reported.length === 3 && warnings.length === 3);
        expect(got).toEqual(['STRING', 'ASYNC', 'OK']);
        // A thrown non-Error is wrapped in a typed error that keeps it as the cause.
        const wrapped = reported.find((e) => e instanceof StoreError && e.code === 'STORE_READ' && /onCandle threw/.test(e.message));
        expect((wrapped as StoreError | undefined)?.cause).toBe('a string, not an Error');
        expect(reported.filter((e) => e instanceof StoreError && /not JSON/.test(e.message))).toHaveLength(1);
        expect(reported.map((e) => e.message)).toContain('async handler failed');
        if (engine.name === 'postgres') {
          // The dropped connection is reported to the throwing onError; the listener reconnects all the same.
          const admin = await engine.connect(store);
          try {
            await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'alpha_v4:listen' AND datname = current_database()`);
          } finally {
            await admin.end();
          }
          await until(() => l.connections === 2);
          await l.ready();
          expect(reported.length).toBeGreaterThan(3);
        }
        await notify([candle('AFTER', 45)]);
        await until(() => got.includes('AFTER'));
        await new Promise((r) => setTimeout(r, 50));
        expect(warnings.length).toBe(reported.length);
        expect(escaped).toEqual([]);
      } finally {
        await l.close();
        process.off('warning', onWarning);
        process.off('unhandledRejection', onEscape);
      }
    });

    it('comes back after its connection is terminated (PostgreSQL; PGlite has no connection to drop)', async () => {
      const got: CandleNotification[] = [];
      const errors: Error[] = [];
      const l = await listenForCandles(store, { onCandle: (c) => void got.push(c), onError: (e) => void errors.push(e), retryDelayMs: 50 });
      try {
        await l.ready();
        if (engine.name === 'pglite') {
          console.info('[pglite] notifications are delivered in process: there is no listener connection to terminate');
          expect(l.connections).toBe(1);
          await insertCandles(store, 'indicators.ohlcv_15m', 'SOL', candles('SOL', 1, T0));
          await until(() => got.length === 1);
          return;
        }
        const admin = await engine.connect(store);
        try {
          const r = await admin.query(`SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = 'alpha_v4:listen' AND datname = current_database()`);
          expect(r.rows).toEqual([{ ok: true }]);
        } finally {
          await admin.end();
        }
        await until(() => l.connections === 2);
        await l.ready();
        expect(errors.length).toBeGreaterThanOrEqual(1);
        await insertCandles(store, 'indicators.ohlcv_15m', 'SOL', candles('SOL', 2, T0));
        await until(() => got.length === 2);
        expect(got.map((c) => c.symbol)).toEqual(['SOL', 'SOL']);
      } finally {
        await l.close();
      }
    });

    it('also listens through a plain connection string (PostgreSQL)', async () => {
      if (engine.name === 'pglite') {
        console.info('[pglite] no connection string: listening goes through the store (tested above)');
        return;
      }
      const got: CandleNotification[] = [];
      const l = await listenForCandles(engine.url(store), { onCandle: (c) => void got.push(c) });
      try {
        await insertCandles(store, 'indicators.ohlcv_15m', 'ADA', candles('ADA', 1, T0));
        await until(() => got.length === 1);
        expect(got[0]!.symbol).toBe('ADA');
      } finally {
        await l.close();
      }
      const bad = await listenForCandles(engine.url(store), { channel: 'bad channel;', onCandle: () => {} }).catch((e: unknown) => e);
      expect((bad as { code: string }).code).toBe('STORE_CONFIG');
    });
  });
}
