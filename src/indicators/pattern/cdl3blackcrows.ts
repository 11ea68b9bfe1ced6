import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, lowerShadow, type Ohlc } from '../kernels/candle.js';

/** Candle `j` is black with a very short lower shadow (below `veryShort`). */
function crow(b: Ohlc, j: number, veryShort: number): boolean {
  return candleColor(b, j) === -1 && lowerShadow(b, j) < veryShort;
}

/**
 * The three crows of 3BLACKCROWS and IDENTICAL3CROWS: candles i − 2, i − 1 and i black with lower shadows below
 * `avg[0]`, `avg[1]`, `avg[2]` (their `shadowVeryShort` averages), closing lower and lower.
 *
 * @example
 * ```ts
 * const f = (...v: number[]) => new Float64Array(v)
 * const b = { open: f(11.3, 11, 10.5), high: f(11.4, 11.05, 10.55), low: f(10.45, 9.95, 9.35), close: f(10.5, 10, 9.4) }
 * threeCrows(b, 2, f(0.2, 0.2, 0.2)) // => true
 * ```
 */
export function threeCrows(b: Ohlc, i: number, avg: Float64Array): boolean {
  const c = b.close;
  return (
    crow(b, i - 2, avg[0]!) && crow(b, i - 1, avg[1]!) && crow(b, i, avg[2]!) && // three blacks with very short lower shadows,
    c[i - 2]! > c[i - 1]! && c[i - 1]! > c[i]! // declining
  );
}

function threeBlackCrows(b: Ohlc, i: number, avg: Float64Array): number {
  const { open: o, high: h, close: c } = b;
  const found =
    candleColor(b, i - 3) === 1 && // a white candle, then three crows
    threeCrows(b, i, avg) &&
    o[i - 1]! < o[i - 2]! && o[i - 1]! > c[i - 2]! && // each opening within the previous body
    o[i]! < o[i - 1]! && o[i]! > c[i - 1]! &&
    h[i - 3]! > c[i - 2]!; // the 1st closing under the white candle's high
  return found ? -100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDL3BLACKCROWS',
  description: 'Three black crows: three declining black candles with very short lower shadows after a white one',
  averages: [['shadowVeryShort', 2], ['shadowVeryShort', 1], ['shadowVeryShort', 0]],
  lookback: (s) => s.shadowVeryShort.avgPeriod + 3,
  rule: threeBlackCrows,
};

/**
 * Three black crows, exactly as TA-Lib's `TA_CDL3BLACKCROWS`: −100 (bearish) when, after a white candle, three black
 * candles with very short lower shadows (below the `shadowVeryShort` average of each) close lower and lower, each
 * opening within the previous body, the first closing under the white candle's high; 0 otherwise; NaN for the first
 * `shadowVeryShort.avgPeriod + 3` candles (13 by default). TA-Lib does not check the prior trend.
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 5; TA-Lib `ta_CDL3BLACKCROWS.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new Cdl3BlackCrowsStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 11.3, high: 11.4, low: 10.45, close: 10.5 })
 * s.next({ open: 11, high: 11.05, low: 9.95, close: 10 })
 * s.next({ open: 10.5, high: 10.55, low: 9.35, close: 9.4 }) // => -100
 * ```
 */
export function cdl3BlackCrows(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdl3BlackCrows}. */
export class Cdl3BlackCrowsStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDL3BLACKCROWS as a uniform {@link IndicatorDefinition}. */
export const CDL3BLACKCROWS = definePattern(SPEC, () => new Cdl3BlackCrowsStream());
/** Metadata of {@link cdl3BlackCrows}. */
export const cdl3BlackCrowsMeta = CDL3BLACKCROWS.meta;
