import { InvalidParameterError } from '../core/errors.js';
import { checkOptions } from '../core/options.js';
import { describeValue } from '../core/describe.js';
import { checkInteger, checkNumber } from './checks.js';

/**
 * One train/test split: sorted row indices. Both arrays are built when read, a fresh `Int32Array` on each read
 * (O(rows) time, nothing kept), so a list of splits costs O(number of splits) memory however large `n` is: read
 * each once, as in `for (const { train, test } of splits)`.
 */
export interface Split {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

/** The option every splitter takes: the label intervals to purge by. */
export interface PurgeOptions {
  /**
   * End index of each sample's label interval [t, t1[t]] (from the labelers): NaN (unlabeled, never used) or an
   * integer >= t. Training samples whose interval overlaps a test fold are purged. Default: t1[t] = t. Copied when
   * the splits are made, so later changes to the array do not move them.
   */
  t1?: Float64Array;
}

/** Options of {@link walkForwardSplits}. An unknown key is an error; so is `embargo` (see there). */
export interface WalkForwardOptions extends PurgeOptions {
  /** Number of rows (at most 2^31 - 1, the Int32Array index range). */
  n: number;
  /** Rows in each test window. */
  testSize: number;
  /** Rows in the first training window (and in every one for the rolling mode). */
  trainSize: number;
  /** 'expanding' (training grows from row 0, default) or 'rolling' (fixed-size training window). */
  mode?: 'expanding' | 'rolling';
  /** Rows between consecutive test windows. Default testSize. */
  step?: number;
}

/** Largest row count: indices are Int32Array entries. */
const MAX_ROWS = 2 ** 31 - 1;
/** Most splits one call makes (65 MB of split objects, 0.4 s). */
const MAX_SPLITS = 1_000_000;

/** Validates `t1` (NaN or an integer >= its row, one per row) and returns a private copy; undefined stays undefined. */
function labelEnds(n: number, t1: Float64Array | undefined): Float64Array | undefined {
  if (t1 === undefined) return undefined;
  if (!(t1 instanceof Float64Array) || t1.length !== n) throw new InvalidParameterError('t1', `expected a Float64Array of length ${n}, got ${describeValue(t1)}`);
  for (let i = 0; i < n; i++) {
    const e = t1[i]!;
    if (Number.isNaN(e)) continue;
    if (!Number.isInteger(e)) throw new InvalidParameterError(`t1[${i}]`, `must be NaN (unlabeled) or an integer row index, got ${e}`, { index: i, value: e });
    if (e < i) throw new InvalidParameterError(`t1[${i}]`, `a label cannot end (${e}) before its start (${i})`, { index: i, value: e });
  }
  return t1.slice();
}

/**
 * Rows i in [from, to) whose label ends before `before` (ends[i] < before; i itself when `ends` is undefined).
 * Unlabeled rows (NaN) never qualify; with `before = Infinity` this is every labeled row of the range.
 */
function endingBefore(from: number, to: number, before: number, ends: Float64Array | undefined): Int32Array {
  const rows = new Int32Array(Math.max(0, to - from));
  let k = 0;
  for (let i = from; i < to; i++) if ((ends === undefined ? i : ends[i]!) < before) rows[k++] = i; // false for NaN
  return k === rows.length ? rows : rows.slice(0, k);
}

/**
 * A split held as row windows and built on each read: train = the rows of [from, testStart) whose labels end before
 * testStart, then the labeled rows of [resume, n); test = the labeled rows of [testStart, testEnd). `train` and
 * `test` are own enumerable getters (so spread, `toEqual` and deep clones see the arrays); the windows are
 * private. About 65 bytes a split.
 */
class LazySplit {
  declare readonly train: Int32Array;
  declare readonly test: Int32Array;
  readonly #ends: Float64Array | undefined;
  readonly #from: number;
  readonly #testStart: number;
  readonly #testEnd: number;
  readonly #resume: number;
  readonly #n: number;

