/**
 * `trainEnsemble`: members trained on purged walk-forward folds, a combination and a calibrator fitted on their
 * out-of-fold predictions only, then every member refitted on all labeled rows.
 *
 * @module
 */
import { crossFitCalibration } from '../../calibration/cross-fit.js';
import type { Calibrator } from '../../calibration/calibrator.js';
import { InvalidParameterError } from '../../core/errors.js';
import type { Matrix } from '../../core/types.js';
import { walkForwardSplits } from '../../labels/validation.js';
import { combineRows, fitCombination } from '../combine/combination.js';
import { Ensemble } from '../ensemble.js';
import { trainGBDT } from '../gbdt/train/boost.js';
import { modelMetrics, type EnsembleReport } from '../metrics.js';
import { trainMLP } from '../mlp/train.js';
import { mlpMember, treeMember, type Model } from '../model.js';
import type { GBDTParams } from '../gbdt/train/params.js';
import type { MLPParams } from '../mlp/params.js';
import type { GBDTModel } from '../gbdt/train/gbdt-model.js';
import type { MLPModel } from '../mlp/model.js';
import { resolveConfig, type EnsembleConfig, type ResolvedMember } from './config.js';
import { checkDataset, takeRows, type EnsembleDataset } from './dataset.js';

/** The out-of-fold predictions everything was fitted on. */
export interface OutOfFold {
  /** Dataset rows with an out-of-fold prediction, ascending (the labeled rows of the test windows). */
  readonly rows: Int32Array;
  /** The fold of each of those rows. */
  readonly fold: Int32Array;
  readonly labels: Float64Array;
  /** Each member's probabilities, in member order. */
  readonly members: readonly Float64Array[];
  /** The combined probability before calibration. */
  readonly raw: Float64Array;
  /** The cross-fitted calibrated probability (absent with `calibration: 'none'`). */
  readonly calibrated: Float64Array | undefined;
}

/** What {@link trainEnsemble} returns. */
export interface TrainedEnsemble {
  /** The ensemble of the members refitted on all labeled rows, with the combination and the calibrator. */
  readonly ensemble: Ensemble;
  /** Out-of-fold metrics of each member and of the ensemble. */
  readonly report: EnsembleReport;
  readonly oof: OutOfFold;
}

/** Trains one member on X, y. */
function fit(member: ResolvedMember, X: Matrix, y: Float64Array, featureNames: readonly string[]): GBDTModel | MLPModel {
  return member.spec.kind === 'mlp' ? trainMLP(X, y, { ...(member.params as MLPParams), featureNames }) : trainGBDT(X, y, { ...(member.params as GBDTParams), featureNames });
}

/** A trained member behind the {@link Model} interface. */
function asModel(member: ResolvedMember, model: GBDTModel | MLPModel): Model {
  const { name, kind } = member.spec;
  return kind === 'mlp' ? mlpMember(model as MLPModel, { name }) : treeMember(model as GBDTModel, { name, kind });
}

function bothClasses(y: Float64Array): boolean {
  return y.some((v) => v === 1) && y.some((v) => v === 0);
}

