/**
 * How an ensemble combines its members' probabilities, and the rule for members that fail on a row.
 *
 * @module
 */
import { describeValue } from '../../core/describe.js';
import { clippedLogit, fitStacking, sigmoid } from './stacking.js';
import { fitSimplexWeights } from './weights.js';

/** The combination methods: simplex weights on probabilities, or logistic stacking on logits. */
export type CombineMethod = 'weights' | 'stacking';

/** Simplex weights: P = sum_k w_k p_k with w_k >= 0, sum w_k = 1. */
export interface WeightsCombination {
  readonly method: 'weights';
  readonly weights: readonly number[];
}

/** Logistic stacking: P = sigmoid(intercept + sum_k coefficients[k] logit(p_k)). */
export interface StackingCombination {
  readonly method: 'stacking';
  readonly intercept: number;
  readonly coefficients: readonly number[];
}

/** A fitted combination (its JSON form is itself). */
export type Combination = WeightsCombination | StackingCombination;

/** The combined probability of each row and the share of the combination its available members hold. */
export interface CombinedRows {
  /** The combined (uncalibrated) probability; NaN where no member is available. */
  readonly probability: Float64Array;
  /** Per row, the share of the available members (1 when all are). */
  readonly share: Float64Array;
}

/**
 * Fits a combination on out-of-fold member probabilities (`probs[k][i]`, labels 0/1): simplex weights by EM
 * (`fitSimplexWeights`) or logistic stacking by Newton's method with an L2 penalty `l2` on the coefficients
 * (`fitStacking`). Deterministic.
 *
 * @example
 * ```ts
 * fitCombination('weights', [new Float64Array(10).fill(0.8), new Float64Array(10).fill(0.2)], Float64Array.of(1, 1, 1, 1, 1, 1, 1, 0, 0, 0), 0)
 * // => { method: 'weights', weights: [0.8333333330594785, 0.16666666694052137] }
 * ```
 */
export function fitCombination(method: CombineMethod, probs: readonly Float64Array[], labels: Float64Array, l2: number): Combination {
  if (method === 'weights') return { method, weights: fitSimplexWeights(probs, labels).weights };
  const { intercept, coefficients } = fitStacking(probs, labels, l2);
  return { method, intercept, coefficients };
}

/**
 * Each member's share of a combination: its weight, or |a_k| / sum_j |a_j| for stacking (all equal when every
 * coefficient is 0). The shares sum to 1.
 *
 * @example
 * ```ts
 * memberShares({ method: 'stacking', intercept: 0, coefficients: [1, -3] }) // => Float64Array [0.25, 0.75]
 * ```
 */
export function memberShares(c: Combination): Float64Array {
  const raw = c.method === 'weights' ? c.weights : c.coefficients.map(Math.abs);
  const total = raw.reduce((a, b) => a + b, 0);
  return Float64Array.from(raw, (v) => (total > 0 ? v / total : 1 / raw.length));
}

/** A probability a member may give: a number in [0, 1]. */
function usable(p: number | undefined): p is number {
  return p !== undefined && p >= 0 && p <= 1;
}

/**
 * Combines the members' probabilities row by row. `probs[k]` is member k's output, or undefined when it failed
 * (threw); a value that is NaN or outside [0, 1] counts as missing for its row. The failing-member rule: a missing
 * member is left out and the others' weights are renormalised, which is the same as predicting in its place the
 * weighted mean of the others (on the probability scale for weights, on the logit scale for stacking):
 * - weights: P_i = sum_{k in A_i} w_k p_ki / sum_{k in A_i} w_k;
 * - stacking: P_i = sigmoid(b + (S / S_i) sum_{k in A_i} a_k logit(p_ki)), S = sum_k |a_k|, S_i = sum_{A_i} |a_k|;
 * with A_i the members available at row i. `share[i]` is the share of A_i ({@link memberShares}); the caller
 * decides whether it is enough. A missing member is never read as 0.5.
 *
 * @example
 * ```ts
 * const c = { method: 'weights', weights: [0.5, 0.3, 0.2] } as const
 * combineRows(c, [Float64Array.of(0.9), undefined, Float64Array.of(0.4)], 1)
 * // => { probability: Float64Array [0.7571428571428572] (= (0.5 0.9 + 0.2 0.4) / 0.7), share: Float64Array [0.7] }
 * ```
 */
export function combineRows(c: Combination, probs: readonly (Float64Array | undefined)[], rows: number): CombinedRows {
  const shares = memberShares(c);
  const probability = new Float64Array(rows);
  const share = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0, sum = 0;
    probs.forEach((p, k) => {
      const v = p?.[i];
      if (!usable(v)) return;
      s += shares[k]!;
      sum += c.method === 'weights' ? c.weights[k]! * v : c.coefficients[k]! * clippedLogit(v);
    });
    share[i] = s;
    if (s === 0) probability[i] = NaN;
    else probability[i] = c.method === 'weights' ? sum / s : sigmoid(c.intercept + sum / s);
  }
  return { probability, share };
}

/**
 * Checks a combination (given to an `Ensemble`, or read back from an artifact): its method, one finite number per
 * member, weights >= 0 summing to 1 (within 1e-9). `fail(field, message)` throws the caller's error (an
 * `InvalidParameterError`, or a `ModelFormatError` for an artifact) naming the field. Returns a copy.
 *
 * @example
 * ```ts
 * checkCombination({ method: 'weights', weights: [0.5, 0.6] }, 2, (field, message) => { throw new InvalidParameterError(`combination${field}`, message) })
 * // throws InvalidParameterError: combination.weights: must be >= 0 and sum to 1, got sum 1.1
 * ```
 */
export function checkCombination(json: unknown, members: number, fail: (field: string, message: string) => never): Combination {
  const c = (json ?? {}) as Partial<WeightsCombination> & Partial<StackingCombination> & { method?: unknown };
  const numbers = (v: unknown, field: string): readonly number[] => {
    if (!Array.isArray(v) || v.length !== members || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      fail(field, `must be ${members} finite numbers, got ${describeValue(v)}`);
    }
    return v as readonly number[];
  };
  if (c.method === 'weights') {
    const weights = numbers(c.weights, '.weights');
    const total = weights.reduce((a, b) => a + b, 0);
    if (weights.some((w) => w < 0) || Math.abs(total - 1) > 1e-9) fail('.weights', `must be >= 0 and sum to 1, got sum ${total}`);
    return { method: 'weights', weights: [...weights] };
  }
  if (c.method === 'stacking') {
    const coefficients = numbers(c.coefficients, '.coefficients');
    if (typeof c.intercept !== 'number' || !Number.isFinite(c.intercept)) fail('.intercept', `must be a finite number, got ${describeValue(c.intercept)}`);
    return { method: 'stacking', intercept: c.intercept!, coefficients: [...coefficients] };
  }
  return fail('.method', `must be 'weights' or 'stacking', got ${describeValue(c.method)}`);
}
