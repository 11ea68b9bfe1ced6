/**
 * The payoff ratio of a strategy, from its realised returns.
 *
 * @module
 */
import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';
import { checkOptions } from '../core/options.js';
import { checkArray, checkNumber, FINITE } from './checks.js';

/** Options of {@link estimatePayoff}. */
export interface PayoffOptions {
  /** Fewest positive returns, and fewest negative returns, the estimate needs (an integer >= 1; default 1). */
  readonly min?: number;
}

/**
 * The payoff ratio b of a strategy, the mean win over the mean loss of its realised returns:
 *
 *     b = mean(r_i : r_i > 0) / mean(|r_i| : r_i < 0)
 *
 * the `payoff` of {@link kellyFraction}. Exact zeros (flat trades) are neither wins nor losses and are ignored.
 *
 * Throws `InvalidParameterError` naming `returns` when it is not an array of numbers or has fewer than `min`
 * positive or fewer than `min` negative returns (at least one of each: without a loss, or without a win, the ratio
 * is not defined) or when the ratio overflows (wins and losses 300 orders of magnitude apart), `returns[i]` for the first value that is not a finite number, and `options.min` for a `min` that
 * is not an integer >= 1 (or an unknown option).
 *
 * Reference: R. Vince (1990), "Portfolio Management Formulas", Wiley (the win/loss ratio in Kelly sizing).
 *
 * @param returns realised returns of past bets (trades, or per-candle returns of a position), any finite numbers
 * @param options `min`: the fewest wins and the fewest losses to estimate from (default 1)
 *
 * @example
 * ```ts
 * estimatePayoff([0.02, -0.01, 0, 0.04, -0.02]) // => 2 (mean win 0.03, mean loss 0.015)
 * estimatePayoff([0.02, 0.01])                  // throws InvalidParameterError: returns: no negative return ...
 * estimatePayoff([0.02, -0.01], { min: 5 })     // throws InvalidParameterError: returns: 1 positive return(s), fewer than min = 5
 * ```
 */
export function estimatePayoff(returns: ArrayLike<number>, options?: PayoffOptions): number {
  const { min = 1 } = checkOptions(options, ['min'], 'options');
  if (!Number.isInteger(min) || min < 1) throw new InvalidParameterError('options.min', `must be an integer >= 1, got ${describeValue(min)}`, { value: min });
  const n = checkArray(returns, 'returns');
  // Running means (mean += (x - mean) / k): a sum of huge finite returns would overflow.
  let wins = 0;
  let meanWin = 0;
  let losses = 0;
  let meanLoss = 0;
  for (let i = 0; i < n; i++) {
    const r = checkNumber(returns[i], 'returns', FINITE, i);
    if (r > 0) meanWin += (r - meanWin) / ++wins;
    else if (r < 0) meanLoss += (-r - meanLoss) / ++losses;
  }
  for (const [count, side] of [[wins, 'positive'], [losses, 'negative']] as const) {
    if (count === 0) throw new InvalidParameterError('returns', `no ${side} return among ${n}: the payoff ratio needs at least one win and one loss`, { shape: { length: n, wins, losses } });
    if (count < min) throw new InvalidParameterError('returns', `${count} ${side} return(s), fewer than min = ${min}`, { shape: { length: n, wins, losses } });
  }
  const b = meanWin / meanLoss;
  if (!(b > 0 && b < Infinity)) throw new InvalidParameterError('returns', `mean win ${meanWin} / mean loss ${meanLoss} is ${b}, not a finite number > 0`, { shape: { length: n, wins, losses } });
  return b;
}
