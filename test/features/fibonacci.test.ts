import { describe, expect, it } from 'vitest';
import { FIBONACCI_FEATURES } from '../../src/features/catalogue/fibonacci.js';
import { computeBoth, expectValues, tinyCandles } from '../support/tiny.js';

describe('Fibonacci retracement features', () => {
  const n = 300;
  const high = Array.from({ length: n }, (_, i) => 50 + 10 * Math.sin(i / 17) + (i % 7));
  const low = high.map((h, i) => h - 2 - (i % 3));
  const close = high.map((h, i) => h - 1 - (i % 2));
  const get = computeBoth(FIBONACCI_FEATURES, tinyCandles(high.map((h, i) => [close[i]!, h, low[i]!, close[i]!, 1])));
  const rows = Array.from({ length: n }, (_, t) => t);

  for (const w of [96, 288]) {
    const H = (t: number) => (t < w - 1 ? NaN : Math.max(...high.slice(t - w + 1, t + 1)));
    const L = (t: number) => (t < w - 1 ? NaN : Math.min(...low.slice(t - w + 1, t + 1)));
    it(`retracement levels from the ${w}-candle high`, () => {
      for (const [suffix, r] of [['0_236', 0.236], ['0_382', 0.382], ['0_500', 0.5], ['0_618', 0.618], ['0_786', 0.786]] as const) {
        expectValues(get(`fib_${suffix}_${w}`), rows.map((t) => (close[t]! - (H(t) - r * (H(t) - L(t)))) / close[t]!));
      }
      expectValues(get(`fib_position_${w}`), rows.map((t) => (close[t]! - L(t)) / (H(t) - L(t))));
      expectValues(get(`fib_range_${w}`), rows.map((t) => (H(t) - L(t)) / close[t]!));
    });
  }

  it('position is 0.5 on a flat window (NaN before it); levels then sit on the close', () => {
    const flat = computeBoth(FIBONACCI_FEATURES, tinyCandles(Array.from({ length: 100 }, () => [7, 7, 7, 7, 1])));
    expect(flat('fib_position_96')[94]).toBeNaN();
    expect(flat('fib_position_96')[99]).toBe(0.5);
    expect(flat('fib_0_618_96')[99]).toBe(0);
    expect(flat('fib_range_96')[99]).toBe(0);
  });
});
