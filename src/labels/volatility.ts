import { checkInteger, checkPrices } from './checks.js';

/**
 * Rolling volatility of log returns: the sample standard deviation of ln(close[i] / close[i-1]) over the `window`
 * returns ending at t (uses only candles <= t). NaN for the first `window` rows. `close` must be a Float64Array of
 * finite prices > 0 and `window` an integer >= 2 (`InvalidParameterError` otherwise).
 *
 * Reference: López de Prado, "Advances in Financial Machine Learning" (2018), ch. 3 (daily volatility estimate).
 *
 * @example
 * ```ts
 * rollingVolatility(Float64Array.of(100, 110, 99, 108.9), 2)
 * // => Float64Array [NaN, NaN, 0.14189560954670769, 0.14189560954670769] (std of ln 1.1 and ln 0.9)
 * ```
 */
export function rollingVolatility(close: Float64Array, window = 96): Float64Array {
  checkInteger('window', window, 2);
  checkPrices('close', close);
  const n = close.length;
  const out = new Float64Array(n).fill(NaN);
  // Running sums of the log returns and their squares over the window; var = (S2 - S1^2 / w) / (w - 1).
  let s1 = 0;
  let s2 = 0;
  for (let t = 1; t < n; t++) {
    const r = Math.log(close[t]! / close[t - 1]!);
    s1 += r;
    s2 += r * r;
    if (t > window) {
      const old = Math.log(close[t - window]! / close[t - window - 1]!);
      s1 -= old;
      s2 -= old * old;
    }
    if (t >= window) {
      const v = (s2 - (s1 * s1) / window) / (window - 1);
      out[t] = Math.sqrt(v > 0 ? v : 0);
    }
  }
  return out;
}
