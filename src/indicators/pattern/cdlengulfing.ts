import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, type Ohlc } from '../kernels/candle.js';

function engulfing(b: Ohlc, i: number): number {
  const { open: o, close: c } = b;
  const white = candleColor(b, i) === 1 && candleColor(b, i - 1) === -1 && ((c[i]! >= o[i - 1]! && o[i]! < c[i - 1]!) || (c[i]! > o[i - 1]! && o[i]! <= c[i - 1]!));
  const black = candleColor(b, i) === -1 && candleColor(b, i - 1) === 1 && ((o[i]! >= c[i - 1]! && c[i]! < o[i - 1]!) || (o[i]! > c[i - 1]! && c[i]! <= o[i - 1]!));
  if (!white && !black) return 0;
  return o[i]! !== c[i - 1]! && c[i]! !== o[i - 1]! ? candleColor(b, i) * 100 : candleColor(b, i) * 80;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLENGULFING',
  description: 'Engulfing: a real body that engulfs the opposite-colored body before it',
  averages: [],
  lookback: () => 2,
  rule: engulfing,
};

/**
 * Engulfing pattern, exactly as TA-Lib's `TA_CDLENGULFING`: a white candle after a black one whose body covers the
 * black body (close ≥ prior open and open < prior close, or close > prior open and open ≤ prior close) is bullish,
 * the mirror bearish. 100 / −100 when both ends of the body go past the prior body's ends, 80 / −80 when one end
 * equals it (TA-Lib 0.6), 0 otherwise; NaN for the first 2 candles (TA-Lib's lookback is 2, though the pattern
 * reads 2 candles). No candle settings are involved.
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 4; TA-Lib `ta_CDLENGULFING.c`.
 *
 * @example
 * ```ts
 * const f = (...v: number[]) => new Float64Array(v)
 * cdlEngulfing(f(5, 10, 7.5), f(11, 11, 12), f(4, 7, 7), f(6, 8, 11)) // => [NaN, NaN, 100]
 * ```
 */
export function cdlEngulfing(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlEngulfing}. */
export class CdlEngulfingStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLENGULFING as a uniform {@link IndicatorDefinition}. */
export const CDLENGULFING = definePattern(SPEC, () => new CdlEngulfingStream());
/** Metadata of {@link cdlEngulfing}. */
export const cdlEngulfingMeta = CDLENGULFING.meta;
