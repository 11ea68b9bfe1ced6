import { ANY_NUMBER, BaseStream, FINITE, FIXED, int, within, type StateRules } from '../../core/stream.js';
import { checkHL } from '../input.js';
import type { Candle } from '../../core/types.js';

// Slots of the configuration array.
const START = 0;
const OFFSET = 1;
const INIT_LONG = 2;
const STEP_LONG = 3;
const MAX_LONG = 4;
const INIT_SHORT = 5;
const STEP_SHORT = 6;
const MAX_SHORT = 7;
const SIGNED = 8;
// Slots of the state array.
const COUNT = 0;
const IS_LONG = 1;
const SAR = 2;
const EP = 3;
const AF_LONG = 4;
const AF_SHORT = 5;
const PREV_HIGH = 6;
const PREV_LOW = 7;

/**
 * The configuration of the parabolic SAR engine, as TA-Lib's `TA_SAREXT` takes it (`TA_SAR` is the special case
 * start 0, offset 0, the same factors both ways, unsigned output). Initial factors and steps above their maximum
 * are lowered to it, as TA-Lib does.
 */
export function sarConfig(
  startValue: number,
  offsetOnReverse: number,
  initLong: number,
  stepLong: number,
  maxLong: number,
  initShort: number,
  stepShort: number,
  maxShort: number,
  signed: boolean,
): Float64Array {
  return Float64Array.of(
    startValue,
    offsetOnReverse,
    initLong > maxLong ? maxLong : initLong,
    stepLong > maxLong ? maxLong : stepLong,
    maxLong,
    initShort > maxShort ? maxShort : initShort,
    stepShort > maxShort ? maxShort : stepShort,
    maxShort,
    signed ? 1 : 0,
  );
}

/** A fresh engine state for `config`: no bar seen yet. */
function sarState(config: Float64Array): Float64Array {
  const s = new Float64Array(8);
  s[IS_LONG] = 1;
  s[SAR] = s[EP] = s[PREV_HIGH] = s[PREV_LOW] = NaN;
  s[AF_LONG] = config[INIT_LONG]!;
  s[AF_SHORT] = config[INIT_SHORT]!;
  return s;
}

/**
 * Runs the parabolic SAR engine shared by SAR and SAREXT over bars `from .. to - 1`, exactly as TA-Lib's
 * `TA_SAREXT`, writing each bar's SAR into `out` (NaN for bar 0) and carrying the engine state in `s`: the batch
 * kernel runs it once over the series, the streams once per bar, so both execute the very same arithmetic.
 *
 * - Start (bar 1): with start value 0 the trade is short iff the -DM of bars 0-1 is positive (ties go long), the
 *   SAR is bar 0's low (long) or high (short) and the extreme point bar 1's high or low; a positive / negative
 *   start value starts long / short with the SAR at |start|. Bar 1 is its own previous bar.
 * - Each bar: if the low (long) or high (short) penetrates the SAR, the trade reverses: the SAR becomes the extreme
 *   point, pushed outside both bars' ranges, moved by the reversal offset (SAR x (1 ± offset)), and is the output;
 *   the factor restarts at its initial value and the extreme point is this bar's low or high. Otherwise the output
 *   is the SAR and a new extreme raises the factor by its step up to its maximum. Then
 *   SAR += af (EP - SAR), clamped so that it does not enter the range of this bar or the previous one.
 * - Signed configurations output short SARs negated (SAREXT's convention).
 */
