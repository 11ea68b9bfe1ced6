/**
 * Simplex weights: the non-negative weights summing to 1 whose weighted mean of the members' probabilities has the
 * lowest log loss on out-of-fold predictions.
 *
 * @module
 */

/** Probabilities are clipped to [EPS, 1 - EPS] before a logarithm, as the log loss of `calibration/metrics.ts` does. */
const EPS = 1e-15;

/** Options of {@link fitSimplexWeights}. */
export interface SimplexWeightOptions {
  /** Most EM iterations. Default 5000. */
  readonly maxIterations?: number;
  /** Stop when no weight moves by more than this in an iteration. Default 1e-10. */
  readonly tolerance?: number;
}

/** The result of {@link fitSimplexWeights}. */
export interface SimplexWeights {
  /** One weight per member, >= 0, summing to 1. */
  readonly weights: number[];
  /** Mean log loss of the weighted mixture on the fitting rows. */
  readonly logLoss: number;
  /** EM iterations run. */
  readonly iterations: number;
}

/** q[k][i]: the likelihood member k gives row i's label, P(y_i) = p (y = 1) or 1 - p (y = 0), clipped. */
function likelihoods(probs: readonly Float64Array[], labels: Float64Array): Float64Array[] {
  return probs.map((p) =>
    Float64Array.from(labels, (y, i) => {
      const c = Math.min(Math.max(p[i]!, EPS), 1 - EPS);
      return y === 1 ? c : 1 - c;
    }),
  );
}

/** Mean -ln(sum_k w_k q_ik): the mixture's log loss. */
function mixtureLoss(q: readonly Float64Array[], w: readonly number[], n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let k = 0; k < q.length; k++) m += w[k]! * q[k]![i]!;
    sum -= Math.log(m);
  }
  return sum / n;
}

/**
 * Fits non-negative weights summing to 1 that minimize the log loss of p_i = sum_k w_k p_ki on the rows given
 * (out-of-fold predictions: `probs[k][i]` is member k's probability for row i, `labels[i]` 0 or 1; the caller
 * checks them).
 *
 * Algorithm: since y is 0 or 1, the likelihood of row i is linear in the weights, sum_k w_k q_ik with
 * q_ik = p_ki^y_i (1 - p_ki)^(1 - y_i); minimizing the log loss is the maximum-likelihood fit of mixture
 * proportions, a concave problem over the simplex, solved by EM (Dempster, Laird & Rubin 1977): from equal weights,
 * w_k <- w_k (1/n) sum_i q_ik / sum_j w_j q_ij (equivalently w_k <- -w_k dL/dw_k, a multiplicative update that stays
 * on the simplex). Each step lowers the loss or leaves it; it stops when no weight moves by more than `tolerance`.
 * EM approaches a vertex of the simplex only slowly, so the result is finally compared with every single member
 * (each vertex) and the best vertex is returned if it is better: the weights never do worse than the best member.
 * Deterministic.
 *
 * @example
 * ```ts
 * // member A always says 0.8, member B 0.2; 7 of 10 labels are 1: the best mixture predicts 0.7 = 5/6 A + 1/6 B
 * fitSimplexWeights([new Float64Array(10).fill(0.8), new Float64Array(10).fill(0.2)], Float64Array.of(1, 1, 1, 1, 1, 1, 1, 0, 0, 0)).weights
 * // => [0.8333333330594785, 0.16666666694052137] (5/6 and 1/6 to the EM tolerance, after 74 iterations)
 * ```
 */
export function fitSimplexWeights(probs: readonly Float64Array[], labels: Float64Array, options: SimplexWeightOptions = {}): SimplexWeights {
  const K = probs.length;
  const n = labels.length;
  const maxIterations = options.maxIterations ?? 5000;
  const tolerance = options.tolerance ?? 1e-10;
  const q = likelihoods(probs, labels);
  let w = new Array<number>(K).fill(1 / K);
  const mix = new Float64Array(n);
  let iterations = 0;
  while (iterations < maxIterations && K > 1) {
    iterations++;
    mix.fill(0);
    for (let k = 0; k < K; k++) for (let i = 0; i < n; i++) mix[i] = mix[i]! + w[k]! * q[k]![i]!;
    const next = w.map((wk, k) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += q[k]![i]! / mix[i]!;
      return (wk * s) / n;
    });
    const total = next.reduce((a, b) => a + b, 0);
    const moved = Math.max(...next.map((x, k) => Math.abs(x / total - w[k]!)));
    w = next.map((x) => x / total);
    if (moved <= tolerance) break;
  }
  let best = { weights: w, logLoss: mixtureLoss(q, w, n) };
  for (let k = 0; k < K; k++) {
    const vertex = Array.from({ length: K }, (_, j) => (j === k ? 1 : 0));
    const loss = mixtureLoss(q, vertex, n);
    if (loss < best.logLoss) best = { weights: vertex, logLoss: loss };
  }
  return { ...best, iterations };
}
