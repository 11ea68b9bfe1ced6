/**
 * The training set of `trainEnsemble`: its checks, and row selection.
 *
 * @module
 */
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import { checkOptions } from '../../core/options.js';
import type { Matrix } from '../../core/types.js';
import type { TrainingWindow } from '../ensemble.js';
import { FeatureMismatchError } from '../errors.js';
import { checkNameList } from '../feature-names.js';
import { checkMatrix } from '../mlp/inputs.js';

/**
 * What `trainEnsemble` learns from: rows in time order (feature rows from `computeFeatures(...).toMatrix()`,
 * labels and label ends from a labeler such as `fixedHorizonLabels`).
 */
export interface EnsembleDataset {
  /** Features, rows in time order, columns in `featureNames` order (NaN = missing). */
  readonly X: Matrix;
  /** Labels 0 or 1 of the labeled rows (those with a finite `t1`); read nowhere else. */
  readonly y: ArrayLike<number>;
  /** End index of each row's label interval (purging); NaN marks a row unlabeled: it is used in no fold. */
  readonly t1: Float64Array;
  /** Feature names in column order (distinct). */
  readonly featureNames: readonly string[];
  /** Optional time of each row (epoch ms, strictly increasing), for the training window of the artifact. */
  readonly time?: Float64Array;
}

/** A checked dataset: labels as float64 (NaN where unlabeled) and the labeled rows. */
export interface CheckedDataset {
  readonly X: Matrix;
  readonly labels: Float64Array;
  readonly t1: Float64Array;
  readonly labeled: Int32Array;
  readonly featureNames: readonly string[];
  readonly window: TrainingWindow | undefined;
}

function checkTime(time: unknown, n: number): Float64Array | undefined {
  if (time === undefined) return undefined;
  if (!(time instanceof Float64Array) || time.length !== n) throw new InvalidParameterError('dataset.time', `expected a Float64Array of ${n} times, got ${describeValue(time)}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(time[i]!) || (i > 0 && !(time[i]! > time[i - 1]!))) {
      throw new InvalidParameterError(`dataset.time[${i}]`, `times must be finite and strictly increasing, got ${time[i]} after ${time[i - 1]}`, { index: i, value: time[i] });
    }
  }
  return time;
}

/** Labels of the labeled rows: 0 or 1 where t1 is finite (a NaN label there is an error), NaN elsewhere. */
function checkLabels(y: ArrayLike<number>, t1: Float64Array, n: number): { labels: Float64Array; labeled: Int32Array } {
  if (y === null || typeof y !== 'object' || y.length !== n) throw new InvalidParameterError('dataset.y', `expected ${n} labels, got ${describeValue(y)}`, { shape: { rows: n } });
  const labels = new Float64Array(n).fill(NaN);
  const rows: number[] = [];
  let positives = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(t1[i]!)) continue;
    const v = y[i];
    if (v !== 0 && v !== 1) {
      const hint = typeof v === 'number' && Number.isNaN(v) ? `; set t1[${i}] = NaN to leave the row unlabeled` : '';
      throw new InvalidParameterError(`dataset.y[${i}]`, `labels are 0 or 1, got ${describeValue(v)} (t1[${i}] = ${t1[i]} marks the row labeled)${hint}`, { index: i, value: v });
    }
    labels[i] = v;
    positives += v;
    rows.push(i);
  }
  if (rows.length === 0) throw new InvalidParameterError('dataset.t1', `no labeled rows: every one of the ${n} label ends is NaN`);
  if (positives === 0 || positives === rows.length) {
    throw new InvalidParameterError('dataset.y', `every one of the ${rows.length} labeled rows is ${labels[rows[0]!]}: a single class, there is nothing to learn`, { value: labels[rows[0]!] });
  }
  return { labels, labeled: Int32Array.from(rows) };
}

/**
 * Checks a {@link EnsembleDataset}: unknown keys; X a non-empty Matrix; one distinct name per column
 * (`FeatureMismatchError` when the count is not X's width); t1 a Float64Array of one entry per row (NaN: unlabeled;
 * the splitters check the rest); a 0/1 label on every labeled row, both classes present; optional times finite
 * and increasing. Everything else throws `InvalidParameterError` naming the field and row.
 *
 * @example
 * ```ts
 * checkDataset({ X, y: [0, NaN, 1], t1: Float64Array.of(1, 2, NaN), featureNames: ['a'] })
 * // throws InvalidParameterError: dataset.y[1]: labels are 0 or 1, got NaN (t1[1] = 2 marks the row labeled); set t1[1] = NaN ...
 * ```
 */
export function checkDataset(dataset: EnsembleDataset): CheckedDataset {
  const d = checkOptions(dataset, ['X', 'y', 't1', 'featureNames', 'time'], 'dataset');
  checkMatrix(d.X, 'dataset.X');
  const n = d.X.rows;
  if (n === 0 || d.X.cols === 0) throw new InvalidParameterError('dataset.X', `is empty (${n} row(s), ${d.X.cols} column(s))`, { shape: { rows: n, cols: d.X.cols } });
  const featureNames = checkNameList(d.featureNames, 'dataset.featureNames');
  if (featureNames.length !== d.X.cols) {
    throw new FeatureMismatchError(featureNames.length, d.X.cols, `dataset.X has ${d.X.cols} column(s), dataset.featureNames names ${featureNames.length}`);
  }
  if (!(d.t1 instanceof Float64Array) || d.t1.length !== n) throw new InvalidParameterError('dataset.t1', `expected a Float64Array of ${n} label ends, got ${describeValue(d.t1)}`);
  const { labels, labeled } = checkLabels(d.y, d.t1, n);
  const time = checkTime(d.time, n);
  const window = time && { first: time[labeled[0]!]!, last: time[labeled[labeled.length - 1]!]! };
  return { X: d.X, labels, t1: d.t1, labeled, featureNames, window };
}

/**
 * The rows `rows` of X, in that order, as a new Matrix of X's element type.
 *
 * @example
 * ```ts
 * takeRows({ rows: 3, cols: 2, data: Float64Array.of(1, 2, 3, 4, 5, 6) }, Int32Array.of(2, 0)).data // => Float64Array [5, 6, 1, 2]
 * ```
 */
export function takeRows(X: Matrix, rows: Int32Array): Matrix {
  const c = X.cols;
  const data = X.data instanceof Float32Array ? new Float32Array(rows.length * c) : new Float64Array(rows.length * c);
  rows.forEach((r, i) => data.set(X.data.subarray(r * c, r * c + c), i * c));
  return { rows: rows.length, cols: c, data };
}
