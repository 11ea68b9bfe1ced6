/**
 * Volume profile against hand-computed histograms on tiny windows, and against a brute-force reference (every
 * candle against every bin, written here from the definition) on simulated candles.
 */
import { describe, expect, it } from 'vitest';
import { simulateMarket } from '../../src/core/simulator.js';
import type { Candles } from '../../src/core/types.js';
import { computeFeatures } from '../../src/features/index.js';
import { volumeProfileKernel } from '../../src/features/kernels/volume-profile.js';

/** [poc, vah, val] at each row for candles given as [low, high, volume]. */
function profile(window: number, bins: number, candles: [number, number, number][]): number[][] {
  const [poc, vah, val] = volumeProfileKernel(window, bins).batch(
    [Float64Array.from(candles, (c) => c[1]), Float64Array.from(candles, (c) => c[0]), Float64Array.from(candles, (c) => c[2])],
    candles.length,
  );
  return candles.map((_, i) => [poc![i]!, vah![i]!, val![i]!]);
}

describe('volume profile kernel', () => {
  it('spreads ranges by overlap, puts zero-range candles in their bin, grows the 70% value area', () => {
    // lo 0, hi 4, bins of width 1. [0,4] v 8 -> 2 2 2 2; [1,2] v 3 -> bin 1; 3 (on an edge) v 5 -> bin 3.
    // hist 2 5 2 7, total 16, 70% = 11.2: POC bin 3 (7); add bin 2 (2, nothing above) -> 9; add bin 1 (5) -> 14.
    const out = profile(3, 4, [
      [0, 4, 8],
      [1, 2, 3],
      [3, 3, 5],
    ]);
    expect(out[0]![0]).toBeNaN();
    expect(out[1]![0]).toBeNaN();
    expect(out[2]).toEqual([3.5, 4, 1]);
  });

  it('rolls the window: the oldest candle leaves', () => {
    // window [1,2] v 3, 3 v 5, [2,4] v 2: lo 1, hi 4, bins of width 0.75: edges 1, 1.75, 2.5, 3.25, 4.
    // [1,2]: 3 * 0.75 = 2.25 in bin 0, 3 * 0.25 = 0.75 in bin 1; 3 -> bin 2 (2.5 <= 3 < 3.25);
    // [2,4] (1 per unit): 0.5 bin 1, 0.75 bin 2, 0.75 bin 3. hist 2.25 1.25 5.75 0.75, total 10, 70% = 7:
    // POC bin 2; above 0.75 < below 1.25 -> bin 1: 7 >= 7.
    const out = profile(3, 4, [
      [0, 4, 8],
      [1, 2, 3],
      [3, 3, 5],
      [2, 4, 2],
    ]);
    expect(out[3]).toEqual([(2.5 + 3.25) / 2, 3.25, 1.75]);
  });

  it('breaks POC ties towards the lower bin and value-area ties upwards', () => {
    // one candle [0,4] v 4: hist 1 1 1 1, POC bin 0, area grows up to 3 bins (3 >= 2.8).
    expect(profile(1, 4, [[0, 4, 4]])[0]).toEqual([0.5, 3, 0]);
    // plus 1.5 v 2: hist 1 3 1 1, total 6, 70% = 4.2: POC bin 1; tie 1/1 -> bin 2 (4); tie 1/1 -> bin 3 (5).
    expect(profile(2, 4, [[0, 4, 4], [1.5, 1.5, 2]])[1]).toEqual([1.5, 4, 1]);
  });

  it('a range within one bin (ending on its upper edge) puts all its volume there', () => {
    // lo 0, hi 2.4 (set by a candle without volume), edges 0, 0.6, 1.2, 1.8, 2.4: 0 v 0.7 -> bin 0;
    // [0.6, 1.2] v 0.7 -> exactly 0.7 in bin 1 (0.7 / 0.6 * 0.6 would round above 0.7), a POC tie -> bin 0.
    expect(profile(3, 4, [[0, 2.4, 0], [0, 0, 0.7], [0.6, 1.2, 0.7]])[2]).toEqual([0.3, 1.2, 0]);
  });

  it('profiles a window without volume by time (each candle weighs 1) and collapses on a flat window', () => {
    // lo 1, hi 3, bins of width 0.5: [1,2] weighs 1 -> 0.5 0.5 0 0; [1,3] weighs 1 -> 0.25 each. hist 0.75 0.75
    // 0.25 0.25, total 2, 70% = 1.4: POC bin 0 (tie: lower); add bin 1 (nothing below) -> 1.5.
    expect(profile(2, 4, [[1, 2, 0], [1, 3, 0]])[1]).toEqual([1.25, 2, 1]);
    expect(profile(2, 4, [[5, 5, 1], [5, 5, 0]])[1]).toEqual([5, 5, 5]);
    expect(profile(2, 4, [[5, 5, 0], [5, 5, 0]])[1]).toEqual([5, 5, 5]);
  });

  it('matches a brute-force profile on simulated candles', () => {
    const c = simulateMarket({ symbols: ['ETH'], candles: 400, seed: 11 }).candles.ETH!;
    const [poc, vah, val] = volumeProfileKernel(96, 24).batch([c.high, c.low, c.volume], 400);
    for (let i = 95; i < 400; i += 7) {
      const ref = bruteForce(c, i - 95, i + 1, 24);
      expect(poc![i]).toBeCloseTo(ref[0], 9);
      expect(vah![i]).toBeCloseTo(ref[1], 9);
      expect(val![i]).toBeCloseTo(ref[2], 9);
    }
  });

  it('matches a brute-force time profile (every candle weighs 1) on simulated candles without volume', () => {
    const traded = simulateMarket({ symbols: ['ETH'], candles: 200, seed: 12 }).candles.ETH!;
    const c: Candles = { ...traded, volume: new Float64Array(200) };
    const [poc, vah, val] = volumeProfileKernel(96, 24).batch([c.high, c.low, c.volume], 200);
    for (let i = 95; i < 200; i += 5) {
      const ref = bruteForce({ ...c, volume: new Float64Array(200).fill(1) }, i - 95, i + 1, 24);
      expect(poc![i]).toBeCloseTo(ref[0], 9);
      expect(vah![i]).toBeCloseTo(ref[1], 9);
      expect(val![i]).toBeCloseTo(ref[2], 9);
    }
  });
});

