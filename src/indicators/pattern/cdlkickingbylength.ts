import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, realBody } from '../kernels/candle.js';
import { KICKING_AVERAGES, kickingFound, kickingLookback } from './cdlkicking.js';

const SPEC: CandlePatternSpec = {
  name: 'CDLKICKINGBYLENGTH',
  description: 'Kicking by length: a kicking pattern whose direction is that of the longer marubozu',
  averages: KICKING_AVERAGES,
  lookback: kickingLookback,
  rule: (b, i, avg) => (kickingFound(b, i, avg) ? candleColor(b, realBody(b, i) > realBody(b, i - 1) ? i : i - 1) * 100 : 0),
};

/**
 * Kicking by length, exactly as TA-Lib's `TA_CDLKICKINGBYLENGTH`: the kicking pattern of {@link cdlKicking} (two
 * marubozu of opposite colors with a gap between them), whose sign is the color of the marubozu with the longer body
 * (the 1st one when the bodies are equal): 100 / −100; 0 otherwise; NaN for the first max(`shadowVeryShort`,
 * `bodyLong` avgPeriod) + 1 candles (11 by default).
 *
 * Reference: Steve Nison, "Beyond Candlesticks" (1994); TA-Lib `ta_CDLKICKINGBYLENGTH.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlKickingByLengthStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 13, high: 13.05, low: 9.95, close: 10 }) // a long black marubozu (body 3)
 * s.next({ open: 13.5, high: 15.05, low: 13.45, close: 15 }) // => -100 (the white one is shorter)
 * ```
 */
export function cdlKickingByLength(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlKickingByLength}. */
export class CdlKickingByLengthStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLKICKINGBYLENGTH as a uniform {@link IndicatorDefinition}. */
export const CDLKICKINGBYLENGTH = definePattern(SPEC, () => new CdlKickingByLengthStream());
/** Metadata of {@link cdlKickingByLength}. */
export const cdlKickingByLengthMeta = CDLKICKINGBYLENGTH.meta;
