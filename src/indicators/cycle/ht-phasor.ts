import { checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream } from '../../core/stream.js';
import { finiteInput } from '../input.js';
import type { IndicatorMeta } from '../types.js';
import { HilbertCore, SHORT_LOOKBACK, SHORT_WARMUP } from '../kernels/hilbert.js';

/** Metadata of {@link htPhasor}. */
export const htPhasorMeta: IndicatorMeta = defineMeta({
  name: 'HT_PHASOR',
  group: 'cycle',
  description: 'Hilbert transform phasor components (in-phase and quadrature)',
  inputs: ['real'],
  params: [],
  outputs: [
    { name: 'inPhase', talib: 'outInPhase' },
    { name: 'quadrature', talib: 'outQuadrature' },
  ],
  lookback: () => SHORT_LOOKBACK,
});

/**
 * Phasor components, exactly as TA-Lib's `TA_HT_PHASOR`: the in-phase component I1 (the detrended smoothed
 * price, 3 bars back) and the quadrature Q1 (its Hilbert transform) of {@link HilbertCore}. Values from index 32.
 * A NaN input makes every later value NaN.
 *
 * Reference: J. F. Ehlers, "Rocket Science for Traders" (2001); TA-Lib `ta_HT_PHASOR.c`.
 *
 * @example
 * ```ts
 * const { inPhase, quadrature } = htPhasor(close)
 * ```
 */
export function htPhasor(real: Float64Array): { inPhase: Float64Array; quadrature: Float64Array } {
  const n = checkSeries('HT_PHASOR', real);
  const out = { inPhase: nanArray(n), quadrature: nanArray(n) };
  const core = new HilbertCore(SHORT_WARMUP);
  for (let i = 0; i < n; i++) {
    if (core.next(real[i]!) && i >= SHORT_LOOKBACK) {
      out.inPhase[i] = core.inPhase;
      out.quadrature[i] = core.quadrature;
    }
  }
  return out;
}

/** Streaming {@link htPhasor}: the Hilbert core alone. */
export class HtPhasorStream extends BaseStream<[number], { inPhase: number; quadrature: number }> {
  private readonly core = new HilbertCore(SHORT_WARMUP);
  private readonly result = { inPhase: NaN, quadrature: NaN };

  constructor() {
    super('HT_PHASOR', []);
  }

  next(x: number): { inPhase: number; quadrature: number } {
    finiteInput(x, this.indicator);
    const core = this.core;
    if (core.next(x) && core.bars > SHORT_LOOKBACK) {
      this.result.inPhase = core.inPhase;
      this.result.quadrature = core.quadrature;
    }
    return this.result;
  }
}

/** HT_PHASOR as a uniform {@link IndicatorDefinition}. */
export const HT_PHASOR = defineIndicator(htPhasorMeta, ([real]) => htPhasor(real!), () => new HtPhasorStream());
