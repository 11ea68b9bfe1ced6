/**
 * The parameters of `trainGBDT`: their types, the XGBoost / LightGBM aliases, defaults and validation.
 *
 * @module
 */
import { InvalidParameterError } from '../../../core/errors.js';
import type { Matrix } from '../../../core/types.js';
import type { BinnedDataset } from '../binning.js';

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
 * Parameters of `trainGBDT`. camelCase names; the XGBoost / LightGBM snake_case spellings are accepted
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
 * The snake_case (XGBoost, LightGBM, scikit-learn) parameter spellings accepted by `trainGBDT` and the
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

/** The parameters after defaults and alias resolution (what the trained model records, see {@link resolveGBDTParams}). */
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
 * Throws the `InvalidParameterError` of a bad parameter (with the offending value).
 *
 * @example
 * ```ts
 * badParameter('maxDepth', 'must be an integer in [1, 30], got -1', -1) // throws INVALID_PARAMETER maxDepth
 * ```
 */
export function badParameter(parameter: string, message: string, value?: unknown): never {
  throw new InvalidParameterError(parameter, message, { value });
}

function num(p: Record<string, unknown>, name: string, def: number, ok: (x: number) => boolean, domain: string): number {
  const v = p[name];
  if (v === undefined) return def;
  if (typeof v !== 'number' || !ok(v)) badParameter(name, `must be ${domain}, got ${String(v)}`, v);
  return v;
}

/**
 * Resolves aliases and defaults and validates every parameter: throws `InvalidParameterError`
 * (code `'INVALID_PARAMETER'`) naming the parameter for an unknown name, a wrong type or a value outside its domain.
 *
 * @example
 * ```ts
 * resolveGBDTParams({ max_depth: 4, eta: 0.1 }).maxDepth // 4
 * resolveGBDTParams({ maxDepth: -1 })                    // throws InvalidParameterError (parameter 'maxDepth')
 * ```
 */
export function resolveGBDTParams(params: GBDTParams | Record<string, unknown> = {}): ResolvedGBDTParams {
  if (typeof params !== 'object' || params === null) badParameter('params', 'must be an object', params);
  const p: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const name = PARAM_NAMES.has(key) ? key : GBDT_PARAM_ALIASES[key];
    if (name === undefined) badParameter(key, `unknown parameter (known: ${[...PARAM_NAMES].join(', ')} and the snake_case aliases in GBDT_PARAM_ALIASES)`, value);
    if (p[name] !== undefined) badParameter(key, `given twice (as ${name} and an alias)`, value);
    p[name] = value;
  }
  if (p.minSplitGain !== undefined) {
    if (p.gamma !== undefined) badParameter('minSplitGain', 'given together with gamma (they are the same parameter)', p.minSplitGain);
    p.gamma = p.minSplitGain;
  }
  let objective: TrainObjective;
  const o = p.objective ?? 'binary:logistic';
  if (o === 'binary:logistic' || o === 'binary') objective = 'binary:logistic';
  else if (o === 'reg:squarederror' || o === 'regression') objective = 'reg:squarederror';
  else badParameter('objective', `must be 'binary:logistic' or 'reg:squarederror'`, o);
  const g = p.growPolicy ?? 'depthwise';
  if (g !== 'depthwise' && g !== 'leafwise' && g !== 'lossguide') badParameter('growPolicy', `must be 'depthwise' or 'leafwise' ('lossguide')`, g);
  const growPolicy: GrowPolicy = g === 'depthwise' ? 'depthwise' : 'leafwise';
  const isInt = Number.isInteger;
  const finite = Number.isFinite;
  const maxDepth = num(p, 'maxDepth', growPolicy === 'depthwise' ? 6 : 0, (x) => isInt(x) && x >= (growPolicy === 'depthwise' ? 1 : 0) && x <= 30, growPolicy === 'depthwise' ? 'an integer in [1, 30]' : 'an integer in [0, 30] (0 = no limit)');
  const metricDefault: EvalMetric = objective === 'binary:logistic' ? 'logloss' : 'rmse';
  const m = p.evalMetric ?? metricDefault;
  if (m !== 'logloss' && m !== 'auc' && m !== 'rmse') badParameter('evalMetric', `must be 'logloss', 'auc' or 'rmse'`, m);
  if (objective === 'reg:squarederror' && m !== 'rmse') badParameter('evalMetric', `must be 'rmse' for reg:squarederror`, m);
  if (p.onProgress !== undefined && typeof p.onProgress !== 'function') badParameter('onProgress', 'must be a function', p.onProgress);
  const es = p.earlyStoppingRounds;
  if (es !== undefined && (typeof es !== 'number' || !isInt(es) || es < 1)) badParameter('earlyStoppingRounds', 'must be a positive integer', es);
  if (es !== undefined && p.evalSet === undefined) badParameter('earlyStoppingRounds', 'needs an evalSet', es);
  const bs = p.baseScore;
  if (bs !== undefined && (typeof bs !== 'number' || !finite(bs) || (objective === 'binary:logistic' && !(bs > 0 && bs < 1)))) {
    badParameter('baseScore', objective === 'binary:logistic' ? 'must be a probability in (0, 1)' : 'must be finite', bs);
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
