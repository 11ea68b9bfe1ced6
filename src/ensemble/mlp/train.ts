/**
 * `trainMLP`: the MLP trained on this thread.
 *
 * @module
 */
import type { Matrix } from '../../core/types.js';
import { localEngines } from './engine.js';
import { fit, type GradientSource } from './fit.js';
import type { MLPModel } from './model.js';
import type { MLPParams } from './params.js';
import { PLAIN_MEMORY, prepareTraining, type Prepared } from './prepare.js';

/**
 * Adds `part` into `sum` element by element in float32 (`sum[i] = fl32(sum[i] + part[i])`): the reduction of the
 * shard gradients, shard 0 first, shard 1 added, and so on.
 *
 * @example
 * ```ts
 * const g = Float32Array.of(1, 2); addInto(g, Float32Array.of(0.5, -2))
 * g // => Float32Array [1.5, 0]
 * ```
 */
export function addInto(sum: Float32Array, part: Float32Array): void {
  for (let i = 0; i < sum.length; i++) sum[i] = sum[i]! + part[i]!;
}

/**
 * The {@link GradientSource} of one thread: one engine runs the shards of each batch in order and sums their
 * gradients with {@link addInto}. `shards` and the engine capacity come from `prep`.
 *
 * @example
 * ```ts
 * const source = localSource(prepareTraining(X, y, { batchSize: 256 }, PLAIN_MEMORY))
 * source.run(0, 256, 7) // => the summed loss of the first 256 rows of source.perm; source.grad holds their mean gradient
 * ```
 */
export function localSource(prep: Prepared): GradientSource {
  const P = prep.params, S = P.shards, binary = P.objective === 'binary', p = P.dropout;
  const { X, y, rows } = prep.train;
  const engine = localEngines().create(prep.dims, Math.ceil(Math.min(P.batchSize, rows) / S), true, P.gemm !== 'typescript');
  const theta = new Float32Array(engine.nParams), grad = new Float32Array(engine.nParams), part = new Float32Array(S > 1 ? engine.nParams : 0);
  const perm = new Int32Array(rows);
  function run(start: number, size: number, seed: number): number {
    let loss = 0;
    for (let s = 0; s < S; s++) {
      loss += engine.shard(X, y, perm, start, size, s, S, theta, p, seed, binary, s === 0 ? grad : part);
      if (s > 0) addInto(grad, part);
    }
    return loss;
  }
  return { theta, grad, perm, engine, run };
}

/**
 * Trains a feed-forward network on the rows of X (one thread). Binary classification (labels 0/1, sigmoid output,
 * log loss) by default, regression with `objective: 'regression'`. Hidden layers 256-128-64-32 with ReLU (He
 * normal initialisation; the output layer Glorot uniform), optional inverted dropout, AdamW with batch 2048, early
 * stopping on the last 10% of the rows (or `evalSet`) restoring the best epoch. The inputs are scaled by a robust
 * scaler fitted on the training rows (median / IQR, missing values imputed with the median, see `MLPScaler`).
 *
 * Deterministic: the same data, parameters and seed give the same weights bit for bit (float32 arithmetic in a
 * fixed order; the WebAssembly and TypeScript matrix kernels agree exactly) on a given JavaScript engine (the loss
 * gradient uses `Math.exp`, whose last bit ECMAScript leaves to the engine; V8 in Node, Deno and Chrome agree). Throws `InvalidParameterError` for a bad
 * parameter or bad data (an empty X, a NaN or non-0/1 label, a single class), `FeatureMismatchError` for an
 * evalSet of another width.
 *
 * @example
 * ```ts
 * const model = trainMLP(X, y, { hiddenLayers: [32, 16], epochs: 30, seed: 7 })
 * model.training?.bestEpoch   // => the epoch of the lowest validation loss
 * model.predictProba(Xtest)   // => Float64Array of probabilities
 * ```
 */
export function trainMLP(X: Matrix, y: ArrayLike<number>, params?: MLPParams): MLPModel {
  const started = Date.now();
  const prep = prepareTraining(X, y, params, PLAIN_MEMORY);
  return fit(prep, localSource(prep), started);
}