/** The definition, directly: every candle against every bin, then POC and the 70% value area. */
function bruteForce(c: Candles, from: number, to: number, bins: number): [number, number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let j = from; j < to; j++) (lo = Math.min(lo, c.low[j]!)), (hi = Math.max(hi, c.high[j]!));
  const width = (hi - lo) / bins;
  const hist = new Array<number>(bins).fill(0);
  for (let j = from; j < to; j++) {
    const h = c.high[j]!;
    const l = c.low[j]!;
    if (h === l) {
      hist[Math.min(bins - 1, Math.floor((l - lo) / width))]! += c.volume[j]!;
      continue;
    }
    for (let b = 0; b < bins; b++) hist[b]! += (c.volume[j]! * Math.max(0, Math.min(h, lo + (b + 1) * width) - Math.max(l, lo + b * width))) / (h - l);
  }
  const total = hist.reduce((a, b) => a + b, 0);
  const poc = hist.indexOf(Math.max(...hist));
  let top = poc;
  let bottom = poc;
  let area = hist[poc]!;
  while (area < 0.7 * total) {
    const above = hist[top + 1] ?? -1;
    const below = hist[bottom - 1] ?? -1;
    area += above >= below ? hist[++top]! : hist[--bottom]!;
  }
  return [lo + (poc + 0.5) * width, lo + (top + 1) * width, lo + bottom * width];
}

describe('volume profile features', () => {
  // 96 candles of 15m: 95 spanning [100, 124] with volume 24 (1 per bin of width 1), then one at 120.5 with 50.
  const n = 96;
  const c: Candles = {
    time: Float64Array.from({ length: n }, (_, i) => Date.UTC(2024, 2, 1) + i * 900_000),
    open: new Float64Array(n).fill(110),
    high: new Float64Array(n).fill(124),
    low: new Float64Array(n).fill(100),
    close: new Float64Array(n).fill(110),
    volume: new Float64Array(n).fill(24),
  };
  c.open[95] = c.high[95] = c.low[95] = c.close[95] = 120.5;
  c.volume[95] = 50;
  const f = computeFeatures(c, { features: ['vp_poc_96', 'vp_vah_96', 'vp_val_96', 'vp_va_width_96', 'vp_va_position_96'] });

  it('is NaN before the first full window', () => {
    for (const col of f.columns) expect(col[94]).toBeNaN();
  });

  it('measures the close against POC, VAH and VAL', () => {
    // hist: 95 per bin, 145 in bin 20 ([120, 121]); total 2330, 70% = 1631. POC bin 20 (centre 120.5).
    // Area: 145, ties above: + bins 21, 22, 23 -> 430, then below: bins 19 .. 7 (13 x 95) -> 1665 >= 1631.
    // VAH = 124, VAL = 107.
    const close = 120.5;
    expect(f.column('vp_poc_96')[95]).toBeCloseTo((close - 120.5) / close, 12);
    expect(f.column('vp_vah_96')[95]).toBeCloseTo((close - 124) / close, 12);
    expect(f.column('vp_val_96')[95]).toBeCloseTo((close - 107) / close, 12);
    expect(f.column('vp_va_width_96')[95]).toBeCloseTo((124 - 107) / close, 12);
    expect(f.column('vp_va_position_96')[95]).toBeCloseTo((close - 107) / (124 - 107), 12);
  });
});
