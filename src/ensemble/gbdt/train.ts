/**
 * `trainGBDT`: second-order gradient boosting of histogram trees (XGBoost `hist` / LightGBM style) in pure
 * TypeScript, producing the shared {@link TreeEnsembleModel} representation with XGBoost split semantics.
 *
 * Algorithm (Chen & Guestrin 2016, "XGBoost: A Scalable Tree Boosting System", section 2; Ke et al. 2017,
 * "LightGBM", for leaf-wise growth and histogram subtraction):
 * - each round computes per-row gradients g and hessians h of the loss at the current margins (binary log-loss:
 *   g = p - y, h = p(1 - p); squared error: g = m - y, h = 1; both times the sample weight);
 * - a tree is grown on binned features: a node's best split maximises
 *   `gain = T(G_L)^2 / (H_L + lambda) + T(G_R)^2 / (H_R + lambda) - T(G)^2 / (H + lambda)` where
 *   `T(G) = sign(G) max(|G| - alpha, 0)` (this is XGBoost's `loss_chg`, without the factor 1/2), over every value-bin
 *   boundary and both directions for the missing bin (the missing direction is learned per split);
 *   a split is kept iff `gain > 1e-6`, `gain >= gamma`, both children have hessian sum >= `minChildWeight` and > 0
 *   and at least `minDataInLeaf` rows;
 * - leaves get `learningRate * (-T(G) / (H + lambda))`, rounded to float32;
 * - histograms are built for the smaller child only; the sibling is the parent minus it.
 *
 * Margins accumulate in float32 in tree order, exactly as XGBoost predicts, so the trained model's
 * `predictMargin` on the training rows equals the margins the trainer used.
 *
 * @module
 */
import type { Matrix } from '../../core/types.js';
import { Rng } from '../../core/rng.js';
import { binDataset, checkMatrix, isBinnedDataset, type BinMapper, type BinnedDataset } from './binning.js';
import { clearHistogram, localHistogramBuilder, subtractHistogram, type HistogramBuilder } from './histogram.js';
import { logLoss, rmse, rocAuc } from './metrics.js';
import { TreeEnsembleModel, type TreeEnsembleInit } from './model.js';
import { GBDTInputError } from './train-errors.js';
import { xgbLogit } from './xgboost.js';

/** Training objectives: binary log-loss (outputs probabilities) or squared error (regression). */
export type TrainObjective = 'binary:logistic' | 'reg:squarederror';

/** Tree growth policies: level by level (XGBoost `depthwise`) or best leaf first (LightGBM, XGBoost `lossguide`). */
export type GrowPolicy = 'depthwise' | 'leafwise';

/** Validation metrics for early stopping and progress: `logloss` and `auc` (binary), `rmse` (regression). */
export type EvalMetric = 'logloss' | 'auc' | 'rmse';

/** What the progress callback receives after each boosting round. */
export interface GBDTProgress {
  /** 0-based round index. */
  readonly round: number;
  /** The training metric (`evalMetric` on the training rows, unweighted by subsampling). */
  readonly trainLoss: number;
  /** The validation metric, or undefined without an `evalSet`. */
  readonly validLoss: number | undefined;
  /** Milliseconds since training started (binning included). */
  readonly elapsedMs: number;
}

/** A validation set for early stopping and progress reporting. */
export interface GBDTEvalSet {
  /** Validation features (binned with the training bins), or a dataset already binned with them. */
  readonly X: Matrix | BinnedDataset;
  /** Validation labels. */
  readonly y: ArrayLike<number>;
  /** Optional validation weights. */
  readonly weight?: ArrayLike<number>;
}

/**
 * Parameters of {@link trainGBDT}. camelCase names; the XGBoost / LightGBM snake_case spellings are accepted
 * too (see {@link GBDT_PARAM_ALIASES}), e.g. `{ max_depth: 4, eta: 0.1, reg_lambda: 2 }`. Unknown names throw.
 */
