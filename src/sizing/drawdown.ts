/**
 * Drawdown and the drawdown throttle.
 *
 * @module
 */
import { InvalidParameterError } from '../core/errors.js';
import { checkOptions } from '../core/options.js';
import { checkArray, checkNumber, NON_NEGATIVE, UNIT } from './checks.js';

/**
 * The current drawdown of an equity curve: how far the last equity lies below the highest equity so far, as a
 * positive fraction of that peak,
 *
 *     drawdown = 1 - equity[n - 1] / max(equity[0..n - 1])
 *
 * 0 at a new high, 1 when the equity is gone; always in [0, 1].
 *
 * Throws `InvalidParameterError` naming `equity` when it is not an array of numbers or is empty, `equity[i]` for
 * the first value that is not a finite number >= 0, or `equity[0]` when it is 0 (no peak to measure from).
 *
 * Reference: M. Magdon-Ismail, A. F. Atiya (2004), "Maximum drawdown", Risk 17(10).
 *
 * @param equity account equity over time, oldest first, finite and >= 0, the first > 0
 *
 * @example
 * ```ts
 * drawdownFromEquity([100, 120, 90, 105]) // => 0.125 (1 - 105 / 120)
 * drawdownFromEquity([100, 120, 130])     // => 0 (at a new high)
 * ```
 */
export function drawdownFromEquity(equity: ArrayLike<number>): number {
  const n = checkArray(equity, 'equity');
  if (n === 0) throw new InvalidParameterError('equity', 'is empty: the drawdown needs at least one equity value', { shape: { length: 0 } });
  let peak = 0;
  for (let i = 0; i < n; i++) peak = Math.max(peak, checkNumber(equity[i], 'equity', NON_NEGATIVE, i));
  if (equity[0] === 0) throw new InvalidParameterError('equity[0]', 'must be > 0: the drawdown is measured from a positive peak', { index: 0, value: 0 });
  return 1 - equity[n - 1]! / peak;
}

/** Where the {@link drawdownThrottle} starts cutting and where it stops trading. */
export interface ThrottleBounds {
  /** Drawdown up to which positions keep their full size, in [0, 1), below `stop`. */
  readonly start: number;
  /** Drawdown from which no position is taken, in (0, 1], above `start`. */
  readonly stop: number;
}

/**
 * The drawdown throttle: the factor sizes are multiplied by as the account falls below its peak, 1 up to
 * `start`, 0 from `stop`, and linear between,
 *
 *     throttle(d) = 1                              for d <= start
 *                 = (stop - d) / (stop - start)    for start < d < stop
 *                 = 0                              for d >= stop
 *
 * so a losing streak shrinks the bets before it can compound. `d` is a positive fraction of peak equity
 * ({@link drawdownFromEquity}). The throttle lifts as the account climbs back towards its peak; at `stop` it is a
 * circuit breaker: no new position is opened, so only the positions still open can bring the equity back, and
 * resuming is a decision (measure the drawdown from a new peak, after a model change for instance).
 *
 * Throws `InvalidParameterError` naming `drawdown` unless a number in [0, 1], `bounds.start` unless in [0, 1),
 * `bounds.stop` unless in (0, 1] and above `start`.
 *
 * Reference: the linear form follows the drawdown control of S. J. Grossman, Z. Zhou (1993), "Optimal investment
 * strategies for controlling drawdowns", Mathematical Finance 3(3), where exposure falls in proportion to the
 * distance left to the drawdown floor.
 *
 * @example
 * ```ts
 * drawdownThrottle(0.05, { start: 0.1, stop: 0.25 })  // => 1
 * drawdownThrottle(0.175, { start: 0.1, stop: 0.25 }) // => 0.5000000000000001 (halfway)
 * drawdownThrottle(0.3, { start: 0.1, stop: 0.25 })   // => 0
 * ```
 */
export function drawdownThrottle(drawdown: number, bounds: ThrottleBounds): number {
  checkNumber(drawdown, 'drawdown', UNIT);
  const { start, stop } = checkOptions(bounds, ['start', 'stop'], 'bounds');
  checkThrottleBounds(start, stop, 'bounds.start', 'bounds.stop');
  if (drawdown <= start) return 1;
  if (drawdown >= stop) return 0;
  return (stop - drawdown) / (stop - start);
}

/**
 * Checks the bounds of a {@link drawdownThrottle}: `start` in [0, 1), `stop` in (0, 1] and above `start`;
 * otherwise `InvalidParameterError` naming `startName` or `stopName` (the policy's config keys say
 * `config.drawdownStart` and `config.drawdownStop`).
 *
 * @example
 * ```ts
 * checkThrottleBounds(0.2, 0.1, 'bounds.start', 'bounds.stop')
 * // throws InvalidParameterError: bounds.stop: must be above bounds.start (0.2), got 0.1
 * ```
 */
export function checkThrottleBounds(start: unknown, stop: unknown, startName: string, stopName: string): void {
  const from = checkNumber(start, startName, { min: 0, max: 1, maxOpen: true });
  const to = checkNumber(stop, stopName, { min: 0, minOpen: true, max: 1 });
  if (!(to > from)) throw new InvalidParameterError(stopName, `must be above ${startName} (${from}), got ${to}`, { value: to });
}
