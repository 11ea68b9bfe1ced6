/**
 * Candles on which candlestick patterns are frequent, for the pattern tests: prices on a 0.25 grid (so that the
 * equalities the rules test, such as an open equal to the prior close, happen) or continuous, with gaps between
 * candles, bodies and shadows from doji to very long, and runs of inside bars, from a seeded generator.
 */

/** Columnar candles. */
export interface Ohlc {
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
}

/** A small deterministic generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

import { CASES } from './cases.js';

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const GAPS = [0, 0, 0, 0, 0.25, -0.25, 0.5, -0.5, 1, -1, 2, -2] as const;
const BODIES = [0, 0, 0.25, 0.5, 1, 1, 1.5, 2, 3, 4] as const;
const SHADOWS = [0, 0, 0, 0.25, 0.5, 1, 2, 3] as const;

/**
 * `n` candles from `seed`. On the grid (`continuous` false) every price is a multiple of 0.25 near 100; continuous
 * series scale each candle's moves by a random factor in [0.5, 1.5), so sums of ranges round.
 */
export function richSeries(seed: number, n: number, continuous = false): Ohlc {
  const r = rng(seed);
  const s: Ohlc = { open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n) };
  let prev = 100;
  let inside = 0;
  for (let i = 0; i < n; i++) {
    const k = continuous ? 0.5 + r() : 1;
    if (inside === 0 && r() < 0.05) inside = 2 + Math.floor(r() * 3);
    if (inside > 0 && i > 0) {
      // an inside bar (or, ending the run, a breakout): a range inside the previous one
      inside--;
      const hi = s.high[i - 1]!;
      const lo = s.low[i - 1]!;
      const step = inside === 0 ? pick(r, [-0.5, 0.5]) : 0;
      const top = hi - 0.25 * k + step;
      const bottom = lo + 0.25 * k + step;
      const open = bottom + (top - bottom) * pick(r, [0, 0.25, 0.5, 0.75, 1]);
      const close = bottom + (top - bottom) * pick(r, [0, 0.25, 0.5, 0.75, 1]);
      s.open[i] = open;
      s.close[i] = close;
      s.high[i] = Math.max(top, open, close);
      s.low[i] = Math.min(bottom, open, close);
      prev = close;
      continue;
    }
    if (r() < 0.06) {
      // a hand-built pattern (./cases.ts), moved to this price and scaled, in whatever context precedes it
      const { candles } = pick(r, CASES);
      const base = prev + pick(r, GAPS) * k;
      const scale = pick(r, [0.5, 1, 1, 2]) * k;
      const first = candles[0]![0];
      for (let j = 0; j < candles.length && i < n; j++, i++) {
        const [o, h, l, c] = candles[j]!.map((v) => base + (v - first) * scale) as [number, number, number, number];
        s.open[i] = o;
        s.high[i] = h;
        s.low[i] = l;
        s.close[i] = c;
        prev = c;
      }
      i--;
      continue;
    }
    const open = prev + pick(r, GAPS) * k;
    const close = open + pick(r, BODIES) * k * (r() < 0.5 ? -1 : 1);
    s.open[i] = open;
    s.close[i] = close;
    s.high[i] = Math.max(open, close) + pick(r, SHADOWS) * k;
    s.low[i] = Math.min(open, close) - pick(r, SHADOWS) * k;
    prev = close;
  }
  return s;
}
