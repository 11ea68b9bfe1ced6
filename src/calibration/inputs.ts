/**
 * Input checks shared by the calibrators and the binned metrics. Every failure is an `InvalidParameterError` naming
 * the argument, the index and the value.
 *
 * @module
 */
import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';
import { checkOptions } from '../core/options.js';

/** What a score may be: any finite number (a margin, a decision function) or a probability in [0, 1]. */
export type ScoreDomain = 'score' | 'probability';

/**
 * Checks one score against its domain: finite, or in [0, 1] (NaN fails both). Throws `InvalidParameterError`
 * naming `where`.
 *
 * @example
 * ```ts
 * checkInput(1.5, 'probability', 'p') // throws InvalidParameterError: p: must be a probability in [0, 1], got 1.5
 * ```
 */
export function checkInput(value: number, domain: ScoreDomain, where: string): void {
  const ok = domain === 'probability' ? value >= 0 && value <= 1 : Number.isFinite(value);
  if (!ok) {
    const want = domain === 'probability' ? 'a probability in [0, 1]' : 'a finite score';
    throw new InvalidParameterError(where, `must be ${want}, got ${describeValue(value)}`, { value });
  }
}

/** Checked inputs of a fit or a metric, copied into typed arrays. */
export interface Samples {
  readonly n: number;
  readonly scores: Float64Array;
  readonly labels: Uint8Array;
  /** Sample weights, or undefined for unit weights. */
  readonly weights: Float64Array | undefined;
}

/**
 * Checks that `values` is array-like and returns its length; throws `InvalidParameterError` naming `name`.
 *
 * @example
 * ```ts
 * checkArray('labels', [0, 1, 1]) // => 3
 * ```
 */
export function checkArray(name: string, values: ArrayLike<number>): number {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new InvalidParameterError(name, `expected an array of numbers, got ${describeValue(values)}`);
  }
  return values.length;
}

function checkLength(name: string, values: ArrayLike<number>, n: number): void {
  if (checkArray(name, values) !== n) throw new InvalidParameterError(name, `has ${values.length} values, the labels ${n}`, { shape: { [name]: values.length, labels: n } });
}

/**
 * Checks scores (against `domain`), 0/1 labels and optional weights (finite, >= 0, not all 0): equal lengths and
 * at least one sample. Returns copies in typed arrays.
 *
 * @example
 * ```ts
 * checkSamples([0.2, 0.9], [0, 1], undefined, 'probability')
 * // => { n: 2, scores: Float64Array [0.2, 0.9], labels: Uint8Array [0, 1], weights: undefined }
 * ```
 */
export function checkSamples(scores: ArrayLike<number>, labels: ArrayLike<number>, weights: ArrayLike<number> | undefined, domain: ScoreDomain): Samples {
  const n = checkArray('labels', labels);
  checkLength('scores', scores, n);
  if (n === 0) throw new InvalidParameterError('labels', 'no samples', { shape: { labels: 0 } });
  const s = new Float64Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const label = labels[i]!;
    if (label !== 0 && label !== 1) throw new InvalidParameterError(`labels[${i}]`, `must be 0 or 1, got ${describeValue(label)}`, { index: i, value: label });
    y[i] = label;
    checkInput(scores[i]!, domain, `scores[${i}]`);
    s[i] = scores[i]!;
  }
  return { n, scores: s, labels: y, weights: weights === undefined ? undefined : checkWeights(weights, n) };
}

function checkWeights(weights: ArrayLike<number>, n: number): Float64Array {
  checkLength('weights', weights, n);
  const w = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = weights[i]!;
    if (!(v >= 0 && v < Infinity)) throw new InvalidParameterError(`weights[${i}]`, `must be finite and >= 0, got ${describeValue(v)}`, { index: i, value: v });
    w[i] = v;
    total += v;
  }
  if (!(total > 0)) throw new InvalidParameterError('weights', 'all weights are 0');
  return w;
}

/**
 * {@link checkSamples}, and what every fit needs besides: both classes (with positive weight) and at least two
 * distinct scores among the samples of positive weight.
 */
function checkFitSamples(scores: ArrayLike<number>, labels: ArrayLike<number>, weights: ArrayLike<number> | undefined, domain: ScoreDomain): Samples {
  const samples = checkSamples(scores, labels, weights, domain);
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
 * Checks a fit's options (only `weights`, by `checkOptions`) and samples with {@link checkFitSamples}.
 *
 * @example
 * ```ts
 * checkFit([0.2, 0.9], [0, 1], { weights: [1, 2] }, 'score').weights // => Float64Array [1, 2]
 * ```
 */
export function checkFit(scores: ArrayLike<number>, labels: ArrayLike<number>, options: FitOptions | undefined, domain: ScoreDomain): Samples {
  const { weights } = checkOptions(options, ['weights'], 'options');
  return checkFitSamples(scores, labels, weights, domain);
}
