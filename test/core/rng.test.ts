import { describe, expect, it } from 'vitest';
import { mean, sampleKurtosis, sampleStandardDeviation } from 'simple-statistics';
import { Rng, detLog } from '../../src/core/rng.js';

describe('detLog', () => {
  it('agrees with Math.log to 2 ulp-ish relative error across magnitudes', () => {
    for (const x of [1e-300, 1e-10, 0.001, 0.3, 0.7071, 1, 1.0000001, 2, Math.E, 10, 12345.678, 1e10, 1e300]) {
      const ref = Math.log(x);
      expect(Math.abs(detLog(x) - ref)).toBeLessThanOrEqual(4.5e-16 * Math.max(1, Math.abs(ref)));
    }
  });
  it('handles the edges like Math.log', () => {
    expect(detLog(0)).toBe(-Infinity);
    expect(detLog(Infinity)).toBe(Infinity);
    expect(detLog(-1)).toBeNaN();
  });
});

describe('Rng', () => {
  it('is reproducible and seed-sensitive', () => {
    const a = new Rng(1);
    const b = new Rng(1);
    const c = new Rng(2);
    const xs = Array.from({ length: 5 }, () => a.uint32());
    expect(Array.from({ length: 5 }, () => b.uint32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.uint32())).not.toEqual(xs);
  });
  it('draws uniform [0,1) and standard normal and unit-variance Student-t variates', () => {
    const rng = new Rng(7);
    const u = Array.from({ length: 100_000 }, () => rng.uniform());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(Math.abs(mean(u) - 0.5)).toBeLessThan(0.005);
    const z = Array.from({ length: 100_000 }, () => rng.normal());
    expect(Math.abs(mean(z))).toBeLessThan(0.02);
    expect(Math.abs(sampleStandardDeviation(z) - 1)).toBeLessThan(0.02);
    expect(Math.abs(sampleKurtosis(z))).toBeLessThan(0.1);
    const t = Array.from({ length: 200_000 }, () => rng.studentT(6));
    expect(Math.abs(sampleStandardDeviation(t) - 1)).toBeLessThan(0.03);
    expect(sampleKurtosis(t)).toBeGreaterThan(1.5);
  });
});
