/**
 * Live evaluation on PGlite and PostgreSQL 15: candles and predictions written, resolved by the store, and every
 * metric compared with a computation in this file over the same rows (outcomes from the candles, the Wilson bounds
 * as the roots of the score-test quadratic, ECE with floor(10 p) bins on probabilities off the bin edges, the Sharpe
 * ratio from the sum of squares).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/core/errors.js';
import type { Candles } from '../../src/core/types.js';
import { PipelineError } from '../../src/pipeline/errors.js';
import { evaluatePredictions, resolveAndEvaluate, type LiveMetrics } from '../../src/pipeline/evaluation.js';
import { annualisedSharpe, isCorrect } from '../../src/pipeline/scoring.js';
import type { AlphaStore, PredictionInput } from '../../src/store/index.js';
import { engines } from '../support/engines.js';
import { candles, insertCandles } from '../store/fixtures.js';

const T0 = Date.UTC(2024, 0, 1);
const M15 = 900_000;
const Z = 1.959963984540054;

/** Deterministic predictions of `symbol` at candles [0, count) of `c`, horizon `h`, versions 1 (first half) and 2. */
function predictionsOf(symbol: string, c: Candles, count: number, h: number, seed: number): PredictionInput[] {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  return Array.from({ length: count }, (_, i) => {
    let pUp = 0.2 + Math.round(next() * 600_000) / 1e6;
    if (Number.isInteger(Math.round(pUp * 1e6) / 1e5)) pUp += 1e-6; // keep p_up off the bin edges k / 10
    const direction = Math.abs(pUp - 0.5) < 0.02 ? 0 : pUp > 0.5 ? 1 : -1;
    return {
      symbol,
      timeframe: '15m',
      ts: c.time[i]!,
      horizon: h,
      pUp,
      direction,
      confidence: Math.max(pUp, 1 - pUp),
      size: Math.round(next() * 1000) / 1000,
      modelVersion: i < count / 2 ? 1 : 2,
    } as PredictionInput;
  });
}

/** The 95% Wilson bounds as the roots of (1 + z^2/n) p^2 - (2k/n + z^2/n) p + (k/n)^2 = 0. */
function wilsonRoots(k: number, n: number): [number, number] {
  const ph = k / n, a = 1 + (Z * Z) / n, b = -(2 * ph + (Z * Z) / n), c = ph * ph;
  const d = Math.sqrt(b * b - 4 * a * c);
  return [(-b - d) / (2 * a), (-b + d) / (2 * a)];
}

/** The metrics computed here from the rows and the candles. */
function reference(rows: readonly PredictionInput[], c: Candles, threshold: number) {
  const y = rows.map((r) => {
    const i = c.time.indexOf(r.ts as number);
    return c.close[i + r.horizon]! > c.close[i]! ? 1 : 0;
  });
  const ret = rows.map((r) => {
    const i = c.time.indexOf(r.ts as number);
    return c.close[i + r.horizon]! / c.close[i]! - 1;
  });
  const n = rows.length;
  const dir = rows.filter((r) => r.direction !== 0);
  const right = (r: PredictionInput, i: number) => (r.direction === 1 ? y[i] === 1 : r.direction === -1 ? y[i] === 0 : false);
  const correct = rows.filter(right).length;
  const conf = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.direction !== 0 && Math.max(r.pUp, 1 - r.pUp) >= threshold);
  const confCorrect = conf.filter(({ r, i }) => right(r, i)).length;
  const bins = Array.from({ length: 10 }, () => ({ n: 0, p: 0, y: 0 }));
  rows.forEach((r, i) => {
    const b = bins[Math.min(9, Math.floor(r.pUp * 10))]!;
    b.n++;
    b.p += r.pUp;
    b.y += y[i]!;
  });
  const ece = bins.reduce((e, b) => (b.n ? e + (b.n / n) * Math.abs(b.p / b.n - b.y / b.n) : e), 0);
  const r = rows.map((row, i) => row.direction * (row.size ?? 0) * ret[i]!);
  const mean = r.reduce((a, x) => a + x, 0) / n;
  const sd = Math.sqrt((r.reduce((a, x) => a + x * x, 0) - n * mean * mean) / (n - 1));
  return {
    n,
    directional: dir.length,
    correct,
    accuracy: wilsonRoots(correct, dir.length),
    nConfident: conf.length,
    confCorrect,
    coverage: conf.length / dir.length,
    ece,
    brier: rows.reduce((a, row, i) => a + (row.pUp - y[i]!) ** 2, 0) / n,
    sharpe: (mean / sd) * Math.sqrt((365 * 86400) / 900 / rows[0]!.horizon),
    baseRate: y.reduce((a: number, v) => a + v, 0) / n,
  };
}

