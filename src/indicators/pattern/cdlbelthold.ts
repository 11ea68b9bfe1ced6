import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, lowerShadow, realBody, upperShadow, type Ohlc } from '../kernels/candle.js';

/**
 * The belt hold candle, which SEPARATINGLINES's 2nd candle is too: a body above `long` with a shadow below
 * `veryShort` on its open side (the lower shadow of a white candle, the upper shadow of a black one).
 *
 * @example
 * ```ts
 * const f = (...v: number[]) => new Float64Array(v)
 * beltHoldCandle({ open: f(10), high: f(12.5), low: f(10), close: f(12) }, 0, 1, 0.2) // => true
 * ```
 */
export function beltHoldCandle(b: Ohlc, i: number, long: number, veryShort: number): boolean {
  return (
    realBody(b, i) > long && // long body
    ((candleColor(b, i) === 1 && lowerShadow(b, i) < veryShort) || // white opening on its low
      (candleColor(b, i) === -1 && upperShadow(b, i) < veryShort)) // black opening on its high
  );
}

function beltHold(b: Ohlc, i: number, avg: Float64Array): number {
  return beltHoldCandle(b, i, avg[0]!, avg[1]!) ? candleColor(b, i) * 100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLBELTHOLD',
  description: 'Belt hold: a long candle opening at its extreme (no shadow on the open side)',
  averages: [['bodyLong', 0], ['shadowVeryShort', 0]],
  lookback: (s) => Math.max(s.bodyLong.avgPeriod, s.shadowVeryShort.avgPeriod),
  rule: beltHold,
};

/**
 * Belt hold, exactly as TA-Lib's `TA_CDLBELTHOLD`: a long candle (body above `bodyLong`) with a very short shadow on
 * its open side (below `shadowVeryShort`): 100 for a white one (lower shadow), −100 for a black one (upper shadow); 0
 * otherwise; NaN for the first max(`bodyLong`, `shadowVeryShort` avgPeriod) candles (10 by default). TA-Lib does not
 * check the prior trend.
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 7; TA-Lib `ta_CDLBELTHOLD.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlBeltHoldStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 10, high: 12.8, low: 9.95, close: 12.5 }) // => 100
 * ```
 */
export function cdlBeltHold(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlBeltHold}. */
export class CdlBeltHoldStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLBELTHOLD as a uniform {@link IndicatorDefinition}. */
export const CDLBELTHOLD = definePattern(SPEC, () => new CdlBeltHoldStream());
/** Metadata of {@link cdlBeltHold}. */
export const cdlBeltHoldMeta = CDLBELTHOLD.meta;
