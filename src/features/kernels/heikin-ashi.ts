import { BaseStream, FIXED, type StateRules } from '../../core/stream.js';
import { col } from '../columns.js';
import type { ColumnKey, Kernel } from '../types.js';
import { POSITIVE } from './rules.js';

/**
 * Heikin-Ashi open, high and low, given the Heikin-Ashi close column (TA-Lib's AVGPRICE, (o + h + l + c) / 4).
 * TA-Lib has no Heikin-Ashi function; the candles are seeded the standard way:
 *
 * - HA_open_0 = (open_0 + close_0) / 2, then HA_open_t = (HA_open_{t-1} + HA_close_{t-1}) / 2;
 * - HA_high_t = max(high_t, HA_open_t, HA_close_t), HA_low_t = min(low_t, HA_open_t, HA_close_t).
 *
 * Defined from the first candle (lookback 0). A NaN candle field propagates to every later HA open, as the
 * recursion implies.
 *
 * Reference: Dan Valcu, "Using the Heikin-Ashi Technique", Technical Analysis of Stocks & Commodities, Feb. 2004.
 *
 * @param avgPrice the AVGPRICE kernel, whose output is HA_close.
 * @example
 * ```ts
 * heikinAshiKernel(indicatorKernel('AVGPRICE')) // outputs open, high, low
 * ```
 */
export function heikinAshiKernel(avgPrice: Kernel): Kernel {
  const haClose: ColumnKey = col(avgPrice);
  return {
    key: `heikin_ashi[${haClose}]`,
    inputs: ['open', 'high', 'low', 'close', haClose],
    deps: [avgPrice],
    outputs: ['open', 'high', 'low'],
    batch([open, high, low, close, hc], n) {
      const haOpen = new Float64Array(n);
      const haHigh = new Float64Array(n);
      const haLow = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const o = i === 0 ? (open![0]! + close![0]!) / 2 : (haOpen[i - 1]! + hc![i - 1]!) / 2;
        haOpen[i] = o;
        haHigh[i] = Math.max(high![i]!, o, hc![i]!);
        haLow[i] = Math.min(low![i]!, o, hc![i]!);
      }
      return [haOpen, haHigh, haLow];
    },
    stream: () => new HeikinAshiStream(),
  };
}

class HeikinAshiStream extends BaseStream<[Float64Array, Float64Array], void> {
  private started = false;
  private prevOpen = NaN;
  private prevClose = NaN;

  constructor() {
    super('kernel:heikin_ashi', []);
  }

  next(inputs: Float64Array, out: Float64Array): void {
    const hc = inputs[4]!;
    const o = this.started ? (this.prevOpen + this.prevClose) / 2 : (inputs[0]! + inputs[3]!) / 2;
    out[0] = o;
    out[1] = Math.max(inputs[1]!, o, hc);
    out[2] = Math.min(inputs[2]!, o, hc);
    this.started = true;
    this.prevOpen = o;
    this.prevClose = hc;
  }

  /** Before the first candle, nothing (NaN, as constructed); after it, the previous HA open and close are prices. */
  protected override stateRules(): StateRules {
    const previous = this.started ? POSITIVE : FIXED;
    return { prevOpen: previous, prevClose: previous };
  }
}
