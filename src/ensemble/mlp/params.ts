/**
 * The parameters of `trainMLP`: their types, defaults and validation.
 *
 * @module
 */
import { InvalidParameterError } from '../../core/errors.js';
import { checkOptions } from '../../core/options.js';
import type { Matrix } from '../../core/types.js';
import type { MLPObjective } from './types.js';

/** What the progress callback receives after each epoch. */
export interface MLPProgress {
  /** 0-based epoch index. */
  readonly epoch: number;
  /** Mean loss over the training rows, each row's loss taken in its minibatch (dropout active, weights changing during the epoch, as Keras reports it). */
  readonly trainLoss: number;
  /** Loss on the validation rows at the end of the epoch (mean log loss or mean squared error); undefined without validation rows. */
  readonly validLoss: number | undefined;
  /** Milliseconds since training started (scaler fitting included). */
  readonly elapsedMs: number;
}

/** A validation set for early stopping, instead of the tail of the training rows. */
export interface MLPEvalSet {
  readonly X: Matrix;
  readonly y: ArrayLike<number>;
}

/** Which matrix-product kernel to run: WebAssembly SIMD where the runtime has it (`'auto'`), or one of the two. Both give identical results. */
export type GemmBackend = 'auto' | 'wasm' | 'typescript';

/**
 * Parameters of `trainMLP`. Unknown names throw `InvalidParameterError`.
 *
 * Optimiser: AdamW (Loshchilov & Hutter, "Decoupled Weight Decay Regularization", ICLR 2019), with the update of
 * PyTorch's `torch.optim.AdamW`: w <- w (1 - lr lambda) - lr m^ / (sqrt(v^) + eps), the decay on weights only (not
 * on biases).
 */
export interface MLPParams {
  /** `'binary'` (default; labels 0/1, sigmoid output, log loss) or `'regression'` (linear output, squared error). */
  objective?: MLPObjective;
  /** Units of each hidden layer, input side first (ReLU). Default [256, 128, 64, 32]; [] is logistic / linear regression. */
  hiddenLayers?: readonly number[];
  /** Inverted dropout rate of the hidden layers' outputs, in [0, 1). Default 0 (off). */
  dropout?: number;
  /** Adam step size, > 0. Default 1e-3. */
  learningRate?: number;
  /** Adam's first-moment decay, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Adam's second-moment decay, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Adam's denominator term, > 0. Default 1e-8. */
  epsilon?: number;
  /** Decoupled weight decay lambda, >= 0. Default 0.01 (PyTorch's AdamW default). */
  weightDecay?: number;
  /** Rows per minibatch. Default 2048. */
  batchSize?: number;
  /** Maximum number of passes over the training rows. Default 100. */
  epochs?: number;
  /** Early stopping: stop after this many epochs without a lower validation loss and restore the best epoch's weights. Default 10. */
  patience?: number;
  /**
   * Share of the rows, taken from the end (the most recent rows of a time-ordered set: no look-ahead), held out
   * for early stopping when no `evalSet` is given, in [0, 1). Default 0.1; 0 trains every epoch on all rows.
   */
  validationFraction?: number;
  /** Validation rows for early stopping; then every row of X trains. */
  evalSet?: MLPEvalSet;
  /** Seed of the initialisation, the shuffling and the dropout masks. Default 0. */
  seed?: number;
  /**
   * Number of parts each minibatch's gradient is summed in (contiguous row ranges, reduced in order). The trained
   * weights depend on it (float32 sums in another order), not on the number of threads: `trainMLP` with
   * `shards: 4` equals `trainMLPParallel` with 4 shards on any thread count. Default 1 (`trainMLPParallel`: its thread count).
   */
  shards?: number;
  /** The matrix-product kernel. Default `'auto'`. `'wasm'` throws where WebAssembly SIMD is missing. */
  gemm?: GemmBackend;
  /** Called after every epoch; returning `false` stops training (the model keeps the best weights seen). */
  onProgress?: (progress: MLPProgress) => void | boolean;
  /** Feature names stored in the model, length X.cols. */
  featureNames?: readonly string[];
}

/** The parameters after defaults (what a trained model records). */
export interface ResolvedMLPParams {
  readonly objective: MLPObjective;
  readonly hiddenLayers: readonly number[];
  readonly dropout: number;
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
  readonly batchSize: number;
  readonly epochs: number;
  readonly patience: number;
  readonly validationFraction: number;
  readonly seed: number;
  readonly shards: number;
  readonly gemm: GemmBackend;
}

