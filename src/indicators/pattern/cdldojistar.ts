import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, realBody, realBodyGapDown, realBodyGapUp, type Ohlc } from '../kernels/candle.js';

function dojiStar(b: Ohlc, i: number, avg: Float64Array): number {
  const found =
    realBody(b, i - 1) > avg[0]! && // 1st: long
    realBody(b, i) <= avg[1]! && // 2nd: doji,
    ((candleColor(b, i - 1) === 1 && realBodyGapUp(b, i, i - 1)) || // gapping up after a white candle,
      (candleColor(b, i - 1) === -1 && realBodyGapDown(b, i, i - 1))); // down after a black one
  return found ? -candleColor(b, i - 1) * 100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLDOJISTAR',
  description: 'Doji star: a doji whose body gaps away from a long candle',
  averages: [['bodyLong', 1], ['bodyDoji', 0]],
  lookback: (s) => Math.max(s.bodyDoji.avgPeriod, s.bodyLong.avgPeriod) + 1,
  rule: dojiStar,
};

/**
 * Doji star, exactly as TA-Lib's `TA_CDLDOJISTAR`: a long candle (body above `bodyLong`) then a doji (body at most
 * `bodyDoji`) whose body gaps up after a white candle (−100, bearish) or down after a black one (100, bullish); 0
 * otherwise; NaN for the first max(`bodyDoji`, `bodyLong` avgPeriod) + 1 candles (11 by default).
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 8; TA-Lib `ta_CDLDOJISTAR.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlDojiStarStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 10, high: 12.1, low: 9.9, close: 12 })
 * s.next({ open: 12.3, high: 12.6, low: 12.1, close: 12.31 }) // => -100
 * ```
 */
export function cdlDojiStar(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlDojiStar}. */
export class CdlDojiStarStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLDOJISTAR as a uniform {@link IndicatorDefinition}. */
export const CDLDOJISTAR = definePattern(SPEC, () => new CdlDojiStarStream());
/** Metadata of {@link cdlDojiStar}. */
export const cdlDojiStarMeta = CDLDOJISTAR.meta;
