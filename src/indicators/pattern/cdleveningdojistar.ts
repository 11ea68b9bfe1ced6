import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { eveningStarRule, starAverages } from '../kernels/star-patterns.js';

const SPEC: CandlePatternSpec = {
  name: 'CDLEVENINGDOJISTAR',
  description: 'Evening doji star: a long white candle, a doji gapping up, then a black candle closing deep into the white body',
  penetration: 0.3,
  ...starAverages('bodyDoji'),
  rule: eveningStarRule,
};

/**
 * Evening doji star, exactly as TA-Lib's `TA_CDLEVENINGDOJISTAR`: −100 (bearish) for a long white candle (body above
 * `bodyLong`), a doji (body at most `bodyDoji`) whose body gaps up, then a black candle, not short (body above
 * `bodyShort`), closing below the first close by more than `penetration` × the first body; 0 otherwise; NaN for the
 * first max of the three settings' periods + 2 candles (12 by default). `penetration` is TA-Lib's
 * `optInPenetration` (default 0.3, in [0, 3e37]).
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 8; TA-Lib `ta_CDLEVENINGDOJISTAR.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlEveningDojiStarStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 10, high: 12.1, low: 9.9, close: 12 })
 * s.next({ open: 12.5, high: 12.7, low: 12.3, close: 12.51 })
 * s.next({ open: 12.2, high: 12.3, low: 10.7, close: 10.8 }) // => -100
 * ```
 */
export function cdlEveningDojiStar(
  open: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  penetration = 0.3,
  options?: CandlePatternOptions,
): Float64Array {
  return runPattern(SPEC, open, high, low, close, penetration, options);
}

/** Streaming {@link cdlEveningDojiStar}. */
export class CdlEveningDojiStarStream extends CandlePatternStream {
  constructor(penetration = 0.3, options?: CandlePatternOptions) {
    super(SPEC, penetration, options);
  }
}

/** CDLEVENINGDOJISTAR as a uniform {@link IndicatorDefinition}. */
export const CDLEVENINGDOJISTAR = definePattern(SPEC, (penetration) => new CdlEveningDojiStarStream(penetration));
/** Metadata of {@link cdlEveningDojiStar}. */
export const cdlEveningDojiStarMeta = CDLEVENINGDOJISTAR.meta;
