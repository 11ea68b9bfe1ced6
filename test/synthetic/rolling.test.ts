/**
 * The rolling kernels against simple-statistics (an independent two-pass implementation), window by window:
 * correlation (sampleCorrelation), beta (sampleCovariance / sampleVariance), z-score ((x - mean) / standardDeviation,
 * population). Long series check that the O(1) recentered updates do not drift; flat windows check the NaN rule.
 */
import { mean, sampleCorrelation, sampleCovariance, sampleVariance, standardDeviation } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { simulateMarket } from '../../src/core/simulator.js';
import { Rng } from '../../src/core/rng.js';
import { CoMomentsStream, ZScoreStream, rollingBeta, rollingCorrelation, rollingZScore } from '../../src/synthetic/index.js';

const logReturns = (close: Float64Array): Float64Array => {
  const r = new Float64Array(close.length);
  r[0] = NaN;
  for (let i = 1; i < close.length; i++) r[i] = Math.log(close[i]! / close[i - 1]!);
  return r;
};

const isConstant = (a: ArrayLike<number>): boolean => Array.prototype.every.call(a, (v: number) => v === a[0]);

/** Checks `ours` against a per-window reference at every `step`-th index, NaN before the first full window. */
function compareWindows(ours: Float64Array, first: number, window: number, step: number, ref: (from: number, to: number) => number, tol: (ref: number) => number): number {
  for (let i = 0; i < first + window - 1; i++) expect(ours[i], `index ${i}`).toBeNaN();
  let worst = 0;
  for (let i = first + window - 1; i < ours.length; i += step) {
    const want = ref(i - window + 1, i + 1);
    const got = ours[i]!;
    if (Number.isNaN(want)) {
      if (!Number.isNaN(got)) throw new Error(`index ${i}: ${got}, reference NaN`);
      continue;
    }
    const err = Math.abs(got - want);
    if (!(err <= tol(want))) throw new Error(`index ${i}: ${got}, reference ${want} (error ${err})`);
    worst = Math.max(worst, err);
  }
  return worst;
}

describe('rolling correlation, beta and z-score against simple-statistics', () => {
  const N = 40_000;
  const sim = simulateMarket({ candles: N, seed: 5 });
  const btc = logReturns(sim.candles.BTC!.close);
  const eth = logReturns(sim.candles.ETH!.close);
  const sol = sim.candles.SOL!.close;
  const spread = Float64Array.from(sim.candles.ETH!.close, (c, i) => Math.log(c) - Math.log(sim.candles.BTC!.close[i]!));

  it.each([20, 50, 100])('correlation of log returns, window %i, over 40 000 candles (no drift)', (w) => {
    const ours = rollingCorrelation(eth, btc, w);
    compareWindows(ours, 1, w, 3, (a, b) => (isConstant(eth.subarray(a, b)) || isConstant(btc.subarray(a, b)) ? NaN : sampleCorrelation(Array.from(eth.subarray(a, b)), Array.from(btc.subarray(a, b)))), () => 1e-11);
  });

  it.each([20, 100])('beta cov(x, y) / var(y), window %i', (w) => {
    const ours = rollingBeta(eth, btc, w);
    compareWindows(ours, 1, w, 3, (a, b) => sampleCovariance(Array.from(eth.subarray(a, b)), Array.from(btc.subarray(a, b))) / sampleVariance(Array.from(btc.subarray(a, b))), (r) => 1e-10 * Math.max(1, Math.abs(r)));
  });

  it.each([20, 100])('z-score of a log-price spread far from 0 (about -3.7), window %i', (w) => {
    const ours = rollingZScore(spread, w);
    compareWindows(ours, 0, w, 3, (a, b) => {
      const x = Array.from(spread.subarray(a, b));
      return (x[x.length - 1]! - mean(x)) / standardDeviation(x);
    }, () => 1e-9);
  });

  it('z-score of raw prices (large levels) keeps its precision', () => {
    const ours = rollingZScore(sol, 50);
    compareWindows(ours, 0, 50, 7, (a, b) => {
      const x = Array.from(sol.subarray(a, b));
      const sd = standardDeviation(x);
      return sd === 0 ? NaN : (x[x.length - 1]! - mean(x)) / sd;
    }, () => 1e-8);
  });
});

