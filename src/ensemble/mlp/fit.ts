/**
 * The training loop of the MLP, the same for one thread and for worker threads: initialisation, shuffling,
 * minibatches, AdamW, validation, early stopping. Where the batch gradients come from is a {@link GradientSource}.
 *
 * @module
 */
import { InvalidParameterError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { adamState, adamStep, adamwUpdate } from './adamw.js';
import type { MLPEngine } from './engine.js';
import { initParameters } from './init.js';
import { MLPModel } from './model.js';
import type { Prepared, ScaledRows } from './prepare.js';
import type { DenseLayer } from './types.js';

/** Computes minibatch gradients; it owns the parameters, the gradient and the row order (shared memory for threads). */
export interface GradientSource {
  /** The parameters, layer by layer [W_1, b_1, W_2, ...] (the engines read them). */
  readonly theta: Float32Array;
  /** The last batch's gradient of the mean loss, in theta's layout. */
  readonly grad: Float32Array;
  /** The training rows in this epoch's order. */
  readonly perm: Int32Array;
  /** An engine of this thread (for the validation loss); its `weightAt` / `biasAt` give theta's layout. */
  readonly engine: MLPEngine;
  /** The gradient of batch rows perm[start, start + size) into `grad`, `seed` its dropout seed; returns the summed row loss. */
  run(start: number, size: number, seed: number): number;
}

/**
 * The mean loss of the network on `rows` (no dropout), in blocks of the engine's capacity.
 *
 * @example
 * ```ts
 * const e = localEngines().create([2, 1], 4, true, true)   // no hidden layer: z = 0.5 x0 - x1 + 0.25
 * meanLoss(e, Float32Array.of(0.5, -1, 0.25), { X: Float32Array.of(2, 1), y: Float64Array.of(1), rows: 1 }, false)
 * // => 0.5625 ((0.25 - 1)^2)
 * ```
 */
function meanLoss(e: MLPEngine, theta: Float32Array, rows: ScaledRows, binary: boolean): number {
  const F = rows.X.length / rows.rows;
  let total = 0;
  for (let r = 0; r < rows.rows; r += e.capacity) {
    const m = Math.min(e.capacity, rows.rows - r);
    e.heap.set(rows.X.subarray(r * F, (r + m) * F), e.input);
    e.forward(m, theta, 0, 0, 0);
    total += e.loss(m, binary, rows.y, undefined, r, 0);
  }
  return total / rows.rows;
}

/** Fisher-Yates shuffle of `perm` in place, with `rng.uniform()`. */
function shuffle(perm: Int32Array, rng: Rng): void {
  for (let i = perm.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
}

/**
 * Trains: parameters initialised from `Rng(seed)` (see `initParameters`), then per epoch the rows shuffled with the
 * same generator, each minibatch's gradient from `source` (one `rng.uint32()` per batch seeds its dropout masks),
 * an AdamW step; after each epoch the validation loss, the progress callback and early stopping. Returns the model
 * with the best epoch's parameters. Throws `InvalidParameterError` (`params.learningRate`) if the loss diverges.
 *
 * @example
 * ```ts
 * const prep = prepareTraining(X, y, { epochs: 5, validationFraction: 0 }, PLAIN_MEMORY)
 * fit(prep, localSource(prep), Date.now()).training?.history.train.length // => 5
 * ```
 */
export function fit(prep: Prepared, source: GradientSource, started: number): MLPModel {
  const P = prep.params, { dims, train, valid } = prep, binary = P.objective === 'binary';
  const { theta, grad, perm, engine } = source;
  const L = dims.length - 1;
  const rng = new Rng(P.seed);
  initParameters(theta, dims, rng, prep.outputBias);
  for (let i = 0; i < perm.length; i++) perm[i] = i;
  const adam = adamState(theta.length);
  const history = { train: [] as number[], valid: [] as number[] };
  let best = Infinity, bestEpoch = -1, since = 0;
  let bestTheta: Float32Array | undefined;
  for (let epoch = 0; epoch < P.epochs; epoch++) {
    shuffle(perm, rng);
    let total = 0;
    for (let start = 0; start < train.rows; start += P.batchSize) {
      total += source.run(start, Math.min(P.batchSize, train.rows - start), rng.uint32());
      if (!Number.isFinite(total)) throw new InvalidParameterError('params.learningRate', `training diverged (non-finite loss in epoch ${epoch}); lower the learning rate (${P.learningRate})`, { value: P.learningRate });
      adamStep(adam, P);
      for (let l = 1; l <= L; l++) {
        const w = engine.weightAt[l]!, b = engine.biasAt[l]!;
        adamwUpdate(theta, grad, adam, P, w, b, true);
        adamwUpdate(theta, grad, adam, P, b, b + dims[l]!, false);
      }
    }
    const trainLoss = total / train.rows;
    history.train.push(trainLoss);
    const validLoss = valid ? meanLoss(engine, theta, valid, binary) : undefined;
    if (validLoss !== undefined) {
      history.valid.push(validLoss);
      if (validLoss < best) {
        best = validLoss;
        bestEpoch = epoch;
        bestTheta = theta.slice();
        since = 0;
      } else since++;
    } else bestEpoch = epoch;
    const go = prep.onProgress?.({ epoch, trainLoss, validLoss, elapsedMs: Date.now() - started });
    if (go === false || since >= P.patience) break;
  }
  if (bestTheta) theta.set(bestTheta);
  const layers: DenseLayer[] = [];
  for (let l = 1; l <= L; l++) {
    const w = engine.weightAt[l]!, b = engine.biasAt[l]!;
    const activation = l < L ? 'relu' : binary ? 'sigmoid' : 'linear';
    layers.push({ inputs: dims[l - 1]!, outputs: dims[l]!, weight: theta.subarray(w, b), bias: theta.subarray(b, b + dims[l]!), activation });
  }
  const training = { params: P, bestEpoch, bestValidLoss: valid ? best : undefined, history };
  return new MLPModel({ objective: P.objective, scaler: prep.scaler, layers, ...(prep.featureNames ? { featureNames: prep.featureNames } : {}) }, training);
}
