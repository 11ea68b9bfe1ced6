import { describe, expect, it } from 'vitest';
import { ICHIMOKU_FEATURES } from '../../src/features/catalogue/ichimoku.js';
import { computeBoth, expectValues, tinyCandles } from '../support/tiny.js';

// A wavy series long enough for the 52-candle span B shifted by 26 (first value at 77).
const n = 160;
const high = Array.from({ length: n }, (_, i) => 100 + 8 * Math.sin(i / 9) + 3 * Math.sin(i / 2.3) + 0.05 * i);
const close = high.map((h, i) => h - 0.5 - ((i * 7) % 5) * 0.3);
const low = high.map((h, i) => Math.min(h - 1 - (i % 4), close[i]!));
const get = computeBoth(ICHIMOKU_FEATURES, tinyCandles(high.map((h, i) => [close[i]!, h, low[i]!, close[i]!, 1])));

/** (highest high + lowest low) / 2 over the `p` candles ending at t, by plain scanning. */
function mid(p: number, t: number): number {
  if (t < p - 1) return NaN;
  let hi = -Infinity;
  let lo = Infinity;
  for (let j = t - p + 1; j <= t; j++) {
    hi = Math.max(hi, high[j]!);
    lo = Math.min(low[j]!, lo);
  }
  return (hi + lo) / 2;
}
const at = (t: number, f: (t: number) => number): number => (t < 0 ? NaN : f(t));
const tenkan = (t: number) => at(t, (u) => mid(9, u));
const kijun = (t: number) => at(t, (u) => mid(26, u));
const spanA = (t: number) => at(t - 26, (u) => (tenkan(u) + kijun(u)) / 2);
const spanB = (t: number) => at(t - 26, (u) => mid(52, u));
const rows = Array.from({ length: n }, (_, t) => t);

describe('Ichimoku features', () => {
  it('tenkan and kijun are midpoints of the high/low range over 9 and 26', () => {
    expectValues(get('ichimoku_tenkan_9'), rows.map(tenkan));
    expectValues(get('ichimoku_kijun_26'), rows.map(kijun));
    expectValues(get('ichimoku_tenkan_9_ratio'), rows.map((t) => close[t]! / tenkan(t) - 1));
    expectValues(get('ichimoku_kijun_26_ratio'), rows.map((t) => close[t]! / kijun(t) - 1));
    expectValues(get('ichimoku_tk_spread_9_26'), rows.map((t) => (tenkan(t) - kijun(t)) / close[t]!));
  });

  it('the cloud at t is the one computed 26 candles earlier', () => {
    expect(Number.isNaN(get('ichimoku_senkou_a_26')[50]!) && Number.isFinite(get('ichimoku_senkou_a_26')[51]!)).toBe(true);
    expect(Number.isNaN(get('ichimoku_senkou_b_52')[76]!) && Number.isFinite(get('ichimoku_senkou_b_52')[77]!)).toBe(true);
    expectValues(get('ichimoku_senkou_a_26'), rows.map(spanA));
    expectValues(get('ichimoku_senkou_b_52'), rows.map(spanB));
    expectValues(get('ichimoku_senkou_a_26_ratio'), rows.map((t) => close[t]! / spanA(t) - 1));
    expectValues(get('ichimoku_senkou_b_52_ratio'), rows.map((t) => close[t]! / spanB(t) - 1));
    expectValues(get('ichimoku_cloud_thickness'), rows.map((t) => (spanA(t) - spanB(t)) / close[t]!));
  });

  it('close versus the cloud: distance to the nearer edge outside, 0 inside', () => {
    const cases = { above: 0, below: 0, inside: 0 };
    const expected = rows.map((t) => {
      const a = spanA(t);
      const b = spanB(t);
      if (Number.isNaN(a + b)) return NaN;
      const c = close[t]!;
      const side = c > a && c > b ? 'above' : c < a && c < b ? 'below' : 'inside';
      cases[side]++;
      return side === 'above' ? (c - Math.max(a, b)) / c : side === 'below' ? (c - Math.min(a, b)) / c : 0;
    });
    expectValues(get('ichimoku_close_vs_cloud'), expected);
    expect(cases.above * cases.below * cases.inside).toBeGreaterThan(0);
  });

  it('chikou compares the close with the close 26 candles earlier', () => {
    expectValues(get('ichimoku_chikou_26'), rows.map((t) => (t < 26 ? NaN : close[t]! / close[t - 26]! - 1)));
  });
});
