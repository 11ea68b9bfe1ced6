/**
 * The restore rules of the rolling-moment streams (`CoMomentsStream`, `ZScoreStream`): everything they keep besides
 * their window of values is derived from that window, so a restored state must agree with its own window. The
 * running sums and co-moments are compared with the window's, recomputed, within a tolerance far above the rounding
 * a stream accumulates (1e-3 of the centered moment), so a tampered sum, mean, moment or run length is a
 * `StateError` instead of an offset or a NaN carried for ever.
 *
 * The bound of that rounding: each update rounds the co-moments by about 2e-16 of their size then, and the rounding
 * stays when the moments shrink. So a stream whose input variance has fallen more than about 1e10-fold within a few
 * hundred updates (far beyond a market's calm after a crash, about 1e4) can carry more than 1e-3 of its current
 * moment as rounding, and its state is refused: such a stream has lost its accuracy already (recompute it from the
 * history).
 *
 * The rounding a running value carries comes from every window it has seen, not only the current one: the low word
 * of a running sum, for one, can be as large as the current window's values (or larger, once they are 0). So the
 * low word is only required to be finite, and the tolerances include the running values' own magnitude.
 *
 * Rules are computed from the values being restored, before any is checked: every helper here takes sizes from the
 * arrays (whose lengths a restore has checked) and clamps counts to them, so a tampered count or window can neither
 * allocate nor loop without bound.
 * @module
 */
import { FINITE, int, within, type FieldRule } from '../core/stream.js';

/** Tolerance of the recomputed moments: a share of the centered moment, and a floor for (nearly) flat windows. */
const MOMENT_SHARE = 1e-3;
const FLAT_FLOOR = 1e-16;
/** Tolerance of a running sum (double-double) against the window's plain sum, as a share of Σ|x|. */
const SUM_SHARE = 1e-9;
/** ... plus a share of its low word, whose own additions round (about 2e-16 of it per update). */
const LOW_SHARE = 1e-6;

/** The sums of the first `count` values of a window, the values a restore compares the running state with. */
export interface WindowMoments {
  /** The values counted (the count restored, at most the window). */
  readonly count: number;
  /** Σ x, Σ |x|, the mean (0 for an empty window), max |x|. */
  readonly sum: number;
  readonly abs: number;
  readonly mean: number;
  readonly max: number;
  /** Σ (x - mean)². */
  readonly m2: number;
}

/**
 * The moments of the values in slots 0 .. count - 1 of `xs` (a ring is filled from slot 0, so while it fills these
 * are its values, and once full, all of them).
 *
 * @example
 * ```ts
 * windowMoments(Float64Array.of(1, 2, 3, 0), 3) // => { count: 3, sum: 6, abs: 6, mean: 2, max: 3, m2: 2 }
 * ```
 */
export function windowMoments(xs: Float64Array, count: number): WindowMoments {
  count = Math.min(count, xs.length); // a tampered count is checked by its own rule
  let sum = 0;
  let abs = 0;
  let max = 0;
  for (let j = 0; j < count; j++) {
    sum += xs[j]!;
    abs += Math.abs(xs[j]!);
    max = Math.max(max, Math.abs(xs[j]!));
  }
  const mean = count > 0 ? sum / count : 0;
  let m2 = 0;
  for (let j = 0; j < count; j++) m2 += (xs[j]! - mean) ** 2;
  return { count, sum, abs, mean, max, m2 };
}

/**
 * Σ (x - x̄)(y - ȳ) over the first `count` slots of two windows, with their moments.
 *
 * @example
 * ```ts
 * const x = Float64Array.of(1, 2, 3), y = Float64Array.of(2, 4, 6)
 * coMoment(x, y, 3, windowMoments(x, 3), windowMoments(y, 3)) // => 4
 * ```
 */
