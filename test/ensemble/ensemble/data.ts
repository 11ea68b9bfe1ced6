/**
 * Shared by the ensemble tests: simulated 15m BTC candles with a planted signal, a few features from
 * `computeFeatures` plus the signal itself, fixed-horizon labels, and small member configurations that train in
 * about a second.
 */
import { simulateMarket } from '../../../src/core/simulator.js';
import type { Matrix } from '../../../src/core/types.js';
import type { GBDTParams } from '../../../src/ensemble/gbdt/train/params.js';
import type { MLPParams } from '../../../src/ensemble/mlp/params.js';
import type { Model } from '../../../src/ensemble/model.js';
import type { MemberSpec } from '../../../src/ensemble/training/config.js';
import type { EnsembleDataset } from '../../../src/ensemble/training/dataset.js';
import { computeFeatures } from '../../../src/features/index.js';
import { fixedHorizonLabels } from '../../../src/labels/fixed-horizon.js';

/** The features taken from `computeFeatures`; the planted signal is appended as `signal`. */
export const FEATURES = ['rsi_14', 'atr_14', 'log_return_1', 'bbands_percent_b_20', 'adx_14'] as const;

/**
 * `rows` candles of BTC with a planted signal of the given strength (its correlation with the next candle's
 * return), as an ensemble dataset: X = the features and the signal (NaN in each feature's warm-up), y = the
 * direction of the next candle (fixedHorizonLabels, horizon 1), t1 = its end, NaN where the label is (a zero return
 * or the last row), time = the candle open times.
 */
export function marketDataset(rows: number, seed: number, strength: number): EnsembleDataset {
  const sim = simulateMarket({ candles: rows, symbols: ['BTC'], seed, signal: { strength } });
  const candles = sim.candles.BTC!;
  const frame = computeFeatures(candles, { features: [...FEATURES] });
  const featureNames = [...frame.names, 'signal'];
  const columns = [...frame.columns, sim.signal!.BTC!];
  const cols = featureNames.length;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = columns[j]![i]!;
  const { label, t1 } = fixedHorizonLabels(candles.close, { horizon: 1 });
  return { X: { rows, cols, data }, y: label, t1: t1.map((e, i) => (Number.isNaN(label[i]!) ? NaN : e)), featureNames, time: candles.time };
}

/** The small depth-wise member's parameters: depth 3, 60 rounds. */
export const DEPTHWISE_PARAMS: GBDTParams = { maxDepth: 3, nEstimators: 60, learningRate: 0.1 };
/** The small leaf-wise member's parameters: 8 leaves, 60 rounds. */
export const LEAFWISE_PARAMS: GBDTParams = { numLeaves: 8, nEstimators: 60, learningRate: 0.1, minDataInLeaf: 20 };
/** The small MLP's parameters: 16-8 hidden units, 20 epochs of batch 256. */
export const MLP_PARAMS: MLPParams = { hiddenLayers: [16, 8], epochs: 20, batchSize: 256, learningRate: 3e-3 };

/** Small tree members: about a second for a 3,000-row ensemble. */
export const SMALL_TREES: readonly MemberSpec[] = [
  { name: 'xgboost', kind: 'gbdt-depthwise', params: DEPTHWISE_PARAMS },
  { name: 'lightgbm', kind: 'gbdt-leafwise', params: LEAFWISE_PARAMS },
];

/** The small MLP member. */
export const SMALL_MLP: MemberSpec = { name: 'mlp', kind: 'mlp', params: MLP_PARAMS };

/** Row `r` of X as a one-row matrix. */
export function rowOf(X: Matrix, r: number): Matrix {
  return { rows: 1, cols: X.cols, data: X.data.slice(r * X.cols, (r + 1) * X.cols) };
}

/** A hand-written member over `names` whose predictProba is `predict`. */
export function customMember(name: string, names: readonly string[], predict: (X: Matrix) => Promise<Float64Array>): Model {
  return { name, kind: 'custom', featureNames: names, nFeatures: names.length, predictProba: predict };
}

/** A member that returns `values` for every call (one per row). */
export function constantMember(name: string, names: readonly string[], values: readonly number[]): Model {
  return customMember(name, names, async () => Float64Array.from(values));
}
