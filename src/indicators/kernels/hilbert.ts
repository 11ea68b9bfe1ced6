/**
 * The shared machinery of John Ehlers' Hilbert-transform indicators (MAMA, HT_TRENDLINE, HT_DCPERIOD,
 * HT_DCPHASE, HT_PHASOR, HT_SINE, HT_TRENDMODE), arranged exactly as TA-Lib runs it so that every sibling
 * reproduces TA-Lib's arithmetic order:
 *
 * - {@link HilbertCore}: the 4-bar weighted price smoother, the detrender / Q1 / jI / jQ Hilbert filters with
 *   their odd/even delay lines, the homodyne discriminator and the smoothed dominant cycle period;
 * - {@link DominantCyclePhase}: the DFT of the last smoothed prices over one dominant cycle (HT_DCPHASE);
 * - {@link InstantaneousTrendline}: the average price over one dominant cycle, WMA-smoothed (HT_TRENDLINE);
 * - {@link History}: the last 50 values of a series, laid out so the recent ones are contiguous.
 *
 * They are nested streams, so an indicator stream that owns them serializes and peeks like any other.
 *
 * Only libm can differ from TA-Lib. The DFT's sin and cos values come from a table generated with glibc, the libm
 * TA-Lib calls (`hilbert-tables.ts`, written by scripts/gen-hilbert-tables.py): V8's Math.sin / Math.cos (Node 20)
 * differ from glibc in the last bit on 68 of the 2,550 entries, and on a flat run the DFT sums are rounding noise, so
 * those bits decided the phase (up to 180° apart when the sign of the imaginary part flipped). Math.atan (period
 * and phase) and Math.sin (HT_SINE's sine of the phase) remain: they differ from glibc's in the last bit (atan on
 * about 6 arguments in 1,000, sin on about 3 in 100). That moves a result by a few ulps; a branch could differ only
 * where a value lies within those ulps of a threshold (the cycle length's rounding, the 315° wrap, HT_TRENDMODE's tests).
 *
 * Reference: J. F. Ehlers, "Rocket Science for Traders" (2001) and "MESA Adaptive Moving Averages" (2001);
 * TA-Lib `ta_MAMA.c`, `ta_HT_*.c` and the `HILBERT_VARIABLES` / `DO_HILBERT_*` macros of `ta_utility.h`.
 *
 * @module
 */
import { BaseStream, FIXED, int, within, type StateRules } from '../../core/stream.js';
import { DFT_COS, DFT_SIN } from './hilbert-tables.js';

/** First coefficient of Ehlers' 7-tap Hilbert filter, as TA-Lib writes it. */
const A = 0.0962;
/** Second coefficient of Ehlers' 7-tap Hilbert filter, as TA-Lib writes it. */
const B = 0.5769;

/** Degrees per radian exactly as TA-Lib computes it: 180 / (4 atan 1). */
export const RAD2DEG = 180 / (4 * Math.atan(1));
/** Radians per degree exactly as TA-Lib's HT_SINE / HT_TRENDMODE compute it: 1 / RAD2DEG. */
const DEG2RAD = 1 / RAD2DEG;

/** Bars of pure price smoothing before the Hilbert filters start, for the lookback-32 family (MAMA, HT_DCPERIOD, HT_PHASOR). */
export const SHORT_WARMUP = 12;
/** Bars of pure price smoothing before the Hilbert filters start, for the lookback-63 family (HT_DCPHASE, HT_SINE, HT_TRENDMODE, HT_TRENDLINE). */
export const LONG_WARMUP = 37;
/** TA-Lib lookback of MAMA, HT_DCPERIOD and HT_PHASOR. */
export const SHORT_LOOKBACK = 32;
/** TA-Lib lookback of HT_DCPHASE, HT_SINE, HT_TRENDMODE and HT_TRENDLINE. */
export const LONG_LOOKBACK = 63;

/** The dominant cycle period never exceeds 50 bars, so the price histories hold 50 values. */
const HISTORY = 50;

/**
 * One step of a Hilbert filter, TA-Lib's `DO_HILBERT_TRANSFORM`:
 * y = (a x_t + b x_{t-2} - b x_{t-4} - a x_{t-6}) (0.075 period + 0.54), where the delays count bars of the
 * same parity. `f[base .. base + 2]` is the 3-slot delay line of a·x, `f[base + 3]` the last b·x,
 * `f[base + 4]` the last input.
 */
