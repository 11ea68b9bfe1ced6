/**
 * The configuration of a sizing policy: its keys, defaults and checks.
 *
 * @module
 */
import { checkOptions } from '../core/options.js';
import { checkNumber, POSITIVE, type Interval } from './checks.js';
import { checkThrottleBounds } from './drawdown.js';

/** The configuration of a `SizingPolicy`, sizes as fractions of equity; docs/sizing.md says why the defaults. */
export interface SizingConfig {
  /** Fractional Kelly: the multiplier of the full Kelly fraction, in (0, 1]. Default 0.25 (quarter Kelly). */
  readonly kelly: number;
  /** Smallest confidence max(p, 1 - p) that takes a position, in [0.5, 1]. Default 0.55. */
  readonly threshold: number;
  /** Payoff ratio b (mean win / mean loss) when the input gives none, finite and > 0. Default 1. */
  readonly payoff: number;
  /** Annualised volatility aimed at, finite and > 0. Default 0.5. */
  readonly targetVolatility: number;
  /** Largest volatility-targeting scale, finite and > 0. Default 1 (targeting only shrinks). */
  readonly maxScale: number;
  /** Largest new position, finite and > 0. Default 1. */
  readonly maxPosition: number;
  /** Largest gross exposure over all symbols after the trade, finite and > 0. Default 1 (no leverage). */
  readonly maxLeverage: number;
  /** Largest |position| in one symbol after the trade, finite and > 0. Default 1. */
  readonly maxSymbolExposure: number;
  /** Drawdown from which the throttle cuts sizes, in [0, 1), below `drawdownStop`. Default 0.1. */
  readonly drawdownStart: number;
  /** Drawdown from which no position is taken, in (0, 1], above `drawdownStart`. Default 0.25. */
  readonly drawdownStop: number;
}

/**
 * The default configuration (frozen), explained in docs/sizing.md.
 *
 * @example
 * ```ts
 * DEFAULT_SIZING_CONFIG.kelly     // => 0.25
 * DEFAULT_SIZING_CONFIG.threshold // => 0.55
 * ```
 */
export const DEFAULT_SIZING_CONFIG: Readonly<SizingConfig> = Object.freeze({
  kelly: 0.25,
  threshold: 0.55,
  payoff: 1,
  targetVolatility: 0.5,
  maxScale: 1,
  maxPosition: 1,
  maxLeverage: 1,
  maxSymbolExposure: 1,
  drawdownStart: 0.1,
  drawdownStop: 0.25,
});

/** The configuration keys, in the order of {@link DEFAULT_SIZING_CONFIG}. */
export const SIZING_CONFIG_KEYS = Object.freeze(Object.keys(DEFAULT_SIZING_CONFIG)) as readonly (keyof SizingConfig)[];

/** The range of each key but the drawdown bounds (checked together by `checkThrottleBounds`). */
const RANGES: Readonly<Record<Exclude<keyof SizingConfig, 'drawdownStart' | 'drawdownStop'>, Interval>> = {
  kelly: { min: 0, minOpen: true, max: 1 },
  threshold: { min: 0.5, max: 1 },
  payoff: POSITIVE,
  targetVolatility: POSITIVE,
  maxScale: POSITIVE,
  maxPosition: POSITIVE,
  maxLeverage: POSITIVE,
  maxSymbolExposure: POSITIVE,
};

/**
 * Checks a (partial) configuration and returns the full one, frozen: `undefined` or a plain object whose keys are
 * among {@link SIZING_CONFIG_KEYS}, each value in its range, `drawdownStop` above `drawdownStart`; missing (or
 * undefined) keys take their defaults. Throws `InvalidParameterError` naming `config.<key>` (or `config` for a
 * non-object).
 *
 * @example
 * ```ts
 * resolveSizingConfig({ kelly: 0.5 }).kelly // => 0.5
 * resolveSizingConfig({ kely: 0.5 })        // throws InvalidParameterError: config.kely: unknown option (known: kelly, ...)
 * ```
 */
export function resolveSizingConfig(config: Partial<SizingConfig> | undefined): Readonly<SizingConfig> {
  const given = checkOptions(config, SIZING_CONFIG_KEYS, 'config') as Partial<Record<keyof SizingConfig, unknown>>;
  const out: Record<string, unknown> = {};
  for (const key of SIZING_CONFIG_KEYS) out[key] = given[key] === undefined ? DEFAULT_SIZING_CONFIG[key] : given[key];
  for (const [key, range] of Object.entries(RANGES)) checkNumber(out[key], `config.${key}`, range);
  checkThrottleBounds(out.drawdownStart, out.drawdownStop, 'config.drawdownStart', 'config.drawdownStop');
  return Object.freeze(out as unknown as SizingConfig);
}
