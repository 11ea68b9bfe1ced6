/**
 * Cross-fitting: calibrated out-of-fold predictions from calibrators that never saw the fold they calibrate.
 *
 * @module
 */
import { describeValue } from '../core/describe.js';
import { AlphaError, InvalidParameterError } from '../core/errors.js';
import { checkOptions } from '../core/options.js';
import type { Split } from '../labels/validation.js';
import type { CalibrationMethod, Calibrator } from './calibrator.js';
import { checkMethod, fitCalibrator, METHOD_DOMAIN } from './fit.js';
import { checkArray, checkLength, checkValue } from './inputs.js';

/** Options of {@link crossFitCalibration}. */
export interface CrossFitOptions {
  /** The calibration method. */
  readonly method: CalibrationMethod;
  /** Sample weights (finite, >= 0), read at the samples of the folds. */
  readonly weights?: ArrayLike<number>;
  /**
   * Calibrate each fold with the folds before it only (fold order: split order, or ascending fold id), for
   * walk-forward evaluation in which nothing may learn from the future. The first fold then has no calibrator and
   * its calibrated values are NaN. Default false: every other fold.
   */
  readonly causal?: boolean;
}

/** One fold of a cross-fit: its calibrator (fitted without it) and its sizes. */
export interface CrossFitFold {
  /** Undefined for the first fold of a causal cross-fit. */
  readonly calibrator: Calibrator | undefined;
  /** Samples the calibrator was fitted on. */
  readonly fitSize: number;
  /** Samples in the fold. */
  readonly size: number;
}

/** The result of {@link crossFitCalibration}. */
export interface CrossFitResult {
  /** Each fold sample's score through its fold's calibrator; NaN outside every fold (and in a causal first fold). */
  readonly calibrated: Float64Array;
  readonly folds: readonly CrossFitFold[];
  /** The calibrator fitted on every fold sample: the one to apply to new predictions. */
  readonly final: Calibrator;
}

/** The samples of each fold, from fold ids (-1: in no fold) or from splits (their test indices). */
function foldMembers(folds: ArrayLike<number> | readonly Split[], n: number): Int32Array[] {
  if (Array.isArray(folds) && folds.length > 0 && typeof folds[0] === 'object') {
    const seen = new Uint8Array(n);
    return (folds as readonly Split[]).map((split, k) => {
      const test = Int32Array.from(split?.test ?? []);
      for (const i of test) {
        if (!(i >= 0 && i < n)) throw new InvalidParameterError(`folds[${k}].test`, `index ${i} is outside the ${n} samples`, { value: i });
        if (seen[i]) throw new InvalidParameterError(`folds[${k}].test`, `sample ${i} is in two test folds: it has one out-of-fold score`, { index: i });
        seen[i] = 1;
      }
      return test;
    });
  }
  const ids = folds as ArrayLike<number>;
  checkLength('folds', ids, n);
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    if (id === -1) continue;
    if (!Number.isInteger(id) || id < 0) throw new InvalidParameterError(`folds[${i}]`, `a fold id is an integer >= 0, or -1 for none; got ${describeValue(id)}`, { index: i, value: id });
    const list = members.get(id);
    if (list) list.push(i);
    else members.set(id, [i]);
  }
  return [...members.keys()].sort((a, b) => a - b).map((id) => Int32Array.from(members.get(id)!));
}

/**
 * Cross-fits a calibrator on out-of-fold predictions. `scores[i]` must be the prediction for sample i of a model
 * that did not train on it (an out-of-fold score, from `purgedKFoldSplits` or `walkForwardSplits` of
 * `src/labels`); `folds` gives the folds as those splits (fold k = `splits[k].test`) or as one fold id per sample
 * (-1 for samples in no fold, whose scores are not read). For each fold k a calibrator is fitted on the other
 * folds' scores and labels (with `causal`, the earlier folds only) and applied to fold k, so that every calibrated
 * value comes from a calibrator that never saw its sample: the calibrated out-of-fold predictions evaluate the
 * calibrated model honestly. `final` is fitted on every fold sample, for new predictions.
 *
 * Throws `InvalidParameterError` for an unknown method or option, bad fold ids, a test index out of range or in
 * two folds, a bad label, score or weight in a fold, fewer than 2 folds, or a fold whose calibrator cannot be
 * fitted (one class, one distinct score: the message names the fold); `LengthMismatchError` for scores, weights or
 * fold ids of another length than the labels.
 *
 * @example
 * ```ts
 * const scores = [0.1, 0.3, 0.35, 0.6, 0.8, 0.9, 0.2, 0.7]
 * const labels = [0, 0, 1, 0, 1, 1, 0, 1]
 * const r = crossFitCalibration(scores, labels, [0, 1, 0, 1, 0, 1, 0, 1], { method: 'isotonic' })
 * Array.from(r.calibrated) // => [0, 0.6666666666666666, 0, 1, 1, 1, 0, 1]
 * r.final.predict(0.5)     // => 0.5
 * ```
 */
export function crossFitCalibration(scores: ArrayLike<number>, labels: ArrayLike<number>, folds: ArrayLike<number> | readonly Split[], options: CrossFitOptions): CrossFitResult {
  const { method, weights, causal = false } = checkOptions(options, ['method', 'weights', 'causal'], 'options') as CrossFitOptions;
  checkMethod(method, 'options.method');
  const n = checkArray('labels', labels);
  checkLength('scores', scores, n);
  if (weights !== undefined) checkLength('options.weights', weights, n);
  const members = foldMembers(folds, n);
  if (members.length < 2) throw new InvalidParameterError('folds', `cross-fitting needs at least 2 folds, got ${members.length}`);
  for (const i of members.flatMap((m) => Array.from(m))) {
    checkValue(labels[i], 'label', 'labels', i);
    checkValue(scores[i], METHOD_DOMAIN[method], 'scores', i);
    if (weights) checkValue(weights[i], 'weight', 'options.weights', i);
  }
  const fit = (rows: number[], what: string): Calibrator => {
    const pick = (values: ArrayLike<number>) => rows.map((i) => values[i]!);
    try {
      return fitCalibrator(method, pick(scores), pick(labels), weights ? { weights: pick(weights) } : undefined);
    } catch (e) {
      if (e instanceof AlphaError) throw new InvalidParameterError('folds', `${what}: ${e.message}`);
      throw e;
    }
  };
  const calibrated = new Float64Array(n).fill(NaN);
  const result = members.map((test, k): CrossFitFold => {
    const rows = members.flatMap((m, j) => (j === k || (causal && j > k) ? [] : Array.from(m)));
    if (rows.length === 0) return { calibrator: undefined, fitSize: 0, size: test.length };
    const calibrator = fit(rows, `the calibrator of fold ${k} (fitted on ${rows.length} samples of the other folds)`);
    for (const i of test) calibrated[i] = calibrator.predict(scores[i]!);
    return { calibrator, fitSize: rows.length, size: test.length };
  });
  const all = members.flatMap((m) => Array.from(m));
  return { calibrated, folds: result, final: fit(all, `the final calibrator (all ${all.length} fold samples)`) };
}
