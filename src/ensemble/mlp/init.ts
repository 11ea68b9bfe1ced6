/**
 * The initial parameters of the MLP.
 *
 * @module
 */
import type { Rng } from '../../core/rng.js';

/**
 * Fills the flat parameter vector (layer by layer: W row-major [outputs][inputs], then b) with the initial values,
 * drawing from `rng` in that order:
 * - hidden (ReLU) layers: He normal, W ~ N(0, 2 / fan_in) (He et al., "Delving Deep into Rectifiers", ICCV 2015), b = 0;
 * - the output layer: Glorot uniform, W ~ U(-sqrt(6 / (fan_in + fan_out)), +sqrt(...)) (Glorot & Bengio, AISTATS 2010),
 *   and b = `outputBias` (the training prior: logit of the positive rate, or the mean target).
 *
 * @example
 * ```ts
 * const theta = new Float32Array(3 * 2 + 2 + 2 * 1 + 1)
 * initParameters(theta, [3, 2, 1], new Rng(0), -0.4)
 * theta[theta.length - 1] // => -0.4000000059604645 (the output bias, as float32)
 * ```
 */
export function initParameters(theta: Float32Array, dims: readonly number[], rng: Rng, outputBias: number): void {
  const L = dims.length - 1;
  let o = 0;
  for (let l = 1; l <= L; l++) {
    const fanIn = dims[l - 1]!, fanOut = dims[l]!;
    const n = fanIn * fanOut;
    if (l < L) {
      const sd = Math.sqrt(2 / fanIn);
      for (let i = 0; i < n; i++) theta[o + i] = sd * rng.normal();
    } else {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < n; i++) theta[o + i] = limit * (2 * rng.uniform() - 1);
    }
    o += n;
    theta.fill(l < L ? 0 : outputBias, o, o + fanOut);
    o += fanOut;
  }
}