/**
 * Trains an ensemble of binary classifiers on time-ordered rows.
 *
 * 1. Folds: `walkForwardSplits` of `src/labels` with the dataset's `t1` (training rows whose label interval reaches
 *    the test window are purged; unlabeled rows are in no fold); `config.split` sets the windows (default: the
 *    first half trains, the second half is five test windows).
 * 2. Out of fold: on each fold every member is trained on the fold's training rows and predicts its test rows.
 * 3. Combination, fitted on the out-of-fold predictions only: simplex weights minimizing the log loss (EM,
 *    `fitSimplexWeights`), or logistic stacking on the members' logits (`fitStacking`).
 * 4. Calibration, cross-fitted on the out-of-fold ensemble predictions (`crossFitCalibration` with the folds:
 *    each fold calibrated by a calibrator fitted on the others); the final calibrator is fitted on all of them.
 * 5. Report: each member's out-of-fold metrics, the ensemble's before and after calibration (`modelMetrics`:
 *    accuracy with its Wilson interval, log loss and AUC with intervals, ECE). The combination is fitted on the same
 *    rows it is scored on (K - 1 or K + 1 free parameters: a small optimism); the calibrated metrics are cross-fitted.
 * 6. Refit: every member is trained again on all labeled rows; these are the ensemble's members.
 *
 * Deterministic: the same dataset and configuration (seed included) give the same ensemble. Throws
 * `InvalidParameterError` for a bad dataset or configuration (see `checkDataset`, `resolveConfig`), a fold whose
 * training rows have a single class, or out-of-fold rows of a single class; `FeatureMismatchError` when the feature
 * names do not match X's width; whatever a member's trainer throws.
 *
 * @example
 * ```ts
 * // 3,000 simulated 15m candles with a planted signal (the planted-signal test of test/ensemble/ensemble/)
 * const { ensemble, report } = trainEnsemble({ X, y: label, t1, featureNames, time }, { members, seed: 1 })
 * report.members.map((m) => m.metrics.logLoss.value) // => [0.68168..., 0.68222...] (depth-wise, leaf-wise)
 * report.ensemble.logLoss.value                      // => 0.68086... (never above the best member's)
 * ensemble.combination                               // => { method: 'weights', weights: [0.5699..., 0.4300...] }
 * ```
 */
export function trainEnsemble(dataset: EnsembleDataset, config?: EnsembleConfig): TrainedEnsemble {
  const d = checkDataset(dataset);
  const c = resolveConfig(config, d.X.rows);
  const splits = walkForwardSplits({ n: d.X.rows, ...c.split, t1: d.t1 });
  const pick = (rows: Int32Array): Float64Array => Float64Array.from(rows, (r) => d.labels[r]!);
  const testRows: Int32Array[] = [];
  const predictions: Float64Array[][] = c.members.map(() => []);
  splits.forEach(({ train, test }, f) => {
    if (test.length === 0) return;
    const y = pick(train);
    if (!bothClasses(y)) throw new InvalidParameterError('config.split', `fold ${f}: its ${train.length} training row(s) have a single class; start the folds later (trainSize)`);
    const Xtrain = takeRows(d.X, train);
    const Xtest = takeRows(d.X, test);
    c.members.forEach((m, k) => predictions[k]!.push(fit(m, Xtrain, y, d.featureNames).predictProba(Xtest)));
    testRows.push(test);
  });
  const rows = Int32Array.from(testRows.flatMap((t) => Array.from(t)));
  const fold = Int32Array.from(testRows.flatMap((t, f) => Array.from(t, () => f)));
  const labels = pick(rows);
  if (!bothClasses(labels)) throw new InvalidParameterError('config.split', `the ${rows.length} out-of-fold row(s) have a single class`);
  const members = predictions.map((parts) => Float64Array.from(parts.flatMap((p) => Array.from(p))));
  const combination = fitCombination(c.combine, members, labels, c.stackingL2);
  const raw = combineRows(combination, members, rows.length).probability;
  let calibrator: Calibrator | undefined;
  let calibrated: Float64Array | undefined;
  if (c.calibration !== 'none') {
    if (testRows.length < 2) throw new InvalidParameterError('config.split', `cross-fitted calibration needs at least 2 folds, the split gives ${testRows.length}`);
    const cross = crossFitCalibration(raw, labels, fold, { method: c.calibration });
    calibrator = cross.final;
    calibrated = cross.calibrated;
  }
  const report: EnsembleReport = {
    folds: testRows.length,
    rows: rows.length,
    members: c.members.map((m, k) => ({ name: m.spec.name, kind: m.spec.kind, metrics: modelMetrics(labels, members[k]!) })),
    ensemble: modelMetrics(labels, raw),
    ...(calibrated ? { calibrated: modelMetrics(labels, calibrated) } : {}),
  };
  const Xall = takeRows(d.X, d.labeled);
  const yall = pick(d.labeled);
  const final = c.members.map((m) => asModel(m, fit(m, Xall, yall, d.featureNames)));
  const ensemble = new Ensemble(final, {
    featureNames: d.featureNames,
    combination,
    ...(calibrator ? { calibrator } : {}),
    minShare: c.minShare,
    ...(d.window ? { window: d.window } : {}),
    report,
  });
  return { ensemble, report, oof: { rows, fold, labels, members, raw, calibrated } };
}