function expectMatches(m: LiveMetrics, rows: readonly PredictionInput[], c: Candles, threshold = 0.55, sharpe = true): void {
  const ref = reference(rows, c, threshold);
  expect(m.n).toBe(ref.n);
  expect(m.accuracy!.n).toBe(ref.directional);
  expect(m.accuracy!.value).toBe(ref.correct / ref.directional);
  expect(m.accuracy!.lower).toBeCloseTo(ref.accuracy[0], 12);
  expect(m.accuracy!.upper).toBeCloseTo(ref.accuracy[1], 12);
  expect(m.confident.threshold).toBe(threshold);
  expect(m.confident.n).toBe(ref.nConfident);
  expect(m.confident.accuracy!.value).toBe(ref.confCorrect / ref.nConfident);
  expect(m.confident.accuracy!.lower).toBeCloseTo(wilsonRoots(ref.confCorrect, ref.nConfident)[0], 12);
  expect(m.confident.coverage).toBeCloseTo(ref.coverage, 14);
  expect(m.ece).toBeCloseTo(ref.ece, 12);
  expect(m.brier).toBeCloseTo(ref.brier, 12);
  if (sharpe) expect(m.sharpe!).toBeCloseTo(ref.sharpe, 8);
  expect(m.baseRate).toBeCloseTo(ref.baseRate, 14);
  expect(m.from.getTime()).toBe(Math.min(...rows.map((r) => r.ts as number)));
  expect(m.to.getTime()).toBe(Math.max(...rows.map((r) => r.ts as number)));
}

