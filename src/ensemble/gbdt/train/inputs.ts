/**
 * The input checks of `trainGBDT`, run once before the (costly) binning: X, labels, sample weights, feature names
 * and the validation set. Bad arguments throw `InvalidParameterError`; bad data throws `GBDTInputError` with the
 * code of the fault (`GBDT_LABEL`, `GBDT_LABEL_NAN`, `GBDT_LENGTH_MISMATCH`, `GBDT_EMPTY`, `GBDT_CONSTANT_LABEL`,
 * `GBDT_WEIGHT`).
 *
 * @module
 */
import type { Matrix } from '../../../core/types.js';
import { GBDTInputError } from '../../errors.js';
import { isBinnedDataset, type BinnedDataset } from '../binning.js';
import { checkMatrix } from '../matrix.js';
import { badParameter, type GBDTEvalSet, type GBDTParams, type ResolvedGBDTParams } from './params.js';

/** The checked training inputs. */
export interface TrainInputs {
  /** Rows and features of X. */
  readonly n: number;
  readonly F: number;
  /** The labels, as doubles. */
  readonly labels: Float64Array;
  /** The sample weights as given (undefined: all 1). */
  readonly weight: ArrayLike<number> | undefined;
  /** Per row, the sample weight times `scalePosWeight` for positive rows (binary objective). */
  readonly effectiveWeight: Float64Array;
  /** The weighted mean label (with the effective weights): the default base score. */
  readonly meanLabel: number;
  readonly featureNames: readonly string[] | undefined;
  /** The validation set's checked labels and weights, when there is one. */
  readonly valid: { readonly set: GBDTEvalSet; readonly labels: Float64Array; readonly weight: Float64Array | undefined } | undefined;
}

/**
 * Checks every training input in a fixed order (X, labels, weights, feature names, constant labels, the validation
 * set), so the first fault found is the one reported, and returns them ready for boosting.
 *
 * @example
 * ```ts
 * const inputs = checkTrainInputs(X, y, params, resolveGBDTParams(params))
 * inputs.effectiveWeight // Float64Array of per-row weights
 * ```
 */
export function checkTrainInputs(X: Matrix | BinnedDataset, y: ArrayLike<number>, params: GBDTParams, P: ResolvedGBDTParams): TrainInputs {
  const binary = P.objective === 'binary:logistic';
  const aliased = params as Record<string, unknown>;
  if (!isBinnedDataset(X)) checkMatrix(X, 'X');
  const n = X.rows, F = X.cols;
  if (n === 0 || F === 0) throw new GBDTInputError('GBDT_EMPTY', 'X', `has ${n} row(s) and ${F} column(s)`, { shape: { rows: n, cols: F } });
  const labels = checkLabels(y, n, binary, 'y');
  const weight = checkWeights(params.weight ?? (aliased.sample_weight as ArrayLike<number> | undefined), n, 'weight');
  const featureNames = params.featureNames ?? (aliased.feature_names as readonly string[] | undefined);
  if (featureNames !== undefined && (!Array.isArray(featureNames) || featureNames.length !== F)) badParameter('featureNames', `must be an array of ${F} names`);
  const { effectiveWeight, meanLabel } = effectiveWeights(labels, weight, binary ? P.scalePosWeight : 1);
  const evalSet = params.evalSet ?? (aliased.eval_set as GBDTEvalSet | undefined);
  const valid = evalSet === undefined ? undefined : checkEvalSet(evalSet, X, binary, P);
  return { n, F, labels, weight, effectiveWeight, meanLabel, featureNames, valid };
}

/**
 * The effective weights (sample weight, times `positiveScale` for label 1) and their weighted mean label; throws
 * `GBDT_CONSTANT_LABEL` when every row of non-zero weight has the same label.
 */
function effectiveWeights(labels: Float64Array, weight: ArrayLike<number> | undefined, positiveScale: number): { effectiveWeight: Float64Array; meanLabel: number } {
  const n = labels.length;
  const w = new Float64Array(n);
  let wsum = 0, wy = 0;
  for (let i = 0; i < n; i++) {
    let wi = weight ? weight[i]! : 1;
    if (labels[i] === 1) wi *= positiveScale;
    w[i] = wi;
    wsum += wi;
    wy += wi * labels[i]!;
  }
  let first = -1;
  let constant = true;
  for (let i = 0; i < n; i++) {
    if (w[i] === 0) continue;
    if (first < 0) first = i;
    else if (labels[i] !== labels[first]) {
      constant = false;
      break;
    }
  }
  if (constant) throw new GBDTInputError('GBDT_CONSTANT_LABEL', 'y', `every (non-zero-weight) label equals ${labels[first]}; there is nothing to learn`, { value: labels[first] });
  return { effectiveWeight: w, meanLabel: wy / wsum };
}

