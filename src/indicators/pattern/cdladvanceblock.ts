import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { realBody, upperShadow, type Ohlc } from '../kernels/candle.js';
import { advancingWhites } from './cdl3whitesoldiers.js';

/** The advance weakens: the 2nd body far shorter, or the 3rd, or shrinking bodies with upper shadows, or a long upper shadow. */
function blocked(b: Ohlc, i: number, avg: Float64Array): boolean {
  return (
    (realBody(b, i - 1) < realBody(b, i - 2) - avg[6]! && realBody(b, i) < realBody(b, i - 1) + avg[5]!) ||
    realBody(b, i) < realBody(b, i - 1) - avg[7]! ||
    (realBody(b, i) < realBody(b, i - 1) && realBody(b, i - 1) < realBody(b, i - 2) && (upperShadow(b, i) > avg[2]! || upperShadow(b, i - 1) > avg[1]!)) ||
    (realBody(b, i) < realBody(b, i - 1) && upperShadow(b, i) > avg[3]!)
  );
}

function advanceBlock(b: Ohlc, i: number, avg: Float64Array): number {
  const found =
    advancingWhites(b, i, avg[4]!, avg[5]!) && // three advancing whites,
    realBody(b, i - 2) > avg[8]! && upperShadow(b, i - 2) < avg[0]! && // 1st: long, short upper shadow
    blocked(b, i, avg);
  return found ? -100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLADVANCEBLOCK',
  description: 'Advance block: three rising white candles whose advance weakens',
  averages: [
    ['shadowShort', 2],
    ['shadowShort', 1],
    ['shadowShort', 0],
    ['shadowLong', 0],
    ['near', 2],
    ['near', 1],
    ['far', 2],
    ['far', 1],
    ['bodyLong', 2],
  ],
  lookback: (s) => Math.max(Math.max(Math.max(s.shadowLong.avgPeriod, s.shadowShort.avgPeriod), Math.max(s.far.avgPeriod, s.near.avgPeriod)), s.bodyLong.avgPeriod) + 2,
  rule: advanceBlock,
};

/**
 * Advance block, exactly as TA-Lib's `TA_CDLADVANCEBLOCK`: −100 (bearish) for three white candles with higher closes,
 * each opening above the previous open and at most the `near` average above the previous close, the first long (body
 * above `bodyLong`) with a short upper shadow (below `shadowShort`), whose advance weakens in one of four ways: the 2nd
 * body shorter than the 1st by more than the `far` average and the 3rd not longer than the 2nd by the `near` average;
 * the 3rd body shorter than the 2nd by more than `far`; shrinking bodies with the 2nd or 3rd upper shadow not short;
 * or a smaller 3rd body with a long upper shadow (above `shadowLong`). 0 otherwise; NaN for the first max of the five
 * settings' periods + 2 candles (12 by default).
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 5; TA-Lib `ta_CDLADVANCEBLOCK.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlAdvanceBlockStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 10, high: 13.2, low: 9.9, close: 13 })
 * s.next({ open: 12.5, high: 14, low: 12.4, close: 13.7 })
 * s.next({ open: 13.2, high: 14.5, low: 13.1, close: 14 }) // => -100
 * ```
 */
export function cdlAdvanceBlock(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlAdvanceBlock}. */
export class CdlAdvanceBlockStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLADVANCEBLOCK as a uniform {@link IndicatorDefinition}. */
export const CDLADVANCEBLOCK = definePattern(SPEC, () => new CdlAdvanceBlockStream());
/** Metadata of {@link cdlAdvanceBlock}. */
export const cdlAdvanceBlockMeta = CDLADVANCEBLOCK.meta;
