import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { morningStarRule, starAverages } from '../kernels/star-patterns.js';

const SPEC: CandlePatternSpec = {
  name: 'CDLMORNINGDOJISTAR',
  description: 'Morning doji star: a long black candle, a doji gapping down, then a white candle closing deep into the black body',
  penetration: 0.3,
  ...starAverages('bodyDoji'),
  rule: morningStarRule,
};

/**
 * Morning doji star, exactly as TA-Lib's `TA_CDLMORNINGDOJISTAR`: 100 (bullish) for a long black candle (body above
 * `bodyLong`), a doji (body at most `bodyDoji`) whose body gaps down, then a white candle, not short (body above
 * `bodyShort`), closing above the first close by more than `penetration` × the first body; 0 otherwise; NaN for the
 * first max of the three settings' periods + 2 candles (12 by default). `penetration` is TA-Lib's `optInPenetration`
 * (default 0.3, in [0, 3e37]).
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 8; TA-Lib `ta_CDLMORNINGDOJISTAR.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlMorningDojiStarStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 12, high: 12.1, low: 9.9, close: 10 })
 * s.next({ open: 9.4, high: 9.7, low: 9.1, close: 9.45 })
 * s.next({ open: 9.8, high: 11.3, low: 9.7, close: 11.2 }) // => 100
 * ```
 */
export function cdlMorningDojiStar(
  open: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  penetration = 0.3,
  options?: CandlePatternOptions,
): Float64Array {
  return runPattern(SPEC, open, high, low, close, penetration, options);
}

/** Streaming {@link cdlMorningDojiStar}. */
export class CdlMorningDojiStarStream extends CandlePatternStream {
  constructor(penetration = 0.3, options?: CandlePatternOptions) {
    super(SPEC, penetration, options);
  }
}

/** CDLMORNINGDOJISTAR as a uniform {@link IndicatorDefinition}. */
export const CDLMORNINGDOJISTAR = definePattern(SPEC, (penetration) => new CdlMorningDojiStarStream(penetration));
/** Metadata of {@link cdlMorningDojiStar}. */
export const cdlMorningDojiStarMeta = CDLMORNINGDOJISTAR.meta;
