/**
 * `trainGBDT`: second-order gradient boosting of histogram trees (XGBoost `hist` / LightGBM style) in pure
 * TypeScript, producing the shared `TreeEnsembleModel` representation with XGBoost split semantics.
 *
 * Each round computes per-row gradients g and hessians h of the loss at the current margins (binary log-loss:
 * g = p - y, h = p(1 - p); squared error: g = m - y, h = 1; both times the sample weight), grows one tree on them
 * (`grower.ts`), and adds its leaf values to the margins. Margins accumulate in float32 in tree order, exactly as
 * XGBoost predicts, so the trained model's `predictMargin` on the training rows equals the margins the trainer used.
 * With a validation set, the metric of every round drives early stopping.
 *
 * Reference: Chen & Guestrin (2016), "XGBoost: A Scalable Tree Boosting System", KDD, section 2.
 *
 * @module
 */
import { logLoss, rmse, rocAuc } from '../../../calibration/metrics.js';
import { Rng } from '../../../core/rng.js';
import type { Matrix } from '../../../core/types.js';
import { binCheckedMatrix, isBinnedDataset, transformCheckedMatrix, type BinnedDataset } from '../binning.js';
import { xgbLogit } from '../float32.js';
import { assembleModel, type GBDTModel } from './gbdt-model.js';
import { Grower } from './grower.js';
import { localHistogramBuilder, type HistogramBuilder } from './hist-task.js';
import { checkTrainInputs } from './inputs.js';
import { resolveGBDTParams, type EvalMetric, type GBDTParams } from './params.js';
import { routeBinned, type TreeBuf } from './tree-buffer.js';

/**
 * Trains a gradient-boosted tree ensemble (binary log-loss or squared error) on X (rows x features, NaN = missing)
 * and labels y. X can be passed pre-binned (`binDataset`) to reuse the bins across models.
 *
 * Throws `InvalidParameterError` (code `'INVALID_PARAMETER'`) for a bad parameter (unknown name, wrong type, out of
 * range, `earlyStoppingRounds` without `evalSet`) and `GBDTInputError` for bad data: `GBDT_LABEL` (a label other
 * than 0/1 for `binary:logistic`), `GBDT_LABEL_NAN`, `GBDT_LENGTH_MISMATCH`, `GBDT_EMPTY` (0 rows),
 * `GBDT_CONSTANT_LABEL`, `GBDT_WEIGHT`.
 *
 * Deterministic: the same data, parameters and seed give the same model, bit for bit.
 *
 * @example
 * ```ts
 * const model = trainGBDT(X, y, { maxDepth: 4, learningRate: 0.1, nEstimators: 300,
 *   evalSet: { X: Xvalid, y: yvalid }, earlyStoppingRounds: 20 })
 * model.predictProba(Xtest) // Float64Array of P(y = 1)
 * model.bestIteration
 * ```
 */
export function trainGBDT(X: Matrix | BinnedDataset, y: ArrayLike<number>, params: GBDTParams = {}): GBDTModel {
  return trainGBDTWith(localHistogramBuilder(), X, y, params);
}

/** The validation rows during boosting: binned data, labels, weights, running margins and scratch. */
interface ValidationState {
  readonly data: BinnedDataset;
  readonly y: Float64Array;
  readonly w: Float64Array | undefined;
  readonly margin: Float64Array;
  readonly pred: Float64Array;
}

/**
 * {@link trainGBDT} with an explicit {@link HistogramBuilder} (the worker-thread trainer in `parallel.node.ts` passes
 * its shared-memory builder). The model does not depend on the builder.
 *
 * @example
 * ```ts
 * trainGBDTWith(localHistogramBuilder(), X, y, { maxDepth: 4 }) // the same model as trainGBDT(X, y, { maxDepth: 4 })
 * ```
 */
