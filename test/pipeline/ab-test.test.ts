/**
 * The A/B comparison with the legacy `alpha` schema, on PGlite and PostgreSQL 15: a legacy table created here (a
 * legacy system that calls the sign of the last return), alpha_v4 predictions resolved by the store, and every
 * figure of the written rows compared with a computation in this file (the McNemar p-value with exact BigInt
 * binomial sums). The exact McNemar test against hand-computed and R `binom.test` values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/core/errors.js';
import type { Candles } from '../../src/core/types.js';
import { compareWithLegacy, type AbTestResult } from '../../src/pipeline/ab-test.js';
import { PipelineError } from '../../src/pipeline/errors.js';
import { mcnemarExact } from '../../src/pipeline/mcnemar.js';
import type { AlphaStore, PredictionInput } from '../../src/store/index.js';
import { engines } from '../support/engines.js';
import { candles, insertCandles } from '../store/fixtures.js';

const T0 = Date.UTC(2024, 2, 4, 5); // 05:00 UTC
const M15 = 900_000;

/** The exact two-sided McNemar p-value with BigInt binomial coefficients: min(1, 2 sum_{i<=k} C(n, i) / 2^n). */
function mcnemarBig(b: number, c: number): number {
  const n = BigInt(b + c), k = BigInt(Math.min(b, c));
  let term = 1n, sum = 0n;
  for (let i = 0n; i <= k; i++) {
    sum += term;
    term = (term * (n - i)) / (i + 1n);
  }
  const scale = 10n ** 30n;
  return Math.min(1, Number((2n * sum * scale) / 2n ** n) / 1e30);
}

async function run(store: AlphaStore, text: string, params: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
  return (await store.driver.transaction('monitoring', (s) => s.query(text, params))).rows;
}

/** alpha_v4 predictions at candles 1..count of `c`: right with probability ~0.7 (the candles are peeked at). */
function v4Predictions(symbol: string, c: Candles, count: number, version: (i: number) => number, seed: number): PredictionInput[] {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  const out: PredictionInput[] = [];
  for (let i = 1; i <= count; i++) {
    const up = c.close[i + 1]! > c.close[i]!;
    const callUp = next() < 0.7 ? up : !up;
    const pUp = Math.round((callUp ? 0.5 + 0.3 * next() + 0.001 : 0.5 - 0.3 * next() - 0.001) * 1e6) / 1e6;
    out.push({ symbol, timeframe: '15m', ts: c.time[i]!, horizon: 1, pUp, direction: callUp ? 1 : -1, confidence: Math.max(pUp, 1 - pUp), size: 1, modelVersion: version(i) });
  }
  return out;
}

/** The legacy call at candle i: the sign of the last return. */
const legacyCall = (c: Candles, i: number) => Math.sign(c.close[i]! - c.close[i - 1]!);

/** Every figure of the comparison, computed here over (v4 row, legacy direction, legacy pUp?) pairs. */
function expected(pairs: { r: PredictionInput; ld: number; lp?: number }[], c: Candles) {
  const idx = (r: PredictionInput) => c.time.indexOf(r.ts as number);
  const both = pairs.filter((p) => p.r.direction !== 0 && p.ld !== 0);
  const y = both.map((p) => (c.close[idx(p.r) + 1]! > c.close[idx(p.r)]! ? 1 : 0));
  const ret = both.map((p) => c.close[idx(p.r) + 1]! / c.close[idx(p.r)]! - 1);
  const right = (d: number, o: number) => (d === 1 ? o === 1 : o === 0);
  let b = 0, cc = 0, v4 = 0, legacy = 0;
  both.forEach((p, i) => {
    const a = right(p.r.direction, y[i]!), l = right(p.ld, y[i]!);
    if (a) v4++;
    if (l) legacy++;
    if (a && !l) b++;
    if (l && !a) cc++;
  });
  const sharpe = (d: number[]) => {
    const r = d.map((x, i) => x * ret[i]!);
    const m = r.reduce((s, x) => s + x, 0) / r.length;
    const sd = Math.sqrt(r.reduce((s, x) => s + (x - m) ** 2, 0) / (r.length - 1));
    return (m / sd) * Math.sqrt(35040);
  };
  const n = both.length;
  return {
    n, b, c: cc,
    v4: v4 / n,
    legacy: legacy / n,
    v4Brier: both.reduce((s, p, i) => s + (p.r.pUp - y[i]!) ** 2, 0) / n,
    legacyBrier: both[0]?.lp === undefined ? null : both.reduce((s, p, i) => s + (p.lp! - y[i]!) ** 2, 0) / n,
    v4Sharpe: sharpe(both.map((p) => p.r.direction)),
    legacySharpe: sharpe(both.map((p) => p.ld)),
    p: mcnemarBig(b, cc),
  };
}