export interface GBDTParams {
  /** `'binary:logistic'` (default; labels 0/1) or `'reg:squarederror'`. Aliases `'binary'`, `'regression'`. */
  objective?: TrainObjective | 'binary' | 'regression';
  /** Shrinkage eta, in (0, 1]. Default 0.3 (XGBoost). */
  learningRate?: number;
  /** Boosting rounds (trees). Default 100. */
  nEstimators?: number;
  /** Growth policy. Default `'depthwise'`. XGBoost's `'lossguide'` is accepted for `'leafwise'`. */
  growPolicy?: GrowPolicy | 'lossguide';
  /** Maximum depth (root = depth 0). Default 6 for depth-wise; 0 (no limit) for leaf-wise. Max 30. */
  maxDepth?: number;
  /** Maximum leaves per tree for leaf-wise growth. Default 31 (LightGBM). Ignored by depth-wise growth. */
  numLeaves?: number;
  /** L2 regularisation of leaf weights. Default 1. */
  lambda?: number;
  /** L1 regularisation of leaf weights. Default 0. */
  alpha?: number;
  /** Minimum split gain (XGBoost `gamma` / `min_split_loss`, LightGBM `min_gain_to_split`). Default 0. */
  gamma?: number;
  /** Same as `gamma` (the LightGBM-style name). */
  minSplitGain?: number;
  /** Minimum hessian sum in a child. Default 1 (XGBoost). */
  minChildWeight?: number;
  /** Minimum number of training rows in a child. Default 0 (off; LightGBM uses 20). */
  minDataInLeaf?: number;
  /** Row subsampling rate per round, in (0, 1]. Default 1. */
  subsample?: number;
  /** Feature subsampling rate per tree, in (0, 1]. Default 1. */
  colsampleBytree?: number;
  /** Weight multiplier of positive rows (binary objective). Default 1. */
  scalePosWeight?: number;
  /** Bins per feature including the missing bin, in [2, 256]. Default 256. Ignored when X is already binned. */
  maxBin?: number;
  /** Seed of the row and feature sampling (and of the quantile sample on huge inputs). Default 0. */
  seed?: number;
  /**
   * The prediction every row starts from: a probability in (0, 1) for `binary:logistic`, a value for regression.
   * Default: the weighted mean label ("boost from average"; XGBoost 1.7 uses 0.5 instead).
   */
  baseScore?: number;
  /** Sample weights (non-negative, finite, not all zero), one per row. */
  weight?: ArrayLike<number>;
  /** Validation set for early stopping and progress. */
  evalSet?: GBDTEvalSet;
  /** Stop when the validation metric has not improved for this many rounds; the model keeps the best round's trees. */
  earlyStoppingRounds?: number;
  /** Validation metric. Default `'logloss'` (binary) or `'rmse'` (regression). */
  evalMetric?: EvalMetric;
  /**
   * Called after every round; returning `false` stops training. The model keeps the trees built so far (with
   * `earlyStoppingRounds`, those up to the best round).
   */
  onProgress?: (progress: GBDTProgress) => void | boolean;
  /** Feature names stored in the model, length X.cols. */
  featureNames?: readonly string[];
}

/**
 * The snake_case (XGBoost, LightGBM, scikit-learn) parameter spellings accepted by {@link trainGBDT} and the
 * camelCase parameter each maps to.
 */
export const GBDT_PARAM_ALIASES: Readonly<Record<string, keyof GBDTParams>> = {
  learning_rate: 'learningRate',
  eta: 'learningRate',
  n_estimators: 'nEstimators',
  num_boost_round: 'nEstimators',
  num_iterations: 'nEstimators',
  grow_policy: 'growPolicy',
  max_depth: 'maxDepth',
  num_leaves: 'numLeaves',
  max_leaves: 'numLeaves',
  reg_lambda: 'lambda',
  lambda_l2: 'lambda',
  reg_alpha: 'alpha',
  lambda_l1: 'alpha',
  min_split_loss: 'gamma',
  min_split_gain: 'gamma',
  min_gain_to_split: 'gamma',
  min_child_weight: 'minChildWeight',
  min_sum_hessian_in_leaf: 'minChildWeight',
  min_data_in_leaf: 'minDataInLeaf',
  min_child_samples: 'minDataInLeaf',
  bagging_fraction: 'subsample',
  colsample_bytree: 'colsampleBytree',
  feature_fraction: 'colsampleBytree',
  scale_pos_weight: 'scalePosWeight',
  max_bin: 'maxBin',
  random_state: 'seed',
  base_score: 'baseScore',
  sample_weight: 'weight',
  eval_set: 'evalSet',
  early_stopping_rounds: 'earlyStoppingRounds',
  eval_metric: 'evalMetric',
  feature_names: 'featureNames',
};

const PARAM_NAMES: ReadonlySet<string> = new Set([
  'objective', 'learningRate', 'nEstimators', 'growPolicy', 'maxDepth', 'numLeaves', 'lambda', 'alpha', 'gamma', 'minSplitGain',
  'minChildWeight', 'minDataInLeaf', 'subsample', 'colsampleBytree', 'scalePosWeight', 'maxBin', 'seed', 'baseScore', 'weight',
  'evalSet', 'earlyStoppingRounds', 'evalMetric', 'onProgress', 'featureNames',
]);

/** The parameters after defaults and alias resolution (what the trained model records). */
export interface ResolvedGBDTParams {
  readonly objective: TrainObjective;
  readonly learningRate: number;
  readonly nEstimators: number;
  readonly growPolicy: GrowPolicy;
  readonly maxDepth: number;
  readonly numLeaves: number;
  readonly lambda: number;
  readonly alpha: number;
  readonly gamma: number;
  readonly minChildWeight: number;
  readonly minDataInLeaf: number;
  readonly subsample: number;
  readonly colsampleBytree: number;
  readonly scalePosWeight: number;
  readonly maxBin: number;
  readonly seed: number;
  readonly baseScore: number | undefined;
  readonly earlyStoppingRounds: number | undefined;
  readonly evalMetric: EvalMetric;
}

/**
 * A model trained by {@link trainGBDT}: a {@link TreeEnsembleModel} (XGBoost split semantics, float32 sums) that
 * also keeps the training bins, the resolved parameters and the metric history.
 */
export class GBDTModel extends TreeEnsembleModel {
  /** The bin boundaries fitted on the training data (split thresholds are some of these cut values). */
  readonly binMapper: BinMapper;
  /** The parameters used, defaults filled in. */
  readonly params: ResolvedGBDTParams;
  /** 0-based index of the best round on the validation set (the last round without an `evalSet`). */
  readonly bestIteration: number;
  /** The validation metric at `bestIteration` (undefined without an `evalSet`). */
  readonly bestScore: number | undefined;
  /** Per round, the training metric (only filled when `onProgress` is given) and the validation metric. */
  readonly history: { readonly train: readonly number[]; readonly valid: readonly number[] };

