/**
 * The input checks of the calibration module, for the metrics, the binned metrics and the calibrators alike: arrays
 * of numbers, 0/1 labels, finite scores, probabilities in [0, 1], sample weights, aligned lengths, options. A bad
 * argument is an `InvalidParameterError` naming it, the index and the value (described by `describeValue`, never
 * copied in bulk); arrays that must be aligned and are not are a `LengthMismatchError` (code `LENGTH_MISMATCH`),
 * as everywhere in the library. Labels come first, as the metrics take them.
 *
 * @module
 */
import { describeValue } from '../core/describe.js';
import { InvalidParameterError, LengthMismatchError } from '../core/errors.js';
import { checkOptions } from '../core/options.js';

/** What a calibrator reads: any finite number (a margin, a decision function) or a probability in [0, 1]. */
export type ScoreDomain = 'score' | 'probability';

/**
 * What one value may be: a calibrator's input ({@link ScoreDomain}), a label (0 or 1), a sample weight (finite,
 * >= 0) or any finite number (a regression target or prediction).
 */
export type Domain = ScoreDomain | 'label' | 'weight' | 'finite';

/** What the message says a value of each domain must be. */
const MUST_BE: Readonly<Record<Domain, string>> = {
  label: '0 or 1',
  score: 'a finite score',
  finite: 'finite',
  probability: 'a probability in [0, 1]',
  weight: 'finite and >= 0',
};

/** Whether `value` lies in `domain` (a switch, not a table of functions: it runs once per sample). */
function inDomain(value: unknown, domain: Domain): boolean {
  switch (domain) {
    case 'label':
      return value === 0 || value === 1;
    case 'score':
    case 'finite':
      return Number.isFinite(value);
    case 'probability':
      return typeof value === 'number' && value >= 0 && value <= 1;
    case 'weight':
      return typeof value === 'number' && value >= 0 && value < Infinity;
  }
}

/**
 * Checks one value against its domain (NaN and non-numbers fail every one). Throws `InvalidParameterError` naming
 * `name`, or `name[index]` when an index is given (the string is built only on failure).
 *
 * @example
 * ```ts
 * checkValue(0.3, 'probability', 'threshold')    // => undefined
 * checkValue(1.5, 'probability', 'scores', 2)    // throws InvalidParameterError: scores[2]: must be a probability in [0, 1], got 1.5
 * checkValue(2, 'label', 'labels', 0)            // throws InvalidParameterError: labels[0]: must be 0 or 1, got 2
 * ```
 */
export function checkValue(value: unknown, domain: Domain, name: string, index?: number): void {
  if (inDomain(value, domain)) return;
  const where = index === undefined ? name : `${name}[${index}]`;
  throw new InvalidParameterError(where, `must be ${MUST_BE[domain]}, got ${describeValue(value)}`, index === undefined ? { value } : { index, value });
}

/**
 * Checks that `values` is an array or a typed array (not a string, a DataView or an object with a `length`) and
 * returns its length; otherwise `InvalidParameterError` naming `name`.
 *
 * @example
 * ```ts
 * checkArray('labels', [0, 1, 1])      // => 3
 * checkArray('labels', { length: 3 }) // throws InvalidParameterError: labels: expected an array of numbers, got object { length }
 * ```
 */
export function checkArray(name: string, values: ArrayLike<number>): number {
  if (!Array.isArray(values) && !(ArrayBuffer.isView(values) && !(values instanceof DataView))) {
    throw new InvalidParameterError(name, `expected an array of numbers, got ${describeValue(values)}`);
  }
  return values.length;
}

/**
 * Checks that `values` is an array ({@link checkArray}) of `n` values, one per label; otherwise
 * `LengthMismatchError`.
 *
 * @example
 * ```ts
 * checkLength('weights', [1, 2], 3) // throws LengthMismatchError: weights: has 2 values, the labels 3
 * ```
 */
export function checkLength(name: string, values: ArrayLike<number>, n: number): void {
  const length = checkArray(name, values);
  if (length !== n) throw new LengthMismatchError(`${name}: has ${length} value${length === 1 ? '' : 's'}, the labels ${n}`);
}

/**
 * Checks labels and the values aligned with them (`name` says what they are: `'scores'`, `'probabilities'`...):
 * two arrays of the same length, at least one sample, each label in `labelDomain` (default 0/1) and each value in
 * `domain`, sample by sample. Returns the number of samples; reads the arrays, copies nothing.
 *
 * @example
 * ```ts
 * checkAligned([0, 1, 1], [0.2, 0.7, 0.9], 'probabilities', 'probability') // => 3
 * checkAligned([], [], 'scores', 'score')                                  // throws InvalidParameterError: labels: no samples
 * ```
 */
export function checkAligned(labels: ArrayLike<number>, values: ArrayLike<number>, name: string, domain: Domain, labelDomain: Domain = 'label'): number {
  const n = checkArray('labels', labels);
  checkLength(name, values, n);
  if (n === 0) throw new InvalidParameterError('labels', 'no samples', { shape: { labels: 0 } });
  for (let i = 0; i < n; i++) {
    checkValue(labels[i], labelDomain, 'labels', i);
    checkValue(values[i], domain, name, i);
  }
  return n;
}