export function coMoment(xs: Float64Array, ys: Float64Array, count: number, x: WindowMoments, y: WindowMoments): number {
  count = Math.min(count, xs.length, ys.length);
  let c = 0;
  for (let j = 0; j < count; j++) c += (xs[j]! - x.mean) * (ys[j]! - y.mean);
  return c;
}

/**
 * The rules of a window's values: finite in the `count` filled slots, exactly 0 (as constructed) in the others.
 *
 * @example
 * ```ts
 * windowRules(4, 2) // => [FINITE, FINITE, within(0, 0), within(0, 0)]
 * ```
 */
export function windowRules(size: number, count: number): FieldRule[] {
  return Array.from({ length: size }, (_, j) => (j < count ? FINITE : within(0, 0)));
}

/** How far a running sum whose low word is `low` may be from the window's plain sum. */
function sumTolerance(m: WindowMoments, low: number): number {
  return SUM_SHARE * m.abs + LOW_SHARE * Math.abs(low);
}

/**
 * The rules of the running sum `sum` + `low` (a double-double) of a window with moments `m`: the low word finite
 * (it carries the rounding of every earlier window), the high word within rounding of the window's sum minus it.
 *
 * @example
 * ```ts
 * sumRules(windowMoments(Float64Array.of(1, 2), 2), 0) // => { low: FINITE, high: within(3 - 3e-9, 3 + 3e-9) }
 * ```
 */
export function sumRules(m: WindowMoments, low: number): { low: FieldRule; high: FieldRule } {
  return { low: FINITE, high: near(m.sum - low, sumTolerance(m, low)) };
}

/**
 * The rule of a running mean, (sum + low) / count: within rounding of the window's mean.
 *
 * @example
 * ```ts
 * meanRule(windowMoments(Float64Array.of(1, 2), 2), 0) // => within(1.5 - 1.5e-9, 1.5 + 1.5e-9)
 * ```
 */
export function meanRule(m: WindowMoments, low: number): FieldRule {
  return near(m.mean, m.count > 0 ? sumTolerance(m, low) / m.count : 0);
}

/**
 * The rule of a running co-moment Σ (x - x̄)(y - ȳ) whose recomputed value is `value`: within {@link MOMENT_SHARE}
 * of the geometric mean of the two centered moments, plus a floor for windows flat up to rounding. (A running second
 * moment of a nearly flat window may be a rounding below 0: a stream gives NaN for it, and so may a restored one.)
 *
 * @example
 * ```ts
 * const m = windowMoments(Float64Array.of(1, 2, 3), 3)
 * momentRule(m.m2, m, m) // => within(1.998, 2.002)
 * ```
 */
export function momentRule(value: number, x: WindowMoments, y: WindowMoments): FieldRule {
  return near(value, MOMENT_SHARE * Math.sqrt(x.m2 * y.m2) + FLAT_FLOOR * x.count * x.max * y.max);
}

/**
 * The rule of a run length (the count of equal values ending with the newest): the run the window shows, exactly,
 * when it shows its start (a differing value in the window, or a window still filling); at least the window when all
 * of it is one run (the run may have begun before it).
 *
 * @example
 * ```ts
 * runRule(Float64Array.of(3, 1, 1), 0, 3, 3) // => int(2, 2): the newest values (slots 2, 1) are equal, slot 0 differs
 * runRule(Float64Array.of(1, 1, 1), 0, 3, 3) // => int(3, 2 ** 53 - 1)
 * ```
 */
export function runRule(xs: Float64Array, head: number, count: number, size: number): FieldRule {
  if (count === 0) return int(0, 0);
  count = Math.min(count, size); // a tampered count is checked by its own rule
  const newest = (head + size - 1) % size;
  let run = 1;
  while (run < count && xs[(newest - run + size) % size] === xs[newest]) run++;
  return run < count || count < size ? int(run, run) : int(size, Number.MAX_SAFE_INTEGER);
}

function near(value: number, tol: number): FieldRule {
  return within(value - tol, value + tol);
}
