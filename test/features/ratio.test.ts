import { describe, expect, it } from 'vitest';
import { positionInRange, ratioOr } from '../../src/features/ratio.js';

describe('ratioOr', () => {
  it('is the plain quotient for a non-zero denominator, bit for bit', () => {
    for (const [n, d] of [[1, 3], [-2.5, 0.1], [0, 7], [1e-300, 1e-10]]) expect(Object.is(ratioOr(n!, d!, 42), n! / d!)).toBe(true);
  });
  it('is the given value for a zero denominator, 0 / 0 included', () => {
    expect(ratioOr(0, 0, 0)).toBe(0);
    expect(ratioOr(5, 0, 0.5)).toBe(0.5);
    expect(ratioOr(5, -0, 1)).toBe(1);
  });
});

describe('positionInRange', () => {
  it('is (x - low) / (high - low): 0 at the low, 1 at the high, outside [0, 1] beyond them', () => {
    expect(positionInRange(99, 99, 103)).toBe(0);
    expect(positionInRange(103, 99, 103)).toBe(1);
    expect(positionInRange(102, 99, 103)).toBe(3 / 4);
    expect(positionInRange(105, 99, 103)).toBe(6 / 4);
  });
  it('is 0.5 on a zero range and NaN when an input is NaN', () => {
    expect(positionInRange(7, 7, 7)).toBe(0.5);
    expect(positionInRange(7, NaN, NaN)).toBeNaN();
  });
});
