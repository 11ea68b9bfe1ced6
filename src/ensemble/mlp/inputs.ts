/**
 * The input checks of the MLP: the feature matrix (training and prediction), the labels and the feature names.
 * A malformed argument throws `InvalidParameterError` naming it (`parameter`, and `index` / `shape` / `value`
 * where they help); a matrix with another number of columns than the model's features throws
 * `FeatureMismatchError`.
 *
 * @module
 */
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import type { Matrix } from '../../core/types.js';
import { FeatureMismatchError } from '../errors.js';
import type { MLPObjective } from './types.js';

/**
 * Checks that X is a Matrix (`Float64Array` or `Float32Array` data of rows * cols values) and, when `features`
 * is given, that it has that many columns. Rows may be 0 (prediction of nothing); training checks emptiness itself.
 *
 * @example
 * ```ts
 * checkMatrix({ rows: 2, cols: 3, data: new Float64Array(5) }, 'X')
 * // throws InvalidParameterError: X: data has 5 value(s), expected rows * cols = 2 * 3
 * checkMatrix({ rows: 1, cols: 2, data: new Float64Array(2) }, 'X', 3) // throws FeatureMismatchError (expected 3, actual 2)
 * ```
 */
export function checkMatrix(X: Matrix, name: string, features?: number): void {
  if (typeof X !== 'object' || X === null || !(X.data instanceof Float64Array || X.data instanceof Float32Array)) {
    throw new InvalidParameterError(name, `must be a Matrix { rows, cols, data: Float64Array | Float32Array }, got ${describeValue(X)}`);
  }
  const { rows, cols } = X;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new InvalidParameterError(name, `rows and cols must be non-negative integers, got ${rows} x ${cols}`, { shape: { rows, cols } });
  }
  if (X.data.length !== rows * cols) {
    throw new InvalidParameterError(name, `data has ${X.data.length} value(s), expected rows * cols = ${rows} * ${cols}`, { shape: { rows, cols, dataLength: X.data.length } });
  }
  if (features !== undefined && cols !== features) {
    throw new FeatureMismatchError(features, cols, `${name} has ${cols} column(s), the model has ${features} feature(s)`);
  }
}

/**
 * Checks training data: X a non-empty Matrix (of `features` columns when given); y one finite label per row, 0 or
 * 1 for `'binary'`. `name` prefixes the argument names (`'evalSet.'`). Returns the labels as float64.
 *
 * @example
 * ```ts
 * checkTrainingData({ rows: 2, cols: 1, data: Float64Array.of(1, 2) }, [0, 2], 'binary', '')
 * // throws InvalidParameterError: y: label 1 is 2; a binary model needs labels 0 or 1
 * ```
 */
export function checkTrainingData(X: Matrix, y: ArrayLike<number>, objective: MLPObjective, name: string, features?: number): Float64Array {
  checkMatrix(X, `${name}X`, features);
  if (X.rows === 0 || X.cols === 0) throw new InvalidParameterError(`${name}X`, `is empty (${X.rows} row(s), ${X.cols} column(s))`, { shape: { rows: X.rows, cols: X.cols } });
  if (y === null || typeof y !== 'object' || typeof y.length !== 'number') throw new InvalidParameterError(`${name}y`, `must be an array of numbers, got ${describeValue(y)}`);
  if (y.length !== X.rows) throw new InvalidParameterError(`${name}y`, `has ${y.length} label(s) for ${X.rows} row(s)`, { shape: { rows: X.rows, labels: y.length } });
  const labels = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    const v = y[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidParameterError(`${name}y`, `label ${i} is ${describeValue(v)}; labels must be finite numbers`, { index: i, value: v });
    if (objective === 'binary' && v !== 0 && v !== 1) throw new InvalidParameterError(`${name}y`, `label ${i} is ${v}; a binary model needs labels 0 or 1`, { index: i, value: v });
    labels[i] = v;
  }
  return labels;
}

/**
 * Throws unless `labels[0, n)` has both classes (binary) or is not constant (regression): there is nothing to learn
 * otherwise. `what` names the rows in the message.
 *
 * @example
 * ```ts
 * checkLearnable(Float64Array.of(1, 1, 1), 3, 'binary', 'y', 'the training rows') // throws InvalidParameterError (single class)
 * ```
 */
export function checkLearnable(labels: Float64Array, n: number, objective: MLPObjective, name: string, what: string): void {
  for (let i = 1; i < n; i++) if (labels[i] !== labels[0]) return;
  const kind = objective === 'binary' ? 'a single class' : 'a constant target';
  throw new InvalidParameterError(name, `${what} have ${kind} (every label is ${labels[0]}); there is nothing to learn`, { value: labels[0] });
}

/**
 * Checks optional feature names: an array of `cols` strings.
 *
 * @example
 * ```ts
 * checkFeatureNames(['a'], 2) // throws InvalidParameterError: params.featureNames: must be an array of 2 strings
 * ```
 */
export function checkFeatureNames(names: readonly string[] | undefined, cols: number): readonly string[] | undefined {
  if (names === undefined) return undefined;
  if (!Array.isArray(names) || names.length !== cols || !names.every((s) => typeof s === 'string')) {
    throw new InvalidParameterError('params.featureNames', `must be an array of ${cols} strings, got ${describeValue(names)}`);
  }
  return [...names];
}