const KNOWN: readonly string[] = [
  'objective', 'hiddenLayers', 'dropout', 'learningRate', 'beta1', 'beta2', 'epsilon', 'weightDecay', 'batchSize', 'epochs',
  'patience', 'validationFraction', 'evalSet', 'seed', 'shards', 'gemm', 'onProgress', 'featureNames',
];

/** A number parameter: the default when absent, else a number for which `ok` holds. */
function num(p: MLPParams, name: keyof MLPParams, def: number, ok: (x: number) => boolean, domain: string): number {
  const v = p[name];
  if (v === undefined) return def;
  if (typeof v !== 'number' || !ok(v)) throw new InvalidParameterError(`params.${name}`, `must be ${domain}, got ${String(v)}`, { value: v });
  return v;
}

function oneOf<T extends string>(p: MLPParams, name: keyof MLPParams, values: readonly T[]): T {
  const v = p[name] ?? values[0];
  if (!values.includes(v as T)) throw new InvalidParameterError(`params.${name}`, `must be one of ${values.map((x) => `'${x}'`).join(', ')}, got ${String(v)}`, { value: v });
  return v as T;
}

const isInt = Number.isInteger;
const unit = (x: number): boolean => x >= 0 && x < 1;

/**
 * Fills in the defaults and validates every parameter: an unknown name, a wrong type or a value outside its
 * domain throws `InvalidParameterError` (code `'INVALID_PARAMETER'`, `parameter` = `'params.<name>'`).
 *
 * @example
 * ```ts
 * resolveMLPParams({ hiddenLayers: [16] }).batchSize // => 2048
 * resolveMLPParams({ dropout: 1 })                   // throws InvalidParameterError: params.dropout: must be in [0, 1), got 1
 * resolveMLPParams({ hidenLayers: [16] })            // throws InvalidParameterError: params.hidenLayers: unknown option (known: ...)
 * ```
 */
export function resolveMLPParams(params?: MLPParams): ResolvedMLPParams {
  const p = checkOptions(params, KNOWN, 'params');
  const hidden = p.hiddenLayers ?? [256, 128, 64, 32];
  if (!Array.isArray(hidden) || hidden.length > 64 || !hidden.every((u) => typeof u === 'number' && isInt(u) && u >= 1 && u <= 65536)) {
    throw new InvalidParameterError('params.hiddenLayers', 'must be an array of at most 64 integers in [1, 65536]', { value: hidden });
  }
  if (p.onProgress !== undefined && typeof p.onProgress !== 'function') throw new InvalidParameterError('params.onProgress', 'must be a function', { value: p.onProgress });
  if (p.evalSet !== undefined && (typeof p.evalSet !== 'object' || p.evalSet === null)) throw new InvalidParameterError('params.evalSet', 'must be { X, y }', { value: p.evalSet });
  return {
    objective: oneOf(p, 'objective', ['binary', 'regression'] as const),
    hiddenLayers: [...hidden],
    dropout: num(p, 'dropout', 0, unit, 'in [0, 1)'),
    learningRate: num(p, 'learningRate', 1e-3, (x) => x > 0 && x < Infinity, 'finite and > 0'),
    beta1: num(p, 'beta1', 0.9, unit, 'in [0, 1)'),
    beta2: num(p, 'beta2', 0.999, unit, 'in [0, 1)'),
    epsilon: num(p, 'epsilon', 1e-8, (x) => x > 0 && x < Infinity, 'finite and > 0'),
    weightDecay: num(p, 'weightDecay', 0.01, (x) => x >= 0 && x < Infinity, 'finite and >= 0'),
    batchSize: num(p, 'batchSize', 2048, (x) => isInt(x) && x >= 1 && x <= 1 << 20, 'an integer in [1, 2^20]'),
    epochs: num(p, 'epochs', 100, (x) => isInt(x) && x >= 1, 'a positive integer'),
    patience: num(p, 'patience', 10, (x) => isInt(x) && x >= 1, 'a positive integer'),
    validationFraction: num(p, 'validationFraction', 0.1, unit, 'in [0, 1)'),
    seed: num(p, 'seed', 0, (x) => isInt(x), 'an integer'),
    shards: num(p, 'shards', 1, (x) => isInt(x) && x >= 1 && x <= 256, 'an integer in [1, 256]'),
    gemm: oneOf(p, 'gemm', ['auto', 'wasm', 'typescript'] as const),
  };
}
