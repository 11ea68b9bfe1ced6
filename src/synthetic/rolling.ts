import { InvalidParameterError, LengthMismatchError } from '../core/errors.js';
import { BaseStream } from '../core/stream.js';

/** Throws unless `window` is an integer >= 2 (a one-value window has no variance). */
export function checkWindow(window: number, parameter = 'window'): void {
  if (!Number.isInteger(window) || window < 2) throw new InvalidParameterError(parameter, `must be an integer >= 2, got ${window}`);
}

/**
 * The rounding error of `s = a + b` (Knuth's TwoSum): a + b = s + error exactly. Running sums keep it in a second
 * term (a double-double sum), so adding and removing values for ever leaves the sum exact to about 1e-32 relative.
 */
function sumError(a: number, b: number, s: number): number {
  const bb = s - a;
  return a - (s - bb) + (b - bb);
}

/**
 * Rolling first and second co-moments of a pair of series over the last `window` pairs, updated in O(1) per pair,
 * and their Pearson correlation and beta (kernel stream: `next([x, y], out)` writes `out[0]` = correlation,
 * `out[1]` = beta of x on y).
 *
 * The update is recentered (Welford's algorithm, slid over the window), never raw sums of squares, so prices and
 * log-price spreads far from 0 lose no precision, and the window sums behind the means are double-double (TwoSum)
 * running sums, so the means do not drift however long the stream runs. With S the running sums, m = S / k and
 * co-moments C = Σ (x - m_x)(y - m_y), after S has taken in the new pair (m' the new means, m the old ones):
 *
 * - while filling (k = 1..n pairs): C_xy += (x - m_x)(y - m_y'), C_xx += (x - m_x)(x - m_x');
 * - once full, replacing the oldest pair (x_o, y_o) by (x, y), with dx = x - x_o, dy = y - y_o:
 *   C_xy' = C_xy + dx (y - m_y') + dy (x_o - m_x), C_xx' = C_xx + dx (x - m_x' + x_o - m_x) (likewise C_yy).
 *
 * Every update is O(1): the add and the remove happen in the same order in batch and in streaming (batch runs this
 * class), so the two are bit-identical.
 *
 * Flat windows are detected exactly, not by a tolerance: the stream counts how many consecutive values are equal, and
 * when the last n values of x are all equal it sets m_x = x, C_xx = 0, C_xy = 0 exactly (likewise for y), which also
 * clears the rounding accumulated in the co-moments so far.
 *
 * - correlation r = C_xy / (sqrt(C_xx) sqrt(C_yy)), clamped to [-1, 1]; **NaN when either window is constant** (zero
 *   variance: r is undefined), and NaN if a computed C_xx or C_yy is not positive;
 * - beta = C_xy / C_yy (population and sample moments give the same ratio); **NaN when y's window is constant** (or
 *   C_yy <= 0); exactly 0 when only x's window is constant.
 *
 * Never Infinity. NaN before `window` pairs. Leading pairs with a NaN (an input's warm-up) are skipped; after the first
 * complete pair, inputs must be finite.
 *
 * Reference: B. P. Welford, "Note on a method for calculating corrected sums of squares and products",
 * Technometrics 4(3), 1962; D. E. Knuth, TAOCP vol. 2, 4.2.2 (TwoSum); Pearson (1895).
 *
 * @example
 * ```ts
 * const s = new CoMomentsStream(20)
 * const out = new Float64Array(2)
 * s.next(Float64Array.of(rEth, rBtc), out) // out[0] correlation, out[1] beta of ETH on BTC
 * ```
 */
export class CoMomentsStream extends BaseStream<[Float64Array, Float64Array], void> {
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private head = 0;
  private count = 0;
  /** Double-double running sums of the window's x and y values. */
  private sx = 0;
  private sxLow = 0;
  private sy = 0;
  private syLow = 0;
  private mx = 0;
  private my = 0;
  private cxx = 0;
  private cyy = 0;
  private cxy = 0;
  /** Lengths of the current runs of equal x and equal y values. */
  private runX = 0;
  private runY = 0;

  constructor(readonly window: number) {
    super('synthetic:comoments', [window]);
    checkWindow(window);
    this.xs = new Float64Array(window);
    this.ys = new Float64Array(window);
  }

