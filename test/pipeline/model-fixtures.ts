/**
 * Shared by the pipeline model tests: small tree ensembles trained in milliseconds on a synthetic rule
 * (y = 1 when f0 + 0.5 f1 + noise > 0), feature matrices, custom members that throw or return NaN, and stored-model
 * rows built by hand (checksum from node:crypto, an independent reference for `sha256Hex`).
 */
import { createHash } from 'node:crypto';
import { fitCalibrator } from '../../src/calibration/fit.js';
import { Rng } from '../../src/core/rng.js';
import type { Matrix } from '../../src/core/types.js';
import { Ensemble } from '../../src/ensemble/ensemble.js';
import { trainGBDT } from '../../src/ensemble/gbdt/train/boost.js';
import type { GBDTModel } from '../../src/ensemble/gbdt/train/gbdt-model.js';
import { treeMember, type Model } from '../../src/ensemble/model.js';
import type { StoredModel } from '../../src/store/ops/model-rows.js';

/** Feature names of the fixtures (catalogue names, so that the feature store has their columns). */
export const NAMES: readonly string[] = ['rsi_14', 'atr_14', 'log_return_1', 'adx_14'];

/** `rows` rows of standard-normal features (seeded), with NaN in about 2% of the cells. */
export function featureMatrix(rows: number, seed: number, cols = NAMES.length): Matrix {
  const rng = new Rng(seed);
  const data = Float64Array.from({ length: rows * cols }, () => (rng.uniform() < 0.02 ? NaN : rng.normal()));
  return { rows, cols, data };
}

/** Labels of the synthetic rule for X (seeded noise). */
export function ruleLabels(X: Matrix, seed: number): Float64Array {
  const rng = new Rng(seed + 1000);
  return Float64Array.from({ length: X.rows }, (_, i) => ((X.data[i * X.cols] || 0) + 0.5 * (X.data[i * X.cols + 1] || 0) + 0.8 * rng.normal() > 0 ? 1 : 0));
}

/** The two tree models of {@link smallEnsemble}, for tests that need the trees themselves. */
export function smallTrees(seed: number, names: readonly string[] = NAMES): GBDTModel[] {
  const X = featureMatrix(400, seed, names.length);
  const y = ruleLabels(X, seed);
  return [
    trainGBDT(X, y, { maxDepth: 3, nEstimators: 12, learningRate: 0.3, featureNames: names, seed }),
    trainGBDT(X, y, { growPolicy: 'leafwise', numLeaves: 6, nEstimators: 10, learningRate: 0.3, minDataInLeaf: 10, featureNames: names, seed: seed + 1 }),
  ];
}

/** Two small tree members (depth-wise, leaf-wise), weights 0.6 / 0.4, a Platt calibrator fitted on the training rows. */
export function smallEnsemble(seed: number, names: readonly string[] = NAMES): Ensemble {
  const [a, b] = smallTrees(seed, names);
  const X = featureMatrix(400, seed, names.length);
  const raw = Float64Array.from(a!.predictProba(X), (p, i) => 0.6 * p + 0.4 * b!.predictProba(X)[i]!);
  return new Ensemble([treeMember(a!, { name: 'xgboost' }), treeMember(b!, { name: 'lightgbm' })], {
    featureNames: names,
    combination: { method: 'weights', weights: [0.6, 0.4] },
    calibrator: fitCalibrator('platt', raw, ruleLabels(X, seed)),
  });
}

/** A hand-written member over `names` whose predictProba is `predict`. */
export function customMember(name: string, names: readonly string[], predict: (X: Matrix) => Promise<Float64Array>): Model {
  return { name, kind: 'custom', featureNames: names, nFeatures: names.length, predictProba: predict };
}

/** A one-member ensemble of a custom member. */
export function customEnsemble(names: readonly string[], predict: (X: Matrix) => Promise<Float64Array>): Ensemble {
  return new Ensemble([customMember('custom', names, predict)], { featureNames: names, combination: { method: 'weights', weights: [1] } });
}

/** Lowercase hex sha256 of bytes, by node:crypto. */
export function nodeSha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A stored model row built by hand (BTC 15m, checksum from node:crypto unless given). */
export function storedModel(format: string, binary: Uint8Array, featureNames: readonly string[], version = 1, checksum = nodeSha256(binary)): StoredModel {
  return { symbol: 'BTC', timeframe: '15m', version, format, binary, checksum, featureNames, metrics: {}, trainStart: null, trainEnd: null, createdAt: new Date(0) };
}
