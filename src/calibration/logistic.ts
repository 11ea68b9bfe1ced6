/**
 * Weighted logistic regression on one to three columns, with soft targets, by Newton's method: the solver behind
 * Platt scaling, temperature scaling and beta calibration.
 *
 * @module
 */
import { InvalidParameterError } from '../core/errors.js';

/** ln(1 + e^x) without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * The logistic function 1 / (1 + e^-x), without overflow for any x.
 *
 * @example
 * ```ts
 * sigmoid(2)    // => 0.8807970779778823
 * sigmoid(-800) // => 0
 * ```
 */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** A logistic regression problem: P(y = 1) = sigmoid(sum_j beta_j x_j (+ beta_k)), targets in [0, 1]. */
export interface LogisticProblem {
  readonly columns: readonly Float64Array[];
  readonly targets: ArrayLike<number>;
  readonly weights: Float64Array | undefined;
  /** Fit an intercept, the last coefficient. */
  readonly intercept: boolean;
}

const MAX_ITERATIONS = 100;
/** Armijo's sufficient-decrease constant and the smallest step of the backtracking search (Lin, Lin & Weng). */
const ARMIJO = 1e-4;
const MIN_STEP = 1e-10;

function linear(p: LogisticProblem, beta: Float64Array, i: number): number {
  const k = p.columns.length;
  let eta = p.intercept ? beta[k]! : 0;
  for (let j = 0; j < k; j++) eta += beta[j]! * p.columns[j]![i]!;
  return eta;
}

/** The weighted negative log-likelihood sum_i w_i (ln(1 + e^eta_i) - t_i eta_i). */
function objective(p: LogisticProblem, beta: Float64Array): number {
  let f = 0;
  for (let i = 0; i < p.targets.length; i++) {
    const eta = linear(p, beta, i);
    f += (p.weights ? p.weights[i]! : 1) * (softplus(eta) - p.targets[i]! * eta);
  }
  return f;
}

/** Gradient and Hessian of {@link objective} (the intercept's column is all ones). */
function derivatives(p: LogisticProblem, beta: Float64Array): { g: Float64Array; h: Float64Array } {
  const m = beta.length;
  const k = p.columns.length;
  const g = new Float64Array(m);
  const h = new Float64Array(m * m);
  const x = new Float64Array(m);
  for (let i = 0; i < p.targets.length; i++) {
    for (let j = 0; j < k; j++) x[j] = p.columns[j]![i]!;
    if (p.intercept) x[k] = 1;
    const mu = sigmoid(linear(p, beta, i));
    const w = p.weights ? p.weights[i]! : 1;
    const r = w * (mu - p.targets[i]!);
    const d = w * mu * (1 - mu);
    for (let a = 0; a < m; a++) {
      g[a] = g[a]! + r * x[a]!;
      for (let b = 0; b < m; b++) h[a * m + b] = h[a * m + b]! + d * x[a]! * x[b]!;
    }
  }
  return { g, h };
}

/**
 * Solves h d = g for a symmetric positive definite h (m x m, row-major) by Cholesky; undefined when h is singular
 * to working precision (a pivot below 1e-12 of its diagonal entry).
 */
function solve(h: Float64Array, g: Float64Array): Float64Array | undefined {
  const m = g.length;
  const l = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    let diag = h[j * m + j]!;
    for (let q = 0; q < j; q++) diag -= l[j * m + q]! ** 2;
    if (!(diag > 1e-12 * h[j * m + j]!)) return undefined;
    l[j * m + j] = Math.sqrt(diag);
    for (let i = j + 1; i < m; i++) {
      let s = h[i * m + j]!;
      for (let q = 0; q < j; q++) s -= l[i * m + q]! * l[j * m + q]!;
      l[i * m + j] = s / l[j * m + j]!;
    }
  }
  const z = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = g[i]!;
    for (let q = 0; q < i; q++) s -= l[i * m + q]! * z[q]!;
    z[i] = s / l[i * m + i]!;
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let q = i + 1; q < m; q++) s -= l[q * m + i]! * z[q]!;
    z[i] = s / l[i * m + i]!;
  }
  return z;
}

const maxAbs = (v: Float64Array): number => v.reduce((a, x) => Math.max(a, Math.abs(x)), 0);

/**
 * Minimizes the weighted logistic loss by Newton's method with Armijo backtracking (Lin, Lin & Weng 2007,
 * Algorithm 1, without their Hessian ridge, so that a divergent fit shows as a singular Hessian). Once a Newton
 * step moves no coefficient by more than 1e-6 (1 + max |beta|) it is taken in full (the objective can no longer
 * resolve it, and Newton converges quadratically there); it stops after a step of at most 1e-10 (1 + max |beta|),
 * which leaves an error below rounding. Returns the coefficients (columns, then the intercept).
 *
 * Throws `InvalidParameterError` naming `method` when there is no unique finite optimum: the scores separate the
 * classes (with hard 0/1 targets), or too few distinct scores for the number of coefficients.
 *
 * Reference: H.-T. Lin, C.-J. Lin, R. C. Weng (2007), "A note on Platt's probabilistic outputs for support vector
 * machines", Machine Learning 68(3).
 *
 * @example
 * ```ts
 * fitLogistic({ columns: [Float64Array.of(-1, 0, 1, 2, 3)], targets: [0, 1, 0, 1, 1], weights: undefined, intercept: true }, [0, 0], 'example')
 * // => Float64Array [1.090425560298115, -0.46773549486435734] (sklearn LogisticRegression(penalty=None): 1.09042556, -0.46773549)
 * ```
 */
export function fitLogistic(problem: LogisticProblem, start: readonly number[], method: string): Float64Array {
  let beta = Float64Array.from(start);
  let f = objective(problem, beta);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const { g, h } = derivatives(problem, beta);
    const d = solve(h, g);
    if (!d) break;
    const size = maxAbs(d);
    const scale = 1 + maxAbs(beta);
    if (size <= 1e-6 * scale) {
      // Close to the optimum the full step is safe, and the objective no longer resolves it: no line search.
      beta = beta.map((b, j) => b - d[j]!);
      if (size <= 1e-10 * scale) return beta;
      continue;
    }
    const slope = g.reduce((s, gj, j) => s + gj * d[j]!, 0);
    let accepted = false;
    for (let step = 1; step >= MIN_STEP && !accepted; step /= 2) {
      const next = beta.map((b, j) => b - step * d[j]!);
      const fNext = objective(problem, next);
      if (fNext <= f - ARMIJO * step * slope) {
        beta = next;
        f = fNext;
        accepted = true;
      }
    }
    if (!accepted) break;
  }
  throw new InvalidParameterError(
    'scores',
    `${method}: no unique finite maximum-likelihood fit (the scores separate the classes, or too few distinct scores for its parameters); fitPlatt (smoothed targets) or fitIsotonic fits such data`,
  );
}

/**
 * Clips a probability to [eps, 1 - eps] with eps = 2^-52 (numpy's float64 eps, as `betacal` does), before a log.
 *
 * @example
 * ```ts
 * clipProbability(0) // => 2.220446049250313e-16
 * clipProbability(1) // => 0.9999999999999998
 * ```
 */
export function clipProbability(p: number): number {
  return Math.min(Math.max(p, Number.EPSILON), 1 - Number.EPSILON);
}
