import { InvalidParameterError } from '../core/errors.js';
import { checkInteger, checkNumber } from './checks.js';

/** One train/test split: sorted row indices. */
export interface Split {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

/** Options shared by the splitters. */
export interface PurgeOptions {
  /**
   * End index of each sample's label interval [t, t1[t]] (from the labelers). Training samples whose interval
   * overlaps a test fold are purged. NaN (unlabeled) rows are never used. Default: t1[t] = t.
   */
  t1?: Float64Array;
  /** Rows dropped from training right after each test fold, as a count of rows. Default 0. */
  embargo?: number;
}

/** Options of {@link walkForwardSplits}. */
export interface WalkForwardOptions extends PurgeOptions {
  /** Number of rows. */
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

function labelEnds(n: number, t1: Float64Array | undefined): Float64Array {
  if (t1 === undefined) {
    const ends = new Float64Array(n);
    for (let i = 0; i < n; i++) ends[i] = i;
    return ends;
  }
  if (!(t1 instanceof Float64Array) || t1.length !== n) throw new InvalidParameterError('t1', `expected a Float64Array of length ${n}`);
  for (let i = 0; i < n; i++) {
    const e = t1[i]!;
    if (!Number.isNaN(e) && !(e >= i)) throw new InvalidParameterError(`t1[${i}]`, `a label cannot end (${e}) before its start (${i})`);
  }
  return t1;
}

/**
 * Training rows in [from, to) whose label interval [i, t1[i]] ends before `testStart`: every other row either
 * overlaps the test fold or follows it. Unlabeled rows (t1 NaN) are skipped.
 */
function purgedRange(from: number, to: number, testStart: number, ends: Float64Array): Int32Array {
  const rows = new Int32Array(Math.max(0, to - from));
  let k = 0;
  for (let i = from; i < to; i++) {
    const e = ends[i]!;
    if (e < testStart) rows[k++] = i; // false for NaN
  }
  return rows.slice(0, k);
}

function labeled(from: number, to: number, ends: Float64Array): Int32Array {
  const rows = new Int32Array(Math.max(0, to - from));
  let k = 0;
  for (let i = from; i < to; i++) if (ends[i] === ends[i]) rows[k++] = i;
  return rows.slice(0, k);
}

/**
 * Walk-forward splits in time order: train on the past, test on the next window, move on. Training rows whose
 * label interval reaches into the test window are purged, so no label used in training depends on test-period
 * prices. Deterministic.
 *
 * Reference: López de Prado, "Advances in Financial Machine Learning" (2018), ch. 7 (purging).
 *
 * @example
 * ```ts
 * for (const { train, test } of walkForwardSplits({ n, trainSize: 5000, testSize: 1000, t1 })) { ... }
 * ```
 */
export function walkForwardSplits(options: WalkForwardOptions): Split[] {
  const { n, testSize, trainSize } = options;
  checkInteger('n', n, 1);
  checkInteger('trainSize', trainSize, 1);
  checkInteger('testSize', testSize, 1);
  const step = options.step ?? testSize;
  checkInteger('step', step, 1);
  const mode = options.mode ?? 'expanding';
  if (mode !== 'expanding' && mode !== 'rolling') throw new InvalidParameterError('mode', `expected 'expanding' or 'rolling', got ${String(mode)}`);
  if (trainSize + testSize > n) throw new InvalidParameterError('trainSize', `trainSize + testSize (${trainSize + testSize}) exceeds n (${n})`);
  const ends = labelEnds(n, options.t1);
  const splits: Split[] = [];
  for (let testStart = trainSize; testStart + testSize <= n; testStart += step) {
    const from = mode === 'rolling' ? testStart - trainSize : 0;
    splits.push({ train: purgedRange(from, testStart, testStart, ends), test: labeled(testStart, testStart + testSize, ends) });
  }
  return splits;
}

/** Options of {@link purgedKFoldSplits}. */
export interface PurgedKFoldOptions extends PurgeOptions {
  n: number;
  /** Number of contiguous folds (>= 2). */
  k: number;
}

/**
 * Purged K-fold with embargo: K contiguous test folds; training uses every other labeled row except those whose
 * label interval [i, t1[i]] overlaps the test fold (purging) and the `embargo` rows right after it.
 *
 * Reference: López de Prado (2018), ch. 7.4, "Purged K-fold CV".
 *
 * @example
 * ```ts
 * const folds = purgedKFoldSplits({ n, k: 5, t1, embargo: 96 })
 * ```
 */
export function purgedKFoldSplits(options: PurgedKFoldOptions): Split[] {
  const { n, k } = options;
  checkInteger('n', n, 2);
  checkInteger('k', k, 2, n);
  const embargo = options.embargo ?? 0;
  checkInteger('embargo', embargo, 0);
  const ends = labelEnds(n, options.t1);
  const splits: Split[] = [];
  for (let f = 0; f < k; f++) {
    const start = Math.floor((f * n) / k);
    const end = Math.floor(((f + 1) * n) / k);
    let testEnd = start;
    for (let i = start; i < end; i++) if (!Number.isNaN(ends[i]!)) testEnd = Math.max(testEnd, ends[i]! + 1);
    const train = new Int32Array(n);
    let count = 0;
    for (let i = 0; i < n; i++) {
      const e = ends[i]!;
      if (e !== e) continue; // unlabeled
      const overlaps = i < testEnd && e >= start;
      const embargoed = i >= end && i < testEnd + embargo;
      if (!overlaps && !embargoed && (i < start || i >= end)) train[count++] = i;
    }
    splits.push({ train: train.slice(0, count), test: labeled(start, end, ends) });
  }
  return splits;
}

/**
 * Sets aside the final `fraction` of rows as an untouched holdout, purging development rows whose labels reach
 * into it.
 *
 * @example
 * ```ts
 * const { development, holdout } = holdoutSplit({ n, fraction: 0.2, t1 })
 * ```
 */
export function holdoutSplit(options: { n: number; fraction: number } & PurgeOptions): { development: Int32Array; holdout: Int32Array } {
  const { n, fraction } = options;
  checkInteger('n', n, 2);
  checkNumber('fraction', fraction, 0, true);
  if (fraction >= 1) throw new InvalidParameterError('fraction', `must be < 1, got ${fraction}`);
  const ends = labelEnds(n, options.t1);
  const start = n - Math.max(1, Math.round(n * fraction));
  return { development: purgedRange(0, start, start, ends), holdout: labeled(start, n, ends) };
}
