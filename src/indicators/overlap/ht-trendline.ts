import { checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream } from '../../core/stream.js';
import { finiteInput } from '../input.js';
import type { IndicatorMeta } from '../types.js';
import { HilbertCore, InstantaneousTrendline, LONG_LOOKBACK, LONG_WARMUP } from '../kernels/hilbert.js';

/** Metadata of {@link htTrendline}. */
export const htTrendlineMeta: IndicatorMeta = defineMeta({
  name: 'HT_TRENDLINE',
  group: 'overlap',
  description: 'Hilbert transform instantaneous trendline',
  inputs: ['real'],
  params: [],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: () => LONG_LOOKBACK,
});

/**
 * Ehlers' instantaneous trendline, exactly as TA-Lib's `TA_HT_TRENDLINE`: iTrend_t is the simple average of the
 * last n = (int)(P + 0.5) prices, P the smoothed dominant cycle period of {@link HilbertCore}, and the output is
 * (4 iTrend_t + 3 iTrend_{t-1} + 2 iTrend_{t-2} + iTrend_{t-3}) / 10. Values from index 63.
 * A NaN input makes the period NaN, after which TA-Lib averages no prices: the trendline decays to 0 in
 * three bars (reproduced here).
 *
 * Reference: J. F. Ehlers, "Rocket Science for Traders" (2001); TA-Lib `ta_HT_TRENDLINE.c`.
 *
 * @example
 * ```ts
 * htTrendline(close) // NaN for the first 63 values
 * ```
 */
export function htTrendline(real: Float64Array): Float64Array {
  const n = checkSeries('HT_TRENDLINE', real);
  const out = nanArray(n);
  const stream = new HtTrendlineStream();
  for (let i = 0; i < n; i++) out[i] = stream.update(real[i]!);
  return out;
}

/** Streaming {@link htTrendline}: the Hilbert core and the last 50 prices. */
export class HtTrendlineStream extends BaseStream<[number], number> {
  private readonly core = new HilbertCore(LONG_WARMUP);
  private readonly trendline = new InstantaneousTrendline();

  constructor() {
    super('HT_TRENDLINE', []);
  }

  next(x: number): number {
    return this.update(finiteInput(x, this.indicator));
  }

  /** {@link HtTrendlineStream.next} without the input check: the batch function runs it, with TA-Lib's NaN semantics. */
  update(x: number): number {
    const core = this.core;
    this.trendline.next(x);
    if (!core.next(x)) return NaN;
    const value = this.trendline.update(core.smoothPeriod);
    return core.bars > LONG_LOOKBACK ? value : NaN;
  }
}

/** HT_TRENDLINE as a uniform {@link IndicatorDefinition}. */
export const HT_TRENDLINE = defineIndicator(htTrendlineMeta, ([real]) => htTrendline(real!), () => new HtTrendlineStream());
