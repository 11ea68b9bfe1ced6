import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, realBody, upperShadow, type Ohlc } from '../kernels/candle.js';

/**
 * The advance of 3WHITESOLDIERS and ADVANCEBLOCK: candles i − 2, i − 1 and i white, closing higher and higher, the
 * 2nd opening above the 1st open and at most `near2` above the 1st close, the 3rd above the 2nd open and at most
 * `near1` above the 2nd close (within or near the previous body).
 *
 * @example
 * ```ts
 * const f = (...v: number[]) => new Float64Array(v)
 * const b = { open: f(10, 10.8, 11.6), high: f(11, 11.8, 12.6), low: f(9.9, 10.7, 11.5), close: f(11, 11.8, 12.6) }
 * advancingWhites(b, 2, 0.4, 0.4) // => true
 * ```
 */
export function advancingWhites(b: Ohlc, i: number, near2: number, near1: number): boolean {
  const { open: o, close: c } = b;
  return (
    candleColor(b, i - 2) === 1 && candleColor(b, i - 1) === 1 && candleColor(b, i) === 1 && // three whites
    c[i]! > c[i - 1]! && c[i - 1]! > c[i - 2]! && // higher closes
    o[i - 1]! > o[i - 2]! && o[i - 1]! <= c[i - 2]! + near2 && // each opening within or near the previous body
    o[i]! > o[i - 1]! && o[i]! <= c[i - 1]! + near1
  );
}

function threeWhiteSoldiers(b: Ohlc, i: number, avg: Float64Array): number {
  const found =
    advancingWhites(b, i, avg[3]!, avg[4]!) &&
    upperShadow(b, i - 2) < avg[0]! && upperShadow(b, i - 1) < avg[1]! && upperShadow(b, i) < avg[2]! && // very short upper shadows
    realBody(b, i - 1) > realBody(b, i - 2) - avg[5]! && // no body far shorter than the previous one
    realBody(b, i) > realBody(b, i - 1) - avg[6]! &&
    realBody(b, i) > avg[7]!; // the last body not short
  return found ? 100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDL3WHITESOLDIERS',
  description: 'Three advancing white soldiers: three rising white candles with very short upper shadows',
  averages: [
    ['shadowVeryShort', 2],
    ['shadowVeryShort', 1],
    ['shadowVeryShort', 0],
    ['near', 2],
    ['near', 1],
    ['far', 2],
    ['far', 1],
    ['bodyShort', 0],
  ],
  lookback: (s) => Math.max(Math.max(s.shadowVeryShort.avgPeriod, s.bodyShort.avgPeriod), Math.max(s.far.avgPeriod, s.near.avgPeriod)) + 2,
  rule: threeWhiteSoldiers,
};

/**
 * Three advancing white soldiers, exactly as TA-Lib's `TA_CDL3WHITESOLDIERS`: 100 (bullish) for three white candles with
 * very short upper shadows (below `shadowVeryShort`) and higher closes, each opening above the previous open and at
 * most the `near` average above the previous close, no body shorter than the previous one by the `far` average or
 * more, and the last body not short (above `bodyShort`); 0 otherwise; NaN for the first max of the four settings'
 * periods + 2 candles (12 by default).
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 5; TA-Lib `ta_CDL3WHITESOLDIERS.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new Cdl3WhiteSoldiersStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 11, high: 12.55, low: 10.9, close: 12.5 })
 * s.next({ open: 12, high: 13.65, low: 11.9, close: 13.6 })
 * s.next({ open: 13.2, high: 14.85, low: 13.1, close: 14.8 }) // => 100
 * ```
 */
export function cdl3WhiteSoldiers(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdl3WhiteSoldiers}. */
export class Cdl3WhiteSoldiersStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDL3WHITESOLDIERS as a uniform {@link IndicatorDefinition}. */
export const CDL3WHITESOLDIERS = definePattern(SPEC, () => new Cdl3WhiteSoldiersStream());
/** Metadata of {@link cdl3WhiteSoldiers}. */
export const cdl3WhiteSoldiersMeta = CDL3WHITESOLDIERS.meta;
