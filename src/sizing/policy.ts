/**
 * The sizing policy: Kelly sizing on the predicted side, fractional, volatility-targeted, drawdown-throttled and
 * capped.
 *
 * @module
 */
import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';
import { checkOptions } from '../core/options.js';
import { capSize, type CapName, type OpenExposure } from './caps.js';
import { checkNumber, FINITE, NON_NEGATIVE, POSITIVE, UNIT, type Interval } from './checks.js';
import { resolveSizingConfig, type SizingConfig } from './config.js';
import { drawdownThrottle } from './drawdown.js';
import { kellyFraction } from './kelly.js';
import { volatilityScale } from './volatility.js';

/** What {@link SizingPolicy.size} sizes: one calibrated prediction and the state of the account. */
export interface SizingInput {
  /** Calibrated probability that the price rises, in [0, 1]. */
  readonly pUp: number;
  /** Payoff ratio b (mean win / mean loss, `estimatePayoff`), finite and > 0; default: the config's. */
  readonly payoff?: number;
  /** Annualised volatility of the market (`realisedVolatility`, `atrVolatility`), finite and >= 0; none: no targeting. */
  readonly volatility?: number;
  /** Current drawdown, a fraction of peak equity in [0, 1] (`drawdownFromEquity`); none: no throttle. */
  readonly drawdown?: number;
  /** Open positions as fractions of equity: `symbol` the signed position in this symbol (default 0), `gross` the sum of |position| over all symbols, this one included (default |symbol|). */
  readonly exposure?: { readonly symbol?: number; readonly gross?: number };
}

/** A sized prediction (frozen). */
export interface SizingDecision {
  /** +1 when pUp > 0.5, -1 when pUp < 0.5, 0 at exactly 0.5. */
  readonly direction: -1 | 0 | 1;
  /** max(pUp, 1 - pUp), in [0.5, 1]. */
  readonly confidence: number;
  /** The position to open on the `direction` side, a fraction of equity >= 0 (0 below the threshold). */
  readonly size: number;
  /** The full Kelly fraction of the bet on the predicted side, kellyFraction(confidence, payoff) clamped below at 0 (0 when direction is 0). */
  readonly kelly: number;
  /** The volatility-targeting scale min(maxScale, targetVolatility / volatility); 1 without a volatility. */
  readonly volatilityScale: number;
  /** The drawdown throttle in [0, 1]; 1 without a drawdown. */
  readonly throttle: number;
  /** The cap that bound the size, or `'none'`. */
  readonly capped: CapName;
}

/** The JSON form of a policy, to store beside a model: {@link sizingPolicyFromJSON} reads it back. */
export interface SizingPolicyJSON {
  readonly version: 1;
  readonly config: Readonly<SizingConfig>;
}

/** Sizes predictions with one configuration ({@link createSizingPolicy}). */
export interface SizingPolicy {
  /** The full configuration, defaults filled in (frozen). */
  readonly config: Readonly<SizingConfig>;
  /** Sizes one prediction; see {@link createSizingPolicy} for the formula. */
  size(input: SizingInput): SizingDecision;
  /** The JSON form: `{ version: 1, config }` with every key. */
  toJSON(): SizingPolicyJSON;
}

const INPUT_KEYS = ['pUp', 'payoff', 'volatility', 'drawdown', 'exposure'];

/** An optional number: the fallback when undefined, else checked against `range` under `name`. */
function optional(value: unknown, name: string, range: Interval, fallback: number): number {
  return value === undefined ? fallback : checkNumber(value, name, range);
}

/** Checks `input.exposure` and fills its defaults. */
function checkExposure(exposure: SizingInput['exposure']): OpenExposure {
  const given = checkOptions(exposure, ['symbol', 'gross'], 'input.exposure');
  const symbol = optional(given.symbol, 'input.exposure.symbol', FINITE, 0);
  const gross = optional(given.gross, 'input.exposure.gross', NON_NEGATIVE, Math.abs(symbol));
  if (gross < Math.abs(symbol)) {
    throw new InvalidParameterError('input.exposure.gross', `must be >= |input.exposure.symbol| (${Math.abs(symbol)}): the gross exposure includes this symbol's, got ${gross}`, { value: gross });
  }
  return { symbol, gross };
}

