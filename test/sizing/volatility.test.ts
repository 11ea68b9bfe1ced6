import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { atrVolatility, realisedVolatility, volatilityScale } from '../../src/sizing/volatility.js';
import { any, expectInvalid, type InvalidCase } from './helpers.js';

/** A random walk of closes whose volatility changes regime every 1000 candles (sigma 0.1% .. 5% per candle). */
function walk(n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const close = new Float64Array(n);
  let price = 30_000;
  for (let i = 0; i < n; i++) {
    const sigma = [0.001, 0.02, 0.005, 0.05][Math.floor(i / 1000) % 4]!;
    price *= Math.exp(sigma * rng.normal() + 0.0001);
    close[i] = price;
  }
  return close;
}

/** The reference: for each candle, the window's log returns, their mean, then the sum of squared deviations (two passes). */
function twoPass(close: ArrayLike<number>, window: number, periodsPerYear: number): number[] {
  return Array.from({ length: close.length }, (_, t) => {
    if (t < window) return NaN;
    const r: number[] = [];
    for (let i = t - window + 1; i <= t; i++) r.push(Math.log(close[i]! / close[i - 1]!));
    const m = r.reduce((a, b) => a + b, 0) / window;
    const ss = r.reduce((a, x) => a + (x - m) ** 2, 0);
    return Math.sqrt((ss / (window - 1)) * periodsPerYear);
  });
}

describe('realisedVolatility', () => {
  it('by hand: returns ln 1.1, ln 0.9, ln 1.1 over windows of 2 give |ln 1.1 - ln 0.9| / sqrt(2), annualised', () => {
    const expected = (Math.log(1.1) - Math.log(0.9)) / Math.SQRT2;
    const out = realisedVolatility([100, 110, 99, 108.9], 2, 4);
    expect(out.length).toBe(4);
    expect(Number.isNaN(out[0]!) && Number.isNaN(out[1]!)).toBe(true);
    expect(out[2]).toBeCloseTo(expected * 2, 13);
    expect(out[3]).toBeCloseTo(expected * 2, 13);
  });

  it.each([2, 3, 20, 96])('equals a direct two-pass computation over 8000 candles of changing volatility (window %s)', (window) => {
    const close = walk(8000, window);
    const got = realisedVolatility(close, window, 35_040);
    const want = twoPass(close, window, 35_040);
    for (let t = 0; t < close.length; t++) {
      if (t < window) expect(got[t]).toBeNaN();
      else expect(Math.abs(got[t]! - want[t]!)).toBeLessThanOrEqual(1e-9 * want[t]! + 1e-12);
    }
  });

  it('is 0 for constant closes and all NaN when there are no more closes than the window', () => {
    expect(Array.from(realisedVolatility([5, 5, 5, 5], 2, 365).slice(2))).toEqual([0, 0]);
    expect(Array.from(realisedVolatility([1, 2, 3], 3, 365)).every(Number.isNaN)).toBe(true);
    expect(realisedVolatility([], 3, 365).length).toBe(0);
  });

  it('stays finite for closes 600 orders of magnitude apart', () => {
    const out = realisedVolatility([1e-300, 1e300, 1e-300], 2, 1);
    expect(out[2]).toBeCloseTo((2 * Math.log(1e300) - 2 * Math.log(1e-300)) / Math.SQRT2, 9);
  });

  const bad: InvalidCase[] = [
    ['close not an array', () => realisedVolatility(any('1,2,3'), 2, 365), 'close', 'expected an array of numbers'],
    ['a zero close', () => realisedVolatility([1, 0, 2], 2, 365), 'close[1]', 'must be a finite number > 0, got 0'],
    ['a negative close', () => realisedVolatility([1, 2, -3], 2, 365), 'close[2]', 'got -3'],
    ['a NaN close', () => realisedVolatility([NaN, 2, 3], 2, 365), 'close[0]', 'got NaN'],
    ['an infinite close', () => realisedVolatility([1, Infinity], 2, 365), 'close[1]', 'got Infinity'],
    ['window 1', () => realisedVolatility([1, 2, 3], 1, 365), 'window', 'must be an integer >= 2, got 1'],
    ['window 2.5', () => realisedVolatility([1, 2, 3], 2.5, 365), 'window', 'got 2.5'],
    ['window NaN', () => realisedVolatility([1, 2, 3], NaN, 365), 'window', 'got NaN'],
    ['window a string', () => realisedVolatility([1, 2, 3], any('3'), 365), 'window', 'got "3"'],
    ['periodsPerYear 0', () => realisedVolatility([1, 2, 3], 2, 0), 'periodsPerYear', 'must be a finite number > 0, got 0'],
    ['periodsPerYear Infinity', () => realisedVolatility([1, 2, 3], 2, Infinity), 'periodsPerYear', 'got Infinity'],
    ['periodsPerYear NaN', () => realisedVolatility([1, 2, 3], 2, NaN), 'periodsPerYear', 'got NaN'],
  ];
  it.each(bad)('rejects %s', (_title, call, parameter, message) => expectInvalid(call, parameter, message));
});

