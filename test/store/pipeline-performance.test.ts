/**
 * The richer performance log (alpha_v4.log_performance, 20261207000100_alpha_v4_pipeline.sql), on PGlite and
 * PostgreSQL 15: every column of every bucket against values computed here in TypeScript from the same predictions
 * and candles (Wilson from its formula, ECE over 10 bins, Sharpe as mean / sample sd of the window's sized returns).
 * A 5-minute market gives three predictions per 15-minute bucket; candles go in through writeCandles and predictions
 * are resolved by resolvePredictions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, StoreError, type AlphaStore, type PredictionInput } from '../../src/store/index.js';
import { loadMigrations } from '../../src/store/index.node.js';
import { engines } from '../support/engines.js';
import { candles } from './fixtures.js';

const T0 = Date.UTC(2025, 0, 6); // a Monday
const M5 = 300_000;
const BUCKET = 900_000;
const Z = 1.959963984540054;
/** Predictions per year of a 5-minute market at horizon 1. */
const PER_YEAR = (365 * 86400) / 300;
const NOW = T0 + 86_400_000;

/** The 95% Wilson score interval of k successes in n trials: (p + z²/2n ± z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n). */
function wilson(k: number, n: number): [number, number] | [null, null] {
  if (n === 0) return [null, null];
  const p = k / n;
  const centre = p + (Z * Z) / (2 * n);
  const margin = Z * Math.sqrt((p * (1 - p)) / n + (Z * Z) / (4 * n * n));
  const d = 1 + (Z * Z) / n;
  return [Math.max(0, (centre - margin) / d), Math.min(1, (centre + margin) / d)];
}

/** A deterministic uniform generator in [0, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** One resolved prediction as the test sees it. */
interface Resolved {
  version: number;
  bucket: number;
  pUp: number;
  direction: number;
  y: number;
  r: number;
}

/** The expected performance_log row of one bucket, from the predictions of its window (`window` buckets up to it). */
function expectedRow(rows: readonly Resolved[], bucket: number, threshold: number, window: number) {
  const own = rows.filter((p) => p.bucket === bucket);
  const n = own.length;
  const directional = own.filter((p) => p.direction !== 0);
  const isCorrect = (p: Resolved) => (p.direction === 1 && p.y === 1) || (p.direction === -1 && p.y === 0);
  const confident = directional.filter((p) => Math.max(p.pUp, 1 - p.pUp) >= threshold);
  const nCorrect = directional.filter(isCorrect).length;
  const nConfidentCorrect = confident.filter(isCorrect).length;
  const bins = new Map<number, Resolved[]>();
  for (const p of own) {
    const b = Math.min(Math.floor(p.pUp * 10), 9);
    bins.set(b, [...(bins.get(b) ?? []), p]);
  }
  let ece = 0;
  for (const members of bins.values()) {
    const meanP = members.reduce((a, p) => a + p.pUp, 0) / members.length;
    const meanY = members.reduce((a, p) => a + p.y, 0) / members.length;
    ece += (members.length / n) * Math.abs(meanP - meanY);
  }
  const inWindow = rows.filter((p) => p.bucket <= bucket && p.bucket > bucket - window * BUCKET).map((p) => p.r);
  const mean = inWindow.reduce((a, x) => a + x, 0) / inWindow.length;
  const sd = Math.sqrt(inWindow.reduce((a, x) => a + (x - mean) ** 2, 0) / (inWindow.length - 1));
  const [lower, upper] = wilson(nCorrect, directional.length);
  return {
    n_predictions: n,
    n_directional: directional.length,
    n_correct: nCorrect,
    accuracy: directional.length ? nCorrect / directional.length : null,
    accuracy_lower: lower,
    accuracy_upper: upper,
    confidence_threshold: threshold,
    n_confident: confident.length,
    n_confident_correct: nConfidentCorrect,
    confident_accuracy: confident.length ? nConfidentCorrect / confident.length : null,
    coverage: directional.length ? confident.length / directional.length : null,
    ece,
    strategy_return: own.reduce((a, p) => a + p.r, 0),
    sum_sq_return: own.reduce((a, p) => a + p.r * p.r, 0),
    sharpe: inWindow.length >= 2 && sd > 0 ? (mean / sd) * Math.sqrt(PER_YEAR) : null,
  };
}

