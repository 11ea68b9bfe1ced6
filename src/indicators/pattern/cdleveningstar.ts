import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { eveningStarRule, starAverages } from '../kernels/star-patterns.js';

const SPEC: CandlePatternSpec = {
  name: 'CDLEVENINGSTAR',
  description: 'Evening star: a long white candle, a short candle gapping up, then a black candle closing deep into the white body',
  penetration: 0.3,
  ...starAverages('bodyShort'),
  rule: eveningStarRule,
};

/**
 * Evening star, exactly as TA-Lib's `TA_CDLEVENINGSTAR`: −100 (bearish) for a long white candle (body above `bodyLong`),
 * a short candle (body at most `bodyShort`) whose body gaps up, then a black candle, not short (body above `bodyShort`),
 * closing below the first close by more than `penetration` × the first body; 0 otherwise; NaN for the first
 * max(`bodyShort`, `bodyLong` avgPeriod) + 2 candles (12 by default). `penetration` is TA-Lib's `optInPenetration`
 * (default 0.3, in [0, 3e37]).
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 5; TA-Lib `ta_CDLEVENINGSTAR.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlEveningStarStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 10, high: 12.1, low: 9.9, close: 12 })
 * s.next({ open: 12.5, high: 12.9, low: 12.4, close: 12.8 })
 * s.next({ open: 12.2, high: 12.3, low: 10.7, close: 10.8 }) // => -100
 * ```
 */
export function cdlEveningStar(
  open: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  penetration = 0.3,
  options?: CandlePatternOptions,
): Float64Array {
  return runPattern(SPEC, open, high, low, close, penetration, options);
}

/** Streaming {@link cdlEveningStar}. */
export class CdlEveningStarStream extends CandlePatternStream {
  constructor(penetration = 0.3, options?: CandlePatternOptions) {
    super(SPEC, penetration, options);
  }
}

/** CDLEVENINGSTAR as a uniform {@link IndicatorDefinition}. */
export const CDLEVENINGSTAR = definePattern(SPEC, (penetration) => new CdlEveningStarStream(penetration));
/** Metadata of {@link cdlEveningStar}. */
export const cdlEveningStarMeta = CDLEVENINGSTAR.meta;
