import { BaseStream } from '../stream.js';

/**
 * The parabolic SAR engine shared by SAR and SAREXT, one bar at a time, exactly as TA-Lib's `TA_SAREXT` (of which
 * `TA_SAR` is the special case: automatic start, no offset, the same factors both ways, unsigned output).
 *
 * - Start (bar 1): with `startValue` 0 the trade is short iff the -DM of bars 0-1 is positive (ties go long), the
 *   SAR is bar 0's low (long) or high (short) and the extreme point bar 1's high or low; a positive / negative
 *   `startValue` starts long / short with the SAR at |startValue|. Bar 1 is its own previous bar.
 * - Each bar: if the low (long) or high (short) penetrates the SAR, the trade reverses: the SAR becomes the extreme
 *   point, pushed outside both bars' ranges, moved by `offsetOnReverse` (SAR x (1 ± offset)), and is the output;
 *   the factor restarts at the initial value and the extreme point is this bar's low or high. Otherwise the output
 *   is the SAR, a new extreme raises the factor by its step up to its maximum. Then
 *   SAR += af (ep - SAR), clamped so it does not enter the range of this bar or the previous one.
 * - `signed` outputs short SARs negated (SAREXT's convention).
 *
 * Initial factors above their maximum are lowered to it, and so are steps, as TA-Lib does.
 * Used by the batch functions (bar by bar) and as the state of the streams, so both are identical.
 */
export class ParabolicSarCore extends BaseStream<[number, number], number> {
  private readonly initLong: number;
  private readonly stepLong: number;
  private readonly initShort: number;
  private readonly stepShort: number;
  private afLong: number;
  private afShort: number;
  private isLong = true;
  private sar = NaN;
  private ep = NaN;
  private prevHigh = NaN;
  private prevLow = NaN;
  private count = 0;

  constructor(
    readonly startValue: number,
    readonly offsetOnReverse: number,
    accelerationInitLong: number,
    accelerationLong: number,
    readonly maxLong: number,
    accelerationInitShort: number,
    accelerationShort: number,
    readonly maxShort: number,
    readonly signed: boolean,
  ) {
    super('PARABOLIC_SAR', [
      startValue,
      offsetOnReverse,
      accelerationInitLong,
      accelerationLong,
      maxLong,
      accelerationInitShort,
      accelerationShort,
      maxShort,
      signed,
    ]);
    this.initLong = accelerationInitLong > maxLong ? maxLong : accelerationInitLong;
    this.stepLong = accelerationLong > maxLong ? maxLong : accelerationLong;
    this.initShort = accelerationInitShort > maxShort ? maxShort : accelerationInitShort;
    this.stepShort = accelerationShort > maxShort ? maxShort : accelerationShort;
    this.afLong = this.initLong;
    this.afShort = this.initShort;
  }

  /** Commits one bar and returns its SAR (NaN for the first bar). */
  next(high: number, low: number): number {
    if (this.count < 2) {
      if (this.count++ === 0) {
        this.prevHigh = high;
        this.prevLow = low;
        return NaN;
      }
      this.start(high, low);
    }
    const prevHigh = this.prevHigh;
    const prevLow = this.prevLow;
    this.prevHigh = high;
    this.prevLow = low;
    let sar = this.sar;
    let out: number;
    if (this.isLong) {
      if (low <= sar) {
        this.isLong = false;
        sar = this.ep;
        if (sar < prevHigh) sar = prevHigh;
        if (sar < high) sar = high;
        if (this.offsetOnReverse !== 0) sar += sar * this.offsetOnReverse;
        out = this.signed ? -sar : sar;
        this.afShort = this.initShort;
        this.ep = low;
        sar = sar + this.afShort * (this.ep - sar);
        if (sar < prevHigh) sar = prevHigh;
        if (sar < high) sar = high;
      } else {
        out = sar;
        if (high > this.ep) {
          this.ep = high;
          this.afLong += this.stepLong;
          if (this.afLong > this.maxLong) this.afLong = this.maxLong;
        }
        sar = sar + this.afLong * (this.ep - sar);
        if (sar > prevLow) sar = prevLow;
        if (sar > low) sar = low;
      }
    } else if (high >= sar) {
      this.isLong = true;
      sar = this.ep;
      if (sar > prevLow) sar = prevLow;
      if (sar > low) sar = low;
      if (this.offsetOnReverse !== 0) sar -= sar * this.offsetOnReverse;
      out = sar;
      this.afLong = this.initLong;
      this.ep = high;
      sar = sar + this.afLong * (this.ep - sar);
      if (sar > prevLow) sar = prevLow;
      if (sar > low) sar = low;
    } else {
      out = this.signed ? -sar : sar;
      if (low < this.ep) {
        this.ep = low;
        this.afShort += this.stepShort;
        if (this.afShort > this.maxShort) this.afShort = this.maxShort;
      }
      sar = sar + this.afShort * (this.ep - sar);
      if (sar < prevHigh) sar = prevHigh;
      if (sar < high) sar = high;
    }
    this.sar = sar;
    return out;
  }

  /** Bar 1: the direction, SAR and extreme point; bar 1 then acts as its own previous bar. */
  private start(high: number, low: number): void {
    const start = this.startValue;
    if (start === 0) {
      const diffPlus = high - this.prevHigh;
      const diffMinus = this.prevLow - low;
      this.isLong = !(diffMinus > 0 && diffPlus < diffMinus);
      this.sar = this.isLong ? this.prevLow : this.prevHigh;
    } else {
      this.isLong = start > 0;
      this.sar = Math.abs(start);
    }
    this.ep = this.isLong ? high : low;
    this.prevHigh = high;
    this.prevLow = low;
  }
}

/** Runs a fresh {@link ParabolicSarCore} over the whole series (index 0 stays NaN). */
export function parabolicSarInto(high: Float64Array, low: Float64Array, core: ParabolicSarCore, out: Float64Array): void {
  const n = high.length;
  if (n < 2) return;
  for (let i = 0; i < n; i++) out[i] = core.next(high[i]!, low[i]!);
}