/** Checks the validation set against the training X (same bins or same width) and returns its labels and weights. */
function checkEvalSet(evalSet: GBDTEvalSet, X: Matrix | BinnedDataset, binary: boolean, P: ResolvedGBDTParams): NonNullable<TrainInputs['valid']> {
  const F = X.cols;
  if (typeof evalSet !== 'object' || evalSet === null) badParameter('evalSet', 'must be { X, y, weight? }', evalSet);
  if (isBinnedDataset(evalSet.X)) {
    if (!isBinnedDataset(X) || evalSet.X.mapper !== X.mapper) badParameter('evalSet.X', 'a binned evalSet must be binned with the training bins (mapper.transform)');
    if (evalSet.X.cols !== F) badParameter('evalSet.X', `has ${evalSet.X.cols} columns, X has ${F}`);
  } else {
    checkMatrix(evalSet.X, 'evalSet.X');
    if (evalSet.X.cols !== F) throw new GBDTInputError('GBDT_LENGTH_MISMATCH', 'evalSet.X', `has ${evalSet.X.cols} column(s), X has ${F}`, { shape: { cols: evalSet.X.cols, trainCols: F } });
  }
  const labels = checkLabels(evalSet.y, evalSet.X.rows, binary, 'evalSet.y');
  const w = checkWeights(evalSet.weight, evalSet.X.rows, 'evalSet.weight');
  if (P.evalMetric === 'auc') {
    let pos = 0, neg = 0;
    for (let i = 0; i < labels.length; i++) (labels[i] === 1 ? pos++ : neg++);
    if (pos === 0 || neg === 0) throw new GBDTInputError('GBDT_CONSTANT_LABEL', 'evalSet.y', 'AUC needs both classes in the validation labels');
  }
  return { set: evalSet, labels, weight: w ? Float64Array.from(w) : undefined };
}

/** Labels as doubles: finite, one per row, 0 or 1 for the binary objective. */
function checkLabels(y: ArrayLike<number>, n: number, binary: boolean, name: string): Float64Array {
  if (y === null || typeof y !== 'object' || typeof y.length !== 'number') badParameter(name, 'must be an array of numbers', y);
  if (y.length !== n) throw new GBDTInputError('GBDT_LENGTH_MISMATCH', name, `has ${y.length} label(s) for ${n} row(s)`, { shape: { rows: n, labels: y.length } });
  if (n === 0) throw new GBDTInputError('GBDT_EMPTY', name, 'no rows');
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = y[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new GBDTInputError('GBDT_LABEL_NAN', name, `label ${i} is ${String(v)}; labels must be finite numbers`, { index: i, value: v });
    if (binary && v !== 0 && v !== 1) throw new GBDTInputError('GBDT_LABEL', name, `label ${i} is ${v}; binary:logistic needs labels 0 or 1`, { index: i, value: v });
    out[i] = v;
  }
  return out;
}

/** Sample weights: one per row, finite and >= 0, not all 0 (undefined passes through). */
function checkWeights(wt: ArrayLike<number> | undefined, n: number, name: string): ArrayLike<number> | undefined {
  if (wt === undefined) return undefined;
  if (wt === null || typeof wt !== 'object' || typeof wt.length !== 'number') badParameter(name, 'must be an array of numbers', wt);
  if (wt.length !== n) throw new GBDTInputError('GBDT_LENGTH_MISMATCH', name, `has ${wt.length} weight(s) for ${n} row(s)`, { shape: { rows: n, weights: wt.length } });
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = wt[i]!;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new GBDTInputError('GBDT_WEIGHT', name, `weight ${i} is ${String(v)}; weights must be finite and >= 0`, { index: i, value: v });
    sum += v;
  }
  if (!(sum > 0)) throw new GBDTInputError('GBDT_WEIGHT', name, 'all weights are 0');
  return wt;
}
