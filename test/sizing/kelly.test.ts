import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kellyFraction } from '../../src/sizing/kelly.js';
import { any, expectInvalid, type InvalidCase } from './helpers.js';

/** Expected log growth of wealth per bet staking f: p ln(1 + b f) + (1 - p) ln(1 - f) (Kelly 1956). */
const growth = (p: number, b: number, f: number) => p * Math.log1p(b * f) + (1 - p) * Math.log1p(-f);

describe('kellyFraction', () => {
  it.each([
    // p, b, hand-computed p - (1 - p) / b
    [0.6, 1, 0.2],
    [0.6, 2, 0.4],
    [0.5, 1, 0],
    [0.4, 1, -0.2],
    [0.55, 1.5, 0.25],
    [0.7, 0.5, 0.1],
    [1, 3, 1],
    [0, 2, -0.5],
    [0.25, 3, 0],
  ])('p = %s, b = %s gives %s', (p, b, expected) => {
    expect(kellyFraction(p, b)).toBeCloseTo(expected, 14);
  });

  it('is exactly 0 at p = 0.5, payoff = 1 (the DESIGN.md contract)', () => {
    expect(kellyFraction(0.5, 1)).toBe(0);
  });

  it('maximises the expected log growth where it lies in (0, 1): checked by a grid search over f', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.double({ min: 0.2, max: 5, noNaN: true }), (p, b) => {
        const f = kellyFraction(p, b);
        fc.pre(f > 0.01 && f < 0.99);
        let best = 0;
        for (let k = 1; k < 10_000; k++) if (growth(p, b, k / 10_000) > growth(p, b, best)) best = k / 10_000;
        expect(Math.abs(best - f)).toBeLessThanOrEqual(1e-4);
      }),
      { numRuns: 60 },
    );
  });

  it('increases with p and never falls with b', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.01, max: 100, noNaN: true }), (p1, p2, b) => {
        const [lo, hi] = p1 <= p2 ? [p1, p2] : [p2, p1];
        expect(kellyFraction(lo, b)).toBeLessThanOrEqual(kellyFraction(hi, b));
        expect(kellyFraction(lo, b)).toBeLessThanOrEqual(kellyFraction(lo, b * 2));
      }),
    );
  });

  const bad: InvalidCase[] = [
    ['p NaN', () => kellyFraction(NaN, 1), 'p', 'must be a number in [0, 1], got NaN'],
    ['p below 0', () => kellyFraction(-0.1, 1), 'p', 'got -0.1'],
    ['p above 1', () => kellyFraction(1.1, 1), 'p', 'got 1.1'],
    ['p a string', () => kellyFraction(any('0.6'), 1), 'p', 'got "0.6"'],
    ['p undefined', () => kellyFraction(any(undefined), 1), 'p', 'got undefined'],
    ['payoff 0', () => kellyFraction(0.6, 0), 'payoff', 'must be a finite number > 0, got 0'],
    ['payoff negative', () => kellyFraction(0.6, -1), 'payoff', 'got -1'],
    ['payoff Infinity', () => kellyFraction(0.6, Infinity), 'payoff', 'got Infinity'],
    ['payoff NaN', () => kellyFraction(0.6, NaN), 'payoff', 'got NaN'],
    ['payoff null', () => kellyFraction(0.6, any(null)), 'payoff', 'got null'],
  ];
  it.each(bad)('rejects %s', (_title, call, parameter, message) => expectInvalid(call, parameter, message));
});