function hilbertStep(f: Float64Array, base: number, slot: number, input: number, adjustedPeriod: number): number {
  const ax = A * input;
  let y = -f[base + slot]!;
  f[base + slot] = ax;
  y += ax;
  y -= f[base + 3]!;
  const bx = B * f[base + 4]!;
  f[base + 3] = bx;
  y += bx;
  f[base + 4] = input;
  return y * adjustedPeriod;
}

// Offsets of the four filters in HilbertCore.filters; each has an even and an odd block of 5 values.
const DETRENDER = 0;
const QUADRATURE = 10;
const J_IN_PHASE = 20;
const J_QUADRATURE = 30;
const ODD = 5;

/**
 * Ehlers' Hilbert-transform core as TA-Lib runs it. `next(x)` takes one price and returns whether the Hilbert
 * filters ran on this bar (from bar `warmup` on); after that, `smoothed`, `inPhase`, `quadrature`, `period`
 * and `smoothPeriod` describe the bar.
 *
 * - Price smoother: s_t = (4 x_t + 3 x_{t-1} + 2 x_{t-2} + x_{t-3}) / 10, kept as TA-Lib's running sums
 *   (available from bar 3; the first subtraction uses 0 as trailing value).
 * - Detrender D = H(s), quadrature Q1 = H(D), in-phase I1 = D delayed 3 bars, jI = H(I1), jQ = H(Q1), where H is
 *   the 7-tap filter of {@link hilbertStep} scaled by 0.075 period_{t-1} + 0.54 and run separately on even and
 *   odd bars (parity counted from the first bar).
 * - Homodyne discriminator: I2 = 0.2 (I1 - jQ) + 0.8 I2', Q2 = 0.2 (Q1 + jI) + 0.8 Q2',
 *   Re = 0.2 (I2 I2' + Q2 Q2') + 0.8 Re', Im = 0.2 (I2 Q2' - Q2 I2') + 0.8 Im',
 *   period = 360 / atan(Im / Re) in degrees (kept when Im or Re is 0), clamped to [0.67, 1.5] times the
 *   previous period and to [6, 50], then period = 0.2 period + 0.8 period'; smoothPeriod = 0.33 period + 0.67 smoothPeriod'.
 *
 * A NaN price makes the sums, and so every later value, NaN.
 *
 * @example
 * ```ts
 * const core = new HilbertCore(SHORT_WARMUP)
 * for (const x of close) if (core.next(x)) console.log(core.smoothPeriod)
 * ```
 */
export class HilbertCore extends BaseStream<[number], boolean> {
  /** Bars seen so far. */
  bars = 0;
  /** 4-bar weighted average of the price at the last bar. */
  smoothed = 0;
  /** In-phase component I1 of the last bar (the detrender 3 bars of the same parity back). */
  inPhase = 0;
  /** Quadrature component Q1 of the last bar. */
  quadrature = 0;
  /** Dominant cycle period after the last bar. */
  period = 0;
  /** Dominant cycle period smoothed once more (HT_DCPERIOD's output). */
  smoothPeriod = 0;
  private wmaSum = 0;
  private wmaSub = 0;
  private trailing = 0;
  private x1 = 0;
  private x2 = 0;
  private x3 = 0;
  private slot = 0;
  private readonly filters = new Float64Array(40);
  /** Detrender history for I1: [prev2 even, prev2 odd, prev3 even, prev3 odd]. */
  private readonly detrended = new Float64Array(4);
  private prevI2 = 0;
  private prevQ2 = 0;
  private re = 0;
  private im = 0;

  /** @param warmup bars of price smoothing only before the Hilbert filters start (12 or 37 in TA-Lib). */
  constructor(readonly warmup: number) {
    super('HILBERT', [warmup]);
  }

  next(x: number): boolean {
    const bar = this.bars++;
    if (bar < 3) {
      if (bar === 0) {
        this.wmaSub = x;
        this.wmaSum = x;
      } else {
        this.wmaSub += x;
        this.wmaSum += x * (bar + 1);
      }
      this.shift(x);
      return false;
    }
    this.wmaSub += x;
    this.wmaSub -= this.trailing;
    this.wmaSum += x * 4;
    this.trailing = this.x3;
    const smoothed = this.wmaSum * 0.1;
    this.wmaSum -= this.wmaSub;
    this.smoothed = smoothed;
    this.shift(x);
    if (bar < this.warmup) return false;
    this.transform((bar & 1) === 0);
    return true;
  }

