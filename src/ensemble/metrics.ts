/**
 * The out-of-fold report of one model: accuracy with its Wilson interval, log loss and ROC AUC with approximate
 * 95% intervals, and the expected calibration error. The metrics themselves are the calibration module's.
 *
 * @module
 */
import { accuracy, logLoss, rocAuc, type Proportion } from '../calibration/metrics.js';
import { expectedCalibrationError } from '../calibration/ece.js';
import type { ModelKind } from './model.js';

/** A statistic with an approximate 95% interval. */
export interface Interval {
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
}

/** What {@link modelMetrics} reports. */
export interface ModelMetrics {
  /** Rows evaluated. */
  readonly rows: number;
  /** Accuracy of p >= 0.5, with the Wilson 95% interval. */
  readonly accuracy: Proportion;
  /** Mean log loss, with mean ± 1.96 standard errors of the per-row losses. */
  readonly logLoss: Interval;
  /** ROC AUC, with ± 1.96 Hanley-McNeil standard errors (clipped to [0, 1]). */
  readonly auc: Interval;
  /** Expected calibration error, 10 equal-width bins. */
  readonly ece: number;
}

const Z95 = 1.959963984540054;

/** Mean log loss ± z standard errors of the per-row losses (p clipped to [1e-15, 1 - 1e-15], as `logLoss`). */
function logLossInterval(labels: Float64Array, probs: Float64Array): Interval {
  const n = labels.length;
  const value = logLoss(labels, probs);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const q = Math.min(Math.max(probs[i]!, 1e-15), 1 - 1e-15);
    const d = -(labels[i] === 1 ? Math.log(q) : Math.log(1 - q)) - value;
    ss += d * d;
  }
  const se = n > 1 ? Math.sqrt(ss / (n - 1) / n) : 0;
  return { value, lower: Math.max(0, value - Z95 * se), upper: value + Z95 * se };
}

/**
 * ROC AUC with the standard error of Hanley & McNeil (1982): with A the AUC, n1 positives and n2 negatives,
 * Q1 = A / (2 - A), Q2 = 2A^2 / (1 + A), SE^2 = (A(1 - A) + (n1 - 1)(Q1 - A^2) + (n2 - 1)(Q2 - A^2)) / (n1 n2).
 */
function aucInterval(labels: Float64Array, probs: Float64Array): Interval {
  const A = rocAuc(labels, probs);
  let n1 = 0;
  for (const y of labels) n1 += y;
  const n2 = labels.length - n1;
  const q1 = A / (2 - A);
  const q2 = (2 * A * A) / (1 + A);
  const se = Math.sqrt(Math.max(0, A * (1 - A) + (n1 - 1) * (q1 - A * A) + (n2 - 1) * (q2 - A * A)) / (n1 * n2));
  return { value: A, lower: Math.max(0, A - Z95 * se), upper: Math.min(1, A + Z95 * se) };
}

/**
 * The out-of-fold metrics of one model's probabilities (labels 0/1 of both classes, probabilities in [0, 1]; the
 * calibration functions throw `InvalidParameterError` otherwise).
 *
 * References: Wilson (1927) for the accuracy interval; Hanley & McNeil (1982), "The meaning and use of the area under
 * a ROC curve", Radiology 143(1), for the AUC standard error; Naeini et al. (2015) for the ECE.
 *
 * @example
 * ```ts
 * const m = modelMetrics(Float64Array.of(0, 0, 1, 1), Float64Array.of(0.1, 0.4, 0.35, 0.8))
 * [m.accuracy.value, m.auc.value, m.ece] // => [0.75, 0.75, 0.13749999999999998]
 * m.logLoss // => { value: 0.47228795380917615, lower: 0.059709114996682744, upper: 0.8848667926216696 }
 * ```
 */
export function modelMetrics(labels: Float64Array, probs: Float64Array): ModelMetrics {
  return {
    rows: labels.length,
    accuracy: accuracy(labels, probs),
    logLoss: logLossInterval(labels, probs),
    auc: aucInterval(labels, probs),
    ece: expectedCalibrationError(labels, probs),
  };
}

/** One member's line of an {@link EnsembleReport}. */
export interface MemberReport {
  readonly name: string;
  readonly kind: ModelKind;
  readonly metrics: ModelMetrics;
}

/** The out-of-fold evaluation of an ensemble: each member's metrics and the ensemble's, raw and calibrated. */
export interface EnsembleReport {
  /** Walk-forward folds evaluated. */
  readonly folds: number;
  /** Out-of-fold rows (the union of the folds' test rows). */
  readonly rows: number;
  readonly members: readonly MemberReport[];
  /** The combination (fitted on these same out-of-fold rows) before calibration. */
  readonly ensemble: ModelMetrics;
  /** The calibrated ensemble, each fold calibrated by a calibrator fitted on the other folds; absent without calibration. */
  readonly calibrated?: ModelMetrics;
}
