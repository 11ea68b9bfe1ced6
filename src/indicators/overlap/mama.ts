import { checkParams, checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, FIXED, type StateRules } from '../../core/stream.js';
import { stagedCounter } from '../state.js';
import { finiteInput } from '../input.js';
import type { IndicatorMeta } from '../types.js';
import { HilbertCore, RAD2DEG, SHORT_LOOKBACK, SHORT_WARMUP } from '../kernels/hilbert.js';

/** Metadata of {@link mama}. */
export const mamaMeta: IndicatorMeta = defineMeta({
  name: 'MAMA',
  group: 'overlap',
  description: 'MESA adaptive moving average (MAMA) and its following average (FAMA)',
  inputs: ['real'],
  params: [
    { name: 'fastLimit', talib: 'optInFastLimit', default: 0.5, min: 0.01, max: 0.99, integer: false },
    { name: 'slowLimit', talib: 'optInSlowLimit', default: 0.05, min: 0.01, max: 0.99, integer: false },
  ],
  outputs: [
    { name: 'mama', talib: 'outMAMA' },
    { name: 'fama', talib: 'outFAMA' },
  ],
  lookback: () => mamaLookback(),
});

/** TA-Lib's `TA_MAMA_Lookback`: 32 whatever the limits (unstable period 0). */
export function mamaLookback(): number {
  return SHORT_LOOKBACK;
}

/**
 * MESA adaptive moving average, exactly as TA-Lib's `TA_MAMA`. On the Hilbert core of
 * {@link HilbertCore} (running from the 13th bar), the phase is φ = atan(Q1 / I1) in degrees (0 when I1 = 0),
 * Δφ = max(1, φ_{t-1} - φ_t), α = max(slowLimit, fastLimit / Δφ) (α = fastLimit when Δφ = 1), and
 * MAMA_t = α x_t + (1 - α) MAMA_{t-1}, FAMA_t = (α/2) MAMA_t + (1 - α/2) FAMA_{t-1}, both starting from 0.
 * Values are reported from index 32. A NaN input makes every later value NaN.
 *
 * Reference: J. F. Ehlers, "MESA Adaptive Moving Averages", Stocks & Commodities (2001); TA-Lib `ta_MAMA.c`.
 *
 * @example
 * ```ts
 * const { mama: m, fama: f } = mama(close, 0.5, 0.05)
 * ```
 */
export function mama(real: Float64Array, fastLimit = 0.5, slowLimit = 0.05): { mama: Float64Array; fama: Float64Array } {
  checkParams(mamaMeta, fastLimit, slowLimit);
  const n = checkSeries('MAMA', real);
  const out = { mama: nanArray(n), fama: nanArray(n) };
  mamaInto(real, 0, fastLimit, slowLimit, out.mama, out.fama);
  return out;
}

/**
 * Writes TA-Lib's MAMA and FAMA of `src[start..]` into `outMama` / `outFama` (from index `start + 32` on), as
 * TA-Lib's MA with type MAMA does on an intermediate series whose first defined value is at `start`.
 * TA-Lib alternates odd/even filter banks by absolute index; both banks start at zero and are symmetric, so
 * the values do not depend on the parity of `start`. Leaves the outputs untouched when the series is too short.
 */
export function mamaInto(src: Float64Array, start: number, fastLimit: number, slowLimit: number, outMama: Float64Array, outFama: Float64Array): void {
  checkParams(mamaMeta, fastLimit, slowLimit);
  const kernel = new MamaKernel(fastLimit, slowLimit);
  const first = start + SHORT_LOOKBACK;
  for (let i = start; i < src.length; i++) {
    if (kernel.next(src[i]!) && i >= first) {
      outMama[i] = kernel.mama;
      outFama[i] = kernel.fama;
    }
  }
}

/**
 * MAMA's recursion on top of the Hilbert core, shared by {@link mamaInto} and {@link MamaStream}: `next(x)`
 * returns whether the core ran on this bar (from the 13th bar on), after which `mama` and `fama` hold the values.
 *
 * @example
 * ```ts
 * const k = new MamaKernel(0.5, 0.05)
 * if (k.next(x)) console.log(k.mama, k.fama)
 * ```
 */
export class MamaKernel extends BaseStream<[number], boolean> {
  /** MAMA after the last bar the core ran on (0 before). */
  mama = 0;
  /** FAMA after the last bar the core ran on (0 before). */
  fama = 0;
  private readonly core = new HilbertCore(SHORT_WARMUP);
  private prevPhase = 0;

  constructor(
    readonly fastLimit: number,
    readonly slowLimit: number,
  ) {
    super('MAMA_KERNEL', [fastLimit, slowLimit]);
  }

  /** Bars still needed before the Hilbert core runs (0: `next` updates MAMA and FAMA on the next bar). */
  get pending(): number {
    return Math.max(0, SHORT_WARMUP - this.core.bars);
  }

  next(x: number): boolean {
    const core = this.core;
    if (!core.next(x)) return false;
    const phase = core.inPhase !== 0 ? Math.atan(core.quadrature / core.inPhase) * RAD2DEG : 0;
    let delta = this.prevPhase - phase;
    this.prevPhase = phase;
    if (delta < 1) delta = 1;
    let alpha = this.fastLimit;
    if (delta > 1) {
      alpha = alpha / delta;
      if (alpha < this.slowLimit) alpha = this.slowLimit;
    }
    this.mama = alpha * x + (1 - alpha) * this.mama;
    alpha *= 0.5;
    this.fama = alpha * this.mama + (1 - alpha) * this.fama;
    return true;
  }

  protected override stateRules(): StateRules {
    return { fastLimit: FIXED, slowLimit: FIXED };
  }
}

/** Streaming {@link mama}: a {@link MamaKernel} and a bar count. */
export class MamaStream extends BaseStream<[number], { mama: number; fama: number }> {
  private readonly kernel: MamaKernel;
  private bars = 0;
  private readonly result = { mama: NaN, fama: NaN };

  constructor(
    readonly fastLimit = 0.5,
    readonly slowLimit = 0.05,
  ) {
    super('MAMA', [fastLimit, slowLimit]);
    checkParams(mamaMeta, fastLimit, slowLimit);
    this.kernel = new MamaKernel(fastLimit, slowLimit);
  }

  next(x: number): { mama: number; fama: number } {
    return this.update(finiteInput(x, this.indicator));
  }

  /** Updates still needed before one returns a value (0: the next one does). */
  get pending(): number {
    return Math.max(0, SHORT_LOOKBACK - this.bars);
  }

  /** {@link MamaStream.next} without the input check, for composites. */
  update(x: number): { mama: number; fama: number } {
    const kernel = this.kernel;
    const bar = this.bars++;
    if (kernel.next(x) && bar >= SHORT_LOOKBACK) {
      this.result.mama = kernel.mama;
      this.result.fama = kernel.fama;
    }
    return this.result;
  }

  protected override stateRules(): StateRules {
    // from bar 32 on the kernel must run, or the outputs would keep the reset (NaN) values of a restored stream
    return { fastLimit: FIXED, slowLimit: FIXED, bars: stagedCounter(Number.MAX_SAFE_INTEGER, [SHORT_LOOKBACK, 0, this.kernel.pending]) };
  }
}

/** MAMA as a uniform {@link IndicatorDefinition}. */
export const MAMA = defineIndicator(
  mamaMeta,
  ([real], p) => mama(real!, p.fastLimit, p.slowLimit),
  (p) => new MamaStream(p.fastLimit, p.slowLimit),
);
