import { checkParam } from '../params.js';
import { ANY_NUMBER, BaseStream, FINITE, fixed, int, type StateRules } from '../../core/stream.js';
import { NON_NEGATIVE } from '../state.js';
import { isZero } from '../math.js';
import { trueRange } from '../volatility/trange.js';
import { KERNEL_CHUNK } from './chunk.js';

/**
 * Wilder's one-bar directional movement, as TA-Lib computes it: with up = high - prevHigh and
 * down = prevLow - low, -DM1 = down when down > 0 and up < down, else +DM1 = up when up > 0 and up > down, else
 * neither (equal moves cancel). Returned signed: `+up` for a plus move, `-down` for a minus move, 0 for none, so
 * +DM1 = max(d, 0) and -DM1 = max(-d, 0) exactly. A NaN anywhere gives 0, as TA-Lib's comparisons do.
 *
 * @example
 * ```ts
 * directionalMove(12, 10, 11, 9.5) // 1 (a plus move of 1)
 * ```
 */
function directionalMove(high: number, low: number, prevHigh: number, prevLow: number): number {
  const up = high - prevHigh;
  const down = prevLow - low;
  if (down > 0 && up < down) return -down;
  if (up > 0 && up > down) return up;
  return 0;
}

/** The series {@link directionalInto} can write; it fills only the ones given. */
export interface DirectionalOutputs {
  plusDM?: Float64Array;
  minusDM?: Float64Array;
  plusDI?: Float64Array;
  minusDI?: Float64Array;
  dx?: Float64Array;
  adx?: Float64Array;
}

/** TA-Lib's lookbacks of the family: DM and DI at period 1 start at bar 1. */
export const directionalLookback = {
  dm: (period: number): number => (period > 1 ? period - 1 : 1),
  di: (period: number): number => (period > 1 ? period : 1),
  dx: (period: number): number => period,
  adx: (period: number): number => 2 * period - 1,
  adxr: (period: number): number => 3 * period - 2,
} as const;

// Slots of the carried state of the batch kernel.
const ST_PREV_HIGH = 0;
const ST_PREV_LOW = 1;
const ST_PREV_CLOSE = 2;
const ST_PLUS_DM = 3;
const ST_MINUS_DM = 4;
const ST_TRUE_RANGE = 5;
const ST_LAST_DX = 6;
const ST_SUM_DX = 7;
const ST_ADX = 8;

/**
 * The one Wilder directional-movement kernel behind PLUS_DM, MINUS_DM, PLUS_DI, MINUS_DI, DX, ADX and ADXR, with
 * TA-Lib's exact arithmetic (startIdx 0, unstable period 0). For period n > 1:
 * - +DM, -DM and TR start as plain sums of bars 1..n-1 (the DM outputs at index n-1 are these sums), then each
 *   bar S = S - S/n + x;
 * - +DI = 100 (+DM / TR), -DI = 100 (-DM / TR), both 0 when TR is within 1e-14 of zero;
 * - DX = 100 |-DI - +DI| / (-DI + +DI); when TR or the DI sum is within 1e-14 of zero, DX repeats its previous value
 *   (0 at its first bar);
 * - ADX is the mean of the valid DX values of bars n..2n-1, then ADX = (ADX (n - 1) + DX) / n on bars with a valid
 *   DX (others keep ADX unchanged).
 * Period 1 (DM and DI only) is TA-Lib's unsmoothed special case: DM = DM1 and DI = DM1 / TR1 (a ratio, not a
 * percentage). `close` may be omitted when only the DM outputs are wanted.
 */
export function directionalInto(high: Float64Array, low: Float64Array, close: Float64Array | undefined, period: number, out: DirectionalOutputs): void {
  const n = high.length;
  if (n < 2) return;
  const { plusDM, minusDM, plusDI, minusDI, dx, adx } = out;
  // Only the DI, DX and ADX outputs read the true range, so without a close any series can stand in for it.
  const c = close ?? high;
  if (period === 1) {
    unsmoothedInto(high, low, c, plusDM, minusDM, plusDI, minusDI);
    return;
  }
  const state = new Float64Array(9);
  state[ST_PREV_HIGH] = high[0]!;
  state[ST_PREV_LOW] = low[0]!;
  state[ST_PREV_CLOSE] = c[0]!;
  state[ST_ADX] = NaN;
  const pick = new Float64Array(3); // 0, then the candle's up and down moves (see directionalChunk)
  for (let from = 1; from < n; from += KERNEL_CHUNK) {
    directionalChunk(high, low, c, period, state, pick, from, Math.min(n, from + KERNEL_CHUNK), plusDM, minusDM, plusDI, minusDI, dx, adx);
  }
}

