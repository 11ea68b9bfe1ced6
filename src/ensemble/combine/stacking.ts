/**
 * Logistic stacking: a logistic regression of the labels on the members' logits, fitted on out-of-fold
 * predictions.
 *
 * @module
 */

/** Probabilities are clipped to [LOGIT_EPS, 1 - LOGIT_EPS] before the logit, so a member saying 0 or 1 gives ±20.72. */
const LOGIT_EPS = 1e-9;

/** Added to the Hessian's diagonal so that a constant member (a singular Hessian) still gives a finite step. */
const JITTER = 1e-12;

/**
 * ln(p / (1 - p)) of p clipped to [1e-9, 1 - 1e-9].
 *
 * @example
 * ```ts
 * clippedLogit(0.75) // => 1.0986122886681096 (ln 3)
 * clippedLogit(1)    // => 20.723265864228342
 * ```
 */
export function clippedLogit(p: number): number {
  const c = p < LOGIT_EPS ? LOGIT_EPS : p > 1 - LOGIT_EPS ? 1 - LOGIT_EPS : p;
  return Math.log(c / (1 - c));
}

/**
 * The logistic function 1 / (1 + e^-z).
 *
 * @example
 * ```ts
 * sigmoid(Math.log(3)) // => 0.7499999999999999
 * ```
 */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** ln(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** A fitted stacker: P = sigmoid(intercept + sum_k coefficients[k] logit(p_k)). */
export interface StackingFit {
  readonly intercept: number;
  readonly coefficients: number[];
  /** Newton iterations run. */
  readonly iterations: number;
}

/** Solves A x = b in place by Gaussian elimination with partial pivoting (A is m x m, row-major). */
function solve(A: Float64Array, b: Float64Array, m: number): Float64Array {
  for (let c = 0; c < m; c++) {
    let p = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(A[r * m + c]!) > Math.abs(A[p * m + c]!)) p = r;
    for (let j = 0; j < m; j++) [A[c * m + j], A[p * m + j]] = [A[p * m + j]!, A[c * m + j]!];
    [b[c], b[p]] = [b[p]!, b[c]!];
    for (let r = c + 1; r < m; r++) {
      const f = A[r * m + c]! / A[c * m + c]!;
      for (let j = c; j < m; j++) A[r * m + j] = A[r * m + j]! - f * A[c * m + j]!;
      b[r] = b[r]! - f * b[c]!;
    }
  }
  const x = new Float64Array(m);
  for (let r = m - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let j = r + 1; j < m; j++) s -= A[r * m + j]! * x[j]!;
    x[r] = s / A[r * m + r]!;
  }
  return x;
}

/**
 * Fits logistic stacking on out-of-fold predictions: with l_ik = logit(p_ki) (clipped, see {@link clippedLogit})
 * and theta = (b, a_1 .. a_K), it minimizes
 * f(theta) = (1/n) sum_i [ln(1 + e^z_i) - y_i z_i] + (l2 / 2) sum_k a_k^2, z_i = b + sum_k a_k l_ik
 * (the intercept is not penalized) by Newton's method, H d = g with g = (1/n) sum_i (sigmoid(z_i) - y_i) x_i + l2 a
 * and H = (1/n) sum_i s_i (1 - s_i) x_i x_i^T + l2 I, halving the step until f does not rise, from theta = 0,
 * until the largest step component is below 1e-12 (at most 100 iterations). Coefficients may be negative.
 * Deterministic.
 *
 * Reference: D. H. Wolpert (1992), "Stacked generalization", Neural Networks 5(2); the logistic regression's
 * Newton (IRLS) iteration as in Hastie, Tibshirani & Friedman, "The Elements of Statistical Learning", 4.4.1.
 *
 * @example
 * ```ts
 * // one member: logit 1 on 4 rows (3 up), logit -1 on 4 rows (1 up): the saturated fit is 0.75 and 0.25
 * const p = [0.7310585786300049, 0.2689414213699951]
 * fitStacking([Float64Array.of(p[0], p[0], p[0], p[0], p[1], p[1], p[1], p[1])], Float64Array.of(1, 1, 1, 0, 1, 0, 0, 0), 0)
 * // => { intercept: 6.107996296843161e-17, coefficients: [1.0986122886681096] (ln 3), iterations: 5 }
 * ```
 */
export function fitStacking(probs: readonly Float64Array[], labels: Float64Array, l2: number): StackingFit {
  const K = probs.length;
  const m = K + 1;
  const n = labels.length;
  const logits = probs.map((p) => Float64Array.from(p, clippedLogit));
  const x = (i: number, j: number): number => (j === 0 ? 1 : logits[j - 1]![i]!);
  const margins = (t: Float64Array): Float64Array => {
    const z = new Float64Array(n).fill(t[0]!);
    for (let k = 0; k < K; k++) for (let i = 0; i < n; i++) z[i] = z[i]! + t[k + 1]! * logits[k]![i]!;
    return z;
  };
  const objective = (t: Float64Array): number => {
    const z = margins(t);
    let s = 0;
    for (let i = 0; i < n; i++) s += softplus(z[i]!) - labels[i]! * z[i]!;
    let r = 0;
    for (let k = 1; k < m; k++) r += t[k]! * t[k]!;
    return s / n + (l2 / 2) * r;
  };
  let theta = new Float64Array(m);
  let f = objective(theta);
  let iterations = 0;
  while (iterations < 100) {
    iterations++;
    const z = margins(theta);
    const g = new Float64Array(m);
    const H = new Float64Array(m * m);
    for (let i = 0; i < n; i++) {
      const s = sigmoid(z[i]!);
      const r = s - labels[i]!;
      const v = s * (1 - s);
      for (let a = 0; a < m; a++) {
        g[a] = g[a]! + (r * x(i, a)) / n;
        for (let b = 0; b < m; b++) H[a * m + b] = H[a * m + b]! + (v * x(i, a) * x(i, b)) / n;
      }
    }
    for (let a = 0; a < m; a++) H[a * m + a] = H[a * m + a]! + JITTER + (a > 0 ? l2 : 0);
    for (let a = 1; a < m; a++) g[a] = g[a]! + l2 * theta[a]!;
    const d = solve(H, g, m);
    let step = 1;
    let next = theta.map((t, a) => t - d[a]!);
    let fNext = objective(next);
    while (!(fNext <= f) && step > 1e-10) {
      step /= 2;
      next = theta.map((t, a) => t - step * d[a]!);
      fNext = objective(next);
    }
    if (!(fNext <= f)) break;
    const largest = Math.max(...d.map((v) => Math.abs(step * v)));
    theta = next;
    f = fNext;
    if (largest < 1e-12) break;
  }
  return { intercept: theta[0]!, coefficients: Array.from(theta.subarray(1)), iterations };
}
