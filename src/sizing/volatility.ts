/**
 * Volatility estimates and the volatility-targeting scale.
 *
 * @module
 */
import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';
import { checkOptions } from '../core/options.js';
import { checkArray, checkNumber, NON_NEGATIVE, POSITIVE } from './checks.js';

/** ln(a / b), or ln a - ln b where a / b overflows or underflows (closes hundreds of orders of magnitude apart). */
function logReturn(a: number, b: number): number {
  const q = a / b;
  return q > 0 && q < Infinity ? Math.log(q) : Math.log(a) - Math.log(b);
}

/**
 * The rolling realised volatility of a close series, annualised: at each candle t >= `window`, the sample standard
 * deviation of the last `window` log returns r_i = ln(close[i] / close[i - 1]) (closes t - window .. t), times the
 * square root of the periods per year P:
 *
 *     sigma_t = sqrt( sum_{i = t - window + 1}^{t} (r_i - mean r)^2 / (window - 1) ) * sqrt(P)
 *
 * The output has the input's length, aligned by index, and is NaN for t < window (too few returns yet), as the
 * indicators are before their lookback; the latest value is the last element. The window slides in O(1) per candle
 * (Welford's update for a replaced element) and is recomputed exactly (two passes) every `window` candles, so the
 * series costs O(n) and the rounding of a volatile stretch never lingers in a calm one: the error of the sum of
 * squared deviations is of the order of window * 2^-52 times the sum of squares of the last 2 * window returns.
 * For crypto, P counts the candles of a 365-day year: 35,040 for 15m candles, 8,760 for 1h.
 *
 * Throws `InvalidParameterError` naming `close` when it is not an array of numbers, `close[i]` for the first close
 * that is not a finite number > 0, `window` unless an integer >= 2, `periodsPerYear` unless a finite number > 0.
 *
 * Reference: J. C. Hull, "Options, Futures, and Other Derivatives", ch. "Estimating volatility from historical
 * data"; B. P. Welford (1962), Technometrics 4(3).
 *
 * @param close closes, oldest first
 * @param window log returns per estimate (>= 2; the estimate reads window + 1 closes)
 * @param periodsPerYear candles per year (35040 for 15m candles)
 *
 * @example
 * ```ts
 * realisedVolatility([100, 110, 99, 108.9], 2, 1)
 * // => Float64Array [NaN, NaN, 0.14189560954670769, 0.14189560954670769]
 * //    (log returns ln 1.1, ln 0.9, ln 1.1: each window's deviation |ln 1.1 - ln 0.9| / sqrt(2))
 * ```
 */
export function realisedVolatility(close: ArrayLike<number>, window: number, periodsPerYear: number): Float64Array {
  const n = checkArray(close, 'close');
  if (!Number.isInteger(window) || window < 2) throw new InvalidParameterError('window', `must be an integer >= 2, got ${describeValue(window)}`, { value: window });
  const annualise = Math.sqrt(checkNumber(periodsPerYear, 'periodsPerYear', POSITIVE));
  for (let i = 0; i < n; i++) checkNumber(close[i], 'close', POSITIVE, i);
  const out = new Float64Array(n).fill(NaN);
  const r = new Float64Array(n);
  for (let i = 1; i < n; i++) r[i] = logReturn(close[i]!, close[i - 1]!);
  let mean = 0;
  let m2 = 0;
  for (let t = window; t < n; t++) {
    if ((t - window) % window === 0) {
      // Exact (two-pass) every `window` candles: rounding from the sliding updates never outlives two windows.
      mean = 0;
      for (let i = t - window + 1; i <= t; i++) mean += r[i]!;
      mean /= window;
      m2 = 0;
      for (let i = t - window + 1; i <= t; i++) m2 += (r[i]! - mean) ** 2;
    } else {
      // Welford's update for r[t] replacing r[t - window].
      const x = r[t]!;
      const old = r[t - window]!;
      const next = mean + (x - old) / window;
      m2 += (x - old) * (x - next + old - mean);
      mean = next;
    }
    out[t] = Math.sqrt(Math.max(m2, 0) / (window - 1)) * annualise;
  }
  return out;
}

