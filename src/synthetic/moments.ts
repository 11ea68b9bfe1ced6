/**
 * The rolling-moment streams behind the rolling statistics and the cross-asset features: O(1) recentered updates
 * over double-double window sums, with restore rules that hold the running state to its own window.
 * @module
 */
import { BaseStream, fixed, int, type StateRules } from '../core/stream.js';
import { ringHead } from '../indicators/state.js';
import { checkFinite, checkStreamArrays, checkWindow } from './inputs.js';
import { coMoment, meanRule, momentRule, runRule, sumRules, windowMoments, windowRules } from './moment-rules.js';

/**
 * The rounding error of `s = a + b` (Knuth's TwoSum): a + b = s + error exactly. Running sums keep it in a second
 * term (a double-double sum), so adding and removing values for ever leaves the sum exact to about 1e-32 relative.
 */
function sumError(a: number, b: number, s: number): number {
  const bb = s - a;
  return a - (s - bb) + (b - bb);
}

/**
 * What the rolling-moment streams share: the window of x values (a ring filled from slot 0) with its double-double
 * running sum, mean and second moment; `next`, which checks its arguments and calls the subclass's `update`; and the
 * restore rules of those fields.
 *
 * @example
 * ```ts
 * const z: MomentWindowStream = new ZScoreStream(20)
 * z.next(Float64Array.of(0.01), new Float64Array(1))
 * ```
 */
export abstract class MomentWindowStream extends BaseStream<[Float64Array, Float64Array], void> {
  protected readonly xs: Float64Array;
  protected head = 0;
  protected count = 0;
  /** Double-double running sum of the window's x values. */
  protected sx = 0;
  protected sxLow = 0;
  protected mx = 0;
  protected cxx = 0;

  protected constructor(
    indicator: string,
    readonly window: number,
  ) {
    super(indicator, [window]);
    checkWindow(window);
    this.xs = new Float64Array(window);
  }

  /**
   * Commits one row of inputs and writes the outputs. Throws `InvalidParameterError` (state unchanged) unless `inputs`
   * and `out` are `Float64Array`s of the stream's width and the inputs are finite (or, before the first complete row,
   * NaN: skipped).
   */
  next(inputs: Float64Array, out: Float64Array): void {
    const width = this.width();
    checkStreamArrays(inputs, out, width);
    checkFinite(this.count > 0, inputs, width, -1);
    this.update(inputs, out);
  }

  /**
   * `next` without the input checks, for values the caller has checked or computed itself (the batch functions, the
   * cross-asset kernels).
   */
  abstract update(inputs: Float64Array, out: Float64Array): void;

  /** Inputs (and outputs) per row. */
  protected abstract width(): 1 | 2;

  /** The window fixed, the ring positions in range, and every running value within rounding of the window's own. */
  protected override stateRules(): StateRules {
    // sizes from the array (a restore has checked its length), not from fields the rules are about to check
    const { count, xs } = this;
    const n = xs.length;
    const x = windowMoments(xs, count);
    const sx = sumRules(x, this.sxLow);
    return {
      ...fixed('window'),
      count: int(0, n),
      head: ringHead(count, n, n),
      xs: windowRules(n, count),
      sxLow: sx.low,
      sx: sx.high,
      mx: meanRule(x, this.sxLow),
      cxx: momentRule(x.m2, x, x),
    };
  }
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
 * complete pair, inputs must be finite (`next` throws `InvalidParameterError` otherwise, and the state is unchanged).
 * A restore (`fromJSON`) checks the state against its own window: ring positions, run lengths, sums and co-moments
 * (within rounding), so a tampered state is a `StateError`.
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
export class CoMomentsStream extends MomentWindowStream {
  private readonly ys: Float64Array;
  /** Double-double running sum of the window's y values. */
  private sy = 0;
  private syLow = 0;
  private my = 0;
  private cyy = 0;
  private cxy = 0;
  /** Lengths of the current runs of equal x and equal y values. */
  private runX = 0;
  private runY = 0;

  constructor(window: number) {
    super('synthetic:comoments', window);
    this.ys = new Float64Array(window);
  }

  /** Commits the pair `inputs[0]`, `inputs[1]`; writes the correlation to `out[0]` and the beta to `out[1]`. */
  override update(inputs: Float64Array, out: Float64Array): void {
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

  protected width(): 2 {
    return 2;
  }

  /** The x side's rules, the same for y, the runs as the windows show them, and the co-moment. */
  protected override stateRules(): StateRules {
    const { count, head, xs, ys } = this;
    const n = ys.length;
    const x = windowMoments(xs, count);
    const y = windowMoments(ys, count);
    const sy = sumRules(y, this.syLow);
    return {
      ...super.stateRules(),
      ys: windowRules(n, count),
      runX: runRule(xs, head, count, n),
      runY: runRule(ys, head, count, n),
      syLow: sy.low,
      sy: sy.high,
      my: meanRule(y, this.syLow),
      cyy: momentRule(y.m2, y, y),
      cxy: momentRule(coMoment(xs, ys, count, x, y), x, y),
    };
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
export class ZScoreStream extends MomentWindowStream {
  /** Length of the current run of equal values. */
  private run = 0;

  constructor(window: number) {
    super('synthetic:zscore', window);
  }

  /** Commits `inputs[0]`; writes its z-score to `out[0]`. */
  override update(inputs: Float64Array, out: Float64Array): void {
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

  protected width(): 1 {
    return 1;
  }

  /** The x side's rules and the run as the window shows it. */
  protected override stateRules(): StateRules {
    return { ...super.stateRules(), run: runRule(this.xs, this.head, this.count, this.xs.length) };
  }
}