/**
 * Checks optional sample weights: `undefined` (unit weights), or an array of `n` weights, finite and >= 0, not
 * all 0. Throws `InvalidParameterError` naming `weights` or `weights[i]`, `LengthMismatchError` for another length.
 *
 * @example
 * ```ts
 * checkWeights([1, 0, 2.5], 3) // => undefined
 * checkWeights([0, 0], 2)      // throws InvalidParameterError: weights: all weights are 0
 * ```
 */
export function checkWeights(weights: ArrayLike<number> | undefined, n: number): void {
  if (weights === undefined) return;
  checkLength('weights', weights, n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    checkValue(weights[i], 'weight', 'weights', i);
    total += weights[i]!;
  }
  if (!(total > 0)) throw new InvalidParameterError('weights', 'all weights are 0');
}

/**
 * Options of the metrics that take sample weights (`rocAuc`, `logLoss`, `brierScore`, `rmse`).
 *
 * @example
 * ```ts
 * rocAuc(labels, scores, weights, { validate: false }) // no checks, never throws; NaN when a class is missing
 * ```
 */
export interface MetricOptions {
  /**
   * Check the inputs and throw on bad ones (default `true`). `false` trusts them and never throws: for callers that
   * validated labels and weights once and evaluate many times (the GBDT trainer's per-round metrics). A metric that
   * is undefined there (AUC with one class, a zero total weight, no samples) is NaN. The options themselves are
   * always checked.
   */
  readonly validate?: boolean;
}

/**
 * Checks a metric's options (known keys by `checkOptions`, a boolean `validate`) and returns whether to check its
 * inputs.
 *
 * @example
 * ```ts
 * validating(undefined)            // => true
 * validating({ validate: false })  // => false
 * validating({ validte: false })   // throws InvalidParameterError: options.validte: unknown option (known: validate)
 * ```
 */
export function validating(options: MetricOptions | undefined): boolean {
  const { validate = true } = checkOptions(options, ['validate'], 'options');
  if (typeof validate !== 'boolean') throw new InvalidParameterError('validate', `expected a boolean, got ${describeValue(validate)}`);
  return validate;
}

/** Checked samples of a fit or a binned metric, copied into typed arrays. */
export interface Samples {
  readonly n: number;
  readonly labels: Uint8Array;
  readonly scores: Float64Array;
  /** Sample weights, or undefined for unit weights. */
  readonly weights: Float64Array | undefined;
}

/**
 * Checks 0/1 labels, scores (against `domain`, named `scores`) and optional weights with {@link checkAligned} and
 * {@link checkWeights}, and returns copies in typed arrays (the caller's arrays are never changed or kept).
 *
 * @example
 * ```ts
 * checkSamples([0, 1], [0.2, 0.9], undefined, 'probability')
 * // => { n: 2, labels: Uint8Array [0, 1], scores: Float64Array [0.2, 0.9], weights: undefined }
 * ```
 */
export function checkSamples(labels: ArrayLike<number>, scores: ArrayLike<number>, weights: ArrayLike<number> | undefined, domain: ScoreDomain): Samples {
  const n = checkAligned(labels, scores, 'scores', domain);
  checkWeights(weights, n);
  return { n, labels: Uint8Array.from(labels), scores: Float64Array.from(scores), weights: weights === undefined ? undefined : Float64Array.from(weights) };
}

/**
 * {@link checkSamples}, and what every fit needs besides: both classes (with positive weight) and at least two
 * distinct scores among the samples of positive weight.
 */
function checkFitSamples(labels: ArrayLike<number>, scores: ArrayLike<number>, weights: ArrayLike<number> | undefined, domain: ScoreDomain): Samples {
  const samples = checkSamples(labels, scores, weights, domain);
  const { n, scores: s, labels: y, weights: w } = samples;
  let first = NaN;
  let distinct = false;
  let positives = 0;
  let negatives = 0;
  for (let i = 0; i < n; i++) {
    if (w && w[i] === 0) continue;
    if (y[i] === 1) positives++;
    else negatives++;
    if (Number.isNaN(first)) first = s[i]!;
    else if (s[i] !== first) distinct = true;
  }
  if (positives === 0 || negatives === 0) {
    throw new InvalidParameterError('labels', `a calibrator needs both classes, got only ${positives === 0 ? 0 : 1}s (${n} samples)`);
  }
  if (!distinct) throw new InvalidParameterError('scores', `a calibrator needs at least 2 distinct scores, got only ${first}`);
  return samples;
}

/**
 * Options of the calibrator fits (`fitPlatt`, `fitIsotonic`, `fitTemperature`, `fitBeta`).
 *
 * @example
 * ```ts
 * fitIsotonic([0.2, 0.4, 0.6], [0, 1, 1], { weights: [1, 2, 0.5] }).predict(0.3) // => 0.4999999999999999
 * ```
 */
export interface FitOptions {
  /** Sample weights: finite, >= 0, not all 0. Default: all 1. */
  readonly weights?: ArrayLike<number>;
}

/**
 * Checks a fit's options (only `weights`, by `checkOptions`) and its samples with {@link checkFitSamples}.
 *
 * @example
 * ```ts
 * checkFit([0, 1], [0.2, 0.9], { weights: [1, 2] }, 'score').weights // => Float64Array [1, 2]
 * ```
 */
export function checkFit(labels: ArrayLike<number>, scores: ArrayLike<number>, options: FitOptions | undefined, domain: ScoreDomain): Samples {
  const { weights } = checkOptions(options, ['weights'], 'options');
  return checkFitSamples(labels, scores, weights, domain);
}
