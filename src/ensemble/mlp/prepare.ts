/**
 * Everything `trainMLP` does before the first epoch: checks, the validation split, the scaler, the scaled
 * float32 training rows. Shared by `trainMLP` and `trainMLPParallel` (which allocates the shared arrays).
 *
 * @module
 */
import { InvalidParameterError } from '../../core/errors.js';
import type { Matrix } from '../../core/types.js';
import { checkFeatureNames, checkLearnable, checkTrainingData } from './inputs.js';
import { resolveMLPParams, type MLPParams, type ResolvedMLPParams } from './params.js';
import { fitRobustScaler, scaleRows } from './scaler.js';
import type { MLPScaler } from './types.js';
import { wasmKernels } from './wasm.js';

/** Where the training arrays live: plain arrays (one thread) or `SharedArrayBuffer`s (worker threads). */
export interface Allocator {
  f32(n: number): Float32Array;
  f64(n: number): Float64Array;
  i32(n: number): Int32Array;
}

/**
 * The {@link Allocator} of one thread: ordinary typed arrays.
 *
 * @example
 * ```ts
 * PLAIN_MEMORY.f32(3) // => Float32Array [0, 0, 0]
 * ```
 */
export const PLAIN_MEMORY: Allocator = { f32: (n) => new Float32Array(n), f64: (n) => new Float64Array(n), i32: (n) => new Int32Array(n) };

/** Scaled rows with their targets. */
export interface ScaledRows {
  /** Row-major float32, `rows * dims[0]` values, already scaled. */
  readonly X: Float32Array;
  readonly y: Float64Array;
  readonly rows: number;
}

/** The checked, split and scaled training problem. */
export interface Prepared {
  readonly params: ResolvedMLPParams;
  /** Layer widths: features, every hidden layer, 1. */
  readonly dims: readonly number[];
  readonly scaler: MLPScaler;
  readonly featureNames: readonly string[] | undefined;
  readonly train: ScaledRows;
  /** The validation rows (the tail of X, or the evalSet), if any. */
  readonly valid: ScaledRows | undefined;
  /** The output layer's initial bias: the logit of the positive rate, or the mean target. */
  readonly outputBias: number;
  /** The progress callback, if any. */
  readonly onProgress: MLPParams['onProgress'];
}

/** The rows [from, from + rows) of X scaled into `alloc`ated memory, with their labels. */
function scaled(X: Matrix, name: string, labels: Float64Array, from: number, rows: number, scaler: MLPScaler, alloc: Allocator): ScaledRows {
  const out = alloc.f32(rows * X.cols);
  scaleRows(X, from, rows, scaler, out, 0, name);
  const y = alloc.f64(rows);
  y.set(labels.subarray(from, from + rows));
  return { X: out, y, rows };
}

/**
 * Checks the arguments (in order: parameters, X and y, feature names, the evalSet, learnable training rows), splits
 * off the validation rows (the last `floor(rows * validationFraction)` rows unless an evalSet is given), fits the
 * scaler on the training rows only and scales both sets to float32.
 *
 * @example
 * ```ts
 * const prep = prepareTraining(X, y, { hiddenLayers: [8] }, PLAIN_MEMORY)
 * prep.dims // => [X.cols, 8, 1]
 * ```
 */
export function prepareTraining(X: Matrix, y: ArrayLike<number>, params: MLPParams | undefined, alloc: Allocator): Prepared {
  const P = resolveMLPParams(params);
  if (P.gemm === 'wasm' && !wasmKernels().available()) throw new InvalidParameterError('params.gemm', `'wasm' needs WebAssembly SIMD, which this runtime lacks (use 'auto')`);
  const labels = checkTrainingData(X, y, P.objective, '');
  const featureNames = checkFeatureNames(params?.featureNames, X.cols);
  const evalSet = params?.evalSet;
  const validLabels = evalSet ? checkTrainingData(evalSet.X, evalSet.y, P.objective, 'evalSet.', X.cols) : undefined;
  const nTrain = evalSet ? X.rows : X.rows - Math.floor(X.rows * P.validationFraction);
  checkLearnable(labels, nTrain, P.objective, 'y', 'the training rows');
  const scaler = fitRobustScaler(X, nTrain);
  const train = scaled(X, 'X', labels, 0, nTrain, scaler, alloc);
  let valid: ScaledRows | undefined;
  if (evalSet) valid = scaled(evalSet.X, 'evalSet.X', validLabels!, 0, evalSet.X.rows, scaler, PLAIN_MEMORY);
  else if (nTrain < X.rows) valid = scaled(X, 'X', labels, nTrain, X.rows - nTrain, scaler, PLAIN_MEMORY);
  let mean = 0;
  for (let i = 0; i < nTrain; i++) mean += labels[i]!;
  mean /= nTrain;
  const outputBias = P.objective === 'binary' ? Math.log(mean / (1 - mean)) : mean;
  return { params: P, dims: [X.cols, ...P.hiddenLayers, 1], scaler, featureNames, train, valid, outputBias, onProgress: params?.onProgress };
}
