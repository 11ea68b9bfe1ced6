import { checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream } from '../../core/stream.js';
import { finiteInput } from '../input.js';
import type { IndicatorMeta } from '../types.js';
import { DominantCyclePhase, HilbertCore, LONG_LOOKBACK, LONG_WARMUP } from '../kernels/hilbert.js';

/** Metadata of {@link htDcPhase}. */
export const htDcPhaseMeta: IndicatorMeta = defineMeta({
  name: 'HT_DCPHASE',
  group: 'cycle',
  description: 'Hilbert transform dominant cycle phase, in degrees',
  inputs: ['real'],
  params: [],
  outputs: [{ name: 'value', talib: 'outReal' }],
  lookback: () => LONG_LOOKBACK,
});

/**
 * Dominant cycle phase in degrees, exactly as TA-Lib's `TA_HT_DCPHASE`: a DFT of the smoothed price over the
 * last n = round(dominant cycle period) bars, real = Σ sin(2πk/n) s_k, imag = Σ cos(2πk/n) s_k,
 * phase = atan(real / imag) + 90 + 360 / period (+ 180 when imag < 0), wrapped to (-45, 315]
 * (see {@link DominantCyclePhase}). Values from index 63. A NaN input makes every later value NaN.
 *
 * Reference: J. F. Ehlers, "Rocket Science for Traders" (2001); TA-Lib `ta_HT_DCPHASE.c`.
 *
 * @example
 * ```ts
 * htDcPhase(close) // NaN for the first 63 values, then degrees
 * ```
 */
export function htDcPhase(real: Float64Array): Float64Array {
  const n = checkSeries('HT_DCPHASE', real);
  const out = nanArray(n);
  const stream = new HtDcPhaseStream();
  for (let i = 0; i < n; i++) out[i] = stream.update(real[i]!);
  return out;
}

/** Streaming {@link htDcPhase}: the Hilbert core and the 50-bar smoothed-price DFT. */
export class HtDcPhaseStream extends BaseStream<[number], number> {
  private readonly core = new HilbertCore(LONG_WARMUP);
  private readonly cycle = new DominantCyclePhase();

  constructor() {
    super('HT_DCPHASE', []);
  }

  next(x: number): number {
    return this.update(finiteInput(x, this.indicator));
  }

  /** {@link HtDcPhaseStream.next} without the input check: the batch function runs it, with TA-Lib's NaN semantics. */
  update(x: number): number {
    const core = this.core;
    if (!core.next(x)) return NaN;
    const phase = this.cycle.next(core.smoothed, core.smoothPeriod);
    return core.bars > LONG_LOOKBACK ? phase : NaN;
  }
}

/** HT_DCPHASE as a uniform {@link IndicatorDefinition}. */
export const HT_DCPHASE = defineIndicator(htDcPhaseMeta, ([real]) => htDcPhase(real!), () => new HtDcPhaseStream());