/**
 * Volatility from the average true range, annualised: ATR as a share of the close, times sqrt(P),
 *
 *     sigma ~ (ATR / close) * sqrt(P)
 *
 * An approximation, cheaper and more robust to one wild close than {@link realisedVolatility}: ATR averages the
 * candle's true range (high - low, widened to the previous close), which is wider than one close-to-close move.
 * For a driftless Brownian motion the expected high-low range of a period is sqrt(8 / pi) sigma ~ 1.596 sigma
 * (Feller 1951; Parkinson 1980), so this estimate runs about 1.6 times the standard deviation of the log returns:
 * give it a volatility target measured the same way, or divide by 1.6 to compare it with realised volatility.
 *
 * Throws `InvalidParameterError` naming `atr` unless a finite number >= 0, `close` unless a finite number > 0,
 * `periodsPerYear` unless a finite number > 0.
 *
 * References: J. W. Wilder (1978), "New Concepts in Technical Trading Systems" (ATR); M. Parkinson (1980),
 * "The extreme value method for estimating the variance of the rate of return", Journal of Business 53(1).
 *
 * @param atr the average true range at a candle (e.g. the `atr` indicator's, or the `atr_14` feature)
 * @param close the close at the same candle
 * @param periodsPerYear candles per year (35040 for 15m candles)
 *
 * @example
 * ```ts
 * atrVolatility(120, 60000, 35040) // => 0.3743794866175229 (0.002 * sqrt(35040))
 * ```
 */
export function atrVolatility(atr: number, close: number, periodsPerYear: number): number {
  checkNumber(atr, 'atr', NON_NEGATIVE);
  checkNumber(close, 'close', POSITIVE);
  checkNumber(periodsPerYear, 'periodsPerYear', POSITIVE);
  const sigma = (atr / close) * Math.sqrt(periodsPerYear);
  if (!(sigma < Infinity)) throw new InvalidParameterError('atr', `atr / close * sqrt(periodsPerYear) overflows (${atr} / ${close})`, { value: atr });
  return sigma;
}

/** Options of {@link volatilityScale}. */
export interface VolatilityTarget {
  /** The volatility aimed at, in the units of the volatility given (annualised), finite and > 0. */
  readonly target: number;
  /** The largest scale, finite and > 0 (1: volatility targeting only ever shrinks a position). */
  readonly maxScale: number;
}

/**
 * The volatility-targeting scale: the factor that brings a position's volatility to the target,
 *
 *     scale = min(maxScale, target / volatility)      (volatility = 0: maxScale)
 *
 * so a market twice as volatile as the target gets half the size, and a calm one at most `maxScale` times it.
 *
 * Throws `InvalidParameterError` naming `volatility` unless a finite number >= 0 (NaN included: an estimate not
 * defined yet is not a volatility of 0), `options.target` or `options.maxScale` unless finite and > 0.
 *
 * Reference: A. Moreira, T. Muir (2017), "Volatility-managed portfolios", Journal of Finance 72(4).
 *
 * @example
 * ```ts
 * volatilityScale(0.8, { target: 0.5, maxScale: 1 }) // => 0.625
 * volatilityScale(0.2, { target: 0.5, maxScale: 2 }) // => 2 (2.5, capped)
 * volatilityScale(0, { target: 0.5, maxScale: 1 })   // => 1
 * ```
 */
export function volatilityScale(volatility: number, options: VolatilityTarget): number {
  checkNumber(volatility, 'volatility', NON_NEGATIVE);
  const { target, maxScale } = checkOptions(options, ['target', 'maxScale'], 'options');
  checkNumber(target, 'options.target', POSITIVE);
  checkNumber(maxScale, 'options.maxScale', POSITIVE);
  return volatility === 0 ? maxScale : Math.min(maxScale, target / volatility);
}
