/**
 * Pivot points against hand-computed values: the previous completed UTC day/week's H, L, C (found here by
 * calendar arithmetic on Date, not by the kernel's modular arithmetic), the completeness rules, and every level
 * formula written out from its definition.
 */
import { describe, expect, it } from 'vitest';
import { simulateMarket } from '../../src/core/simulator.js';
import type { Candles } from '../../src/core/types.js';
import { computeFeatures } from '../../src/features/index.js';
import { previousPeriodKernel, previousPeriodLookback } from '../../src/features/kernels/pivots.js';

const M15 = 15 * 60_000;
const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;
const FRIDAY = Date.UTC(2024, 2, 1); // 2024-03-01, a Friday

/** Flat candles (h = 101, l = 99, c = 100) on a regular grid. */
function flat(start: number, step: number, n: number): Candles {
  const time = Float64Array.from({ length: n }, (_, i) => start + i * step);
  return { time, open: new Float64Array(n).fill(100), high: new Float64Array(n).fill(101), low: new Float64Array(n).fill(99), close: new Float64Array(n).fill(100), volume: new Float64Array(n).fill(1) };
}

function previous(candles: Candles, period: 'day' | 'week'): Float64Array[] {
  return previousPeriodKernel(period).batch([candles.time, candles.high, candles.low, candles.close], candles.time.length);
}

/** Start of the calendar day or Monday-based week of t, from Date's calendar fields. */
function calendarStart(t: number, period: 'day' | 'week'): number {
  const d = new Date(t);
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return period === 'day' ? midnight : midnight - ((d.getUTCDay() + 6) % 7) * DAY;
}

describe('previous period high, low, close', () => {
  it('declares lookbacks of two 15m periods minus one candle', () => {
    expect(previousPeriodLookback('day', '15m')).toBe(2 * 96 - 1);
    expect(previousPeriodLookback('week', '15m')).toBe(2 * 7 * 96 - 1);
  });

  it.each([
    ['1m', 1440],
    ['5m', 288],
    ['15m', 96],
    ['30m', 48],
    ['1h', 24],
    ['4h', 6],
    ['1d', 1],
  ] as const)('on %s candles (%i a day), two periods minus one candle', (timeframe, perDay) => {
    expect(previousPeriodLookback('day', timeframe)).toBe(2 * perDay - 1);
    expect(previousPeriodLookback('week', timeframe)).toBe(2 * 7 * perDay - 1);
  });

  it.each([
    ['day', '15m', 1500],
    ['week', '15m', 2500],
    ['week', '1h', 2000],
    ['day', '1h', 600],
  ] as const)('%s on %s candles equals the calendar aggregate of the previous period', (period, timeframe, n) => {
    const c = simulateMarket({ symbols: ['ETH'], candles: n, seed: 5, timeframe, start: '2024-03-01T00:00:00Z' }).candles.ETH!;
    const [h, l, cl] = previous(c, period);
    for (let i = 0; i < n; i++) {
      const end = calendarStart(c.time[i]!, period);
      const begin = calendarStart(end - 1, period);
      if (begin < c.time[0]!) {
        expect(h![i], `${i}`).toBeNaN(); // the previous period is not wholly in the series
        continue;
      }
      let H = -Infinity;
      let L = Infinity;
      let C = NaN;
      for (let j = 0; j < i; j++) {
        if (c.time[j]! < begin || c.time[j]! >= end) continue;
        H = Math.max(H, c.high[j]!);
        L = Math.min(L, c.low[j]!);
        C = c.close[j]!;
      }
      expect([h![i], l![i], cl![i]], `${i}`).toEqual([H, L, C]);
    }
  });

  it.each([0, 1, 48, 95])('on gap-free 15m data starting %i candles after midnight, the first daily value is at the next midnight but one, at the latest at the lookback', (offset) => {
    const [h] = previous(flat(FRIDAY + offset * M15, M15, 300), 'day');
    const first = offset === 0 ? 96 : 2 * 96 - offset;
    expect(first).toBeLessThanOrEqual(previousPeriodLookback('day', '15m'));
    expect(h![first - 1]).toBeNaN();
    expect(h![first]).toBe(101);
  });

  it('on 15m data starting one candle after a Monday, the first weekly value is at the lookback (the worst case)', () => {
    const monday = Date.UTC(2024, 2, 4);
    const [h] = previous(flat(monday + M15, M15, 1400), 'week');
    expect(h![1342]).toBeNaN();
    expect(h![1343]).toBe(101);
  });

  it('skips a period whose first candle is missing, and a period missing altogether', () => {
    // 15m candles over 2024-03-01 .. 03-07 without 03-05 00:00 (day 5 partial) and without all of 03-07 (day 7)
    const all = flat(FRIDAY, M15, 8 * 96);
    const keep = Array.from(all.time, (t, i) => i).filter((i) => all.time[i] !== FRIDAY + 4 * DAY && (all.time[i]! < FRIDAY + 6 * DAY || all.time[i]! >= FRIDAY + 7 * DAY));
    const pick = (a: Float64Array) => Float64Array.from(keep, (i) => a[i]!);
    const c: Candles = { time: pick(all.time), open: pick(all.open), high: pick(all.high), low: pick(all.low), close: pick(all.close), volume: pick(all.volume) };
    const [h] = previous(c, 'day');
    const onDay = (d: number) => Array.from(c.time, (t, i) => i).filter((i) => calendarStart(c.time[i]!, 'day') === FRIDAY + d * DAY).map((i) => h![i]);
    expect(onDay(4).every((x) => x === 101)).toBe(true); // day 5 (partial) uses day 4, complete
    expect(onDay(5).every((x) => Number.isNaN(x))).toBe(true); // day 6 would use the partial day 5
    expect(onDay(7).every((x) => Number.isNaN(x))).toBe(true); // day 8: the day before (day 7) is missing
  });
});