function expectRow(row: AbTestResult, e: ReturnType<typeof expected>, alpha = 0.05): void {
  expect(row.nSamples).toBe(e.n);
  expect(row.challengerAccuracy).toBe(e.v4);
  expect(row.championAccuracy).toBe(e.legacy);
  expect(row.challengerBrier!).toBeCloseTo(e.v4Brier, 12);
  if (e.legacyBrier === null) expect(row.championBrier).toBeNull();
  else expect(row.championBrier!).toBeCloseTo(e.legacyBrier, 12);
  expect(row.challengerSharpe!).toBeCloseTo(e.v4Sharpe, 8);
  expect(row.championSharpe!).toBeCloseTo(e.legacySharpe, 8);
  expect(row.details.onlyChallengerRight).toBe(e.b);
  expect(row.details.onlyChampionRight).toBe(e.c);
  expect(Math.abs(row.pValue - e.p)).toBeLessThanOrEqual(1e-12 + 1e-9 * e.p);
  expect(row.winner).toBe(e.p < alpha ? (e.b > e.c ? 'challenger' : 'champion') : 'none');
}

for (const engine of engines('abtest')) {
  describe(`A/B against the legacy schema on ${engine.name}`, () => {
    let store: AlphaStore;
    let x: Candles, z: Candles;
    let xRows: PredictionInput[], zRows: PredictionInput[];
    const count = async () => Number((await run(store, 'SELECT count(*)::int AS n FROM alpha_v4.ab_test_results'))[0]!.n);

    beforeAll(async () => {
      store = await engine.open();
      x = candles('ABX', 402, T0, '15m', 41);
      z = candles('ABZ', 202, T0, '15m', 43);
      await insertCandles(store, 'indicators.ohlcv_15m', 'ABX', x);
      await insertCandles(store, 'indicators.ohlcv_15m', 'ABZ', z);
      xRows = v4Predictions('ABX', x, 400, (i) => (i <= 100 ? 1 : 2), 3);
      zRows = v4Predictions('ABZ', z, 200, () => 4, 8);
      await store.writePredictions([...xRows, ...zRows]);
      await store.resolvePredictions(T0 + 1000 * M15);
      await run(store, 'CREATE SCHEMA alpha');
      await run(store, 'CREATE TABLE alpha.predictions (id serial PRIMARY KEY, symbol text, timeframe text, ts timestamptz, horizon integer, direction smallint)');
      for (const [sym, c, n] of [['ABX', x, 400], ['ABZ', z, 200]] as const) {
        const ts = Array.from({ length: n }, (_, k) => new Date(c.time[k + 1]!).toISOString());
        const dir = Array.from({ length: n }, (_, k) => legacyCall(c, k + 1));
        await run(store, `INSERT INTO alpha.predictions (symbol, timeframe, ts, horizon, direction)
                          SELECT $1, '15m', t, 1, d FROM unnest($2::timestamptz[], $3::smallint[]) AS u(t, d)`, [sym, `{${ts.join(',')}}`, `{${dir.join(',')}}`]);
      }
      // Legacy noise: a duplicated key (ambiguous), a NULL call, a prediction of another horizon (no pair).
      await run(store, `INSERT INTO alpha.predictions (symbol, timeframe, ts, horizon, direction) VALUES
                        ('ABX', '15m', $1, 1, 1), ('ABX', '15m', $2, 2, 1)`, [new Date(x.time[150]!), new Date(x.time[151]!)]);
      await run(store, `UPDATE alpha.predictions SET direction = NULL WHERE symbol = 'ABX' AND ts = $1`, [new Date(x.time[160]!)]);
    }, 300_000);

    afterAll(async () => {
      await engine.dispose();
    }, 120_000);

    it('per market: the latest version against the legacy calls on the same candles, as computed here', async () => {
      const rows = await compareWithLegacy(store);
      expect(rows.map((r) => [r.symbol, r.timeframe, r.champion, r.challenger])).toEqual([
        ['ABX', '15m', 'alpha', 'alpha_v4:2'],
        ['ABZ', '15m', 'alpha', 'alpha_v4:4'],
      ]);
      const pairsX = xRows.filter((r) => r.modelVersion === 2).map((r) => ({ r, ld: legacyCall(x, x.time.indexOf(r.ts as number)) }))
        .filter(({ r }) => r.ts !== x.time[150] && r.ts !== x.time[160]);
      const pairsZ = zRows.map((r) => ({ r, ld: legacyCall(z, z.time.indexOf(r.ts as number)) }));
      expectRow(rows[0]!, expected(pairsX, x));
      expectRow(rows[1]!, expected(pairsZ, z));
      expect(rows[0]!.details).toMatchObject({ legacyDuplicates: 1, legacyInvalid: 1, pairs: 298, modelVersion: 2, horizons: [1] });
      // The window: UTC midnight of the first pair to the midnight after the last (400 candles from 05:15 end on day 5).
      expect(rows.map((r) => [r.windowStart.toISOString(), r.windowEnd.toISOString()])).toEqual([
        ['2024-03-04T00:00:00.000Z', '2024-03-09T00:00:00.000Z'],
        ['2024-03-04T00:00:00.000Z', '2024-03-09T00:00:00.000Z'],
      ]);
      // The v4 predictions are right ~70% of the time, the legacy calls ~50%: a clear win on ABX.
      expect(rows[0]!.winner).toBe('challenger');
      const stored = await store.db.selectFrom('alpha_v4.ab_test_results').selectAll().orderBy('symbol').execute();
      expect(stored.length).toBe(2);
      expect(stored.map((s) => [s.test_name, s.symbol, s.n_samples, s.p_value, s.winner, s.challenger_accuracy, s.champion_sharpe])).toEqual(
        rows.map((r) => ['alpha_vs_alpha_v4', r.symbol, r.nSamples, r.pValue, r.winner, r.challengerAccuracy, r.championSharpe]),
      );
      expect(stored[0]!.details).toEqual(rows[0]!.details);
    });

    it('is idempotent: a rerun replaces the same rows', async () => {
      const before = await count();
      const again = await compareWithLegacy(store);
      const third = await compareWithLegacy(store);
      expect(third).toEqual(again);
      expect(await count()).toBe(before);
    });

    it('a chosen version, market and window, a significance level and a test name', async () => {
      const from = T0 + 20 * M15, to = T0 + 90 * M15;
      const [row, ...rest] = await compareWithLegacy(store, { symbol: 'ABX', timeframe: '15m', modelVersion: 1, from, to, alpha: 0.001, testName: 'v1-early' });
      expect(rest).toEqual([]);
      expect([row!.challenger, row!.windowStart.getTime(), row!.windowEnd.getTime()]).toEqual(['alpha_v4:1', from, to]);
      const pairs = xRows.filter((r) => r.modelVersion === 1 && (r.ts as number) >= from && (r.ts as number) < to).map((r) => ({ r, ld: legacyCall(x, x.time.indexOf(r.ts as number)) }));
      expectRow(row!, expected(pairs, x), 0.001);
      const stored = await store.db.selectFrom('alpha_v4.ab_test_results').select(['test_name', 'challenger']).where('test_name', '=', 'v1-early').execute();
      expect(stored).toEqual([{ test_name: 'v1-early', challenger: 'alpha_v4:1' }]);
    });

    it('a legacy table of probabilities, other column names, timestamp without time zone and no horizon column', async () => {
      await run(store, `CREATE TABLE alpha.probs (sym varchar(10), tf text, t timestamp, p double precision)`);
      const ts = Array.from({ length: 200 }, (_, k) => new Date(z.time[k + 1]!).toISOString().replace('Z', ''));
      const p = Array.from({ length: 200 }, (_, k) => 0.5 + 0.1 * legacyCall(z, k + 1) + 0.001 * (k % 7));
      await run(store, `INSERT INTO alpha.probs SELECT 'ABZ', '15m', t, q FROM unnest($1::timestamp[], $2::float8[]) AS u(t, q)`, [`{${ts.join(',')}}`, `{${p.join(',')}}`]);
      const rows = await compareWithLegacy(store, { table: 'alpha.probs', columns: { symbol: 'sym', timeframe: 'tf', ts: 't', pUp: 'p', horizon: null }, testName: 'probs' });
      expect(rows.map((r) => r.symbol)).toEqual(['ABZ']);
      const pairs = zRows.map((r, k) => ({ r, ld: Math.sign(p[k]! - 0.5), lp: p[k]! }));
      expectRow(rows[0]!, expected(pairs, z));
      expect(rows[0]!.championBrier).not.toBeNull();
    });

    it('a missing legacy table is LEGACY_SOURCE naming it; nothing is written', async () => {
      const before = await count();
      const e = await compareWithLegacy(store, { table: 'alpha.nope' }).catch((v: unknown) => v);
      expect(e).toBeInstanceOf(PipelineError);
      expect((e as PipelineError).code).toBe('LEGACY_SOURCE');
      expect((e as Error).message).toContain('alpha.nope does not exist');
      expect(await count()).toBe(before);
      const schema = await compareWithLegacy(store, { table: 'nosuchschema.predictions' }).catch((v: unknown) => v);
      expect((schema as PipelineError).code).toBe('LEGACY_SOURCE');
    });

    it('a missing legacy column is LEGACY_SOURCE naming it and its option; nothing is written', async () => {
      const before = await count();
      const e = await compareWithLegacy(store, { columns: { direction: 'call' } }).catch((v: unknown) => v);
      expect(e).toBeInstanceOf(PipelineError);
      expect((e as PipelineError).code).toBe('LEGACY_SOURCE');
      expect((e as Error).message).toContain('no column "call" (options.columns.direction)');
      // The default horizon column, absent from alpha.probs.
      const h = await compareWithLegacy(store, { table: 'alpha.probs', columns: { symbol: 'sym', timeframe: 'tf', ts: 't', pUp: 'p' } }).catch((v: unknown) => v);
      expect((h as Error).message).toContain('no column "horizon" (options.columns.horizon)');
      expect(await count()).toBe(before);
    });

    it('a legacy column of an unusable type is LEGACY_SOURCE', async () => {
      const e = await compareWithLegacy(store, { columns: { ts: 'symbol' } }).catch((v: unknown) => v);
      expect((e as PipelineError).code).toBe('LEGACY_SOURCE');
      expect((e as Error).message).toContain('"symbol" of alpha.predictions is text, expected timestamptz or timestamp');
    });

    it('no pair in the window is NO_RESOLVED_PREDICTIONS; nothing is written', async () => {
      const before = await count();
      const e = await compareWithLegacy(store, { from: T0 - 10 * M15, to: T0 }).catch((v: unknown) => v);
      expect((e as PipelineError).code).toBe('NO_RESOLVED_PREDICTIONS');
      expect(await count()).toBe(before);
    });
  });
}

