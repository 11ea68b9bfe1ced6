/**
 * `@alpha-v4/core/sizing`: position sizing from a calibrated probability. Kelly fraction and payoff estimation,
 * volatility targeting, position, leverage and per-symbol caps, the drawdown throttle, and the `SizingPolicy`
 * that composes them. Pure functions, runtime-agnostic (no I/O).
 * @module
 */
export { kellyFraction } from './kelly.js';
export { estimatePayoff, type PayoffOptions } from './payoff.js';
export { atrVolatility, realisedVolatility, volatilityScale, type VolatilityTarget } from './volatility.js';
export { drawdownFromEquity, drawdownThrottle, type ThrottleBounds } from './drawdown.js';
export { DEFAULT_SIZING_CONFIG, type SizingConfig } from './config.js';
export { createSizingPolicy, type SizingDecision, type SizingInput, type SizingPolicy, type SizingPolicyJSON } from './policy.js';
export { sizingPolicyFromJSON } from './serialize.js';
export type { CapName, OpenExposure } from './caps.js';
