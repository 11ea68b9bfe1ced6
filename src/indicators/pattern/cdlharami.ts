import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, realBody, taMax, taMin, type Ohlc } from '../kernels/candle.js';

/** The 2nd body strictly inside the 1st gives −color(1st) × 100, inside with one end matching −color(1st) × 80, else 0. */
function haramiValue(b: Ohlc, i: number): number {
  const { open: o, close: c } = b;
  const top = taMax(c[i]!, o[i]!);
  const bottom = taMin(c[i]!, o[i]!);
  const outerTop = taMax(c[i - 1]!, o[i - 1]!);
  const outerBottom = taMin(c[i - 1]!, o[i - 1]!);
  if (top < outerTop && bottom > outerBottom) return -candleColor(b, i - 1) * 100;
  if (top <= outerTop && bottom >= outerBottom) return -candleColor(b, i - 1) * 80;
  return 0;
}

/**
 * The rule of HARAMI and HARAMICROSS (which differ only in the 2nd candle's setting, `avg[1]`: `bodyShort` or
 * `bodyDoji`): a 1st body above `avg[0]` and a 2nd body at most `avg[1]` give the harami value (the 2nd body strictly
 * inside the 1st: −color(1st) × 100; inside with one end matching: −color(1st) × 80; else 0), else 0.
 *
 * @example
 * ```ts
 * const f = (...v: number[]) => new Float64Array(v)
 * haramiRule({ open: f(10, 11), high: f(13, 12), low: f(9, 10.5), close: f(13, 11.5) }, 1, f(1, 1)) // => -100
 * ```
 */
export function haramiRule(b: Ohlc, i: number, avg: Float64Array): number {
  return realBody(b, i - 1) > avg[0]! && realBody(b, i) <= avg[1]! ? haramiValue(b, i) : 0; // long, then short (or a doji)
}

const SPEC: CandlePatternSpec = {
  name: 'CDLHARAMI',
  description: 'Harami: a short body inside the long body before it',
  averages: [['bodyLong', 1], ['bodyShort', 0]],
  lookback: (s) => Math.max(s.bodyShort.avgPeriod, s.bodyLong.avgPeriod) + 1,
  rule: haramiRule,
};

/**
 * Harami, exactly as TA-Lib's `TA_CDLHARAMI`: a long candle (body above `bodyLong`) then a short one (body at most
 * `bodyShort`) whose body lies inside the first body: −100 after a white first candle, 100 after a black one when
 * strictly inside; −80 / 80 when one end of the bodies matches (TA-Lib 0.6); 0 otherwise; NaN for the first
 * max(`bodyShort`, `bodyLong` avgPeriod) + 1 candles (11 by default).
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 6; TA-Lib `ta_CDLHARAMI.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlHaramiStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 10, high: 12.6, low: 9.9, close: 12.5 })
 * s.next({ open: 11.5, high: 11.6, low: 10.9, close: 11 }) // => -100
 * ```
 */
export function cdlHarami(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlHarami}. */
export class CdlHaramiStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLHARAMI as a uniform {@link IndicatorDefinition}. */
export const CDLHARAMI = definePattern(SPEC, () => new CdlHaramiStream());
/** Metadata of {@link cdlHarami}. */
export const cdlHaramiMeta = CDLHARAMI.meta;
