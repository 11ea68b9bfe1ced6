/**
 * latestFeatureRow on PGlite and PostgreSQL: the row of the latest closed candle equals, bit for bit, the row
 * `computeFeatures` gives at the last index of the same candles (full single-asset catalogue, cross-asset features,
 * a real-market-shaped series with gaps), from history and from the saved stream state; no open or future candle
 * is read; the staleness boundary; every refusal writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/core/errors.js';
import { FEATURES } from '../../src/features/compute.js';
import { featureLookback } from '../../src/features/lookback.js';
import { PipelineError } from '../../src/pipeline/errors.js';
import { latestFeatureRow } from '../../src/pipeline/live-features.js';
import { FEATURE_COLUMNS } from '../../src/store/feature-columns.js';
import type { AlphaStore } from '../../src/store/types.js';
import { engines } from '../support/engines.js';
import { MARKET_SHAPED } from '../support/market-shaped.js';
import { closedAt, count, differences, market, referenceRow, sql, START, written, writeLive } from './fixtures.js';

const H = 3_600_000;
const M15 = 900_000;
/** The single-asset catalogue, as far as the feature store holds it (the pipeline serves feature-store columns). */
const SINGLE = FEATURES.filter((f) => f.group !== 'synthetic' && (FEATURE_COLUMNS as readonly string[]).includes(f.name)).map((f) => f.name);
const LOOKBACK_15M = Math.max(...SINGLE.map((n) => featureLookback(n, '15m')));
const SYN = ['rsi_14', 'syn_eth_btc_correlation_20', 'syn_eth_sol_spread_zscore_100', 'syn_dispersion_btc_eth_sol', 'syn_eth_btc_beta_100', 'ema_50_ratio'];
const BTC15 = { symbol: 'BTC', timeframe: '15m' } as const;
const BTC1H = { symbol: 'BTC', timeframe: '1h' } as const;

/** The rejection of `p` (fails the test if it resolves). */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => expect.unreachable('expected a rejection'),
    (e: unknown) => e,
  );
}

/** Runs `call` and expects a PipelineError of `code` whose message has every part, with nothing written. */
async function expectRefusal(store: AlphaStore, call: () => Promise<unknown>, code: string, ...parts: string[]): Promise<void> {
  const before = await written(store);
  const e = await rejection(call());
  expect(e).toBeInstanceOf(PipelineError);
  expect((e as PipelineError).code).toBe(code);
  for (const part of parts) expect((e as Error).message).toContain(part);
  expect(await written(store)).toEqual(before);
}

