import type { CandlePatternOptions } from '../kernels/candle-settings.js';
import { CandlePatternStream, definePattern, runPattern, type CandlePatternSpec } from '../kernels/candle-pattern.js';
import { candleColor, realBody, type Ohlc } from '../kernels/candle.js';

function counterAttack(b: Ohlc, i: number, avg: Float64Array): number {
  const c = b.close;
  const found =
    candleColor(b, i - 1) === -candleColor(b, i) && // opposite colors
    realBody(b, i - 1) > avg[1]! && realBody(b, i) > avg[2]! && // both long
    c[i]! <= c[i - 1]! + avg[0]! && c[i]! >= c[i - 1]! - avg[0]!; // equal closes
  return found ? candleColor(b, i) * 100 : 0;
}

const SPEC: CandlePatternSpec = {
  name: 'CDLCOUNTERATTACK',
  description: 'Counterattack: two long opposite candles closing at the same price',
  averages: [['equal', 1], ['bodyLong', 1], ['bodyLong', 0]],
  lookback: (s) => Math.max(s.equal.avgPeriod, s.bodyLong.avgPeriod) + 1,
  rule: counterAttack,
};

/**
 * Counterattack lines, exactly as TA-Lib's `TA_CDLCOUNTERATTACK`: two long candles (bodies above `bodyLong`) of opposite
 * colors whose closes differ by at most the `equal` average: 100 when the second is white, −100 when it is black; 0
 * otherwise; NaN for the first max(`equal`, `bodyLong` avgPeriod) + 1 candles (11 by default).
 *
 * Reference: Steve Nison, "Japanese Candlestick Charting Techniques" (1991), ch. 7; TA-Lib `ta_CDLCOUNTERATTACK.c`.
 *
 * @example
 * ```ts
 * const q = { open: 10, high: 11.5, low: 9.5, close: 11 } // quiet candles: body 1, range 2
 * const s = new CdlCounterAttackStream()
 * for (let k = 0; k < 12; k++) s.next(q)
 * s.next({ open: 12, high: 12.1, low: 9.9, close: 10 })
 * s.next({ open: 8.5, high: 10.1, low: 8.4, close: 10.05 }) // => 100
 * ```
 */
export function cdlCounterAttack(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, options?: CandlePatternOptions): Float64Array {
  return runPattern(SPEC, open, high, low, close, undefined, options);
}

/** Streaming {@link cdlCounterAttack}. */
export class CdlCounterAttackStream extends CandlePatternStream {
  constructor(options?: CandlePatternOptions) {
    super(SPEC, undefined, options);
  }
}

/** CDLCOUNTERATTACK as a uniform {@link IndicatorDefinition}. */
export const CDLCOUNTERATTACK = definePattern(SPEC, () => new CdlCounterAttackStream());
/** Metadata of {@link cdlCounterAttack}. */
export const cdlCounterAttackMeta = CDLCOUNTERATTACK.meta;
