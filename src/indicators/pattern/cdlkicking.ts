import type { CandlePatternOptions, CandleSettings } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, candleGapDown, candleGapUp, lowerShadow, realBody, upperShadow, type Ohlc } from '../kernels/candle.js';
import type { AverageSlot } from '../kernels/candle-averages.js';

/** The averages of the kicking patterns (KICKING, KICKINGBYLENGTH): `shadowVeryShort` and `bodyLong` at both candles. */
export const KICKING_AVERAGES: readonly AverageSlot[] = [
  ['shadowVeryShort', 1],
  ['shadowVeryShort', 0],
  ['bodyLong', 1],
  ['bodyLong', 0],
];

/** The lookback of {@link KICKING_AVERAGES}: max(`shadowVeryShort`, `bodyLong` avgPeriod) + 1. */
export function kickingLookback(s: CandleSettings): number {
  return Math.max(s.shadowVeryShort.avgPeriod, s.bodyLong.avgPeriod) + 1;
}

/** Candle `j` is a marubozu: a long body, both shadows very short (`vs`, `long`: its averages). */
function marubozu(b: Ohlc, j: number, vs: number, long: number): boolean {
  return realBody(b, j) > long && upperShadow(b, j) < vs && lowerShadow(b, j) < vs;
}

/**
 * The kicking patterns' condition: two marubozu of opposite colors, the 2nd gapping away from the 1st (a black then
 * a white above its high, or a white then a black below its low).
 */
export function kickingFound(b: Ohlc, i: number, avg: Float64Array): boolean {
  return (
    candleColor(b, i - 1) === -candleColor(b, i) &&
    marubozu(b, i - 1, avg[0]!, avg[2]!) &&
    marubozu(b, i, avg[1]!, avg[3]!) &&
    ((candleColor(b, i - 1) === -1 && candleGapUp(b, i, i - 1)) || (candleColor(b, i - 1) === 1 && candleGapDown(b, i, i - 1)))
  );
}

const SPEC: CandlePatternSpec = {
  name: 'CDLKICKING',
  description: 'Kicking: two marubozu of opposite colors with a gap between them',
  averages: KICKING_AVERAGES,
  lookback: kickingLookback,
  rule: (b, i, avg) => (kickingFound(b, i, avg) ? candleColor(b, i) * 100 : 0),
};

/**
 * Kicking, exactly as TA-Lib's `TA_CDLKICKING`: two marubozu (body above `bodyLong`, both shadows below
 * `shadowVeryShort`) of opposite colors, the 2nd gapping away from the 1st (a white one whose low is above the black
 * one's high, or a black one whose high is below the white one's low); the sign is the 2nd candle's color: 100 / −100;
 * 0 otherwise; NaN for the first max(`shadowVeryShort`, `bodyLong` avgPeriod) + 1 candles (11 by default).
 *
 * Reference: Steve Nison, "Beyond Candlesticks" (1994); TA-Lib `ta_CDLKICKING.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlKickingStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 12, high: 12.05, low: 9.95, close: 10 })
 * s.next({ open: 12.5, high: 15.05, low: 12.45, close: 15 }) // => 100
 * ```
 */
export function cdlKicking(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlKicking}. */
export class CdlKickingStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLKICKING as a uniform {@link IndicatorDefinition}. */
export const CDLKICKING = definePattern(SPEC, () => new CdlKickingStream());
/** Metadata of {@link cdlKicking}. */
export const cdlKickingMeta = CDLKICKING.meta;