describe('atrVolatility', () => {
  it('is ATR / close * sqrt(periods per year): 120 / 60000 = 0.2% a 15m candle, 0.002 * sqrt(35040) a year', () => {
    expect(atrVolatility(120, 60_000, 35_040)).toBeCloseTo(0.002 * Math.sqrt(35_040), 14);
    expect(atrVolatility(0, 60_000, 35_040)).toBe(0);
  });

  const bad: InvalidCase[] = [
    ['a negative ATR', () => atrVolatility(-1, 100, 365), 'atr', 'must be a finite number >= 0, got -1'],
    ['a NaN ATR', () => atrVolatility(NaN, 100, 365), 'atr', 'got NaN'],
    ['a zero close', () => atrVolatility(1, 0, 365), 'close', 'must be a finite number > 0, got 0'],
    ['an infinite close', () => atrVolatility(1, Infinity, 365), 'close', 'got Infinity'],
    ['periodsPerYear 0', () => atrVolatility(1, 100, 0), 'periodsPerYear', 'got 0'],
    ['an ATR that overflows against a tiny close', () => atrVolatility(1e300, 1e-300, 365), 'atr', 'overflows'],
  ];
  it.each(bad)('rejects %s', (_title, call, parameter, message) => expectInvalid(call, parameter, message));
});

describe('volatilityScale', () => {
  it.each([
    // volatility, target, maxScale, hand-computed min(maxScale, target / volatility)
    [0.8, 0.5, 1, 0.625],
    [1, 0.5, 1, 0.5],
    [0.25, 0.5, 1, 1],
    [0.2, 0.5, 2, 2],
    [0.4, 0.5, 2, 1.25],
    [0, 0.5, 1, 1],
    [0, 0.5, 3, 3],
  ])('volatility %s, target %s, maxScale %s gives %s', (volatility, target, maxScale, expected) => {
    expect(volatilityScale(volatility, { target, maxScale })).toBeCloseTo(expected, 15);
  });

  const T = { target: 0.5, maxScale: 1 };
  const bad: InvalidCase[] = [
    ['a NaN volatility', () => volatilityScale(NaN, T), 'volatility', 'must be a finite number >= 0, got NaN'],
    ['a negative volatility', () => volatilityScale(-0.1, T), 'volatility', 'got -0.1'],
    ['an infinite volatility', () => volatilityScale(Infinity, T), 'volatility', 'got Infinity'],
    ['a zero target', () => volatilityScale(0.5, { target: 0, maxScale: 1 }), 'options.target', 'must be a finite number > 0, got 0'],
    ['a missing target', () => volatilityScale(0.5, any({ maxScale: 1 })), 'options.target', 'got undefined'],
    ['a zero maxScale', () => volatilityScale(0.5, { target: 0.5, maxScale: 0 }), 'options.maxScale', 'got 0'],
    ['an unknown option', () => volatilityScale(0.5, any({ ...T, max: 2 })), 'options.max', 'unknown option (known: target, maxScale)'],
  ];
  it.each(bad)('rejects %s', (_title, call, parameter, message) => expectInvalid(call, parameter, message));
});
