import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { morningStarRule, starAverages } from '../kernels/star-patterns.js';

const SPEC: CandlePatternSpec = {
  name: 'CDLMORNINGSTAR',
  description: 'Morning star: a long black candle, a short candle gapping down, then a white candle closing deep into the black body',
  penetration: 0.3,
  ...starAverages('bodyShort'),
  rule: morningStarRule,
};

/**
 * Morning star, exactly as TA-Lib's `TA_CDLMORNINGSTAR`: 100 (bullish) for a long black candle (body above `bodyLong`),
 * a short candle (body at most `bodyShort`) whose body gaps down, then a white candle, not short (body above
 * `bodyShort`), closing above the first close by more than `penetration` × the first body; 0 otherwise; NaN for the
 * first max(`bodyShort`, `bodyLong` avgPeriod) + 2 candles (12 by default). `penetration` is TA-Lib's
 * `optInPenetration` (default 0.3, in [0, 3e37]).
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 5; TA-Lib `ta_CDLMORNINGSTAR.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlMorningStarStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 12, high: 12.1, low: 9.9, close: 10 })
 * s.next({ open: 9.5, high: 9.6, low: 9.1, close: 9.2 })
 * s.next({ open: 9.8, high: 11.3, low: 9.7, close: 11.2 }) // => 100
 * ```
 */
export function cdlMorningStar(
  open: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  penetration = 0.3,
  options?: CandlePatternOptions,
): Float64Array {
  return runPattern(SPEC, open, high, low, close, penetration, options);
}

/** Streaming {@link cdlMorningStar}. */
export class CdlMorningStarStream extends CandlePatternStream {
  constructor(penetration = 0.3, options?: CandlePatternOptions) {
    super(SPEC, penetration, options);
  }
}

/** CDLMORNINGSTAR as a uniform {@link IndicatorDefinition}. */
export const CDLMORNINGSTAR = definePattern(SPEC, (penetration) => new CdlMorningStarStream(penetration));
/** Metadata of {@link cdlMorningStar}. */
export const cdlMorningStarMeta = CDLMORNINGSTAR.meta;