  /**
   * The Hilbert filters and the period update for the bar just smoothed. A separate method without number
   * arguments keeps `next` small enough for V8 to inline (a number argument of a call that is not inlined is boxed).
   */
  private transform(even: boolean): void {
    const smoothed = this.smoothed;
    const adjusted = 0.075 * this.period + 0.54;
    const p = even ? 0 : ODD;
    const f = this.filters;
    const d = this.detrended;
    const slot = this.slot;
    const detrender = hilbertStep(f, DETRENDER + p, slot, smoothed, adjusted);
    const q1 = hilbertStep(f, QUADRATURE + p, slot, detrender, adjusted);
    const i1 = d[even ? 2 : 3]!;
    const jI = hilbertStep(f, J_IN_PHASE + p, slot, i1, adjusted);
    const jQ = hilbertStep(f, J_QUADRATURE + p, slot, q1, adjusted);
    if (even && ++this.slot === 3) this.slot = 0;
    const q2 = 0.2 * (q1 + jI) + 0.8 * this.prevQ2;
    const i2 = 0.2 * (i1 - jQ) + 0.8 * this.prevI2;
    const other = even ? 1 : 0;
    d[other + 2] = d[other]!;
    d[other] = detrender;
    this.inPhase = i1;
    this.quadrature = q1;

    this.re = 0.2 * (i2 * this.prevI2 + q2 * this.prevQ2) + 0.8 * this.re;
    this.im = 0.2 * (i2 * this.prevQ2 - q2 * this.prevI2) + 0.8 * this.im;
    this.prevQ2 = q2;
    this.prevI2 = i2;
    const prev = this.period;
    let period = prev;
    if (this.im !== 0 && this.re !== 0) period = 360 / (Math.atan(this.im / this.re) * RAD2DEG);
    const hi = 1.5 * prev;
    if (period > hi) period = hi;
    const lo = 0.67 * prev;
    if (period < lo) period = lo;
    if (period < 6) period = 6;
    else if (period > 50) period = 50;
    this.period = 0.2 * period + 0.8 * prev;
    this.smoothPeriod = 0.33 * this.period + 0.67 * this.smoothPeriod;
  }

  private shift(x: number): void {
    this.x3 = this.x2;
    this.x2 = this.x1;
    this.x1 = x;
  }

  protected override stateRules(): StateRules {
    // the period is clamped to [6, 50] and smoothed from 0, so both periods stay in [0, 50]
    return { warmup: FIXED, bars: int(0, Number.MAX_SAFE_INTEGER), slot: int(0, 2), period: within(0, 50), smoothPeriod: within(0, 50) };
  }
}

/**
 * sin(φ) for a phase φ in degrees, as TA-Lib's HT_SINE evaluates it: sin(φ · DEG2RAD). The lead sine is sineOf(φ + 45).
 *
 * @example
 * ```ts
 * sineOf(90) // 1
 * ```
 */
export function sineOf(phaseDegrees: number): number {
  return Math.sin(phaseDegrees * DEG2RAD);
}

/** TA-Lib's cycle length for the DFT and the trendline: (int)(smoothPeriod + 0.5); NaN gives 0 (no terms). */
function cycleLength(smoothPeriod: number): number {
  return (smoothPeriod + 0.5) | 0;
}

/**
 * The last 50 values of a series, stored twice (at `head` and `head + 50`) so that the n <= 50 most recent ones
 * are always contiguous: `values[newest() - k]` is the value k bars back, with no wrap-around test in the loops.
 *
 * @example
 * ```ts
 * const newest = history.next(x) // history.values[newest] === x, history.values[newest - 1] is the value before
 * ```
 */
class History extends BaseStream<[number], number> {
  readonly values = new Float64Array(2 * HISTORY);
  private head = HISTORY - 1;

  constructor() {
    super('HISTORY', []);
  }