/** Compares a logged row with the expected one: counts exactly, reals to 1e-12 (Sharpe relative, it is large). */
function expectRow(got: Record<string, unknown>, want: ReturnType<typeof expectedRow>, where: string): void {
  for (const [k, v] of Object.entries(want)) {
    const g = got[k] as number | null;
    if (v === null || (Number.isInteger(v) && k.startsWith('n_'))) expect(g, `${where} ${k}`).toBe(v);
    else if (k === 'sharpe') expect(Math.abs((g! - v) / v), `${where} sharpe ${g} vs ${v}`).toBeLessThan(1e-9);
    else expect(g, `${where} ${k}`).toBeCloseTo(v, 12);
  }
}

describe('the Wilson interval written in this test', () => {
  it('gives the published 95% interval of 5 in 10 and of 0 in 10', () => {
    // Newcombe (1998), Statistics in Medicine 17, 857-872, table II: 0.2366 to 0.7634; and 0 to 0.2775 for 0/10.
    expect(wilson(5, 10).map((x) => x!.toFixed(4))).toEqual(['0.2366', '0.7634']);
    expect(wilson(0, 10).map((x) => x!.toFixed(4))).toEqual(['0.0000', '0.2775']);
  });
});

for (const engine of engines('pipeline_perf')) {
  describe(`performance_log on ${engine.name}`, () => {
    let store: AlphaStore;
    const resolved: Resolved[] = [];

    beforeAll(async () => {
      const base = await engine.open();
      await base.driver.transaction('monitoring', async (s) => {
        await s.query(`CREATE TABLE indicators.ohlcv_5m (symbol text, ts timestamptz, open float8, high float8, low float8, close float8,
                         volume float8, PRIMARY KEY (symbol, ts))`);
        await s.query(`INSERT INTO alpha_v4.settings (key, value) VALUES ('source_5m', 'indicators.ohlcv_5m')`);
      });
      // The same driver with the 5m source configured (not closed: the engine closes the driver through `base`).
      store = createStore(base.driver, { sources: { live: { '5m': 'indicators.ohlcv_5m' } } });
      const c = candles('PERF', 31, T0, '5m', 31);
      await store.writeCandles({ symbol: 'PERF', timeframe: '5m', candles: c });

      // Bucket 0: one prediction. Bucket 1: directional, none confident. Bucket 2: no directional prediction.
      // Buckets 3 to 9: three each. Model version 2: the same times with size 0 (zero variance).
      const next = lcg(5);
      const rows: PredictionInput[] = [];
      for (let i = 2; i < 30; i++) {
        const bucket = Math.floor(i / 3);
        let pUp = Math.round(next() * 1e6) / 1e6;
        if (bucket === 1) pUp = 0.46 + (i % 3) * 0.04;
        const direction = bucket === 2 ? 0 : pUp >= 0.5 ? 1 : -1;
        const size = Math.round(next() * 1000) / 1000;
        for (const version of [1, 2]) {
          rows.push({ symbol: 'PERF', timeframe: '5m', ts: c.time[i]!, horizon: 1, pUp, direction, confidence: Math.abs(pUp - 0.5) * 2, size: version === 1 ? size : 0, modelVersion: version });
          const y = c.close[i + 1]! > c.close[i]! ? 1 : 0;
          const rr = c.close[i + 1]! / c.close[i]! - 1;
          resolved.push({ version, bucket: T0 + bucket * BUCKET, pUp, direction, y, r: direction * (version === 1 ? size : 0) * rr });
        }
      }
      await store.writePredictions(rows);
      expect(await store.resolvePredictions(NOW)).toBe(rows.length);
    }, 300_000);

    afterAll(async () => {
      await engine.dispose();
    }, 120_000);

    async function logRows(version: number): Promise<Record<string, unknown>[]> {
      return store.driver.transaction('monitoring', async (s) =>
        (await s.query<Record<string, unknown>>(`SELECT * FROM alpha_v4.performance_log WHERE symbol = 'PERF' AND model_version = $1 ORDER BY ts`, [version])).rows,
      );
    }

    async function setting(key: string, value: string): Promise<void> {
      await store.driver.transaction('monitoring', (s) => s.query('UPDATE alpha_v4.settings SET value = $2 WHERE key = $1', [key, value]));
    }

    it('fills every column of every bucket as computed independently (threshold 0.55, 30-day Sharpe window)', async () => {
      const got = await logRows(1);
      const own = resolved.filter((p) => p.version === 1);
      const buckets = [...new Set(own.map((p) => p.bucket))];
      expect(got.map((r) => (r.ts as Date).getTime())).toEqual(buckets);
      for (const [k, row] of got.entries()) expectRow(row, expectedRow(own, buckets[k]!, 0.55, 30 * 96), `bucket ${k}`);
    });

    it('the edge buckets: one prediction (Sharpe NULL), none confident, none directional', async () => {
      const [single, unconfident, flat] = await logRows(1);
      expect([single!.n_predictions, single!.sharpe]).toEqual([1, null]);
      expect([unconfident!.n_directional, unconfident!.n_confident, unconfident!.confident_accuracy, unconfident!.coverage]).toEqual([3, 0, null, 0]);
      expect([flat!.n_directional, flat!.accuracy, flat!.accuracy_lower, flat!.accuracy_upper, flat!.coverage, flat!.confident_accuracy]).toEqual([0, null, null, null, null, null]);
      expect(unconfident!.sharpe).not.toBeNull();
    });

    it('zero variance of the sized returns (every size 0) gives a NULL Sharpe, other columns as usual', async () => {
      const got = await logRows(2);
      const own = resolved.filter((p) => p.version === 2);
      expect(got.length).toBe(10);
      for (const [k, row] of got.entries()) {
        expect(row.sharpe, `bucket ${k}`).toBeNull();
        expect([row.strategy_return, row.sum_sq_return]).toEqual([0, 0]);
        expectRow(row, expectedRow(own, (row.ts as Date).getTime(), 0.55, 30 * 96), `v2 bucket ${k}`);
      }
    });

    it('follows the settings: a 30-minute Sharpe window (two buckets) and a 0.6 confidence threshold', async () => {
      await setting('performance_sharpe_window', '30 minutes');
      await setting('confidence_threshold', '0.6');
      try {
        expect(await store.resolvePredictions(NOW)).toBe(0); // nothing left to resolve; the log is recomputed
        const got = await logRows(1);
        const own = resolved.filter((p) => p.version === 1);
        for (const [k, row] of got.entries()) expectRow(row, expectedRow(own, (row.ts as Date).getTime(), 0.6, 2), `bucket ${k}`);
      } finally {
        await setting('performance_sharpe_window', '30 days');
        await setting('confidence_threshold', '0.55');
      }
    });

    it('re-applying the migration changes nothing, and fills the new columns of buckets logged before it', async () => {
      const migration = loadMigrations().find((m) => m.version === '20261207000100')!;
      await store.resolvePredictions(NOW); // the log as of the default settings
      const before = await logRows(1);
      // A changed setting survives re-applying (the window covers every bucket either way).
      await setting('performance_sharpe_window', '45 days');
      await store.driver.transaction('monitoring', async (s) => {
        // As logged before this migration: the new columns empty.
        await s.query(`UPDATE alpha_v4.performance_log SET accuracy_lower = NULL, accuracy_upper = NULL, confidence_threshold = NULL,
                         n_confident = NULL, n_confident_correct = NULL, confident_accuracy = NULL, coverage = NULL, ece = NULL,
                         sum_sq_return = NULL, sharpe = NULL WHERE symbol = 'PERF'`);
        await s.script(migration.sql);
      });
      const kept = await store.driver.transaction('monitoring', async (s) => (await s.query(`SELECT value FROM alpha_v4.settings WHERE key = 'performance_sharpe_window'`)).rows);
      await setting('performance_sharpe_window', '30 days');
      expect(kept).toEqual([{ value: '45 days' }]);
      const after = await logRows(1);
      expect(after.map(({ updated_at: _u, ...r }) => r)).toEqual(before.map(({ updated_at: _u, ...r }) => r));
    });

    it('a confidence_threshold setting outside [0, 1] fails the log (rolled back), naming the setting', async () => {
      const before = await logRows(1);
      await setting('confidence_threshold', '1.5');
      try {
        const e = await store.resolvePredictions(NOW).catch((x: unknown) => x);
        expect(e).toBeInstanceOf(StoreError);
        expect((e as StoreError).code).toBe('STORE_WRITE');
        expect((e as StoreError).sqlState).toBe('22023');
        expect((e as Error).message).toMatch(/setting confidence_threshold must lie in \[0, 1\], got 1\.5/);
        expect(await logRows(1)).toEqual(before);
      } finally {
        await setting('confidence_threshold', '0.55');
      }
    });
  });
}