export function trainGBDTWith(builder: HistogramBuilder, X: Matrix | BinnedDataset, y: ArrayLike<number>, params: GBDTParams = {}): GBDTModel {
  const t0 = Date.now();
  const P = resolveGBDTParams(params);
  const binary = P.objective === 'binary:logistic';
  // Every input is checked once, before the (costly) binning.
  const inputs = checkTrainInputs(X, y, params, P);
  const { n, F, labels, effectiveWeight: w } = inputs;
  // XGBoost's own ProbToMargin (float32), so that an XGBoost export can state base_score exactly.
  const baseMargin = binary ? xgbLogit(P.baseScore ?? inputs.meanLabel) : Math.fround(P.baseScore ?? inputs.meanLabel);

  const data = isBinnedDataset(X) ? X : binCheckedMatrix(X, P.maxBin, { seed: P.seed });
  let valid: ValidationState | undefined;
  if (inputs.valid !== undefined) {
    const vx = inputs.valid.set.X;
    const vd = isBinnedDataset(vx) ? vx : transformCheckedMatrix(data.mapper, vx);
    valid = { data: vd, y: inputs.valid.labels, w: inputs.valid.weight, margin: new Float64Array(vd.rows).fill(baseMargin), pred: new Float64Array(vd.rows) };
  }
  const grower = new Grower(data, P, builder);
  const rng = new Rng(P.seed);
  const margin = new Float64Array(n).fill(baseMargin);
  const grad = builder.allocF64(n), hess = builder.allocF64(n);
  const trees: TreeBuf[] = [];
  const trainHist: number[] = [], validHist: number[] = [];
  let bestIteration = -1, bestScore: number | undefined;
  const maximize = P.evalMetric === 'auc';
  const trainPred = params.onProgress ? new Float64Array(n) : undefined;
  const allRows = new Uint32Array(n);
  for (let i = 0; i < n; i++) allRows[i] = i;
  const sampleRows = new Uint32Array(n);
  const missingBin = Int32Array.from({ length: F }, (_, f) => data.mapper.missingBin(f));
  const trainWeight = inputs.weight ? Float64Array.from(inputs.weight) : undefined;

  for (let round = 0; round < P.nEstimators; round++) {
    computeGradients(binary, margin, labels, w, grad, hess);
    let rows = allRows, nRows = n;
    if (P.subsample < 1) {
      nRows = sampleRowsInto(sampleRows, n, P.subsample, rng);
      rows = sampleRows;
    }
    const tree = grower.grow(rows, nRows, grad, hess, rng);
    trees.push(tree);
    // Update margins (float32 accumulation, as prediction does).
    if (P.subsample < 1) addTree(tree, data, missingBin, margin);
    else grower.applyLeaves(tree, margin);
    if (valid) {
      addTree(tree, valid.data, missingBin, valid.margin);
      const score = evaluate(P.evalMetric, valid.y, valid.margin, valid.pred, valid.w);
      validHist.push(score);
      if (bestScore === undefined || (maximize ? score > bestScore : score < bestScore)) {
        bestScore = score;
        bestIteration = round;
      }
    } else bestIteration = round;
    let stop = false;
    if (params.onProgress) {
      const trainLoss = evaluate(P.evalMetric, labels, margin, trainPred!, trainWeight);
      trainHist.push(trainLoss);
      const r = params.onProgress({ round, trainLoss, validLoss: valid ? validHist[validHist.length - 1] : undefined, elapsedMs: Date.now() - t0 });
      if (r === false) stop = true;
    }
    if (valid && P.earlyStoppingRounds !== undefined && round - bestIteration >= P.earlyStoppingRounds) {
      trees.length = bestIteration + 1;
      break;
    }
    if (stop) break;
  }
  if (valid && P.earlyStoppingRounds !== undefined && trees.length > bestIteration + 1) trees.length = bestIteration + 1;
  return assembleModel(trees, data, baseMargin, inputs.featureNames, { params: P, bestIteration, bestScore, history: { train: trainHist, valid: validHist } });
}

/** Per-row gradients and hessians of the loss at `margin`, times the row weights `w`. */
function computeGradients(binary: boolean, margin: Float64Array, labels: Float64Array, w: Float64Array, grad: Float64Array, hess: Float64Array): void {
  const n = margin.length;
  if (binary) {
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-margin[i]!));
      const wi = w[i]!;
      grad[i] = (p - labels[i]!) * wi;
      const h = p * (1 - p);
      hess[i] = (h > 1e-16 ? h : 1e-16) * wi;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const wi = w[i]!;
      grad[i] = (margin[i]! - labels[i]!) * wi;
      hess[i] = wi;
    }
  }
}

/** Draws this round's row sample (each row with probability `rate`, at least one) into `out`; returns its size. */
function sampleRowsInto(out: Uint32Array, n: number, rate: number, rng: Rng): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (rng.uniform() < rate) out[k++] = i;
  if (k === 0) out[k++] = Math.min(n - 1, Math.floor(rng.uniform() * n));
  return k;
}

/** Adds the tree's leaf value to the margin of every row of the binned data (float32 accumulation). */
function addTree(tree: TreeBuf, data: BinnedDataset, missingBin: Int32Array, margin: Float64Array): void {
  const rows = data.rows;
  for (let i = 0; i < rows; i++) margin[i] = Math.fround(margin[i]! + tree.value[routeBinned(tree, data.bins, rows, missingBin, i)]!);
}

/**
 * The metric of margins `m` against labels y (pred is scratch), with the calibration metrics in their no-throw
 * mode: the trainer checked labels and weights once, before training.
 */
function evaluate(metric: EvalMetric, y: Float64Array, m: Float64Array, pred: Float64Array, w: Float64Array | undefined): number {
  if (metric === 'rmse') return rmse(y, m, w, { validate: false });
  if (metric === 'auc') return rocAuc(y, m, w, { validate: false });
  for (let i = 0; i < m.length; i++) pred[i] = 1 / (1 + Math.exp(-m[i]!));
  return logLoss(y, pred, w, { validate: false });
}
