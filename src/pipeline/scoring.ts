/**
 * The per-prediction definitions shared by the live evaluation and the A/B comparison, the same as the SQL of the
 * dashboards and the performance log: when a resolved prediction is correct, and the annualised Sharpe ratio of a
 * series of per-prediction returns.
 *
 * @module
 */
import { periodsPerYear } from '../core/timeframe.js';
import type { StoreTimeframe } from '../store/schema.js';

/**
 * Whether a resolved prediction was right: direction 1 with outcome 1 (the close rose), or direction -1 with
 * outcome 0 (it did not). Direction 0 (no call) is never correct; accuracies count only `direction !== 0`.
 *
 * @example
 * ```ts
 * [isCorrect(1, 1), isCorrect(-1, 0), isCorrect(-1, 1), isCorrect(0, 0)] // => [true, true, false, false]
 * ```
 */
export function isCorrect(direction: number, outcome: number): boolean {
  return (direction === 1 && outcome === 1) || (direction === -1 && outcome === 0);
}

/**
 * Annualised Sharpe ratio of per-prediction returns r_1..r_n of predictions `horizon` candles of `timeframe` ahead:
 *
 *   Sharpe = mean(r) / s(r) * sqrt(365 * 86400 / timeframe seconds / horizon),   s = sample standard deviation (n - 1)
 *
 * i.e. one bet per `horizon` candles, 365 days a year (crypto trades every day); the same formula as the view
 * `alpha_v4.mv_sharpe_ratio` (525600 / timeframe minutes / horizon) and of the performance log. Undefined, hence
 * `null`, for fewer than two returns or zero variance, taken as the performance log takes it: sum (r - mean)^2 at
 * most 1e-9 of sum r^2 (equal returns whose mean rounds). The caller passes finite returns.
 *
 * Reference: W. F. Sharpe (1994), "The Sharpe ratio", Journal of Portfolio Management 21(1); A. W. Lo (2002),
 * "The statistics of Sharpe ratios", Financial Analysts Journal 58(4) (the sqrt(periods) annualisation assumes
 * independent returns).
 *
 * @example
 * ```ts
 * annualisedSharpe([0.01, -0.005, 0.02], '1d', 1) // => 12.652577575270803 = (0.025 / 3) / 0.0125831 * sqrt(365)
 * annualisedSharpe([0.01], '1h', 1)               // => null
 * ```
 */
export function annualisedSharpe(returns: ArrayLike<number>, timeframe: StoreTimeframe, horizon: number): number | null {
  const n = returns.length;
  if (n < 2) return null;
  let sum = 0, squares = 0;
  for (let i = 0; i < n; i++) {
    sum += returns[i]!;
    squares += returns[i]! ** 2;
  }
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (returns[i]! - mean) ** 2;
  if (!(ss > 1e-9 * squares)) return null;
  const sd = Math.sqrt(ss / (n - 1));
  return (mean / sd) * Math.sqrt(periodsPerYear(timeframe) / horizon);
}
