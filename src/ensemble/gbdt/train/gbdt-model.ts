/**
 * {@link GBDTModel}, the model `trainGBDT` returns, and its assembly from the trees grown on bins.
 *
 * @module
 */
import { TreeEnsembleModel } from '../model.js';
import { allocateNodes, type TreeEnsembleInit } from '../trees.js';
import type { BinMapper, BinnedDataset } from '../binning.js';
import type { ResolvedGBDTParams } from './params.js';
import type { TreeBuf } from './tree-buffer.js';

/** What a training run records in its model: the resolved parameters, the best round and the metric history. */
export interface TrainingRecord {
  readonly params: ResolvedGBDTParams;
  readonly bestIteration: number;
  readonly bestScore: number | undefined;
  readonly history: { readonly train: readonly number[]; readonly valid: readonly number[] };
}

/**
 * A model trained by `trainGBDT`: a {@link TreeEnsembleModel} (XGBoost split semantics, float32 sums) that
 * also keeps the training bins, the resolved parameters and the metric history.
 *
 * @example
 * ```ts
 * const m = trainGBDT(X, y, { evalSet: { X: Xv, y: yv }, earlyStoppingRounds: 10 })
 * m.bestIteration, m.bestScore // the best round and its validation log loss
 * m.binMapper.transform(Xtest) // the test data in the training bins
 * ```
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

  /** Internal: built by `trainGBDT` (see {@link assembleModel}). */
  constructor(init: TreeEnsembleInit, extra: TrainingRecord & { binMapper: BinMapper }) {
    super(init);
    this.binMapper = extra.binMapper;
    this.params = extra.params;
    this.bestIteration = extra.bestIteration;
    this.bestScore = extra.bestScore;
    this.history = extra.history;
  }
}

/**
 * Concatenates the trees into the flat model: node indices become absolute, split bins become the mapper's float32
 * thresholds (so the model predicts on raw values exactly as the trainer split on bins).
 *
 * @example
 * ```ts
 * assembleModel(trees, data, baseMargin, undefined, { params: P, bestIteration: trees.length - 1, bestScore: undefined, history: { train: [], valid: [] } })
 * ```
 */
export function assembleModel(trees: readonly TreeBuf[], data: BinnedDataset, baseMargin: number, featureNames: readonly string[] | undefined, record: TrainingRecord): GBDTModel {
  let total = 0;
  for (const t of trees) total += t.feature.length;
  const treeStart = new Int32Array(trees.length + 1);
  const nodes = allocateNodes(total);
  const { feature, left, right, threshold, value, cover, gain, defaultLeft } = nodes;
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
      }
    }
    o += t.feature.length;
  });
  treeStart[trees.length] = o;
  return new GBDTModel(
    { nFeatures: data.cols, featureNames, numClass: 1, objective: record.params.objective, baseMargin, sumMode: 'float32', treeStart, ...nodes },
    { binMapper: data.mapper, ...record },
  );
}