describe('pivot features', () => {
  // three days of 15m candles; day 2 (rows 96..191) has H = 110, L = 90 and last close C = 104
  const c = flat(FRIDAY, M15, 3 * 96);
  for (let i = 96; i < 192; i++) (c.high[i] = 105), (c.low[i] = 95);
  c.high[120] = 110;
  c.low[150] = 90;
  c.close[191] = 104;
  c.close[200] = 105;
  c.high[200] = 105;
  const f = computeFeatures(c, { features: ['pivot_pp_d', 'pivot_r1_d', 'pivot_r2_d', 'pivot_r3_d', 'pivot_s1_d', 'pivot_s2_d', 'pivot_s3_d', 'pivot_cam_pp_d', 'pivot_cam_h1_d', 'pivot_cam_h2_d', 'pivot_cam_h3_d', 'pivot_cam_h4_d', 'pivot_cam_l1_d', 'pivot_cam_l2_d', 'pivot_cam_l3_d', 'pivot_cam_l4_d', 'pivot_woodie_pp_d', 'pivot_woodie_r1_d', 'pivot_woodie_r2_d', 'pivot_woodie_s1_d', 'pivot_woodie_s2_d'] });
  const close = 105;
  const pp = (110 + 90 + 104) / 3; // 101.333...
  const wpp = (110 + 90 + 2 * 104) / 4; // 102
  const expected: Record<string, number> = {
    pivot_pp_d: pp,
    pivot_r1_d: 2 * pp - 90,
    pivot_r2_d: pp + 20,
    pivot_r3_d: 110 + 2 * (pp - 90),
    pivot_s1_d: 2 * pp - 110,
    pivot_s2_d: pp - 20,
    pivot_s3_d: 90 - 2 * (110 - pp),
    pivot_cam_pp_d: 104,
    pivot_cam_h1_d: 104 + 22 / 12,
    pivot_cam_h2_d: 104 + 22 / 6,
    pivot_cam_h3_d: 104 + 22 / 4,
    pivot_cam_h4_d: 104 + 11,
    pivot_cam_l1_d: 104 - 22 / 12,
    pivot_cam_l2_d: 104 - 22 / 6,
    pivot_cam_l3_d: 104 - 22 / 4,
    pivot_cam_l4_d: 104 - 11,
    pivot_woodie_pp_d: 102,
    pivot_woodie_r1_d: 2 * wpp - 90,
    pivot_woodie_r2_d: wpp + 20,
    pivot_woodie_s1_d: 2 * wpp - 110,
    pivot_woodie_s2_d: wpp - 20,
  };

  it.each(Object.entries(expected))('%s = (close - level) / close with level %s', (name, level) => {
    expect(f.column(name)[200]).toBeCloseTo((close - level) / close, 12);
  });

  it('uses the first day (H 101, L 99, C 100) from the second midnight on and NaN before', () => {
    expect(f.column('pivot_r1_d')[95]).toBeNaN();
    expect(f.column('pivot_r1_d')[96]).toBeCloseTo((100 - (2 * 100 - 99)) / 100, 12);
    expect(f.column('pivot_r1_d')[191]).toBeCloseTo((104 - (2 * 100 - 99)) / 104, 12); // row 191 closes at 104
  });
});