  /** Internal: built by {@link trainGBDT}. */
  constructor(init: TreeEnsembleInit, extra: { binMapper: BinMapper; params: ResolvedGBDTParams; bestIteration: number; bestScore: number | undefined; history: { train: number[]; valid: number[] } }) {
    super(init);
    this.binMapper = extra.binMapper;
    this.params = extra.params;
    this.bestIteration = extra.bestIteration;
    this.bestScore = extra.bestScore;
    this.history = extra.history;
  }
}

function bad(parameter: string, message: string, value?: unknown): never {
  throw new GBDTInputError('GBDT_INVALID_PARAMETER', parameter, message, { value });
}

function num(p: Record<string, unknown>, name: string, def: number, ok: (x: number) => boolean, domain: string): number {
  const v = p[name];
  if (v === undefined) return def;
  if (typeof v !== 'number' || !ok(v)) bad(name, `must be ${domain}, got ${String(v)}`, v);
  return v;
}

/** Resolves aliases and defaults and validates every parameter (throws {@link GBDTInputError} `GBDT_INVALID_PARAMETER`). */
export function resolveGBDTParams(params: GBDTParams | Record<string, unknown> = {}): ResolvedGBDTParams {
  if (typeof params !== 'object' || params === null) bad('params', 'must be an object', params);
  const p: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const name = PARAM_NAMES.has(key) ? key : GBDT_PARAM_ALIASES[key];
    if (name === undefined) bad(key, `unknown parameter (known: ${[...PARAM_NAMES].join(', ')} and the snake_case aliases in GBDT_PARAM_ALIASES)`, value);
    if (p[name] !== undefined) bad(key, `given twice (as ${name} and an alias)`, value);
    p[name] = value;
  }
  if (p.minSplitGain !== undefined) {
    if (p.gamma !== undefined) bad('minSplitGain', 'given together with gamma (they are the same parameter)', p.minSplitGain);
    p.gamma = p.minSplitGain;
  }
  let objective: TrainObjective;
  const o = p.objective ?? 'binary:logistic';
  if (o === 'binary:logistic' || o === 'binary') objective = 'binary:logistic';
  else if (o === 'reg:squarederror' || o === 'regression') objective = 'reg:squarederror';
  else bad('objective', `must be 'binary:logistic' or 'reg:squarederror'`, o);
  const g = p.growPolicy ?? 'depthwise';
  if (g !== 'depthwise' && g !== 'leafwise' && g !== 'lossguide') bad('growPolicy', `must be 'depthwise' or 'leafwise' ('lossguide')`, g);
  const growPolicy: GrowPolicy = g === 'depthwise' ? 'depthwise' : 'leafwise';
  const isInt = Number.isInteger;
  const finite = Number.isFinite;
  const maxDepth = num(p, 'maxDepth', growPolicy === 'depthwise' ? 6 : 0, (x) => isInt(x) && x >= (growPolicy === 'depthwise' ? 1 : 0) && x <= 30, growPolicy === 'depthwise' ? 'an integer in [1, 30]' : 'an integer in [0, 30] (0 = no limit)');
  const metricDefault: EvalMetric = objective === 'binary:logistic' ? 'logloss' : 'rmse';
  const m = p.evalMetric ?? metricDefault;
  if (m !== 'logloss' && m !== 'auc' && m !== 'rmse') bad('evalMetric', `must be 'logloss', 'auc' or 'rmse'`, m);
  if (objective === 'reg:squarederror' && m !== 'rmse') bad('evalMetric', `must be 'rmse' for reg:squarederror`, m);
  if (p.onProgress !== undefined && typeof p.onProgress !== 'function') bad('onProgress', 'must be a function', p.onProgress);
  const es = p.earlyStoppingRounds;
  if (es !== undefined && (typeof es !== 'number' || !isInt(es) || es < 1)) bad('earlyStoppingRounds', 'must be a positive integer', es);
  if (es !== undefined && p.evalSet === undefined) bad('earlyStoppingRounds', 'needs an evalSet', es);
  const bs = p.baseScore;
  if (bs !== undefined && (typeof bs !== 'number' || !finite(bs) || (objective === 'binary:logistic' && !(bs > 0 && bs < 1)))) {
    bad('baseScore', objective === 'binary:logistic' ? 'must be a probability in (0, 1)' : 'must be finite', bs);
  }
  return {
    objective,
    learningRate: num(p, 'learningRate', 0.3, (x) => x > 0 && x <= 1, 'in (0, 1]'),
    nEstimators: num(p, 'nEstimators', 100, (x) => isInt(x) && x >= 1, 'a positive integer'),
    growPolicy,
    maxDepth,
    numLeaves: num(p, 'numLeaves', 31, (x) => isInt(x) && x >= 2 && x <= 131072, 'an integer in [2, 131072]'),
    lambda: num(p, 'lambda', 1, (x) => finite(x) && x >= 0, 'finite and >= 0'),
    alpha: num(p, 'alpha', 0, (x) => finite(x) && x >= 0, 'finite and >= 0'),
    gamma: num(p, 'gamma', 0, (x) => finite(x) && x >= 0, 'finite and >= 0'),
    minChildWeight: num(p, 'minChildWeight', 1, (x) => finite(x) && x >= 0, 'finite and >= 0'),
    minDataInLeaf: num(p, 'minDataInLeaf', 0, (x) => isInt(x) && x >= 0, 'a non-negative integer'),
    subsample: num(p, 'subsample', 1, (x) => x > 0 && x <= 1, 'in (0, 1]'),
    colsampleBytree: num(p, 'colsampleBytree', 1, (x) => x > 0 && x <= 1, 'in (0, 1]'),
    scalePosWeight: num(p, 'scalePosWeight', 1, (x) => finite(x) && x > 0, 'finite and > 0'),
    maxBin: num(p, 'maxBin', 256, (x) => isInt(x) && x >= 2 && x <= 256, 'an integer in [2, 256]'),
    seed: num(p, 'seed', 0, (x) => isInt(x), 'an integer'),
    baseScore: bs as number | undefined,
    earlyStoppingRounds: es as number | undefined,
    evalMetric: m,
  };
}

