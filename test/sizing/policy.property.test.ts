/**
 * Properties of SizingPolicy.size over random valid configurations and inputs (fast-check): finite and >= 0,
 * within every cap, 0 at p = 0.5 and below the threshold, non-decreasing in the confidence, mirrored between p and
 * 1 - p; and every hostile input gives an AlphaError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AlphaError, InvalidParameterError } from '../../src/core/errors.js';
import type { SizingConfig } from '../../src/sizing/config.js';
import { createSizingPolicy, type SizingInput } from '../../src/sizing/policy.js';

const unit = (min = 0, max = 1) => fc.double({ min, max, noNaN: true });
const positive = (max: number) => fc.double({ min: 1e-6, max, noNaN: true });

const configs: fc.Arbitrary<SizingConfig> = fc
  .record({
    kelly: unit(1e-6, 1),
    threshold: fc.oneof(unit(0.5, 0.65), unit(0.5, 1)),
    payoff: positive(10),
    targetVolatility: positive(3),
    maxScale: positive(5),
    maxPosition: positive(3),
    maxLeverage: positive(5),
    maxSymbolExposure: positive(3),
    drawdownStart: unit(0, 0.99),
    stopGap: unit(1e-6, 1),
  })
  .map(({ stopGap, ...c }) => ({ ...c, drawdownStop: Math.min(1, c.drawdownStart + stopGap * (1 - c.drawdownStart) + 1e-9) }))
  .filter((c) => c.drawdownStop > c.drawdownStart);

/** Everything but pUp, each key present or not. */
const rests = fc.record(
  {
    payoff: positive(10),
    volatility: fc.oneof(fc.constant(0), unit(0, 5)),
    drawdown: unit(0, 1),
    exposure: fc.record({ symbol: fc.double({ min: -4, max: 4, noNaN: true }), others: unit(0, 6) }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);
type Rest = typeof rests extends fc.Arbitrary<infer T> ? T : never;

function input(pUp: number, rest: Rest, mirror = false): SizingInput {
  const { exposure, ...scalars } = rest;
  if (exposure === undefined) return { pUp, ...scalars };
  const symbol = exposure.symbol === undefined ? undefined : mirror ? -exposure.symbol : exposure.symbol;
  const gross = exposure.others === undefined ? undefined : Math.abs(symbol ?? 0) + exposure.others;
  return { pUp, ...scalars, exposure: { ...(symbol === undefined ? {} : { symbol }), ...(gross === undefined ? {} : { gross }) } };
}

const EPS = 1e-12;

describe('SizingPolicy.size properties', () => {
  it('is finite and >= 0 for every finite input, with finite parts', () => {
    fc.assert(
      fc.property(configs, unit(), rests, (config, p, rest) => {
        const d = createSizingPolicy(config).size(input(p, rest));
        for (const v of [d.size, d.kelly, d.volatilityScale, d.throttle, d.confidence]) expect(Number.isFinite(v)).toBe(true);
        expect(d.size).toBeGreaterThanOrEqual(0);
        expect(d.throttle >= 0 && d.throttle <= 1).toBe(true);
        expect(d.confidence >= 0.5 && d.confidence <= 1).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never exceeds a cap: position; held on the predicted side + size <= the symbol cap; others + |position after| <= the leverage cap from a state within it', () => {
    fc.assert(
      fc.property(configs, unit(), rests, (config, p, rest) => {
        const x = input(p, rest);
        const d = createSizingPolicy(config).size(x);
        expect(d.size).toBeLessThanOrEqual(config.maxPosition);
        if (d.size === 0) return;
        const symbol = x.exposure?.symbol ?? 0;
        const gross = x.exposure?.gross ?? Math.abs(symbol);
        const after = symbol + d.direction * d.size;
        const others = gross - Math.abs(symbol);
        expect(d.direction * after).toBeLessThanOrEqual(config.maxSymbolExposure + EPS);
        expect(d.direction * after + others).toBeLessThanOrEqual(config.maxLeverage + EPS);
        if (Math.abs(symbol) <= config.maxSymbolExposure) expect(Math.abs(after)).toBeLessThanOrEqual(config.maxSymbolExposure + EPS);
        if (gross <= config.maxLeverage) expect(others + Math.abs(after)).toBeLessThanOrEqual(config.maxLeverage + EPS);
      }),
      { numRuns: 500 },
    );
  });

  it('is 0 with direction 0 at p = 0.5', () => {
    fc.assert(
      fc.property(configs, rests, (config, rest) => {
        const d = createSizingPolicy(config).size(input(0.5, rest));
        expect([d.size, d.direction]).toEqual([0, 0]);
      }),
    );
  });

  it('is 0 below the threshold', () => {
    fc.assert(
      fc.property(configs, unit(0, 0.999), fc.boolean(), rests, (config, f, down, rest) => {
        const confidence = 0.5 + f * (config.threshold - 0.5);
        const p = down ? 1 - confidence : confidence;
        fc.pre(Math.max(p, 1 - p) < config.threshold);
        expect(createSizingPolicy(config).size(input(p, rest)).size).toBe(0);
      }),
    );
  });

  it('is non-decreasing in the confidence, other inputs fixed (on either side)', () => {
    fc.assert(
      fc.property(configs, unit(0.5, 1), unit(0.5, 1), fc.boolean(), rests, (config, c1, c2, down, rest) => {
        const [lo, hi] = c1 <= c2 ? [c1, c2] : [c2, c1];
        fc.pre(lo > 0.5);
        const policy = createSizingPolicy(config);
        const at = (c: number) => policy.size(input(down ? 1 - c : c, rest)).size;
        expect(at(lo)).toBeLessThanOrEqual(at(hi));
      }),
      { numRuns: 500 },
    );
  });

  it('mirrors: size(p) = size(1 - p) on the opposite side, with the position in the symbol mirrored too', () => {
    // p = k / 2^20: 1 - p and 1 - (1 - p) are exact, so both sides see the same confidence.
    fc.assert(
      fc.property(configs, fc.integer({ min: 0, max: 2 ** 20 }), rests, (config, k, rest) => {
        const p = k / 2 ** 20;
        const policy = createSizingPolicy(config);
        const a = policy.size(input(p, rest));
        const b = policy.size(input(1 - p, rest, true));
        expect(b.size).toBe(a.size);
        expect(b.direction).toBe(-a.direction || 0);
        expect([b.confidence, b.kelly, b.capped]).toEqual([a.confidence, a.kelly, a.capped]);
      }),
      { numRuns: 500 },
    );
  });

  it('answers any hostile input with an InvalidParameterError, never another error or a NaN size', () => {
    const hostile = fc.oneof(fc.anything(), fc.record({ pUp: fc.anything(), payoff: fc.anything(), volatility: fc.anything(), drawdown: fc.anything(), exposure: fc.anything() }, { requiredKeys: ['pUp'] }));
    const policy = createSizingPolicy();
    fc.assert(
      fc.property(hostile, (x) => {
        try {
          const d = policy.size(x as SizingInput);
          expect(Number.isFinite(d.size) && d.size >= 0).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(InvalidParameterError);
          expect(e).toBeInstanceOf(AlphaError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