/**
 * A sizing policy: the system's position sizing, one function of a calibrated probability and the account's state.
 * For an input `{ pUp, payoff = config.payoff, volatility, drawdown, exposure }`:
 *
 *     direction  = sign(pUp - 0.5)                     confidence = max(pUp, 1 - pUp)
 *     kelly      = max(0, kellyFraction(confidence, payoff))         (0 when direction is 0)
 *     volScale   = min(maxScale, targetVolatility / volatility)      (1 without a volatility)
 *     throttle   = drawdownThrottle(drawdown, { start: drawdownStart, stop: drawdownStop })  (1 without one)
 *     size       = 0                                                 if confidence < threshold or direction is 0
 *                = min(kelly * config.kelly * volScale * throttle, position, symbol and leverage caps)  otherwise
 *
 * The Kelly bet is taken on the predicted side (probability `confidence` of being right); the caps are those of
 * `capSize` given the open `exposure`. The size is finite and >= 0, never above a cap, non-decreasing in the
 * confidence, and mirrors: pUp and 1 - pUp (with the opposite exposure) give the same size on opposite sides.
 *
 * The configuration is checked once, here: an unknown key, a value out of its range or `drawdownStop <=
 * drawdownStart` is an `InvalidParameterError` naming `config.<key>`. `size` throws `InvalidParameterError` naming
 * `input.<key>` for a bad input: an unknown key, a pUp that is not a number in [0, 1] (NaN included), a payoff not
 * finite and > 0, a volatility not finite and >= 0, a drawdown outside [0, 1], a non-finite exposure, a gross
 * exposure below |symbol|.
 *
 * @param config the keys of {@link SizingConfig} to change from {@link DEFAULT_SIZING_CONFIG}
 *
 * @example
 * ```ts
 * const policy = createSizingPolicy()
 * policy.size({ pUp: 0.6 })
 * // => { direction: 1, confidence: 0.6, size: 0.04999999999999999, kelly: 0.19999999999999996, volatilityScale: 1, throttle: 1, capped: 'none' }
 * policy.size({ pUp: 0.4 }).direction // => -1 (same size, short)
 * policy.size({ pUp: 0.53 }).size     // => 0 (confidence 0.53 < threshold 0.55)
 * ```
 */
export function createSizingPolicy(config?: Partial<SizingConfig>): SizingPolicy {
  const c = resolveSizingConfig(config);
  const json: SizingPolicyJSON = Object.freeze({ version: 1, config: c });
  const size = (input: SizingInput): SizingDecision => {
    if (input === undefined) throw new InvalidParameterError('input', `expected { pUp, payoff?, volatility?, drawdown?, exposure? }, got ${describeValue(input)}`);
    const given = checkOptions(input, INPUT_KEYS, 'input');
    const pUp = checkNumber(given.pUp, 'input.pUp', UNIT);
    const payoff = optional(given.payoff, 'input.payoff', POSITIVE, c.payoff);
    const volatility = given.volatility === undefined ? undefined : checkNumber(given.volatility, 'input.volatility', NON_NEGATIVE);
    const drawdown = given.drawdown === undefined ? undefined : checkNumber(given.drawdown, 'input.drawdown', UNIT);
    const exposure = checkExposure(given.exposure);

    const direction = pUp > 0.5 ? 1 : pUp < 0.5 ? -1 : 0;
    const confidence = Math.max(pUp, 1 - pUp);
    const kelly = direction === 0 ? 0 : Math.max(0, kellyFraction(confidence, payoff));
    const scale = volatility === undefined ? 1 : volatilityScale(volatility, { target: c.targetVolatility, maxScale: c.maxScale });
    const throttle = drawdown === undefined ? 1 : drawdownThrottle(drawdown, { start: c.drawdownStart, stop: c.drawdownStop });
    const raw = direction === 0 || confidence < c.threshold ? 0 : kelly * c.kelly * scale * throttle;
    const capped = raw > 0 && direction !== 0 ? capSize(raw, direction, exposure, c) : { size: 0, capped: 'none' as const };
    return Object.freeze({ direction, confidence, size: capped.size, kelly, volatilityScale: scale, throttle, capped: capped.capped });
  };
  return Object.freeze({ config: c, size, toJSON: () => json });
}
