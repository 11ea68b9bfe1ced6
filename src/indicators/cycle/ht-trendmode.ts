import { checkSeries, nanArray } from '../params.js';
import { defineIndicator, defineMeta } from '../define.js';
import { BaseStream, int, type StateRules } from '../../core/stream.js';
import { finiteInput } from '../input.js';
import type { IndicatorMeta } from '../types.js';
import { DominantCyclePhase, HilbertCore, InstantaneousTrendline, LONG_LOOKBACK, LONG_WARMUP, sineOf } from '../kernels/hilbert.js';

/** Metadata of {@link htTrendMode}. */
export const htTrendModeMeta: IndicatorMeta = defineMeta({
  name: 'HT_TRENDMODE',
  group: 'cycle',
  description: 'Hilbert transform trend vs cycle mode (1 = trend, 0 = cycle)',
  inputs: ['real'],
  params: [],
  outputs: [{ name: 'value', talib: 'outInteger' }],
  lookback: () => LONG_LOOKBACK,
});

/**
 * Trend (1) versus cycle (0) mode, exactly as TA-Lib's `TA_HT_TRENDMODE`. The bar is in trend mode unless
 * (a) the sine and lead sine of HT_SINE crossed on this bar, which also restarts the bar count, (b) fewer than
 * half a dominant cycle P of bars passed since the last crossing, or (c) the phase advanced by between
 * 0.67 · 360 / P and 1.5 · 360 / P degrees; but a smoothed price at least 1.5% away from the HT_TRENDLINE
 * value always means trend. Returned as 0/1 in a Float64Array (TA-Lib's integer output), from index 63.
 * After a NaN input the comparisons fail and TA-Lib reports 1 (trend); so does this function.
 *
 * Reference: J. F. Ehlers, "Rocket Science for Traders" (2001); TA-Lib `ta_HT_TRENDMODE.c`.
 *
 * @example
 * ```ts
 * htTrendMode(close) // NaN for the first 63 values, then 0 or 1
 * ```
 */
export function htTrendMode(real: Float64Array): Float64Array {
  const n = checkSeries('HT_TRENDMODE', real);
  const out = nanArray(n);
  const stream = new HtTrendModeStream();
  for (let i = 0; i < n; i++) out[i] = stream.update(real[i]!);
  return out;
}

/** Streaming {@link htTrendMode}: the Hilbert core, the phase DFT, the trendline and the crossing state. */
export class HtTrendModeStream extends BaseStream<[number], number> {
  private readonly core = new HilbertCore(LONG_WARMUP);
  private readonly cycle = new DominantCyclePhase();
  private readonly trendline = new InstantaneousTrendline();
  private sine = 0;
  private leadSine = 0;
  private daysInTrend = 0;

  constructor() {
    super('HT_TRENDMODE', []);
  }

  next(x: number): number {
    return this.update(finiteInput(x, this.indicator));
  }

  /** {@link HtTrendModeStream.next} without the input check: the batch function runs it, with TA-Lib's NaN semantics. */
  update(x: number): number {
    const core = this.core;
    this.trendline.next(x);
    if (!core.next(x)) return NaN;
    const smoothPeriod = core.smoothPeriod;
    const prevPhase = this.cycle.phase;
    const phase = this.cycle.next(core.smoothed, smoothPeriod);
    const prevSine = this.sine;
    const prevLeadSine = this.leadSine;
    const sine = (this.sine = sineOf(phase));
    const leadSine = (this.leadSine = sineOf(phase + 45));
    const trendline = this.trendline.update(smoothPeriod);

    let trend = 1;
    if ((sine > leadSine && prevSine <= prevLeadSine) || (sine < leadSine && prevSine >= prevLeadSine)) {
      this.daysInTrend = 0;
      trend = 0;
    }
    this.daysInTrend++;
    if (this.daysInTrend < 0.5 * smoothPeriod) trend = 0;
    const advance = phase - prevPhase;
    if (smoothPeriod !== 0 && advance > (0.67 * 360) / smoothPeriod && advance < (1.5 * 360) / smoothPeriod) trend = 0;
    if (trendline !== 0 && Math.abs((core.smoothed - trendline) / trendline) >= 0.015) trend = 1;
    return core.bars > LONG_LOOKBACK ? trend : NaN;
  }

  protected override stateRules(): StateRules {
    return { daysInTrend: int(0, Number.MAX_SAFE_INTEGER) };
  }
}

/** HT_TRENDMODE as a uniform {@link IndicatorDefinition}. */
export const HT_TRENDMODE = defineIndicator(htTrendModeMeta, ([real]) => htTrendMode(real!), () => new HtTrendModeStream());