function sarRun(c: Float64Array, s: Float64Array, high: Float64Array, low: Float64Array, from: number, to: number, out: Float64Array): void {
  const offset = c[OFFSET]!;
  const signed = c[SIGNED] === 1;
  const initLong = c[INIT_LONG]!;
  const stepLong = c[STEP_LONG]!;
  const maxLong = c[MAX_LONG]!;
  const initShort = c[INIT_SHORT]!;
  const stepShort = c[STEP_SHORT]!;
  const maxShort = c[MAX_SHORT]!;
  let count = s[COUNT]!;
  let isLong = s[IS_LONG] === 1;
  let sar = s[SAR]!;
  let ep = s[EP]!;
  let afLong = s[AF_LONG]!;
  let afShort = s[AF_SHORT]!;
  let prevHigh = s[PREV_HIGH]!;
  let prevLow = s[PREV_LOW]!;
  for (let i = from; i < to; i++) {
    const h = high[i]!;
    const l = low[i]!;
    if (count < 2) {
      if (count++ === 0) {
        prevHigh = h;
        prevLow = l;
        out[i] = NaN;
        continue;
      }
      const start = c[START]!;
      if (start === 0) {
        const diffPlus = h - prevHigh;
        const diffMinus = prevLow - l;
        isLong = !(diffMinus > 0 && diffPlus < diffMinus);
        sar = isLong ? prevLow : prevHigh;
      } else {
        isLong = start > 0;
        sar = Math.abs(start);
      }
      ep = isLong ? h : l;
      prevHigh = h;
      prevLow = l;
    }
    const ph = prevHigh;
    const pl = prevLow;
    prevHigh = h;
    prevLow = l;
    if (isLong) {
      if (l <= sar) {
        isLong = false;
        sar = ep;
        if (sar < ph) sar = ph;
        if (sar < h) sar = h;
        if (offset !== 0) sar += sar * offset;
        out[i] = signed ? -sar : sar;
        afShort = initShort;
        ep = l;
        sar = sar + afShort * (ep - sar);
        if (sar < ph) sar = ph;
        if (sar < h) sar = h;
      } else {
        out[i] = sar;
        if (h > ep) {
          ep = h;
          afLong += stepLong;
          if (afLong > maxLong) afLong = maxLong;
        }
        sar = sar + afLong * (ep - sar);
        if (sar > pl) sar = pl;
        if (sar > l) sar = l;
      }
    } else if (h >= sar) {
      isLong = true;
      sar = ep;
      if (sar > pl) sar = pl;
      if (sar > l) sar = l;
      if (offset !== 0) sar -= sar * offset;
      out[i] = sar;
      afLong = initLong;
      ep = h;
      sar = sar + afLong * (ep - sar);
      if (sar > pl) sar = pl;
      if (sar > l) sar = l;
    } else {
      out[i] = signed ? -sar : sar;
      if (l < ep) {
        ep = l;
        afShort += stepShort;
        if (afShort > maxShort) afShort = maxShort;
      }
      sar = sar + afShort * (ep - sar);
      if (sar < ph) sar = ph;
      if (sar < h) sar = h;
    }
  }
  s[COUNT] = count;
  s[IS_LONG] = isLong ? 1 : 0;
  s[SAR] = sar;
  s[EP] = ep;
  s[AF_LONG] = afLong;
  s[AF_SHORT] = afShort;
  s[PREV_HIGH] = prevHigh;
  s[PREV_LOW] = prevLow;
}

/** Runs the engine configured by `config` over a whole series (index 0 stays NaN). */
export function parabolicSarInto(high: Float64Array, low: Float64Array, config: Float64Array, out: Float64Array): void {
  if (high.length < 2) return;
  sarRun(config, sarState(config), high, low, 0, high.length, out);
}

/** The stream shared by SAR and SAREXT: a configuration and a state array driven by {@link sarRun}, one bar at a time. */
export abstract class ParabolicSarStream extends BaseStream<[Pick<Candle, 'high' | 'low'>], number> {
  private readonly state: Float64Array;
  /** The bar being committed and its SAR, as one-element series for {@link sarRun}. */
  private readonly high = new Float64Array(1);
  private readonly low = new Float64Array(1);
  private readonly value = new Float64Array(1);

  protected constructor(
    indicator: string,
    args: readonly number[],
    private readonly config: Float64Array,
  ) {
    super(indicator, args);
    this.state = sarState(config);
  }

  next(c: Pick<Candle, 'high' | 'low'>): number {
    checkHL(c, this.indicator);
    this.high[0] = c.high;
    this.low[0] = c.low;
    sarRun(this.config, this.state, this.high, this.low, 0, 1, this.value);
    return this.value[0]!;
  }

  protected override stateRules(): StateRules {
    const count = this.state[COUNT]!;
    const started = count === 2 ? FINITE : ANY_NUMBER;
    const seen = count >= 1 ? FINITE : ANY_NUMBER;
    const state = [int(0, 2), int(0, 1), started, started, within(0, this.config[MAX_LONG]!), within(0, this.config[MAX_SHORT]!), seen, seen];
    return { config: FIXED, state, value: ANY_NUMBER };
  }
}
