/**
 * The Kelly fraction of a binary bet.
 *
 * @module
 */
import { checkNumber, POSITIVE, UNIT } from './checks.js';

/**
 * The Kelly fraction of a binary bet: the share of wealth to stake on a bet that wins `payoff` times the stake with
 * probability `p` and loses the stake otherwise,
 *
 *     f* = p - (1 - p) / b        (b = payoff)
 *
 * which maximises the expected logarithm of wealth, E[ln(1 + f X)], over f. The result is signed: 0 when the bet is
 * fair (p b = 1 - p, e.g. p = 0.5 at b = 1), negative when the edge is against the bet (then the Kelly bettor takes
 * the other side, or nothing). It increases with p (and never falls with b), is never above p, is -1/b at p = 0
 * and 1 at p = 1.
 *
 * Throws `InvalidParameterError` naming `p` when p is not a number in [0, 1], or `payoff` when b is not a finite
 * number > 0.
 *
 * References: J. L. Kelly Jr (1956), "A new interpretation of information rate", Bell System Technical Journal
 * 35(4); E. O. Thorp (2006), "The Kelly criterion in blackjack, sports betting and the stock market", Handbook of
 * Asset and Liability Management, vol. 1.
 *
 * @param p probability that the bet wins, in [0, 1]
 * @param payoff b, the net gain per unit staked when the bet wins (the loss is the stake), finite and > 0
 *
 * @example
 * ```ts
 * kellyFraction(0.6, 1)  // => 0.19999999999999996 (0.6 - 0.4 / 1)
 * kellyFraction(0.6, 2)  // => 0.39999999999999997 (0.6 - 0.4 / 2)
 * kellyFraction(0.5, 1)  // => 0
 * kellyFraction(0.4, 1)  // => -0.19999999999999996 (the edge is against the bet)
 * ```
 */
export function kellyFraction(p: number, payoff: number): number {
  checkNumber(p, 'p', UNIT);
  checkNumber(payoff, 'payoff', POSITIVE);
  return p - (1 - p) / payoff;
}