  /** Records `x` and returns its index in `values`. */
  next(x: number): number {
    const head = this.head === HISTORY - 1 ? 0 : this.head + 1;
    this.head = head;
    this.values[head] = x;
    this.values[head + HISTORY] = x;
    return head + HISTORY;
  }

  /** Index of the newest value in `values`. */
  newest(): number {
    return this.head + HISTORY;
  }

  protected override stateRules(): StateRules {
    return { head: int(0, HISTORY - 1) };
  }
}

/**
 * Dominant cycle phase as TA-Lib's HT_DCPHASE computes it. Call `next(smoothed, smoothPeriod)` on every bar the
 * Hilbert core ran. With n = (int)(smoothPeriod + 0.5) and s_k the smoothed price k bars back,
 * real = Σ_{k<n} sin(2πk/n) s_k, imag = Σ_{k<n} cos(2πk/n) s_k; phase = atan(real / imag) in degrees
 * (when imag is exactly 0 the previous phase moves ±90 with the sign of real), then + 90, + 360 / smoothPeriod
 * (the smoother's one-bar lag), + 180 when imag < 0, and - 360 above 315. A NaN period or price makes the phase NaN.
 *
 * On a flat run real and imag are sums of rounding errors, so the sin and cos values must be glibc's to the last
 * bit ({@link DFT_SIN}, {@link DFT_COS}) for the same branch and ratio as TA-Lib's, summed in TA-Lib's order.
 *
 * @example
 * ```ts
 * if (core.next(x)) phase = cycle.next(core.smoothed, core.smoothPeriod)
 * ```
 */
export class DominantCyclePhase extends BaseStream<[number, number], number> {
  /** Phase of the last bar, in degrees, in (-45, 315]. */
  phase = 0;
  private readonly history = new History();

  constructor() {
    super('HT_DCPHASE_KERNEL', []);
  }

  next(smoothed: number, smoothPeriod: number): number {
    const values = this.history.values;
    const newest = this.history.next(smoothed);
    const n = cycleLength(smoothPeriod);
    const row = (n * (n - 1)) / 2;
    let real = 0;
    let imag = 0;
    for (let i = 0; i < n; i++) {
      const s = values[newest - i]!;
      real += DFT_SIN[row + i]! * s;
      imag += DFT_COS[row + i]! * s;
    }
    let phase = this.phase;
    const magnitude = Math.abs(imag);
    if (magnitude > 0) phase = Math.atan(real / imag) * RAD2DEG;
    else if (magnitude <= 0.01) {
      if (real < 0) phase -= 90;
      else if (real > 0) phase += 90;
    }
    phase += 90;
    phase += 360 / smoothPeriod;
    if (imag < 0) phase += 180;
    if (phase > 315) phase -= 360;
    return (this.phase = phase);
  }
}

/**
 * Ehlers' instantaneous trendline as TA-Lib's HT_TRENDLINE computes it. `next(x)` records every price;
 * `update(smoothPeriod)`, on every bar the Hilbert core ran, averages the last n = (int)(smoothPeriod + 0.5)
 * prices (newest first; 0 when n is 0) into iTrend and returns (4 iTrend_t + 3 iTrend_{t-1} + 2 iTrend_{t-2} + iTrend_{t-3}) / 10.
 * A NaN period averages no prices (iTrend = 0), as TA-Lib's `(int)` of NaN does on x86-64.
 *
 * @example
 * ```ts
 * trendline.next(x)
 * if (core.next(x)) value = trendline.update(core.smoothPeriod)
 * ```
 */
export class InstantaneousTrendline extends BaseStream<[number], void> {
  private readonly history = new History();
  private trend1 = 0;
  private trend2 = 0;
  private trend3 = 0;

  constructor() {
    super('HT_TRENDLINE_KERNEL', []);
  }

  next(x: number): void {
    this.history.next(x);
  }

  update(smoothPeriod: number): number {
    const values = this.history.values;
    const newest = this.history.newest();
    const n = cycleLength(smoothPeriod);
    let average = 0;
    for (let k = newest, end = newest - n; k > end; k--) average += values[k]!;
    if (n > 0) average = average / n;
    const trendline = (4 * average + 3 * this.trend1 + 2 * this.trend2 + this.trend3) / 10;
    this.trend3 = this.trend2;
    this.trend2 = this.trend1;
    this.trend1 = average;
    return trendline;
  }
}