describe('A/B options (checked before any read)', () => {
  const store = {} as AlphaStore; // never reached
  const bad = async (options: unknown, field: string, text: string) => {
    const e = await compareWithLegacy(store, options as never).catch((v: unknown) => v);
    expect(e).toBeInstanceOf(InvalidParameterError);
    expect((e as InvalidParameterError).code).toBe('INVALID_PARAMETER');
    expect((e as Error).message).toContain(field);
    expect((e as Error).message).toContain(text);
  };

  it('an unknown option key', () => bad({ tabel: 'alpha.predictions' }, 'options.tabel', 'unknown option'));
  it('an unknown column key', () => bad({ columns: { p_up: 'p' } }, 'options.columns.p_up', 'unknown option'));
  it('a table name that is not one', () => bad({ table: 'alpha.predictions; DROP TABLE x' }, 'options.table', 'not a table name'));
  it('a column name that is not one', () => bad({ columns: { ts: 'a.b' } }, 'options.columns.ts', 'expected a column name'));
  it('neither a direction nor a pUp column', () => bad({ columns: { direction: null } }, 'options.columns', 'needs a direction or a pUp column'));
  it('alpha outside (0, 1)', () => bad({ alpha: 1 }, 'options.alpha', 'in (0, 1)'));
  it('to not after from', () => bad({ from: T0, to: T0 - 1 }, 'options.to', 'after from'));
  it('a bad legacy horizon', () => bad({ legacyHorizon: 0 }, 'options.legacyHorizon', 'integer'));
});