/** Period 1: each bar on its own. */
function unsmoothedInto(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  plusDM: Float64Array | undefined,
  minusDM: Float64Array | undefined,
  plusDI: Float64Array | undefined,
  minusDI: Float64Array | undefined,
): void {
  for (let i = 1; i < high.length; i++) {
    const h = high[i]!;
    const l = low[i]!;
    const d = directionalMove(h, l, high[i - 1]!, low[i - 1]!);
    const tr = trueRange(h, l, close[i - 1]!);
    if (plusDM !== undefined) plusDM[i] = d > 0 ? d : 0;
    if (minusDM !== undefined) minusDM[i] = d < 0 ? -d : 0;
    if (plusDI !== undefined) plusDI[i] = d > 0 && !isZero(tr) ? d / tr : 0;
    if (minusDI !== undefined) minusDI[i] = d < 0 && !isZero(tr) ? -d / tr : 0;
  }
}

/** Bars `from..to-1` of {@link directionalInto} (period > 1), carrying its state in `state` between calls. */
function directionalChunk(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  state: Float64Array,
  pick: Float64Array,
  from: number,
  to: number,
  plusDM: Float64Array | undefined,
  minusDM: Float64Array | undefined,
  plusDI: Float64Array | undefined,
  minusDI: Float64Array | undefined,
  dx: Float64Array | undefined,
  adx: Float64Array | undefined,
): void {
  let prevHigh = state[ST_PREV_HIGH]!;
  let prevLow = state[ST_PREV_LOW]!;
  let prevClose = state[ST_PREV_CLOSE]!;
  let pdm = state[ST_PLUS_DM]!;
  let mdm = state[ST_MINUS_DM]!;
  let tr = state[ST_TRUE_RANGE]!;
  let lastDX = state[ST_LAST_DX]!;
  let sumDX = state[ST_SUM_DX]!;
  let adxValue = state[ST_ADX]!;
  const m = period - 1;
  const adxStart = 2 * period - 1;
  for (let i = from; i < to; i++) {
    const h = high[i]!;
    const l = low[i]!;
    // directionalMove without its branches (a coin flip per candle on market data): the plus move is up when
    // up > 0 and up > down, the minus move down when down > 0 and up < down (never both), else 0, picked by index.
    // Adding the 0 TA-Lib skips is exact (neither sum can be -0), and mdm - (-down) is mdm + down.
    const up = h - prevHigh;
    const down = prevLow - l;
    pick[1] = up;
    pick[2] = down;
    const plus = pick[Number(up > 0) & Number(up > down)]!;
    const minus = pick[2 * (Number(down > 0) & Number(up < down))]!;
    const range = trueRange(h, l, prevClose);
    prevHigh = h;
    prevLow = l;
    prevClose = close[i]!;
    if (i < period) {
      pdm += plus;
      mdm += minus;
      tr += range;
      if (i === m) {
        if (plusDM !== undefined) plusDM[i] = pdm;
        if (minusDM !== undefined) minusDM[i] = mdm;
      }
      continue;
    }
    pdm -= pdm / period;
    mdm -= mdm / period;
    pdm += plus;
    mdm += minus;
    tr = tr - tr / period + range;
    if (plusDM !== undefined) plusDM[i] = pdm;
    if (minusDM !== undefined) minusDM[i] = mdm;
    let valid = false;
    let dxValue = 0;
    if (!isZero(tr)) {
      const pdi = 100 * (pdm / tr);
      const mdi = 100 * (mdm / tr);
      if (plusDI !== undefined) plusDI[i] = pdi;
      if (minusDI !== undefined) minusDI[i] = mdi;
      const sum = mdi + pdi;
      if (!isZero(sum)) {
        dxValue = 100 * (Math.abs(mdi - pdi) / sum);
        valid = true;
      }
    } else {
      if (plusDI !== undefined) plusDI[i] = 0;
      if (minusDI !== undefined) minusDI[i] = 0;
    }
    if (valid) lastDX = dxValue;
    if (dx !== undefined) dx[i] = lastDX;
    if (i <= adxStart) {
      if (valid) sumDX += dxValue;
      if (i === adxStart) adxValue = sumDX / period;
    } else if (valid) {
      adxValue = (adxValue * m + dxValue) / period;
    }
    if (adx !== undefined && i >= adxStart) adx[i] = adxValue;
  }
  state[ST_PREV_HIGH] = prevHigh;
  state[ST_PREV_LOW] = prevLow;
  state[ST_PREV_CLOSE] = prevClose;
  state[ST_PLUS_DM] = pdm;
  state[ST_MINUS_DM] = mdm;
  state[ST_TRUE_RANGE] = tr;
  state[ST_LAST_DX] = lastDX;
  state[ST_SUM_DX] = sumDX;
  state[ST_ADX] = adxValue;
}