  /** Commits the pair `inputs[0]`, `inputs[1]`; writes the correlation to `out[0]` and the beta to `out[1]`. */
  next(inputs: Float64Array, out: Float64Array): void {
    const x = inputs[0]!;
    const y = inputs[1]!;
    if (this.count === 0 && (Number.isNaN(x) || Number.isNaN(y))) {
      out[0] = NaN;
      out[1] = NaN;
      return;
    }
    const n = this.window;
    const h = this.head;
    const prev = h === 0 ? n - 1 : h - 1;
    const filled = this.count > 0;
    const full = this.count === n;
    const mx = this.mx;
    const my = this.my;
    let s = this.sx + x;
    this.sxLow += sumError(this.sx, x, s);
    this.sx = s;
    s = this.sy + y;
    this.syLow += sumError(this.sy, y, s);
    this.sy = s;
    if (full) {
      const xo = this.xs[h]!;
      const yo = this.ys[h]!;
      s = this.sx - xo;
      this.sxLow += sumError(this.sx, -xo, s);
      this.sx = s;
      s = this.sy - yo;
      this.syLow += sumError(this.sy, -yo, s);
      this.sy = s;
      const mx1 = (this.sx + this.sxLow) / n;
      const my1 = (this.sy + this.syLow) / n;
      const dx = x - xo;
      const dy = y - yo;
      this.cxx += dx * (x - mx1 + (xo - mx));
      this.cyy += dy * (y - my1 + (yo - my));
      this.cxy += dx * (y - my1) + dy * (xo - mx);
      this.mx = mx1;
      this.my = my1;
    } else {
      const k = ++this.count;
      const mx1 = (this.sx + this.sxLow) / k;
      const my1 = (this.sy + this.syLow) / k;
      this.cxx += (x - mx) * (x - mx1);
      this.cyy += (y - my) * (y - my1);
      this.cxy += (x - mx) * (y - my1);
      this.mx = mx1;
      this.my = my1;
    }
    this.runX = filled && x === this.xs[prev] ? this.runX + 1 : 1;
    this.runY = filled && y === this.ys[prev] ? this.runY + 1 : 1;
    this.xs[h] = x;
    this.ys[h] = y;
    this.head = h + 1 === n ? 0 : h + 1;
    if (this.runX >= n) {
      this.mx = x;
      this.cxx = 0;
      this.cxy = 0;
    }
    if (this.runY >= n) {
      this.my = y;
      this.cyy = 0;
      this.cxy = 0;
    }
    if (this.count < n) {
      out[0] = NaN;
      out[1] = NaN;
      return;
    }
    const { cxx, cyy, cxy } = this;
    out[0] = cxx > 0 && cyy > 0 ? clamp(cxy / (Math.sqrt(cxx) * Math.sqrt(cyy))) : NaN;
    out[1] = cyy > 0 ? cxy / cyy : NaN;
  }
}

function clamp(r: number): number {
  return r > 1 ? 1 : r < -1 ? -1 : r;
}

/**
 * Rolling z-score of a series over the last `window` values (kernel stream: `next([x], out)` writes
 * `out[0]` = (x - mean) / sd), where mean and the population standard deviation sd = sqrt(Σ (x_j - mean)² / n) are
 * those of the window including x. The O(1) double-double sum, recentered update and exact flat-window rule of
 * {@link CoMomentsStream}: **NaN when the window is constant** (sd = 0), never Infinity; NaN before `window` values;
 * leading NaNs skipped.
 *
 * Reference: Welford (1962).
 *
 * @example
 * ```ts
 * const z = new ZScoreStream(100)
 * const out = new Float64Array(1)
 * z.next(Float64Array.of(Math.log(eth) - Math.log(btc)), out) // out[0]: z-score of the log spread
 * ```
 */
export class ZScoreStream extends BaseStream<[Float64Array, Float64Array], void> {
  private readonly xs: Float64Array;
  private head = 0;
  private count = 0;
  private sx = 0;
  private sxLow = 0;
  private mx = 0;
  private cxx = 0;
  private run = 0;

  constructor(readonly window: number) {
    super('synthetic:zscore', [window]);
    checkWindow(window);
    this.xs = new Float64Array(window);
  }

