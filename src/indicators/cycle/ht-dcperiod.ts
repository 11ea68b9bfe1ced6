import { checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream } from '../../core/stream.js';
import { finiteInput } from '../input.js';
import type { IndicatorMeta } from '../types.js';
import { HilbertCore, SHORT_LOOKBACK, SHORT_WARMUP } from '../kernels/hilbert.js';

/** Metadata of {@link htDcPeriod}. */
export const htDcPeriodMeta: IndicatorMeta = defineMeta({
  name: 'HT_DCPERIOD',
  group: 'cycle',
  description: 'Hilbert transform dominant cycle period, in bars',
  inputs: ['real'],
  params: [],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: () => SHORT_LOOKBACK,
});

/**
 * Dominant cycle period, exactly as TA-Lib's `TA_HT_DCPERIOD`: the homodyne-discriminator period of
 * {@link HilbertCore} (360 / Δphase per bar, clamped to [6, 50] and to ±50% of the previous value, then
 * EMA-smoothed with 0.2), smoothed once more: P_t = 0.33 period_t + 0.67 P_{t-1}. Values from index 32.
 * A NaN input makes every later value NaN.
 *
 * Reference: J. F. Ehlers, "Rocket Science for Traders" (2001); TA-Lib `ta_HT_DCPERIOD.c`.
 *
 * @example
 * ```ts
 * htDcPeriod(close) // NaN for the first 32 values, then a period between 6 and 50
 * ```
 */
export function htDcPeriod(real: Float64Array): Float64Array {
  const n = checkSeries('HT_DCPERIOD', real);
  const out = nanArray(n);
  const stream = new HtDcPeriodStream();
  for (let i = 0; i < n; i++) out[i] = stream.update(real[i]!);
  return out;
}

/** Streaming {@link htDcPeriod}: the Hilbert core alone. */
export class HtDcPeriodStream extends BaseStream<[number], number> {
  private readonly core = new HilbertCore(SHORT_WARMUP);

  constructor() {
    super('HT_DCPERIOD', []);
  }

  next(x: number): number {
    return this.update(finiteInput(x, this.indicator));
  }

  /** {@link HtDcPeriodStream.next} without the input check: the batch function runs it, with TA-Lib's NaN semantics. */
  update(x: number): number {
    const core = this.core;
    return core.next(x) && core.bars > SHORT_LOOKBACK ? core.smoothPeriod : NaN;
  }
}

/** HT_DCPERIOD as a uniform {@link IndicatorDefinition}. */
export const HT_DCPERIOD = defineIndicator(htDcPeriodMeta, ([real]) => htDcPeriod(real!), () => new HtDcPeriodStream());
