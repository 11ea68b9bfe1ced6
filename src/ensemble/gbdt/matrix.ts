/**
 * The shape check of a feature matrix given to the binning functions and the trainer.
 * @module
 */
import { InvalidParameterError } from '../../core/errors.js';
import type { Matrix } from '../../core/types.js';
import { GBDTInputError } from '../errors.js';

/**
 * Validates a Matrix's shape: a `Float64Array` or `Float32Array` of `rows * cols` elements, with non-negative integer
 * `rows` and `cols`, at least one of each. Throws `InvalidParameterError` when X is not such a Matrix at all, and
 * {@link GBDTInputError} `GBDT_LENGTH_MISMATCH` (wrong data length) or `GBDT_EMPTY` (no rows or no columns).
 * `name` is the argument's name in the error (`'X'`, `'evalSet.X'`).
 *
 * @example
 * ```ts
 * checkMatrix({ rows: 2, cols: 2, data: new Float64Array(3) }, 'X')
 * // throws GBDTInputError GBDT_LENGTH_MISMATCH: X: data has 3 element(s), expected rows * cols = 2 * 2
 * ```
 */
export function checkMatrix(X: Matrix, name: string): void {
  if (typeof X !== 'object' || X === null || !(X.data instanceof Float64Array || X.data instanceof Float32Array)) {
    throw new InvalidParameterError(name, 'must be a Matrix { rows, cols, data: Float64Array | Float32Array }');
  }
  const { rows, cols } = X;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new InvalidParameterError(name, `rows and cols must be non-negative integers, got ${rows} x ${cols}`, { shape: { rows, cols } });
  }
  if (X.data.length !== rows * cols) {
    throw new GBDTInputError('GBDT_LENGTH_MISMATCH', name, `data has ${X.data.length} element(s), expected rows * cols = ${rows} * ${cols}`, { shape: { rows, cols, dataLength: X.data.length } });
  }
  if (rows === 0 || cols === 0) throw new GBDTInputError('GBDT_EMPTY', name, `has ${rows} row(s) and ${cols} column(s); at least one of each is needed`, { shape: { rows, cols } });
}