  static readonly #TRAIN: PropertyDescriptor = {
    enumerable: true,
    get(this: LazySplit): Int32Array {
      const before = endingBefore(this.#from, this.#testStart, this.#testStart, this.#ends);
      if (this.#resume >= this.#n) return before;
      const rest = endingBefore(this.#resume, this.#n, Infinity, this.#ends);
      const rows = new Int32Array(before.length + rest.length);
      rows.set(before);
      rows.set(rest, before.length);
      return rows;
    },
  };

  static readonly #TEST: PropertyDescriptor = {
    enumerable: true,
    get(this: LazySplit): Int32Array {
      return endingBefore(this.#testStart, this.#testEnd, Infinity, this.#ends);
    },
  };

  constructor(ends: Float64Array | undefined, from: number, testStart: number, testEnd: number, resume: number, n: number) {
    this.#ends = ends;
    this.#from = from;
    this.#testStart = testStart;
    this.#testEnd = testEnd;
    this.#resume = resume;
    this.#n = n;
    Object.defineProperty(this, 'train', LazySplit.#TRAIN);
    Object.defineProperty(this, 'test', LazySplit.#TEST);
  }
}

function checkSplitCount(count: number): void {
  if (count > MAX_SPLITS) throw new InvalidParameterError('options', `${count} splits is more than the ${MAX_SPLITS} one call makes: raise step or testSize`);
}

/** Walk-forward and the holdout train only on rows before the test rows: no training row follows them to embargo. */
function rejectEmbargo(options: object): void {
  if ('embargo' in options) {
    throw new InvalidParameterError('options.embargo', 'every training row precedes the test rows here, so an embargo after them would drop nothing (purging by t1 applies); use purgedKFoldSplits for an embargo');
  }
}

/**
 * Walk-forward splits in time order: train on the past, test on the next window, move on. Split j tests the rows
 * of [s, s + testSize) with s = trainSize + j * step, j = 0 .. floor((n - trainSize - testSize) / step), and trains
 * on the rows of [0, s) ('expanding') or [s - trainSize, s) ('rolling') whose label interval [i, t1[i]] ends
 * before s (purging: no label used in training depends on test-period prices). Unlabeled rows (t1 NaN) are in
 * neither. Deterministic; the index arrays are built when read (see {@link Split}), so memory is O(number of splits).
 *
 * Every training row precedes the test window, so an embargo (dropping training rows right after the test rows)
 * has nothing to drop: `embargo` is rejected rather than silently ignored, as is every unknown option.
 *
 * Reference: López de Prado, "Advances in Financial Machine Learning" (2018), ch. 7 (purging).
 *
 * @example
 * ```ts
 * const splits = walkForwardSplits({ n: 10, trainSize: 4, testSize: 3 })
 * splits.map((s) => [Array.from(s.train), Array.from(s.test)])
 * // => [[[0, 1, 2, 3], [4, 5, 6]], [[0, 1, 2, 3, 4, 5, 6], [7, 8, 9]]]
 * ```
 */
export function walkForwardSplits(options: WalkForwardOptions): Split[] {
  const checked = checkOptions(options, ['n', 'trainSize', 'testSize', 'mode', 'step', 't1', 'embargo'], 'options');
  rejectEmbargo(checked);
  const { n, testSize, trainSize } = checked;
  checkInteger('n', n, 1, MAX_ROWS);
  checkInteger('trainSize', trainSize, 1);
  checkInteger('testSize', testSize, 1);
  const step = checked.step ?? testSize;
  checkInteger('step', step, 1);
  const mode = checked.mode ?? 'expanding';
  if (mode !== 'expanding' && mode !== 'rolling') throw new InvalidParameterError('mode', `expected 'expanding' or 'rolling', got ${describeValue(mode)}`);
  if (trainSize + testSize > n) throw new InvalidParameterError('trainSize', `trainSize + testSize (${trainSize + testSize}) exceeds n (${n})`);
  checkSplitCount(Math.floor((n - trainSize - testSize) / step) + 1);
  const ends = labelEnds(n, checked.t1);
  const splits: Split[] = [];
  for (let testStart = trainSize; testStart + testSize <= n; testStart += step) {
    splits.push(new LazySplit(ends, mode === 'rolling' ? testStart - trainSize : 0, testStart, testStart + testSize, n, n));
  }
  return splits;
}

/** Options of {@link purgedKFoldSplits}. An unknown key is an error. */
export interface PurgedKFoldOptions extends PurgeOptions {
  /** Number of rows (at most 2^31 - 1). */
  n: number;
  /** Number of contiguous folds (2 <= k <= n). */
  k: number;
  /** Labeled rows dropped from training right after the end of each test fold's labels (a count of rows >= 0). Default 0. */
  embargo?: number;
}

/**
 * Purged K-fold with embargo: K contiguous test folds [floor(f n / k), floor((f + 1) n / k)); training uses every
 * other labeled row except those whose label interval [i, t1[i]] overlaps the test labels' span
 * [start, e) with e = 1 + max t1 over the fold (purging) and the `embargo` rows right after it. So fold f trains on
 * the labeled rows i < start with t1[i] < start, and on the labeled rows i >= max(end, e + embargo).
 * The index arrays are built when read (see {@link Split}). An unknown option is an error.
 *
 * Reference: López de Prado (2018), ch. 7.4, "Purged K-fold CV".
 *
 * @example
 * ```ts
 * const folds = purgedKFoldSplits({ n: 6, k: 3, embargo: 1 })
 * folds.map((s) => [Array.from(s.train), Array.from(s.test)])
 * // => [[[3, 4, 5], [0, 1]], [[0, 1, 5], [2, 3]], [[0, 1, 2, 3], [4, 5]]]
 * ```
 */
export function purgedKFoldSplits(options: PurgedKFoldOptions): Split[] {
  const checked = checkOptions(options, ['n', 'k', 't1', 'embargo'], 'options');
  const { n, k } = checked;
  checkInteger('n', n, 2, MAX_ROWS);
  checkInteger('k', k, 2, n);
  checkSplitCount(k);
  const embargo = checked.embargo ?? 0;
  checkInteger('embargo', embargo, 0);
  const ends = labelEnds(n, checked.t1);
  const splits: Split[] = [];
  for (let f = 0; f < k; f++) {
    const start = Math.floor((f * n) / k);
    const end = Math.floor(((f + 1) * n) / k);
    let labelsEnd = start;
    for (let i = start; i < end; i++) {
      const e = ends === undefined ? i : ends[i]!;
      if (e + 1 > labelsEnd) labelsEnd = e + 1; // false for NaN
    }
    splits.push(new LazySplit(ends, 0, start, end, Math.max(end, labelsEnd + embargo), n));
  }
  return splits;
}

/**
 * Sets aside the final `fraction` of rows (max(1, round(n fraction)) of them) as an untouched holdout, purging
 * development rows whose labels reach into it. `fraction` is in (0, 1); an unknown option, and `embargo` (nothing
 * follows the holdout), are errors.
 *
 * @example
 * ```ts
 * const { development, holdout } = holdoutSplit({ n: 10, fraction: 0.2, t1: Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, NaN) })
 * [Array.from(development), Array.from(holdout)] // => [[0, 1, 2, 3, 4, 5, 6], [8]]
 * ```
 */
export function holdoutSplit(options: { n: number; fraction: number } & PurgeOptions): { development: Int32Array; holdout: Int32Array } {
  const checked = checkOptions(options, ['n', 'fraction', 't1', 'embargo'], 'options');
  rejectEmbargo(checked);
  const { n, fraction } = checked;
  checkInteger('n', n, 2, MAX_ROWS);
  checkNumber('fraction', fraction, 0, true);
  if (fraction >= 1) throw new InvalidParameterError('fraction', `must be < 1, got ${fraction}`);
  const ends = labelEnds(n, checked.t1);
  const start = n - Math.max(1, Math.round(n * fraction));
  return { development: endingBefore(0, start, start, ends), holdout: endingBefore(start, n, Infinity, ends) };
}
