/**
 * The exact McNemar test of two classifiers scored on the same samples.
 *
 * @module
 */
import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';

/** ln 2. */
const LN2 = Math.log(2);
/** Largest n summed in linear space: C(1000, 500) ~ 2.7e299 is finite and 2^-1000 is a normal double. */
const LINEAR_MAX_N = 1000;

/**
 * Two-sided p-value of the exact McNemar test on the discordant pairs: b samples that only the first classifier got
 * right and c that only the second got right. Under the null hypothesis (equal accuracy) each of the n = b + c
 * discordant pairs falls either way with probability 1/2, so min(b, c) ~ Binomial(n, 1/2) and
 *
 *   p = min(1, 2 * sum_{i=0}^{min(b,c)} C(n, i) / 2^n),   p = 1 when n = 0.
 *
 * For n <= 1000 the binomial coefficients are summed as doubles (exact while below 2^53) and scaled by 2^-n; beyond,
 * in log space (ln C(n, i+1) = ln C(n, i) + ln((n - i) / (i + 1))), so large n neither overflows nor loses the
 * tail. The result underflows to 0 only below 5e-324. b and c must be integers from 0 to
 * 2^31 - 1; otherwise `InvalidParameterError`.
 *
 * Reference: Q. McNemar (1947), "Note on the sampling error of the difference between correlated proportions or
 * percentages", Psychometrika 12(2); the exact (binomial) form is statsmodels' `mcnemar(table, exact=True)` and R's
 * `binom.test(min(b, c), b + c)`.
 *
 * @example
 * ```ts
 * mcnemarExact(10, 2) // => 0.03857421875 = 2 * (1 + 12 + 66) / 4096
 * mcnemarExact(3, 3)  // => 1
 * ```
 */
export function mcnemarExact(b: number, c: number): number {
  for (const [name, v] of [['b', b], ['c', c]] as const) {
    if (!Number.isInteger(v) || v < 0 || v > 2_147_483_647) throw new InvalidParameterError(name, `expected an integer from 0 to 2147483647, got ${describeValue(v)}`);
  }
  const n = b + c;
  const k = Math.min(b, c);
  if (n === 0 || 2 * k >= n) return 1;
  if (n <= LINEAR_MAX_N) {
    // C(n, i) as doubles (exact integers up to 2^53), scaled by 2^-n exactly.
    let sum = 0;
    for (let i = 0, t = 1; i <= k; i++) {
      sum += t;
      t = (t * (n - i)) / (i + 1);
    }
    return Math.min(1, 2 * sum * 2 ** -n);
  }
  // ln of the largest term, C(n, k) / 2^n (the terms grow up to i = k < n / 2) ...
  let top = -n * LN2;
  for (let i = 0; i < k; i++) top += Math.log((n - i) / (i + 1));
  // ... then the sum of the terms relative to it, from i = k down (C(n, i - 1) = C(n, i) * i / (n - i + 1)), until they
  // no longer change it.
  let sum = 0;
  for (let i = k, t = 1; i >= 0 && t >= sum * 1e-17; i--) {
    sum += t;
    t *= i / (n - i + 1);
  }
  return Math.min(1, 2 * Math.exp(top + Math.log(sum)));
}
