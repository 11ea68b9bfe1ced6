/**
 * The errors of the ensemble module: malformed or unsupported serialized models, wrong input widths, corrupt binary
 * models, and the data faults of the GBDT trainer. A bad argument or parameter is the library-wide
 * `InvalidParameterError` of `core/errors.ts` (code `'INVALID_PARAMETER'`), never an error of this file.
 *
 * @module
 */
import { AlphaError, ArgumentError, type ParameterErrorDetails } from '../core/errors.js';

/** The serialized model formats this module reads and writes (used in error messages and `ModelFormatError.format`). */
export type ModelFormat = 'xgboost-json' | 'xgboost-ubjson' | 'lightgbm-text' | 'alpha-json' | 'alpha-binary' | 'model';

/**
 * Thrown when a serialized model (XGBoost JSON/UBJSON, LightGBM text, our own JSON) or a model definition passed
 * to `new TreeEnsembleModel(...)` is malformed: invalid JSON, a missing or mistyped field, arrays of the wrong
 * length, a child index out of range, a cycle. `where` names the field or line at fault.
 *
 * @example
 * ```ts
 * try { loadXGBoostModel('{"learner": 1}') }
 * catch (e) { if (e instanceof ModelFormatError) console.log(e.format, e.where) } // 'xgboost-json' 'learner.gradient_booster'
 * ```
 */
export class ModelFormatError extends AlphaError {
  /** The format being read. */
  readonly format: ModelFormat;
  /** Where the problem is: a JSON path such as `learner.gradient_booster.model.trees[3].split_indices`, or `line 42`. */
  readonly where: string;

  constructor(format: ModelFormat, where: string, message: string) {
    super('MODEL_FORMAT', `${format}: ${where}: ${message}`);
    this.format = format;
    this.where = where;
  }
}

/**
 * Thrown when a model is well formed but uses something this library does not implement (an unknown objective,
 * the XGBoost `dart` or `gblinear` booster, ...) or cannot express in the requested export format
 * (for example a LightGBM categorical split exported to XGBoost JSON). `feature` names the unsupported thing.
 *
 * @example
 * ```ts
 * try { loadXGBoostModel(jsonWithObjective('rank:pairwise')) }
 * catch (e) { if (e instanceof UnsupportedModelError) console.log(e.feature) } // 'objective rank:pairwise'
 * ```
 */
export class UnsupportedModelError extends AlphaError {
  /** What is not supported, for example `'objective rank:pairwise'`. */
  readonly feature: string;

  constructor(feature: string, message: string) {
    super('MODEL_UNSUPPORTED', `${feature}: ${message}`);
    this.feature = feature;
  }
}

/**
 * Thrown by the predict methods when the input matrix does not have the model's number of features
 * (or its `data` length is not `rows * cols`).
 *
 * @example
 * ```ts
 * try { model.predictProba({ rows: 1, cols: 3, data: new Float64Array(3) }) }
 * catch (e) { if (e instanceof FeatureMismatchError) console.log(e.expected, e.actual) } // 30 3
 * ```
 */
export class FeatureMismatchError extends AlphaError {
  /** Number of features the model was trained on. */
  readonly expected: number;
  /** Number of columns of the input. */
  readonly actual: number;

  constructor(expected: number, actual: number, message?: string) {
    super('FEATURE_MISMATCH', message ?? `input has ${actual} column(s), the model expects ${expected} feature(s)`);
    this.expected = expected;
    this.actual = actual;
  }
}

/** Why a compact binary model was rejected, see {@link CorruptModelError}. */
export type CorruptReason = 'magic' | 'version' | 'truncated' | 'checksum' | 'layout';

/**
 * Thrown by `modelFromBinary` when the bytes are not a valid compact model: wrong magic number, unknown format
 * version, truncated input, CRC-32 mismatch (corruption), or an inconsistent layout.
 *
 * @example
 * ```ts
 * const bytes = modelToBinary(model); bytes[100] ^= 1
 * try { modelFromBinary(bytes) } catch (e) { if (e instanceof CorruptModelError) console.log(e.reason) } // 'checksum'
 * ```
 */
export class CorruptModelError extends AlphaError {
  /** The failed check. */
  readonly reason: CorruptReason;

  constructor(reason: CorruptReason, message: string) {
    super('MODEL_CORRUPT', `corrupt binary model (${reason}): ${message}`);
    this.reason = reason;
  }
}

/**
 * The stable `code` values of {@link GBDTInputError}, one per data fault:
 * - `GBDT_LABEL`: a classification label other than 0 or 1;
 * - `GBDT_LABEL_NAN`: a NaN or infinite label;
 * - `GBDT_LENGTH_MISMATCH`: `y`, weights or `X.data` do not have the expected length;
 * - `GBDT_EMPTY`: X has 0 rows (or 0 columns);
 * - `GBDT_CONSTANT_LABEL`: every (weighted) label is the same, there is nothing to learn;
 * - `GBDT_WEIGHT`: a sample weight is negative, NaN or infinite, or all weights are 0.
 *
 * A parameter that is unknown, of the wrong type or outside its domain throws `InvalidParameterError`
 * (code `'INVALID_PARAMETER'`) instead.
 */
export type GBDTInputErrorCode = 'GBDT_LABEL' | 'GBDT_LABEL_NAN' | 'GBDT_LENGTH_MISMATCH' | 'GBDT_EMPTY' | 'GBDT_CONSTANT_LABEL' | 'GBDT_WEIGHT';

/** Optional details of a {@link GBDTInputError}: the same fields as `InvalidParameterError`'s (index, shape, value). */
export type GBDTInputErrorDetails = ParameterErrorDetails;

/**
 * Thrown by `trainGBDT` and the binning functions for bad training data: labels, lengths, shapes and weights.
 * `code` says which check failed ({@link GBDTInputErrorCode}); `parameter` names the argument at fault
 * (`'y'`, `'X'`, `'weight'`, `'evalSet.y'`, ...); `index`, `shape` and `value` say where.
 *
 * @example
 * ```ts
 * try { trainGBDT(X, [0, 1, 2]) }
 * catch (e) { if (e instanceof GBDTInputError) console.log(e.code, e.parameter, e.index) } // 'GBDT_LABEL' 'y' 2
 * ```
 */
export class GBDTInputError extends ArgumentError {
  constructor(code: GBDTInputErrorCode, parameter: string, message: string, details: GBDTInputErrorDetails = {}) {
    super(code, parameter, message, details);
  }
}

/**
 * Thrown by `Ensemble.predict` when, after leaving out the members that failed (threw, or gave NaN or values
 * outside [0, 1]), the members left on a row hold less than `minShare` of the combination (code
 * `'ENSEMBLE_MEMBERS_FAILED'`). `row` is the first such row, `share` what was left there, and `members` each
 * member's status and error, so a caller can log exactly what broke.
 *
 * @example
 * ```ts
 * try { await ensemble.predict(X) }
 * catch (e) { if (e instanceof EnsembleMembersError) console.log(e.share, e.members.map((m) => m.status)) } // 0.3 ['failed', 'ok']
 * ```
 */
export class EnsembleMembersError extends AlphaError {
  constructor(
    /** First row whose remaining share is below `minShare`. */
    readonly row: number,
    /** The share of the combination left on that row. */
    readonly share: number,
    /** Every member's name, status and error. */
    readonly members: readonly { readonly name: string; readonly status: string; readonly error?: string }[],
    message: string,
  ) {
    super('ENSEMBLE_MEMBERS_FAILED', message);
  }
}
