/**
 * Typed input errors of the GBDT trainer and of the binning step (`trainGBDT`, `binDataset`).
 *
 * @module
 */
import { AlphaError } from '../../core/errors.js';

/**
 * The stable `code` values of {@link GBDTInputError}:
 * - `GBDT_LABEL`: a classification label other than 0 or 1;
 * - `GBDT_LABEL_NAN`: a NaN or infinite label;
 * - `GBDT_LENGTH_MISMATCH`: `y`, weights or `X.data` do not have the expected length;
 * - `GBDT_EMPTY`: X has 0 rows (or 0 columns);
 * - `GBDT_CONSTANT_LABEL`: every (weighted) label is the same, there is nothing to learn;
 * - `GBDT_WEIGHT`: a sample weight is negative, NaN or infinite, or all weights are 0;
 * - `GBDT_INVALID_PARAMETER`: a parameter is unknown, of the wrong type, or outside its domain.
 */
export type GBDTInputErrorCode =
  | 'GBDT_LABEL'
  | 'GBDT_LABEL_NAN'
  | 'GBDT_LENGTH_MISMATCH'
  | 'GBDT_EMPTY'
  | 'GBDT_CONSTANT_LABEL'
  | 'GBDT_WEIGHT'
  | 'GBDT_INVALID_PARAMETER';

/** Optional details of a {@link GBDTInputError}. */
export interface GBDTInputErrorDetails {
  /** Index of the first offending element (row of y, weight index), when there is one. */
  readonly index?: number;
  /** The shape or lengths involved, e.g. `{ rows: 10, cols: 3, yLength: 9 }`. */
  readonly shape?: Readonly<Record<string, number>>;
  /** The offending value, when there is one. */
  readonly value?: unknown;
}

/**
 * Thrown by `trainGBDT` and `binDataset` for bad input: labels, lengths, shapes, weights and parameters.
 * `code` says which check failed ({@link GBDTInputErrorCode}); `parameter` names the argument at fault
 * (`'y'`, `'X'`, `'weight'`, `'evalSet.y'`, or a parameter name such as `'maxDepth'`), `index`, `shape` and `value`
 * say where.
 *
 * @example
 * ```ts
 * try { trainGBDT(X, [0, 1, 2]) }
 * catch (e) { if (e instanceof GBDTInputError) console.log(e.code, e.parameter, e.index) } // 'GBDT_LABEL' 'y' 2
 * ```
 */
export class GBDTInputError extends AlphaError {
  /** The argument or parameter at fault. */
  readonly parameter: string;
  /** Index of the first offending element, if any. */
  readonly index?: number;
  /** Shape or lengths involved, if relevant. */
  readonly shape?: Readonly<Record<string, number>>;
  /** The offending value, if any. */
  readonly value?: unknown;

  constructor(code: GBDTInputErrorCode, parameter: string, message: string, details: GBDTInputErrorDetails = {}) {
    super(code, `${parameter}: ${message}`);
    this.parameter = parameter;
    if (details.index !== undefined) this.index = details.index;
    if (details.shape !== undefined) this.shape = details.shape;
    if ('value' in details) this.value = details.value;
  }
}