for (const engine of engines('evaluation')) {
  describe(`live evaluation on ${engine.name}`, () => {
    let store: AlphaStore;
    let c: Candles;
    let h1: PredictionInput[];
    let h3: PredictionInput[];

    beforeAll(async () => {
      store = await engine.open();
      c = candles('EVA', 260, T0, '15m', 21);
      await insertCandles(store, 'indicators.ohlcv_15m', 'EVA', c);
      h1 = predictionsOf('EVA', c, 200, 1, 5);
      h3 = predictionsOf('EVA', c, 100, 3, 9);
      await store.writePredictions([...h1, ...h3]);
      expect(await store.resolvePredictions(T0 + 400 * M15)).toBe(300);
    }, 300_000);

    afterAll(async () => {
      await engine.dispose();
    }, 120_000);

    it('one horizon: every metric equals the computation over the same rows', async () => {
      expectMatches(await evaluatePredictions(store, { symbol: 'EVA', timeframe: '15m', horizon: 1 }), h1, c);
    });

    it('filters by model version and window, with another confidence threshold', async () => {
      const m = await evaluatePredictions(store, { symbol: 'EVA', horizon: 1, modelVersion: 2, threshold: 0.6 });
      expectMatches(m, h1.filter((r) => r.modelVersion === 2), c, 0.6);
      const from = T0 + 40 * M15, to = T0 + 160 * M15;
      const w = await evaluatePredictions(store, { horizon: 1, from: new Date(from), to: new Date(to).toISOString() });
      expectMatches(w, h1.filter((r) => (r.ts as number) >= from && (r.ts as number) < to), c);
    });

    it('two horizons pooled: the metrics of all rows, and no Sharpe ratio (no single annualisation)', async () => {
      const m = await evaluatePredictions(store, { symbol: 'EVA' });
      expectMatches(m, [...h1, ...h3], c, 0.55, false);
      expect(m.sharpe).toBeNull();
      // Horizon 3 alone is annualised by sqrt(periods / 3).
      expectMatches(await evaluatePredictions(store, { horizon: 3 }), h3, c);
    });

    it('resolveAndEvaluate resolves what is due, then evaluates', async () => {
      const d = candles('EVB', 80, T0, '15m', 33);
      await insertCandles(store, 'indicators.ohlcv_15m', 'EVB', d);
      const rows = predictionsOf('EVB', d, 60, 1, 77);
      await store.writePredictions(rows);
      // As of candle 40's open, the targets of predictions 0..39 exist (target = ts + 1 candle <= now).
      const first = await resolveAndEvaluate(store, { now: T0 + 40 * M15, symbol: 'EVB' });
      expect(first.resolved).toBe(40);
      expectMatches(first.metrics, rows.slice(0, 40), d);
      const second = await resolveAndEvaluate(store, { now: T0 + 100 * M15, symbol: 'EVB', horizon: 1 });
      expect(second.resolved).toBe(20);
      expectMatches(second.metrics, rows, d);
    });

    it('a window without a resolved prediction is NO_RESOLVED_PREDICTIONS', async () => {
      const e = await evaluatePredictions(store, { symbol: 'EVA', from: T0 + 1000 * M15 }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(PipelineError);
      expect((e as PipelineError).code).toBe('NO_RESOLVED_PREDICTIONS');
      expect((e as PipelineError).message).toContain('symbol EVA');
      expect((e as PipelineError).symbol).toBe('EVA');
    });
  });
}

describe('evaluation inputs (checked before any read)', () => {
  const store = {} as AlphaStore; // never reached
  const bad = async (query: unknown, field: string, text: string) => {
    const e = await evaluatePredictions(store, query as never).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InvalidParameterError);
    expect((e as InvalidParameterError).code).toBe('INVALID_PARAMETER');
    expect((e as Error).message).toContain(field);
    expect((e as Error).message).toContain(text);
  };

  it('an unknown query key', () => bad({ symbol: 'BTC', modelversion: 2 }, 'query.modelversion', 'unknown option'));
  it('a threshold outside [0.5, 1]', () => bad({ threshold: 0.4 }, 'query.threshold', 'from 0.5 to 1'));
  it('to not after from', () => bad({ from: T0, to: T0 }, 'query.to', 'after from'));
  it('a bad timeframe', () => bad({ timeframe: '2h' }, 'query.timeframe', '"2h"'));
  it('resolveAndEvaluate: a bad now, before anything is resolved', async () => {
    const e = await resolveAndEvaluate(store, { now: 'soon' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InvalidParameterError);
    expect((e as Error).message).toContain('query.now');
  });
});

describe('scoring definitions', () => {
  it('isCorrect follows the direction and the outcome', () => {
    expect([isCorrect(1, 1), isCorrect(1, 0), isCorrect(-1, 0), isCorrect(-1, 1), isCorrect(0, 1), isCorrect(0, 0)]).toEqual([true, false, true, false, false, false]);
  });

  it('annualisedSharpe: hand-computed value, undefined cases', () => {
    // mean 0.025/3, sample variance ((1/600)^2 + (2/150)^2 + (7/600)^2) / 2, daily bets: sqrt(365).
    const mean = 0.025 / 3;
    const sd = Math.sqrt(((1 / 600) ** 2 + (2 / 150) ** 2 + (7 / 600) ** 2) / 2);
    expect(annualisedSharpe([0.01, -0.005, 0.02], '1d', 1)).toBeCloseTo((mean / sd) * Math.sqrt(365), 12);
    // 1h bets over 4 candles: sqrt(8760 / 4).
    expect(annualisedSharpe([0.01, -0.005, 0.02], '1h', 4)).toBeCloseTo((mean / sd) * Math.sqrt(2190), 12);
    expect(annualisedSharpe([0.01], '1h', 1)).toBeNull();
    expect(annualisedSharpe([0.1, 0.1, 0.1], '1h', 1)).toBeNull();
    expect(annualisedSharpe([0, 0, 0], '1h', 1)).toBeNull();
  });
});