describe('flat windows: NaN by rule, never Infinity', () => {
  /** Returns with a fully flat stretch [200, 260) in x, [230, 300) in y, and a few flat single candles. */
  const rng = new Rng(11);
  const n = 600;
  const x = Float64Array.from({ length: n }, (_, i) => (i >= 200 && i < 260 ? 0 : 0.01 * rng.normal()));
  const y = Float64Array.from({ length: n }, (_, i) => (i >= 230 && i < 300 ? 0 : i % 37 === 0 ? 0 : 0.5 * x[i]! + 0.01 * rng.normal()));
  // A large shock just before the flat stretch: the exact reset must clear it.
  x[190] = 0.3;
  const w = 20;

  it('correlation is NaN exactly where either window is constant, and matches the reference elsewhere', () => {
    const r = rollingCorrelation(x, y, w);
    for (let i = w - 1; i < n; i++) {
      const flat = isConstant(x.subarray(i - w + 1, i + 1)) || isConstant(y.subarray(i - w + 1, i + 1));
      if (flat) expect(r[i], `index ${i}`).toBeNaN();
      else expect(Math.abs(r[i]! - sampleCorrelation(Array.from(x.subarray(i - w + 1, i + 1)), Array.from(y.subarray(i - w + 1, i + 1)))), `index ${i}`).toBeLessThan(1e-10);
      expect(Math.abs(r[i]!)).not.toBe(Infinity);
    }
    // The fully flat windows: x alone (219..229), both (230..259), y alone (260..299 while y's window is flat).
    expect(r[219]).toBeNaN();
    expect(r[245]).toBeNaN();
    expect(r[280]).toBeNaN();
    expect(Number.isFinite(r[320]!)).toBe(true);
  });

  it('beta is NaN where y is constant and exactly 0 where only x is', () => {
    const b = rollingBeta(x, y, w);
    expect(b[225]).toBe(0); // x flat over [206, 225], y not
    expect(b[249]).toBeNaN(); // y flat over [230, 249]
    expect(b[290]).toBeNaN(); // y flat over [271, 290]
    for (let i = w - 1; i < n; i++) expect(Number.isFinite(b[i]!) || Number.isNaN(b[i]!), `index ${i}`).toBe(true);
  });

  it('a window flat in both series gives NaN (correlation, beta and z-score), then recovers exactly', () => {
    const flat = new Float64Array(60).fill(0.5);
    const mixed = Float64Array.from({ length: 120 }, (_, i) => (i >= 30 && i < 90 ? 0.5 : Math.sin(i) * 1e-3 + 0.5));
    for (const v of [rollingCorrelation(flat, flat, 20), rollingBeta(flat, flat, 20), rollingZScore(flat, 20)]) {
      expect(Array.from(v.subarray(19)).every(Number.isNaN)).toBe(true);
    }
    const z = rollingZScore(mixed, 20);
    for (let i = 49; i < 90; i++) expect(z[i], `index ${i}`).toBeNaN();
    for (let i = 90; i < 120; i++) {
      const win = Array.from(mixed.subarray(i - 19, i + 1));
      expect(Math.abs(z[i]! - (win[19]! - mean(win)) / standardDeviation(win)), `index ${i}`).toBeLessThan(1e-9);
    }
  });

  it('a nearly flat window (one tiny move) is finite and matches the reference', () => {
    const a = new Float64Array(40);
    const b = Float64Array.from({ length: 40 }, (_, i) => Math.cos(i));
    a[35] = 1e-9;
    const r = rollingCorrelation(a, b, 20);
    const ref = sampleCorrelation(Array.from(a.subarray(20, 40)), Array.from(b.subarray(20, 40)));
    expect(r[39]! - ref).toBeCloseTo(0, 12);
    expect(r[30]).toBeNaN();
  });
});

describe('hand-computed values', () => {
  it('correlation, beta and z-score on tiny inputs', () => {
    // x = (1, 2, 4), y = (1, 3, 2): means 7/3 and 2; Sxy = 1, Sxx = 14/3, Syy = 2.
    const r = rollingCorrelation(new Float64Array([1, 2, 4]), new Float64Array([1, 3, 2]), 3);
    expect(r[2]).toBeCloseTo(1 / Math.sqrt((14 / 3) * 2), 14);
    const b = rollingBeta(new Float64Array([1, 2, 4]), new Float64Array([1, 3, 2]), 3);
    expect(b[2]).toBeCloseTo(0.5, 14);
    // (4 - 7/3) / sqrt(14/9)
    expect(rollingZScore(new Float64Array([1, 2, 4]), 3)[2]).toBeCloseTo((4 - 7 / 3) / Math.sqrt(14 / 9), 14);
  });
});

describe('streams and bad input', () => {
  it('the kernel streams peek without changing state and round-trip through JSON', () => {
    const s = new CoMomentsStream(5);
    const out = new Float64Array(2);
    const batch = rollingCorrelation(Float64Array.from({ length: 30 }, (_, i) => Math.sin(i)), Float64Array.from({ length: 30 }, (_, i) => Math.cos(i * 1.3)), 5);
    let cur = s;
    for (let i = 0; i < 30; i++) {
      const ins = new Float64Array([Math.sin(i), Math.cos(i * 1.3)]);
      cur.peek(new Float64Array([9, -9]), out);
      if (i === 12) cur = CoMomentsStream.fromJSON(JSON.parse(JSON.stringify(cur.toJSON())));
      cur.next(ins, out);
      expect(Object.is(out[0], batch[i])).toBe(true);
    }
    const z = ZScoreStream.fromJSON(JSON.parse(JSON.stringify(new ZScoreStream(3).toJSON())));
    expect(z.window).toBe(3);
  });

  it('window < 2 is an InvalidParameterError', () => {
    const a = new Float64Array(5);
    for (const f of [() => rollingCorrelation(a, a, 1), () => rollingBeta(a, a, 0), () => rollingZScore(a, 1.5), () => new CoMomentsStream(1), () => new ZScoreStream(-3)]) {
      expect(f).toThrowError(expect.objectContaining({ code: 'INVALID_PARAMETER', parameter: 'window' }));
    }
  });

  it('mismatched lengths and NaN after the warm-up are typed errors', () => {
    expect(() => rollingCorrelation(new Float64Array(3), new Float64Array(4), 2)).toThrowError(expect.objectContaining({ code: 'LENGTH_MISMATCH' }));
    expect(() => rollingCorrelation(new Float64Array([NaN, 1, NaN, 2]), new Float64Array(4), 2)).toThrowError(expect.objectContaining({ code: 'INVALID_PARAMETER', parameter: 'x' }));
    expect(() => rollingZScore(new Float64Array([1, Infinity]), 2)).toThrowError(expect.objectContaining({ code: 'INVALID_PARAMETER' }));
    expect(Array.from(rollingCorrelation(new Float64Array([NaN, 1, 2, 4]), new Float64Array([NaN, 1, 3, 2]), 3)).slice(0, 3).every(Number.isNaN)).toBe(true);
  });
});