/** One tree under construction (node-local indices, root = 0). */
class TreeBuf {
  feature: number[] = [];
  splitBin: number[] = [];
  defaultLeft: number[] = [];
  left: number[] = [];
  right: number[] = [];
  value: number[] = [];
  cover: number[] = [];
  gain: number[] = [];

  add(value: number, cover: number): number {
    this.feature.push(-1);
    this.splitBin.push(0);
    this.defaultLeft.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.value.push(value);
    this.cover.push(cover);
    this.gain.push(0);
    return this.feature.length - 1;
  }
}

/** A node being grown: its row segment, sums, histogram and best split. */
interface GrowNode {
  id: number;
  start: number;
  end: number;
  depth: number;
  G: number;
  H: number;
  C: number;
  hist: Float64Array | null;
  bestGain: number;
  bestFeat: number;
  bestBin: number;
  bestDefaultLeft: boolean;
  GL: number;
  HL: number;
  CL: number;
}

/**
 * Trains a gradient-boosted tree ensemble (binary log-loss or squared error) on X (rows x features, NaN = missing)
 * and labels y. X can be passed pre-binned ({@link binDataset}) to reuse the bins across models.
 *
 * Throws {@link GBDTInputError}: `GBDT_LABEL` (a label other than 0/1 for `binary:logistic`), `GBDT_LABEL_NAN`,
 * `GBDT_LENGTH_MISMATCH`, `GBDT_EMPTY` (0 rows), `GBDT_CONSTANT_LABEL`, `GBDT_WEIGHT`, `GBDT_INVALID_PARAMETER`.
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

/**
 * {@link trainGBDT} with an explicit {@link HistogramBuilder} (the worker-thread trainer in `parallel.node.ts` passes
 * its shared-memory builder). The model does not depend on the builder.
 */
