import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, type Ohlc } from '../kernels/candle.js';
import { beltHoldCandle } from './cdlbelthold.js';

function separatingLines(b: Ohlc, i: number, avg: Float64Array): number {
  const o = b.open;
  const found =
    candleColor(b, i - 1) === -candleColor(b, i) && // opposite colors,
    o[i]! <= o[i - 1]! + avg[2]! && o[i]! >= o[i - 1]! - avg[2]! && // the same open,
    beltHoldCandle(b, i, avg[1]!, avg[0]!); // the 2nd a belt hold
  return found ? candleColor(b, i) * 100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLSEPARATINGLINES',
  description: 'Separating lines: two opposite-colored candles with the same open, the 2nd a belt hold',
  averages: [['shadowVeryShort', 0], ['bodyLong', 0], ['equal', 1]],
  lookback: (s) => Math.max(s.shadowVeryShort.avgPeriod, s.bodyLong.avgPeriod, s.equal.avgPeriod) + 1,
  rule: separatingLines,
};

/**
 * Separating lines, exactly as TA-Lib's `TA_CDLSEPARATINGLINES`: two candles of opposite colors whose opens are within
 * the `equal` average of each other, the 2nd a belt hold: a long body (above `bodyLong`) with a very short shadow on
 * its open side (below `shadowVeryShort`); the sign is the 2nd candle's color: 100 / −100; 0 otherwise; NaN for the
 * first max of the three settings' periods + 1 candles (11 by default). TA-Lib does not check the prior trend.
 *
 * Reference: Steve Nison, "Beyond Candlesticks" (1994); TA-Lib `ta_CDLSEPARATINGLINES.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlSeparatingLinesStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 11, high: 11.2, low: 9.8, close: 10 })
 * s.next({ open: 11, high: 13.2, low: 10.95, close: 13 }) // => 100
 * ```
 */
export function cdlSeparatingLines(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlSeparatingLines}. */
export class CdlSeparatingLinesStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLSEPARATINGLINES as a uniform {@link IndicatorDefinition}. */
export const CDLSEPARATINGLINES = definePattern(SPEC, () => new CdlSeparatingLinesStream());
/** Metadata of {@link cdlSeparatingLines}. */
export const cdlSeparatingLinesMeta = CDLSEPARATINGLINES.meta;
