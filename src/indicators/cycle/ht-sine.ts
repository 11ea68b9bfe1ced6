import { checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream } from '../../core/stream.js';
import { finiteInput } from '../input.js';
import type { IndicatorMeta } from '../types.js';
import { DominantCyclePhase, HilbertCore, LONG_LOOKBACK, LONG_WARMUP, sineOf } from '../kernels/hilbert.js';

/** Metadata of {@link htSine}. */
export const htSineMeta: IndicatorMeta = defineMeta({
  name: 'HT_SINE',
  group: 'cycle',
  description: 'Hilbert transform sine wave and lead sine wave',
  inputs: ['real'],
  params: [],
  outputs: [
    { name: 'sine', talib: 'outSine' },
    { name: 'leadSine', talib: 'outLeadSine' },
  ],
  lookback: () => LONG_LOOKBACK,
});

/**
 * Ehlers' sine wave, exactly as TA-Lib's `TA_HT_SINE`: sine = sin(φ), leadSine = sin(φ + 45°), φ the dominant
 * cycle phase of HT_DCPHASE (see {@link DominantCyclePhase}). Values from index 63. A NaN input makes every
 * later value NaN.
 *
 * Reference: J. F. Ehlers, "Rocket Science for Traders" (2001); TA-Lib `ta_HT_SINE.c`.
 *
 * @example
 * ```ts
 * const { sine, leadSine } = htSine(close) // crossings mark cycle turns
 * ```
 */
export function htSine(real: Float64Array): { sine: Float64Array; leadSine: Float64Array } {
  const n = checkSeries('HT_SINE', real);
  const out = { sine: nanArray(n), leadSine: nanArray(n) };
  const stream = new HtSineStream();
  for (let i = 0; i < n; i++) {
    const r = stream.update(real[i]!);
    out.sine[i] = r.sine;
    out.leadSine[i] = r.leadSine;
  }
  return out;
}

/** Streaming {@link htSine}: the Hilbert core and the 50-bar smoothed-price DFT. */
export class HtSineStream extends BaseStream<[number], { sine: number; leadSine: number }> {
  private readonly core = new HilbertCore(LONG_WARMUP);
  private readonly cycle = new DominantCyclePhase();
  private readonly result = { sine: NaN, leadSine: NaN };

  constructor() {
    super('HT_SINE', []);
  }

  next(x: number): { sine: number; leadSine: number } {
    return this.update(finiteInput(x, this.indicator));
  }

  /** {@link HtSineStream.next} without the input check: the batch function runs it, with TA-Lib's NaN semantics. */
  update(x: number): { sine: number; leadSine: number } {
    const core = this.core;
    if (!core.next(x)) return this.result;
    const phase = this.cycle.next(core.smoothed, core.smoothPeriod);
    if (core.bars > LONG_LOOKBACK) {
      this.result.sine = sineOf(phase);
      this.result.leadSine = sineOf(phase + 45);
    }
    return this.result;
  }
}

/** HT_SINE as a uniform {@link IndicatorDefinition}. */
export const HT_SINE = defineIndicator(htSineMeta, ([real]) => htSine(real!), () => new HtSineStream());
