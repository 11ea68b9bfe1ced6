import type { IndicatorDefinition } from './types.js';
import { InvalidParameterError } from '../core/errors.js';
import { describeValue } from '../core/describe.js';
import { OVERLAP_INDICATORS } from './overlap/index.js';
import { MA_MOMENTUM_INDICATORS, MOMENTUM_INDICATORS } from './momentum/index.js';
import { VOLATILITY_INDICATORS } from './volatility/index.js';
import { VOLUME_INDICATORS } from './volume/index.js';
import { CYCLE_INDICATORS } from './cycle/index.js';
import { STATISTIC_INDICATORS } from './statistic/index.js';
import { PRICE_INDICATORS } from './price/index.js';
import { PATTERN_INDICATORS } from './pattern/index.js';

/** Every indicator of the engine, as uniform definitions (metadata, batch, stream). */
export const INDICATORS: readonly IndicatorDefinition[] = [
  ...OVERLAP_INDICATORS,
  ...MOMENTUM_INDICATORS,
  ...MA_MOMENTUM_INDICATORS,
  ...VOLATILITY_INDICATORS,
  ...VOLUME_INDICATORS,
  ...CYCLE_INDICATORS,
  ...STATISTIC_INDICATORS,
  ...PRICE_INDICATORS,
  ...PATTERN_INDICATORS,
];

/**
 * Looks up an indicator by its TA-Lib name.
 *
 * @example
 * ```ts
 * getIndicator('RSI').compute({ real: close }, { period: 14 }).value
 * ```
 */
export function getIndicator(name: string): IndicatorDefinition {
  const def = typeof name === 'string' ? INDICATORS.find((d) => d.meta.name === name.toUpperCase()) : undefined;
  if (def === undefined) throw new InvalidParameterError('indicator', `unknown indicator ${describeValue(name)}`);
  return def;
}