for (const engine of engines('pipeline_live')) {
  describe(`latestFeatureRow on ${engine.name}`, () => {
    let store: AlphaStore;
    const m15 = market('15m', 1411);
    const m1h = market('1h', 150, 5);

    beforeAll(async () => {
      store = await engine.open();
      await writeLive(store, '15m', m15, 0, 1411);
      await writeLive(store, '1h', m1h, 0, 150);
    }, 300_000);

    afterAll(async () => {
      await engine.dispose();
    }, 120_000);

    describe('the full single-asset catalogue (15m)', () => {
      const warmup = 20;
      const window = LOOKBACK_15M + 1 + warmup;
      const a = 1399;
      const b = 1410;
      const start = a - window + 1;

      it('history path: the latest closed candle only (open and future candles are in the table), bit for bit computeFeatures', async () => {
        const now = closedAt('15m', a, 7 * 60_000); // candle a + 1 opened 7 minutes ago: open, ignored
        const got = await latestFeatureRow(store, BTC15, SINGLE, { now, warmup });
        expect(got.path).toBe('history');
        expect(got.ts.getTime()).toBe(START + a * M15);
        expect(differences(SINGLE, got.row, referenceRow(m15, 'BTC', SINGLE, start, a))).toEqual([]);
        const [state] = await sql<{ ts: Date }>(store, `SELECT ts FROM alpha_v4.feature_stream_state WHERE symbol = 'BTC' AND timeframe = '15m'`);
        expect(state!.ts.getTime()).toBe(START + (a - 1) * M15); // one candle behind the latest
        const stored = await sql<{ ts: Date; rsi_14: number }>(store, `SELECT ts, rsi_14 FROM alpha_v4.feature_store_15m WHERE symbol = 'BTC' ORDER BY ts`);
        expect(stored.map((r) => r.ts.getTime())).toEqual([START + a * M15]);
        expect(stored[0]!.rsi_14).toBe(got.row[SINGLE.indexOf('rsi_14')]);
      });

      it('state path: resumes the saved stream over the new candles, equal to computeFeatures over every candle it has seen', async () => {
        const got = await latestFeatureRow(store, BTC15, SINGLE, { now: closedAt('15m', b), warmup });
        expect(got.path).toBe('state');
        expect(got.ts.getTime()).toBe(START + b * M15);
        expect(differences(SINGLE, got.row, referenceRow(m15, 'BTC', SINGLE, start, b))).toEqual([]);
        const stored = await sql<{ ts: Date }>(store, `SELECT ts FROM alpha_v4.feature_store_15m WHERE symbol = 'BTC' ORDER BY ts`);
        expect(stored.map((r) => (r.ts.getTime() - START) / M15)).toEqual(Array.from({ length: b - a + 1 }, (_, i) => a + i));
      });

      it('a retry at the same now gives the same row and writes no new row', async () => {
        const before = await written(store);
        const got = await latestFeatureRow(store, BTC15, SINGLE, { now: closedAt('15m', b), warmup });
        expect(got.path).toBe('state');
        expect(differences(SINGLE, got.row, referenceRow(m15, 'BTC', SINGLE, start, b))).toEqual([]);
        expect(await written(store)).toEqual(before);
      });

      it('an earlier now (a backfill, before the saved state\'s candle): history path, the older state kept', async () => {
        const [before] = await sql<{ ts: Date }>(store, `SELECT ts FROM alpha_v4.feature_stream_state WHERE symbol = 'BTC' AND timeframe = '15m'`);
        const at = a - 5;
        const got = await latestFeatureRow(store, BTC15, SINGLE, { now: closedAt('15m', at), warmup });
        expect([got.path, got.ts.getTime()]).toEqual(['history', START + at * M15]);
        expect(differences(SINGLE, got.row, referenceRow(m15, 'BTC', SINGLE, at - window + 1, at))).toEqual([]);
        const [after] = await sql<{ ts: Date }>(store, `SELECT ts FROM alpha_v4.feature_stream_state WHERE symbol = 'BTC' AND timeframe = '15m'`);
        expect(after!.ts).toEqual(before!.ts); // the newer state stays (its save of an older one is refused and skipped)
      });

      it('history path over the candles the state has seen gives the state path row, bit for bit', async () => {
        const stateRow = (await latestFeatureRow(store, BTC15, SINGLE, { now: closedAt('15m', b), warmup, write: false })).row;
        await sql(store, `DELETE FROM alpha_v4.feature_stream_state WHERE symbol = 'BTC' AND timeframe = '15m'`);
        const got = await latestFeatureRow(store, BTC15, SINGLE, { now: closedAt('15m', b), warmup: b - start - LOOKBACK_15M, write: false });
        expect(got.path).toBe('history');
        expect(differences(SINGLE, got.row, stateRow)).toEqual([]);
        expect(await count(store, 'alpha_v4.feature_stream_state')).toBe(0); // write: false
      });
    });

    it('cross-asset features (ETH with BTC and SOL peers): history then state, both equal computeFeatures with the peers', async () => {
      const warmup = 10;
      const start = 1300 - (100 + 1 + warmup) + 1;
      const first = await latestFeatureRow(store, { symbol: 'ETH', timeframe: '15m' }, SYN, { now: closedAt('15m', 1300, 1), warmup });
      expect(first.path).toBe('history');
      expect(differences(SYN, first.row, referenceRow(m15, 'ETH', SYN, start, 1300, ['BTC', 'SOL']))).toEqual([]);
      const second = await latestFeatureRow(store, { symbol: 'ETH', timeframe: '15m' }, SYN, { now: closedAt('15m', 1333), warmup });
      expect(second.path).toBe('state');
      expect(differences(SYN, second.row, referenceRow(m15, 'ETH', SYN, start, 1333, ['BTC', 'SOL']))).toEqual([]);
    });

    it('a real-market-shaped series with gaps (1h, price near 1e5): gaps filled as candlesFromRows fills them, both paths', async () => {
      const series = MARKET_SHAPED.find((s) => s.name === 'btc-usdt-1h')!;
      const c = series.candles;
      const real = Array.from(c.time.keys()).filter((i) => c.filled![i] === 0);
      const rows = real.map((i) => ({ time: c.time[i]!, open: c.open[i]!, high: c.high[i]!, low: c.low[i]!, close: c.close[i]!, volume: c.volume[i]! }));
      await store.writeCandles({ symbol: 'MKT', timeframe: '1h', candles: rows });
      const markets = [{ symbol: 'MKT', timeframe: '1h' }] as const;
      const names = SINGLE;
      const t0 = c.time[0]!;
      const index = (t: number) => (t - t0) / H;
      const a = 1200;
      const b = c.time.length - 1;
      const lookback = Math.max(...names.map((n) => featureLookback(n, '1h')));
      const latest = lookback + 1;
      const realUpToA = real.filter((i) => i <= a);
      const start = realUpToA[realUpToA.length - latest]!; // the window: the latest `latest` stored rows, gaps filled
      const ref = (to: number) => {
        const r = referenceRow({ MKT: c }, 'MKT', names, start, to);
        return names.filter((n, j) => Number.isFinite(r[j]!));
      };
      const finite = ref(a).filter((n) => ref(b).includes(n)); // features NaN on a flat zero-volume candle are left out
      expect(finite.length).toBeGreaterThan(250);
      const first = await latestFeatureRow(store, { symbol: 'MKT', timeframe: '1h' }, finite, { now: c.time[a]! + H, warmup: 0, markets });
      expect([first.path, index(first.ts.getTime())]).toEqual(['history', a]);
      expect(differences(finite, first.row, referenceRow({ MKT: c }, 'MKT', finite, start, a))).toEqual([]);
      const second = await latestFeatureRow(store, { symbol: 'MKT', timeframe: '1h' }, finite, { now: c.time[b]! + H, warmup: 0, markets });
      expect([second.path, index(second.ts.getTime())]).toEqual(['state', b]);
      expect(differences(finite, second.row, referenceRow({ MKT: c }, 'MKT', finite, start, b))).toEqual([]);
    });

    describe('staleness and refusals (1h, 150 candles)', () => {
      const last = START + 149 * H;

      it('fresh up to now = latest open time + 3 intervals; STALE_CANDLES one millisecond later, nothing written', async () => {
        const ok = await latestFeatureRow(store, BTC1H, ['rsi_14'], { now: last + 3 * H, write: false });
        expect(ok.ts.getTime()).toBe(last);
        await expectRefusal(store, () => latestFeatureRow(store, BTC1H, ['rsi_14'], { now: last + 3 * H + 1 }), 'STALE_CANDLES', 'BTC 1h', new Date(last).toISOString());
      });

      it('STALE_CANDLES when no candle has closed yet', async () => {
        await expectRefusal(store, () => latestFeatureRow(store, BTC1H, ['rsi_14'], { now: START + H - 1 }), 'STALE_CANDLES', 'no closed 1h candle');
      });

      it('UNKNOWN_MARKET for an unknown symbol and for an unknown timeframe', async () => {
        await expectRefusal(store, () => latestFeatureRow(store, { symbol: 'DOGE', timeframe: '1h' }, ['rsi_14'], { now: last + H }), 'UNKNOWN_MARKET', 'DOGE');
        await expectRefusal(store, () => latestFeatureRow(store, { symbol: 'BTC', timeframe: '4h' }, ['rsi_14'], { now: last + H }), 'UNKNOWN_MARKET', '4h');
      });

      it('FEATURE_MISMATCH for a name outside the feature store, a syn_* feature of another symbol, a peer outside the markets', async () => {
        await expectRefusal(store, () => latestFeatureRow(store, BTC1H, ['rsi_14', 'rsi_15'], { now: last + H }), 'FEATURE_MISMATCH', 'rsi_15');
        await expectRefusal(store, () => latestFeatureRow(store, { symbol: 'ETH', timeframe: '1h' }, ['syn_btc_eth_correlation_20'], { now: last + H }), 'FEATURE_MISMATCH', 'not a feature of ETH');
        const markets = [{ symbol: 'BTC', timeframe: '1h' }, { symbol: 'ETH', timeframe: '1h' }] as const;
        await expectRefusal(store, () => latestFeatureRow(store, { symbol: 'ETH', timeframe: '1h' }, ['syn_dispersion_btc_eth_sol'], { now: last + H, markets }), 'FEATURE_MISMATCH', 'SOL 1h');
      });

      it('MISSING_FEATURES naming the NaN features when the history is too short', async () => {
        await expectRefusal(store, () => latestFeatureRow(store, BTC1H, ['rsi_14', 'sma_200_ratio', 'sma_200'], { now: last + H }), 'MISSING_FEATURES', 'sma_200_ratio, sma_200', '150 candle(s)');
      });

      it('InvalidParameterError for an unknown option key, a bad now, a bad warmup', async () => {
        for (const options of [{ nowTime: last }, { now: 'yesterday' }, { now: last, warmup: -1 }]) {
          const e = await rejection(latestFeatureRow(store, BTC1H, ['rsi_14'], options as never));
          expect(e).toBeInstanceOf(InvalidParameterError);
          expect((e as InvalidParameterError).parameter).toMatch(/^options\.(nowTime|now|warmup)$/);
        }
      });

      it('STALE_CANDLES naming a peer that lacks the latest closed candle', async () => {
        await sql(store, `DELETE FROM indicators.ohlcv_1h WHERE symbol = 'SOL' AND ts = $1`, [new Date(last).toISOString()]);
        await expectRefusal(store, () => latestFeatureRow(store, { symbol: 'ETH', timeframe: '1h' }, ['syn_eth_sol_correlation_20'], { now: last + H }), 'STALE_CANDLES', 'the peer SOL');
      });
    });
  });
}
