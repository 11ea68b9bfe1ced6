import { AlphaError } from '../../core/errors.js';

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