  /** Commits `inputs[0]`; writes its z-score to `out[0]`. */
  next(inputs: Float64Array, out: Float64Array): void {
    const x = inputs[0]!;
    if (this.count === 0 && Number.isNaN(x)) {
      out[0] = NaN;
      return;
    }
    const n = this.window;
    const h = this.head;
    const mx = this.mx;
    this.run = this.count > 0 && x === this.xs[h === 0 ? n - 1 : h - 1] ? this.run + 1 : 1;
    let s = this.sx + x;
    this.sxLow += sumError(this.sx, x, s);
    this.sx = s;
    if (this.count === n) {
      const xo = this.xs[h]!;
      s = this.sx - xo;
      this.sxLow += sumError(this.sx, -xo, s);
      this.sx = s;
      const mx1 = (this.sx + this.sxLow) / n;
      this.cxx += (x - xo) * (x - mx1 + (xo - mx));
      this.mx = mx1;
    } else {
      const k = ++this.count;
      const mx1 = (this.sx + this.sxLow) / k;
      this.cxx += (x - mx) * (x - mx1);
      this.mx = mx1;
    }
    this.xs[h] = x;
    this.head = h + 1 === n ? 0 : h + 1;
    if (this.run >= n) {
      this.mx = x;
      this.cxx = 0;
    }
    out[0] = this.count === n && this.cxx > 0 ? (x - this.mx) / Math.sqrt(this.cxx / n) : NaN;
  }
}

function checkPair(x: Float64Array, y: Float64Array): void {
  if (!(x instanceof Float64Array)) throw new InvalidParameterError('x', 'expected a Float64Array');
  if (!(y instanceof Float64Array)) throw new InvalidParameterError('y', 'expected a Float64Array');
  if (x.length !== y.length) throw new LengthMismatchError(`x has ${x.length} values, y has ${y.length}`);
}

/** Leading NaNs are a warm-up; after it every value must be finite. Returns whether the warm-up is over. */
function checkFinite(started: boolean, row: Float64Array, i: number): boolean {
  let nan = false;
  for (let j = 0; j < row.length; j++) {
    const v = row[j]!;
    if (Number.isFinite(v)) continue;
    if (!Number.isNaN(v) || started) throw new InvalidParameterError(j === 0 ? 'x' : 'y', `${v} at index ${i} (only leading NaNs are allowed)`);
    nan = true;
  }
  return started || !nan;
}

/** Runs a two-output co-moment stream over whole series; returns output `which` (0 correlation, 1 beta). */
function comoments(x: Float64Array, y: Float64Array, window: number, which: 0 | 1): Float64Array {
  checkWindow(window);
  checkPair(x, y);
  const s = new CoMomentsStream(window);
  const ins = new Float64Array(2);
  const o = new Float64Array(2);
  const out = new Float64Array(x.length);
  let started = false;
  for (let i = 0; i < x.length; i++) {
    ins[0] = x[i]!;
    ins[1] = y[i]!;
    started = checkFinite(started, ins, i);
    s.next(ins, o);
    out[i] = o[which]!;
  }
  return out;
}

/**
 * Rolling Pearson correlation of `x` and `y` over the last `window` pairs (see {@link CoMomentsStream} for the
 * O(1) update and the flat-window rule: NaN when either window is constant, never Infinity).
 *
 * @example
 * ```ts
 * rollingCorrelation(new Float64Array([1, 2, 3, 3]), new Float64Array([2, 4, 7, 7]), 3)
 * // [NaN, NaN, 0.9933992677987827, 0.9999999999999996] (the last window is exactly linear: r = 1 up to rounding)
 * ```
 */
export function rollingCorrelation(x: Float64Array, y: Float64Array, window: number): Float64Array {
  return comoments(x, y, window, 0);
}

/**
 * Rolling beta of `x` on `y` over the last `window` pairs: cov(x, y) / var(y) (see {@link CoMomentsStream}:
 * NaN when y's window is constant, 0 when only x's is).
 *
 * @example
 * ```ts
 * rollingBeta(new Float64Array([2, 4, 6]), new Float64Array([1, 2, 3]), 2) // [NaN, 2, 2]
 * ```
 */
export function rollingBeta(x: Float64Array, y: Float64Array, window: number): Float64Array {
  return comoments(x, y, window, 1);
}

/**
 * Rolling z-score over the last `window` values, (x - mean) / population sd (see {@link ZScoreStream}: NaN on a
 * constant window).
 *
 * @example
 * ```ts
 * rollingZScore(new Float64Array([1, 2, 3, 3, 3]), 3) // [NaN, NaN, 1.224744871391589, 0.7071067811865477, NaN] (the last window is constant)
 * ```
 */
export function rollingZScore(x: Float64Array, window: number): Float64Array {
  checkWindow(window);
  if (!(x instanceof Float64Array)) throw new InvalidParameterError('x', 'expected a Float64Array');
  const s = new ZScoreStream(window);
  const ins = new Float64Array(1);
  const o = new Float64Array(1);
  const out = new Float64Array(x.length);
  let started = false;
  for (let i = 0; i < x.length; i++) {
    ins[0] = x[i]!;
    started = checkFinite(started, ins, i);
    s.next(ins, o);
    out[i] = o[0]!;
  }
  return out;
}
