/**
 * The AdamW update of the MLP's parameters.
 *
 * @module
 */

/** Adam's state: the moment estimates and the running powers beta1^t, beta2^t (products, not `Math.pow`). */
export interface AdamState {
  readonly m: Float64Array;
  readonly v: Float64Array;
  beta1Power: number;
  beta2Power: number;
}

/** The AdamW hyper-parameters. */
export interface AdamHyper {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
}

/**
 * A fresh Adam state for `n` parameters (t = 0).
 *
 * @example
 * ```ts
 * adamState(3).m // => Float64Array [0, 0, 0]
 * ```
 */
export function adamState(n: number): AdamState {
  return { m: new Float64Array(n), v: new Float64Array(n), beta1Power: 1, beta2Power: 1 };
}

/**
 * Advances the step counter t (call once per step, before {@link adamwUpdate}).
 *
 * @example
 * ```ts
 * const s = adamState(1); adamStep(s, { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 })
 * s.beta1Power // => 0.9
 * ```
 */
export function adamStep(s: AdamState, h: AdamHyper): void {
  s.beta1Power *= h.beta1;
  s.beta2Power *= h.beta2;
}

/**
 * One AdamW step on parameters [from, to) (Loshchilov & Hutter, "Decoupled Weight Decay Regularization", ICLR 2019;
 * the update of PyTorch's `torch.optim.AdamW`), in float64, the weight rounded to float32:
 *
 *   m = b1 m + (1 - b1) g,  v = b2 v + (1 - b2) g^2,  m^ = m / (1 - b1^t),  v^ = v / (1 - b2^t),
 *   w = w (1 - lr lambda) - lr m^ / (sqrt(v^) + eps)
 *
 * with lambda = `weightDecay` when `decay` is true, 0 otherwise (biases).
 *
 * @example
 * ```ts
 * const w = Float32Array.of(1), s = adamState(1), h = { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 0, weightDecay: 0.5 }
 * adamStep(s, h); adamwUpdate(w, Float32Array.of(2), s, h, 0, 1, true)
 * w[0] // => 0.8500000238418579 (float32 of 1 * (1 - 0.05) - 0.1 * 2 / 2)
 * ```
 */
export function adamwUpdate(w: Float32Array, g: Float32Array, s: AdamState, h: AdamHyper, from: number, to: number, decay: boolean): void {
  const { m, v } = s;
  const b1 = h.beta1, b2 = h.beta2, lr = h.learningRate, eps = h.epsilon;
  const c1 = 1 - s.beta1Power, c2 = 1 - s.beta2Power;
  const shrink = decay ? 1 - lr * h.weightDecay : 1;
  for (let i = from; i < to; i++) {
    const gi = g[i]!;
    const mi = b1 * m[i]! + (1 - b1) * gi;
    const vi = b2 * v[i]! + (1 - b2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    w[i] = w[i]! * shrink - (lr * (mi / c1)) / (Math.sqrt(vi / c2) + eps);
  }
}
