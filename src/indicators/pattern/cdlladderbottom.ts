import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, upperShadow, type Ohlc } from '../kernels/candle.js';

function ladderBottom(b: Ohlc, i: number, avg: Float64Array): number {
  const { open: o, high: h, close: c } = b;
  const found =
    candleColor(b, i - 4) === -1 && candleColor(b, i - 3) === -1 && candleColor(b, i - 2) === -1 && // three black candles
    o[i - 4]! > o[i - 3]! && o[i - 3]! > o[i - 2]! && // with lower opens
    c[i - 4]! > c[i - 3]! && c[i - 3]! > c[i - 2]! && // and lower closes,
    candleColor(b, i - 1) === -1 && upperShadow(b, i - 1) > avg[0]! && // a 4th black one with an upper shadow,
    candleColor(b, i) === 1 && o[i]! > o[i - 1]! && c[i]! > h[i - 1]!; // a white one opening above its body, closing above its high
  return found ? 100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLLADDERBOTTOM',
  description: 'Ladder bottom: three falling black candles, a black one with an upper shadow, then a white one closing above its high',
  averages: [['shadowVeryShort', 1]],
  lookback: (s) => s.shadowVeryShort.avgPeriod + 4,
  rule: ladderBottom,
};

/**
 * Ladder bottom, exactly as TA-Lib's `TA_CDLLADDERBOTTOM`: 100 (bullish) for three black candles with lower opens and
 * lower closes, a 4th black candle whose upper shadow is not very short (above `shadowVeryShort`), then a white candle
 * opening above the 4th candle's open and closing above its high; 0 otherwise; NaN for the first `shadowVeryShort`
 * avgPeriod + 4 candles (14 by default). TA-Lib does not check the prior trend.
 *
 * Reference: Greg Morris, "Candlestick Charting Explained" (2006); TA-Lib `ta_CDLLADDERBOTTOM.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlLadderBottomStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 11, high: 11.1, low: 9.9, close: 10 })
 * s.next({ open: 10.5, high: 10.6, low: 9.4, close: 9.5 })
 * s.next({ open: 10, high: 10.1, low: 8.9, close: 9 })
 * s.next({ open: 9.2, high: 9.8, low: 8.4, close: 8.5 })
 * s.next({ open: 9.3, high: 10.1, low: 9.2, close: 10 }) // => 100
 * ```
 */
export function cdlLadderBottom(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlLadderBottom}. */
export class CdlLadderBottomStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLLADDERBOTTOM as a uniform {@link IndicatorDefinition}. */
export const CDLLADDERBOTTOM = definePattern(SPEC, () => new CdlLadderBottomStream());
/** Metadata of {@link cdlLadderBottom}. */
export const cdlLadderBottomMeta = CDLLADDERBOTTOM.meta;
