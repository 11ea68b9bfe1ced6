import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { abandonedBabyRule, starAverages } from '../kernels/star-patterns.js';

const SPEC: CandlePatternSpec = {
  name: 'CDLABANDONEDBABY',
  description: 'Abandoned baby: a doji gapping away from a long candle, then a candle gapping back the other way',
  penetration: 0.3,
  ...starAverages('bodyDoji'),
  rule: abandonedBabyRule,
};

/**
 * Abandoned baby, exactly as TA-Lib's `TA_CDLABANDONEDBABY`: a long candle (body above `bodyLong`), a doji (body at most
 * `bodyDoji`) whose whole range gaps away from it, then a candle of the other color, not short (body above `bodyShort`),
 * whose range gaps back and that closes into the first body by more than `penetration` × that body: −100 after a
 * white first candle (top), 100 after a black one (bottom); 0 otherwise; NaN for the first max of the three settings'
 * periods + 2 candles (12 by default). `penetration` is TA-Lib's `optInPenetration` (default 0.3, in [0, 3e37]).
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 8; TA-Lib `ta_CDLABANDONEDBABY.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlAbandonedBabyStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 10, high: 13.1, low: 9.9, close: 13 })
 * s.next({ open: 13.5, high: 13.6, low: 13.4, close: 13.52 })
 * s.next({ open: 13.2, high: 13.3, low: 11.4, close: 11.5 }) // => -100
 * ```
 */
export function cdlAbandonedBaby(
  open: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  penetration = 0.3,
  options?: CandlePatternOptions,
): Float64Array {
  return runPattern(SPEC, open, high, low, close, penetration, options);
}

/** Streaming {@link cdlAbandonedBaby}. */
export class CdlAbandonedBabyStream extends CandlePatternStream {
  constructor(penetration = 0.3, options?: CandlePatternOptions) {
    super(SPEC, penetration, options);
  }
}

/** CDLABANDONEDBABY as a uniform {@link IndicatorDefinition}. */
export const CDLABANDONEDBABY = definePattern(SPEC, (penetration) => new CdlAbandonedBabyStream(penetration));
/** Metadata of {@link cdlAbandonedBaby}. */
export const cdlAbandonedBabyMeta = CDLABANDONEDBABY.meta;