export function trainGBDTWith(builder: HistogramBuilder, X: Matrix | BinnedDataset, y: ArrayLike<number>, params: GBDTParams = {}): GBDTModel {
  const t0 = Date.now();
  const P = resolveGBDTParams(params);
  const binary = P.objective === 'binary:logistic';
  if (!isBinnedDataset(X)) checkMatrix(X, 'X');
  const n = X.rows, F = X.cols;
  if (n === 0 || F === 0) throw new GBDTInputError('GBDT_EMPTY', 'X', `has ${n} row(s) and ${F} column(s)`, { shape: { rows: n, cols: F } });
  // Labels, weights and names are checked before the (costly) binning.
  const labels = checkLabels(y, n, binary, 'y');
  const weight = checkWeights(params.weight ?? (params as Record<string, unknown>).sample_weight as ArrayLike<number> | undefined, n, 'weight');
  const featureNames = params.featureNames ?? ((params as Record<string, unknown>).feature_names as readonly string[] | undefined);
  if (featureNames !== undefined && (!Array.isArray(featureNames) || featureNames.length !== F)) bad('featureNames', `must be an array of ${F} names`);

  // Effective weights (sample weight x scalePosWeight) and the constant-label check.
  const w = new Float64Array(n);
  let wsum = 0, wy = 0;
  for (let i = 0; i < n; i++) {
    let wi = weight ? weight[i]! : 1;
    if (binary && labels[i] === 1) wi *= P.scalePosWeight;
    w[i] = wi;
    wsum += wi;
    wy += wi * labels[i]!;
  }
  {
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
  }
  const mean = wy / wsum;
  // XGBoost's own ProbToMargin (float32), so that an XGBoost export can state base_score exactly.
  const baseMargin = binary ? xgbLogit(P.baseScore ?? mean) : Math.fround(P.baseScore ?? mean);

  // Validation set: checked now, binned with the training cuts after binning.
  const evalSet = params.evalSet ?? ((params as Record<string, unknown>).eval_set as GBDTEvalSet | undefined);
  let validLabels: Float64Array | undefined, validWeight: Float64Array | undefined;
  if (evalSet !== undefined) {
    if (typeof evalSet !== 'object' || evalSet === null) bad('evalSet', 'must be { X, y, weight? }', evalSet);
    if (isBinnedDataset(evalSet.X)) {
      if (!isBinnedDataset(X) || evalSet.X.mapper !== X.mapper) bad('evalSet.X', 'a binned evalSet must be binned with the training bins (mapper.transform)');
      if (evalSet.X.cols !== F) bad('evalSet.X', `has ${evalSet.X.cols} columns, X has ${F}`);
    } else {
      checkMatrix(evalSet.X, 'evalSet.X');
      if (evalSet.X.cols !== F) throw new GBDTInputError('GBDT_LENGTH_MISMATCH', 'evalSet.X', `has ${evalSet.X.cols} column(s), X has ${F}`, { shape: { cols: evalSet.X.cols, trainCols: F } });
    }
    validLabels = checkLabels(evalSet.y, evalSet.X.rows, binary, 'evalSet.y');
    const vw = checkWeights(evalSet.weight, evalSet.X.rows, 'evalSet.weight');
    validWeight = vw ? Float64Array.from(vw) : undefined;
    if (P.evalMetric === 'auc') {
      let pos = 0, neg = 0;
      for (let i = 0; i < validLabels.length; i++) (validLabels[i] === 1 ? pos++ : neg++);
      if (pos === 0 || neg === 0) throw new GBDTInputError('GBDT_CONSTANT_LABEL', 'evalSet.y', 'AUC needs both classes in the validation labels');
    }
  }

  const data = isBinnedDataset(X) ? X : binDataset(X, { maxBin: P.maxBin, seed: P.seed });
  let valid: { data: BinnedDataset; y: Float64Array; w: Float64Array | undefined; margin: Float64Array; pred: Float64Array } | undefined;
  if (evalSet !== undefined) {
    const vd = isBinnedDataset(evalSet.X) ? evalSet.X : data.mapper.transform(evalSet.X);
    valid = { data: vd, y: validLabels!, w: validWeight, margin: new Float64Array(vd.rows).fill(baseMargin), pred: new Float64Array(vd.rows) };
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
  const trainWeight = weight ? Float64Array.from(weight) : undefined;

  for (let round = 0; round < P.nEstimators; round++) {
    // Gradients.
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
    // Row sample.
    let rows = allRows, nRows = n;
    if (P.subsample < 1) {
      nRows = 0;
      for (let i = 0; i < n; i++) if (rng.uniform() < P.subsample) sampleRows[nRows++] = i;
      if (nRows === 0) sampleRows[nRows++] = Math.min(n - 1, Math.floor(rng.uniform() * n));
      rows = sampleRows;
    }
    const tree = grower.grow(rows, nRows, grad, hess, rng);
    trees.push(tree);
    // Update margins (float32 accumulation, as prediction does).
    if (P.subsample < 1) {
      for (let i = 0; i < n; i++) margin[i] = Math.fround(margin[i]! + tree.value[route(tree, data.bins, n, missingBin, i)]!);
    } else grower.applyLeaves(tree, margin);
    if (valid) {
      const vm = valid.margin, vn = valid.data.rows;
      for (let i = 0; i < vn; i++) vm[i] = Math.fround(vm[i]! + tree.value[route(tree, valid.data.bins, vn, missingBin, i)]!);
      const score = evaluate(P.evalMetric, valid.y, vm, valid.pred, valid.w);
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
  return assemble(trees, data, P, baseMargin, featureNames, bestIteration, bestScore, trainHist, validHist);
}

/** The metric of margins `m` against labels y (pred is scratch). */
function evaluate(metric: EvalMetric, y: Float64Array, m: Float64Array, pred: Float64Array, w: Float64Array | undefined): number {
  if (metric === 'rmse') return rmse(y, m, w);
  if (metric === 'auc') return rocAuc(y, m, w);
  for (let i = 0; i < m.length; i++) pred[i] = 1 / (1 + Math.exp(-m[i]!));
  return logLoss(y, pred, w);
}

/** The leaf (tree-local node index) that row r of a column-major bin matrix reaches. */
function route(tree: TreeBuf, bins: Uint8Array, n: number, missingBin: Int32Array, r: number): number {
  let node = 0;
  const feature = tree.feature;
  let f = feature[0]!;
  while (f >= 0) {
    const b = bins[f * n + r]!;
    const goLeft = b === missingBin[f] ? tree.defaultLeft[node] === 1 : b <= tree.splitBin[node]!;
    node = goLeft ? tree.left[node]! : tree.right[node]!;
    f = feature[node]!;
  }
  return node;
}

function checkLabels(y: ArrayLike<number>, n: number, binary: boolean, name: string): Float64Array {
  if (y === null || typeof y !== 'object' || typeof y.length !== 'number') bad(name, 'must be an array of numbers', y);
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

function checkWeights(wt: ArrayLike<number> | undefined, n: number, name: string): ArrayLike<number> | undefined {
  if (wt === undefined) return undefined;
  if (wt === null || typeof wt !== 'object' || typeof wt.length !== 'number') bad(name, 'must be an array of numbers', wt);
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

/** Concatenates the trees into the flat model. */
function assemble(trees: TreeBuf[], data: BinnedDataset, P: ResolvedGBDTParams, baseMargin: number, featureNames: readonly string[] | undefined, bestIteration: number, bestScore: number | undefined, train: number[], valid: number[]): GBDTModel {
  let total = 0;
  for (const t of trees) total += t.feature.length;
  const treeStart = new Int32Array(trees.length + 1);
  const feature = new Int32Array(total), left = new Int32Array(total), right = new Int32Array(total);
  const threshold = new Float64Array(total), value = new Float64Array(total), cover = new Float64Array(total), gain = new Float64Array(total);
  const defaultLeft = new Uint8Array(total);
  let o = 0;
  trees.forEach((t, k) => {
    treeStart[k] = o;
    for (let j = 0; j < t.feature.length; j++) {
      const f = t.feature[j]!;
      feature[o + j] = f;
      value[o + j] = t.value[j]!;
      cover[o + j] = t.cover[j]!;
      if (f >= 0) {
        left[o + j] = o + t.left[j]!;
        right[o + j] = o + t.right[j]!;
        threshold[o + j] = data.mapper.threshold(f, t.splitBin[j]!);
        defaultLeft[o + j] = t.defaultLeft[j]!;
        gain[o + j] = t.gain[j]!;
      } else {
        left[o + j] = -1;
        right[o + j] = -1;
      }
    }
    o += t.feature.length;
  });
  treeStart[trees.length] = o;
  return new GBDTModel(
    {
      nFeatures: data.cols,
      featureNames,
      numClass: 1,
      objective: P.objective,
      baseMargin,
      sumMode: 'float32',
      treeStart,
      feature,
      threshold,
      left,
      right,
      defaultLeft,
      value,
      cover,
      gain,
    },
    { binMapper: data.mapper, params: P, bestIteration, bestScore, history: { train, valid } },
  );
}

/** Grows one tree per call on the shared binned data; owns all scratch memory (reused across rounds). */
class Grower {
  private readonly n: number;
  private readonly bins: Uint8Array;
  private readonly P: ResolvedGBDTParams;
  private readonly builder: HistogramBuilder;
  private readonly stride: 2 | 3;
  /** Per feature: first bin in the histogram; one past its missing bin; number of value bins. */
  private readonly binOffset: Int32Array;
  private readonly binEnd: Int32Array;
  private readonly nValueBins: Int32Array;
  private readonly histLen: number;
  /** Features that can split (at least 2 value bins). */
  private readonly usable: Int32Array;
  private readonly feats: Int32Array;
  private nFeats = 0;
  private readonly rows: Uint32Array;
  private readonly scratch: Uint32Array;
  private readonly og: Float64Array;
  private readonly oh: Float64Array;
  private readonly pool: Float64Array[] = [];
  private leaves: GrowNode[] = [];
  private grad!: Float64Array;
  private hess!: Float64Array;
  private tree!: TreeBuf;

  constructor(data: BinnedDataset, P: ResolvedGBDTParams, builder: HistogramBuilder) {
    this.n = data.rows;
    this.P = P;
    this.builder = builder;
    this.stride = P.minDataInLeaf > 0 ? 3 : 2;
    const F = data.cols;
    this.binOffset = new Int32Array(F);
    this.binEnd = new Int32Array(F);
    this.nValueBins = new Int32Array(F);
    let off = 0;
    const usable: number[] = [];
    for (let f = 0; f < F; f++) {
      const nb = data.mapper.numValueBins(f);
      this.binOffset[f] = off;
      this.nValueBins[f] = nb;
      off += nb + 1;
      this.binEnd[f] = off;
      if (nb >= 2) usable.push(f);
    }
    this.histLen = off * this.stride;
    this.usable = Int32Array.from(usable);
    this.feats = new Int32Array(usable.length);
    this.bins = builder.prepare(data.bins, this.n, this.binOffset, this.stride);
    this.rows = builder.allocU32(this.n);
    this.scratch = new Uint32Array(this.n);
    this.og = builder.allocF64(this.n);
    this.oh = builder.allocF64(this.n);
  }

  /** Grows a tree on rows[0..nRows-1] (ascending) with the given gradients. */
  grow(rowList: Uint32Array, nRows: number, grad: Float64Array, hess: Float64Array, rng: Rng): TreeBuf {
    const P = this.P;
    this.grad = grad;
    this.hess = hess;
    this.tree = new TreeBuf();
    this.leaves = [];
    this.selectFeatures(rng);
    this.rows.set(rowList.subarray(0, nRows));
    let G = 0, H = 0;
    for (let i = 0; i < nRows; i++) {
      const r = this.rows[i]!;
      G += grad[r]!;
      H += hess[r]!;
    }
    const root = this.newNode(0, nRows, 0, G, H, nRows);
    if (this.canSplit(root)) {
      root.hist = this.buildNew(root);
      this.evaluate(root);
    }
    if (P.growPolicy === 'depthwise') this.growDepthwise(root);
    else this.growLeafwise(root);
    this.releaseAll();
    return this.tree;
  }

  /** Adds each leaf's value to the margins of its rows (all rows were in the tree; no subsampling). */
  applyLeaves(tree: TreeBuf, margin: Float64Array): void {
    const rows = this.rows;
    for (const leaf of this.leaves) {
      const v = tree.value[leaf.id]!;
      for (let i = leaf.start; i < leaf.end; i++) {
        const r = rows[i]!;
        margin[r] = Math.fround(margin[r]! + v);
      }
    }
  }

  private selectFeatures(rng: Rng): void {
    const u = this.usable;
    const k = u.length;
    if (this.P.colsampleBytree >= 1 || k === 0) {
      this.feats.set(u);
      this.nFeats = k;
      return;
    }
    const want = Math.max(1, Math.round(k * this.P.colsampleBytree));
    const tmp = Int32Array.from(u);
    for (let i = 0; i < want; i++) {
      const j = i + Math.floor(rng.uniform() * (k - i));
      const t = tmp[i]!;
      tmp[i] = tmp[j]!;
      tmp[j] = t;
    }
    const chosen = tmp.subarray(0, want).sort();
    this.feats.set(chosen);
    this.nFeats = want;
  }

  private newNode(start: number, end: number, depth: number, G: number, H: number, C: number): GrowNode {
    const P = this.P;
    const id = this.tree.add(Math.fround(P.learningRate * leafWeight(G, H, P.lambda, P.alpha)), H);
    return { id, start, end, depth, G, H, C, hist: null, bestGain: -Infinity, bestFeat: -1, bestBin: 0, bestDefaultLeft: false, GL: 0, HL: 0, CL: 0 };
  }

  /** Whether a node may be split at all (depth, size); its histogram is needed only then. */
  private canSplit(node: GrowNode): boolean {
    const P = this.P;
    if (P.maxDepth > 0 && node.depth >= P.maxDepth) return false;
    if (node.C < 2 || node.C < 2 * P.minDataInLeaf || node.H < 2 * P.minChildWeight) return false;
    return this.nFeats > 0;
  }

  private isValid(node: GrowNode): boolean {
    return node.bestFeat >= 0 && node.bestGain > 1e-6 && node.bestGain >= this.P.gamma;
  }

  private allocHist(): Float64Array {
    const h = this.pool.pop();
    if (h) {
      clearHistogram(h, this.stride, this.feats, this.nFeats, this.binOffset, this.binEnd);
      return h;
    }
    return this.builder.allocF64(this.histLen);
  }

  private release(node: GrowNode): void {
    if (node.hist) {
      this.pool.push(node.hist);
      node.hist = null;
    }
  }

  private releaseAll(): void {
    for (const l of this.leaves) this.release(l);
  }

  private buildNew(node: GrowNode): Float64Array {
    const h = this.allocHist();
    this.builder.build([h], [node.start], [node.end], this.feats, this.nFeats, this.rows, this.grad, this.hess, this.og, this.oh);
    return h;
  }

  /** Finds the node's best split from its histogram. */
  private evaluate(node: GrowNode): void {
    const P = this.P;
    const hist = node.hist!;
    const S = this.stride;
    const lambda = P.lambda, alpha = P.alpha, mcw = P.minChildWeight, md = P.minDataInLeaf;
    const G = node.G, H = node.H, C = node.C;
    const parent = score(G, H, lambda, alpha);
    let best = -Infinity, bf = -1, bb = 0, bdl = false, bGL = 0, bHL = 0, bCL = 0;
    const feats = this.feats;
    for (let k = 0; k < this.nFeats; k++) {
      const f = feats[k]!;
      const nb = this.nValueBins[f]!;
      const off = this.binOffset[f]! * S;
      const mo = off + nb * S;
      const gm = hist[mo]!, hm = hist[mo + 1]!, cm = S === 3 ? hist[mo + 2]! : 0;
      const hasMissing = hm !== 0 || cm !== 0;
      let GL = 0, HL = 0, CL = 0;
      for (let b = 0, j = off; b < nb - 1; b++, j += S) {
        GL += hist[j]!;
        HL += hist[j + 1]!;
        if (S === 3) CL += hist[j + 2]!;
        // Missing rows go right.
        let HR = H - HL;
        if (HL >= mcw && HR >= mcw && HL > 0 && HR > 0 && (md === 0 || (CL >= md && C - CL >= md))) {
          const gain = score(GL, HL, lambda, alpha) + score(G - GL, HR, lambda, alpha) - parent;
          if (gain > best) {
            best = gain;
            bf = f;
            bb = b;
            bdl = !hasMissing && HL >= HR; // no missing here: send unseen NaN to the heavier side
            bGL = GL;
            bHL = HL;
            bCL = CL;
          }
        }
        if (hasMissing) {
          // Missing rows go left.
          const GL2 = GL + gm, HL2 = HL + hm, CL2 = CL + cm;
          HR = H - HL2;
          if (HL2 >= mcw && HR >= mcw && HL2 > 0 && HR > 0 && (md === 0 || (CL2 >= md && C - CL2 >= md))) {
            const gain = score(GL2, HL2, lambda, alpha) + score(G - GL2, HR, lambda, alpha) - parent;
            if (gain > best) {
              best = gain;
              bf = f;
              bb = b;
              bdl = true;
              bGL = GL2;
              bHL = HL2;
              bCL = CL2;
            }
          }
        }
      }
    }
    node.bestGain = best;
    node.bestFeat = bf;
    node.bestBin = bb;
    node.bestDefaultLeft = bdl;
    node.GL = bGL;
    node.HL = bHL;
    node.CL = bCL;
  }

  /** Splits a node: partitions its rows and creates both children (without histograms). */
  private split(node: GrowNode): [GrowNode, GrowNode] {
    const f = node.bestFeat, sb = node.bestBin, dl = node.bestDefaultLeft;
    const miss = this.nValueBins[f]!;
    const bins = this.bins, base = f * this.n, rows = this.rows, scratch = this.scratch;
    let l = node.start, k = 0;
    for (let i = node.start; i < node.end; i++) {
      const r = rows[i]!;
      const b = bins[base + r]!;
      if (b === miss ? dl : b <= sb) rows[l++] = r;
      else scratch[k++] = r;
    }
    rows.set(scratch.subarray(0, k), l);
    const t = this.tree;
    t.feature[node.id] = f;
    t.splitBin[node.id] = sb;
    t.defaultLeft[node.id] = dl ? 1 : 0;
    t.gain[node.id] = node.bestGain;
    // Row counts come from the partition; with counts in the histogram (stride 3) they agree.
    const nl = l - node.start;
    const L = this.newNode(node.start, l, node.depth + 1, node.GL, node.HL, nl);
    const R = this.newNode(l, node.end, node.depth + 1, node.G - node.GL, node.H - node.HL, node.end - l);
    t.left[node.id] = L.id;
    t.right[node.id] = R.id;
    return [L, R];
  }

  /**
   * Gives the children of a split node their histograms when they may be split further: the smaller child is
   * built from its rows, the larger one is the parent's histogram minus it (in the parent's buffer).
   */
  private childHistograms(parent: GrowNode, L: GrowNode, R: GrowNode): void {
    const needL = this.canSplit(L), needR = this.canSplit(R);
    if (!needL && !needR) {
      this.release(parent);
      return;
    }
    const [small, large] = L.end - L.start <= R.end - R.start ? [L, R] : [R, L];
    small.hist = this.buildNew(small);
    const ph = parent.hist!;
    parent.hist = null;
    subtractHistogram(ph, small.hist, this.stride, this.feats, this.nFeats, this.binOffset, this.binEnd);
    large.hist = ph;
    if (!this.canSplit(small)) this.release(small);
    if (!this.canSplit(large)) this.release(large);
  }

  /**
   * Depth-wise growth, one level at a time: split every valid node of the level, build the histograms of all the
   * smaller children in one feature-major batch, derive their siblings by subtraction, then evaluate the children.
   */
  private growDepthwise(root: GrowNode): void {
    let level: GrowNode[] = [root];
    while (level.length > 0) {
      const next: GrowNode[] = [];
      const pairs: [GrowNode, GrowNode, GrowNode][] = []; // parent, smaller child, larger child
      for (const node of level) {
        if (node.hist && this.isValid(node)) {
          const [L, R] = this.split(node);
          next.push(L, R);
          if (!this.canSplit(L) && !this.canSplit(R)) this.release(node);
          else pairs.push(L.end - L.start <= R.end - R.start ? [node, L, R] : [node, R, L]);
        } else {
          this.release(node);
          this.leaves.push(node);
        }
      }
      if (pairs.length > 0) {
        const hists: Float64Array[] = [], starts: number[] = [], ends: number[] = [];
        for (const [, small] of pairs) {
          small.hist = this.allocHist();
          hists.push(small.hist);
          starts.push(small.start);
          ends.push(small.end);
        }
        this.builder.build(hists, starts, ends, this.feats, this.nFeats, this.rows, this.grad, this.hess, this.og, this.oh);
        for (const [parent, small, large] of pairs) {
          const ph = parent.hist!;
          parent.hist = null;
          subtractHistogram(ph, small.hist!, this.stride, this.feats, this.nFeats, this.binOffset, this.binEnd);
          large.hist = ph;
          if (!this.canSplit(small)) this.release(small);
          if (!this.canSplit(large)) this.release(large);
        }
      }
      for (const c of next) if (c.hist) this.evaluate(c);
      level = next;
    }
  }

  private growLeafwise(root: GrowNode): void {
    const P = this.P;
    const open: GrowNode[] = [root]; // current leaves
    let nLeaves = 1;
    while (nLeaves < P.numLeaves) {
      let bi = -1;
      for (let i = 0; i < open.length; i++) {
        const c = open[i]!;
        if (c.hist && this.isValid(c) && (bi < 0 || c.bestGain > open[bi]!.bestGain)) bi = i;
      }
      if (bi < 0) break;
      const node = open[bi]!;
      open.splice(bi, 1);
      const [L, R] = this.split(node);
      this.childHistograms(node, L, R);
      for (const c of [L, R]) {
        if (c.hist) {
          this.evaluate(c);
          if (!this.isValid(c)) this.release(c);
        }
        open.push(c);
      }
      nLeaves++;
    }
    for (const c of open) {
      this.release(c);
      this.leaves.push(c);
    }
  }
}

/** `T(G)^2 / (H + lambda)` with `T` the L1 soft threshold (XGBoost `CalcGain`). */
function score(G: number, H: number, lambda: number, alpha: number): number {
  if (alpha > 0) G = G > alpha ? G - alpha : G < -alpha ? G + alpha : 0;
  return (G * G) / (H + lambda);
}

/** The optimal leaf weight `-T(G) / (H + lambda)` (XGBoost `CalcWeight`); 0 when H + lambda is 0. */
function leafWeight(G: number, H: number, lambda: number, alpha: number): number {
  if (alpha > 0) G = G > alpha ? G - alpha : G < -alpha ? G + alpha : 0;
  const d = H + lambda;
  return d > 0 ? -G / d : 0;
}