describe('mcnemarExact', () => {
  it('hand-computed values: 2 (1 + 12 + 66) / 4096 for b = 10, c = 2', () => {
    expect(mcnemarExact(10, 2)).toBe(0.03857421875);
    expect(mcnemarExact(2, 10)).toBe(0.03857421875);
    expect(mcnemarExact(1, 10)).toBe((2 * (1 + 11)) / 2048);
  });

  it("R's binom.test(min(b, c), b + c) p-values", () => {
    expect(mcnemarExact(20, 5)).toBeCloseTo(0.004077315, 9); // binom.test(5, 25)
    expect(mcnemarExact(0, 5)).toBe(0.0625); // binom.test(0, 5)
    expect(mcnemarExact(7, 3)).toBeCloseTo(0.34375, 12); // binom.test(3, 10)
  });

  it('equal or no discordant pairs: 1', () => {
    expect([mcnemarExact(0, 0), mcnemarExact(4, 4), mcnemarExact(5, 6)]).toEqual([1, 1, 1]);
  });

  it('agrees with the exact BigInt sum from small to large n (both computation paths)', () => {
    for (const [b, c] of [[13, 4], [120, 90], [540, 460], [561, 440], [620, 500], [2600, 2450], [5000, 4800]] as const) {
      const ref = mcnemarBig(b, c);
      expect(Math.abs(mcnemarExact(b, c) - ref)).toBeLessThanOrEqual(1e-9 * ref);
    }
    expect(mcnemarExact(3000, 0)).toBe(0); // 2^-2999 underflows
  });

  it('rejects counts that are not integers from 0', () => {
    for (const [b, c, name] of [[-1, 2, 'b'], [1.5, 2, 'b'], [2, Number.NaN, 'c']] as const) {
      expect(() => mcnemarExact(b, c)).toThrow(InvalidParameterError);
      expect(() => mcnemarExact(b, c)).toThrow(name);
    }
  });
});