/**
 * Streaming {@link directionalInto}: one bar at a time, the same arithmetic in the same order. After each `next`,
 * the public fields hold the bar's +DM, -DM, +DI, -DI, DX and ADX, each NaN during its own warm-up (DX and ADX are
 * meaningful for period >= 2 only). Nested by the PLUS_DM ... ADXR streams, which read the field they need.
 */
export class DirectionalStream extends BaseStream<[number, number, number], number> {
  plusDM = NaN;
  minusDM = NaN;
  plusDI = NaN;
  minusDI = NaN;
  dx = NaN;
  adx = NaN;
  private prevHigh = NaN;
  private prevLow = NaN;
  private prevClose = NaN;
  private pdm = 0;
  private mdm = 0;
  private tr = 0;
  private lastDX = 0;
  private sumDX = 0;
  /** Index of the next bar, capped once every warm-up is over. */
  private bars = 0;

  constructor(readonly period: number) {
    super('DIRECTIONAL', [period]);
    checkParam('DIRECTIONAL', 'period', period, 1, 100000, true);
  }

  /** Commits one bar and returns its index (capped once the warm-up is over); read the outputs from the fields. */
  next(high: number, low: number, close: number): number {
    const i = this.bars;
    const period = this.period;
    const d = directionalMove(high, low, this.prevHigh, this.prevLow);
    const range = trueRange(high, low, this.prevClose);
    this.prevHigh = high;
    this.prevLow = low;
    this.prevClose = close;
    if (i === 0) {
      this.bars = 1;
      return i;
    }
    if (period === 1) {
      this.plusDM = d > 0 ? d : 0;
      this.minusDM = d < 0 ? -d : 0;
      this.plusDI = d > 0 && !isZero(range) ? d / range : 0;
      this.minusDI = d < 0 && !isZero(range) ? -d / range : 0;
      return i;
    }
    if (i < period) {
      if (d > 0) this.pdm += d;
      else if (d < 0) this.mdm -= d;
      this.tr += range;
      if (i === period - 1) {
        this.plusDM = this.pdm;
        this.minusDM = this.mdm;
      }
      return this.bars++;
    }
    let pdm = this.pdm;
    let mdm = this.mdm;
    pdm -= pdm / period;
    mdm -= mdm / period;
    if (d > 0) pdm += d;
    else if (d < 0) mdm -= d;
    const tr = this.tr - this.tr / period + range;
    this.plusDM = this.pdm = pdm;
    this.minusDM = this.mdm = mdm;
    this.tr = tr;
    let valid = false;
    let dxValue = 0;
    if (!isZero(tr)) {
      const pdi = (this.plusDI = 100 * (pdm / tr));
      const mdi = (this.minusDI = 100 * (mdm / tr));
      const sum = mdi + pdi;
      if (!isZero(sum)) {
        dxValue = 100 * (Math.abs(mdi - pdi) / sum);
        valid = true;
      }
    } else {
      this.plusDI = 0;
      this.minusDI = 0;
    }
    if (valid) this.lastDX = dxValue;
    this.dx = this.lastDX;
    const adxStart = 2 * period - 1;
    if (i <= adxStart) {
      if (valid) this.sumDX += dxValue;
      if (i === adxStart) this.adx = this.sumDX / period;
      return this.bars++;
    }
    if (valid) this.adx = (this.adx * (period - 1) + dxValue) / period;
    return i;
  }

  protected override stateRules(): StateRules {
    const { bars, period } = this;
    const seen = bars > 0 ? FINITE : ANY_NUMBER;
    return {
      ...fixed('period'),
      bars: int(0, period === 1 ? 1 : 2 * period),
      prevHigh: seen,
      prevLow: seen,
      prevClose: bars > 0 ? { nan: true } : ANY_NUMBER, // NaN in the DM streams, which read no close (and a NaN is skipped)
      pdm: NON_NEGATIVE,
      mdm: NON_NEGATIVE,
      tr: NON_NEGATIVE,
      // the ADX recursion starts from its seed at bar 2 period - 1, after which the count stops at 2 period
      adx: period > 1 && bars === 2 * period ? FINITE : ANY_NUMBER,
    };
  }
}
