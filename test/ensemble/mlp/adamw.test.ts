/**
 * AdamW against its formulas (Loshchilov & Hutter 2019; PyTorch's torch.optim.AdamW), on tiny cases computed by
 * hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { adamState, adamStep, adamwUpdate, type AdamHyper } from '../../../src/ensemble/mlp/adamw.js';

describe('adamwUpdate', () => {
  it('first step: m^ = g, v^ = g^2, so w = w (1 - lr lambda) - lr g / (|g| + eps)', () => {
    // w = [1, -2], g = [2, -0.5], lr = 0.1, lambda = 0.5, eps = 0:
    // w0 = 1 * (1 - 0.05) - 0.1 * 2 / 2 = 0.85;  w1 = -2 * 0.95 - 0.1 * (-0.5) / 0.5 = -1.8
    const h: AdamHyper = { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 0, weightDecay: 0.5 };
    const w = Float32Array.of(1, -2), s = adamState(2);
    adamStep(s, h);
    adamwUpdate(w, Float32Array.of(2, -0.5), s, h, 0, 2, true);
    expect(w[0]).toBe(Math.fround(0.85));
    expect(w[1]).toBe(Math.fround(-1.8));
    expect(s.m[0]).toBeCloseTo(0.2, 15); // (1 - 0.9) * 2
    expect(s.v[1]).toBeCloseTo(0.00025, 15); // (1 - 0.999) * 0.25
  });

  it('second step with bias correction, no decay on the range marked decay = false', () => {
    // g1 = 1, g2 = 3, b1 = 0.5, b2 = 0.75, lr = 0.01, eps = 1e-8, w = 0 (no decay):
    // m1 = 0.5, v1 = 0.25; m2 = 0.5 * 0.5 + 0.5 * 3 = 1.75, v2 = 0.75 * 0.25 + 0.25 * 9 = 2.4375
    // m^ = 1.75 / (1 - 0.25) = 2.3333..., v^ = 2.4375 / (1 - 0.5625) = 5.5714285...
    // w = 0 - 0.01 * 0.5 (first step: m^ / sqrt(v^) = 0.5 / 0.5 = 1 -> -0.01) then -0.01 * 2.3333 / 2.3603873
    const h: AdamHyper = { learningRate: 0.01, beta1: 0.5, beta2: 0.75, epsilon: 1e-8, weightDecay: 0.3 };
    const w = Float32Array.of(0), s = adamState(1);
    adamStep(s, h);
    adamwUpdate(w, Float32Array.of(1), s, h, 0, 1, false);
    expect(w[0]).toBeCloseTo(-0.01, 7);
    adamStep(s, h);
    adamwUpdate(w, Float32Array.of(3), s, h, 0, 1, false);
    const expected = -0.01 * (1 / (1 + 1e-8)) - (0.01 * (1.75 / 0.75)) / (Math.sqrt(2.4375 / 0.4375) + 1e-8);
    expect(w[0]).toBe(Math.fround(expected));
    expect(s.beta1Power).toBe(0.25);
    expect(s.beta2Power).toBe(0.5625);
  });

  it('touches only [from, to)', () => {
    const h: AdamHyper = { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 };
    const w = Float32Array.of(1, 1, 1), s = adamState(3);
    adamStep(s, h);
    adamwUpdate(w, Float32Array.of(1, 1, 1), s, h, 1, 2, true);
    expect([w[0], w[2]]).toEqual([1, 1]);
    expect(w[1]).toBeCloseTo(0.9, 6);
  });
});
