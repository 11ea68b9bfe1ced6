/**
 * {@link MLPModel}: a trained (or loaded) feed-forward network and its scaler, and its predictions.
 *
 * @module
 */
import type { Matrix } from '../../core/types.js';
import { ModelFormatError, UnsupportedModelError, type ModelFormat } from '../errors.js';
import { localEngines, type MLPEngine } from './engine.js';
import { checkMatrix } from './inputs.js';
import type { ResolvedMLPParams } from './params.js';
import { scaleRows } from './scaler.js';
import type { DenseLayer, MLPModelData, MLPObjective, MLPScaler } from './types.js';

/** What a training run records in its model (absent on a loaded model). */
export interface MLPTraining {
  /** The parameters used, defaults filled in. */
  readonly params: ResolvedMLPParams;
  /** 0-based epoch whose weights the model has (the best validation loss, or the last epoch without validation). */
  readonly bestEpoch: number;
  /** The validation loss at `bestEpoch`, undefined without validation rows. */
  readonly bestValidLoss: number | undefined;
  /** Per epoch, the training loss and (with validation rows) the validation loss. */
  readonly history: { readonly train: readonly number[]; readonly valid: readonly number[] };
}

/** Rows scaled and run through the network per block when predicting. */
const PREDICT_BLOCK = 1024;

/**
 * Checks that `data` describes a network this library runs: a finite scaler of F > 0 features, layers chained
 * from F inputs to 1 output, `relu` on hidden layers and `sigmoid` (binary) or `linear` (regression) last, finite
 * float32 arrays of the right lengths, F feature names when present. Throws {@link ModelFormatError} of `format`, with
 * `where` naming the field.
 *
 * @example
 * ```ts
 * checkModelData({ ...data, layers: [] }, 'alpha-json') // throws ModelFormatError: alpha-json: layers: must be a non-empty array ...
 * ```
 */
export function checkModelData(data: MLPModelData, format: ModelFormat): void {
  const fail = (where: string, message: string): never => {
    throw new ModelFormatError(format, where, message);
  };
  if (typeof data !== 'object' || data === null) fail('(root)', 'must be an object');
  if (data.objective !== 'binary' && data.objective !== 'regression') fail('objective', `must be 'binary' or 'regression'`);
  const s = data.scaler;
  if (typeof s !== 'object' || s === null) fail('scaler', 'must be { center, scale, impute }');
  const F = s.center instanceof Float64Array ? s.center.length : 0;
  if (F === 0) fail('scaler.center', 'must be a non-empty Float64Array');
  for (const key of ['center', 'scale', 'impute'] as const) {
    const a = s[key];
    if (!(a instanceof Float64Array) || a.length !== F) fail(`scaler.${key}`, `must be a Float64Array of ${F} values`);
    for (let f = 0; f < F; f++) if (!Number.isFinite(a[f]!) || (key === 'scale' && !(a[f]! > 0))) fail(`scaler.${key}[${f}]`, `must be finite${key === 'scale' ? ' and > 0' : ''}, got ${a[f]}`);
  }
  const layers = data.layers;
  if (!Array.isArray(layers) || layers.length === 0) fail('layers', 'must be a non-empty array of dense layers');
  let width = F;
  layers.forEach((layer: DenseLayer, l: number) => {
    const at = `layers[${l}]`;
    if (typeof layer !== 'object' || layer === null) fail(at, 'must be a dense layer');
    if (layer.inputs !== width) fail(`${at}.inputs`, `must be ${width} (the previous layer's outputs), got ${layer.inputs}`);
    if (!Number.isInteger(layer.outputs) || layer.outputs < 1) fail(`${at}.outputs`, `must be a positive integer, got ${layer.outputs}`);
    if (!(layer.weight instanceof Float32Array) || layer.weight.length !== layer.inputs * layer.outputs) fail(`${at}.weight`, `must be a Float32Array of ${layer.inputs} * ${layer.outputs} values`);
    if (!(layer.bias instanceof Float32Array) || layer.bias.length !== layer.outputs) fail(`${at}.bias`, `must be a Float32Array of ${layer.outputs} values`);
    for (const key of ['weight', 'bias'] as const) {
      const a = layer[key];
      for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) fail(`${at}.${key}[${i}]`, `must be finite, got ${a[i]}`);
    }
    const last = l === layers.length - 1;
    const activation = !last ? 'relu' : data.objective === 'binary' ? 'sigmoid' : 'linear';
    if (layer.activation !== activation) fail(`${at}.activation`, `must be '${activation}' ${last ? `(the output of a ${data.objective} model)` : '(hidden layer)'}, got ${String(layer.activation)}`);
    if (last && layer.outputs !== 1) fail(`${at}.outputs`, `the output layer must have 1 unit, got ${layer.outputs}`);
    width = layer.outputs;
  });
  const names = data.featureNames;
  if (names !== undefined && (!Array.isArray(names) || names.length !== F || !names.every((x) => typeof x === 'string'))) fail('featureNames', `must be an array of ${F} strings`);
}

/**
 * A feed-forward network for tabular rows: the robust scaler, ReLU hidden layers, and a sigmoid (binary) or linear
 * (regression) output, computed in float32 (the arithmetic of `engine.ts`). The stable shape for exporters:
 * `layers` (`DenseLayer`: row-major `[outputs][inputs]` float32 weights, like PyTorch's `nn.Linear`), `scaler`
 * (`MLPScaler`: x' = ((isFinite(x) ? x : impute) - center) / scale) and `featureNames`.
 *
 * @example
 * ```ts
 * const model = trainMLP(X, y, { hiddenLayers: [64, 32], epochs: 20 })
 * model.predictProba(Xtest)      // => Float64Array of probabilities
 * model.layers[0].weight.length  // => 64 * X.cols
 * ```
 */
export class MLPModel {
  readonly objective: MLPObjective;
  /** The dense layers, input side first; the last one has one unit. Read-only by contract: predictions use these arrays. */
  readonly layers: readonly DenseLayer[];
  /** The input scaler fitted on the training rows. */
  readonly scaler: MLPScaler;
  /** Feature names in column order, when given at training. */
  readonly featureNames?: readonly string[];
  /** Number of input columns. */
  readonly nFeatures: number;
  /** The training record (trained models only). */
  readonly training?: MLPTraining;
  /** Every parameter, layer by layer [W_1, b_1, W_2, ...]; the layers' arrays are views of it. */
  private readonly theta: Float32Array;
  private readonly dims: readonly number[];
  private engine: MLPEngine | undefined;

  /** A model of `data` (checked, see {@link checkModelData}; the arrays are copied). */
  constructor(data: MLPModelData, training?: MLPTraining) {
    checkModelData(data, 'model');
    this.objective = data.objective;
    this.nFeatures = data.scaler.center.length;
    this.dims = [this.nFeatures, ...data.layers.map((l) => l.outputs)];
    let n = 0;
    for (const l of data.layers) n += l.weight.length + l.bias.length;
    this.theta = new Float32Array(n);
    let o = 0;
    this.layers = data.layers.map((l) => {
      const weight = this.theta.subarray(o, o + l.weight.length);
      weight.set(l.weight);
      o += l.weight.length;
      const bias = this.theta.subarray(o, o + l.bias.length);
      bias.set(l.bias);
      o += l.bias.length;
      return { inputs: l.inputs, outputs: l.outputs, weight, bias, activation: l.activation };
    });
    const s = data.scaler;
    this.scaler = { center: s.center.slice(), scale: s.scale.slice(), impute: s.impute.slice() };
    if (data.featureNames) this.featureNames = [...data.featureNames];
    if (training) this.training = training;
  }

  /**
   * The network's output before the final activation: the logit (binary) or the predicted value (regression),
   * one per row. Throws `FeatureMismatchError` when X does not have {@link nFeatures} columns.
   *
   * @example
   * ```ts
   * model.predictMargin(X) // => Float64Array of X.rows logits
   * ```
   */
  predictMargin(X: Matrix): Float64Array {
    checkMatrix(X, 'X', this.nFeatures);
    const out = new Float64Array(X.rows);
    if (X.rows === 0) return out;
    const block = Math.min(X.rows, PREDICT_BLOCK);
    if (!this.engine || this.engine.capacity < block) this.engine = localEngines().create(this.dims, block, false, true);
    const e = this.engine;
    for (let r = 0; r < X.rows; r += block) {
      const m = Math.min(block, X.rows - r);
      scaleRows(X, r, m, this.scaler, e.heap, e.input, 'X');
      e.forward(m, this.theta, 0, 0, 0);
      for (let i = 0; i < m; i++) out[r + i] = e.output(i);
    }
    return out;
  }

  /**
   * P(y = 1) per row, 1 / (1 + e^-z) of the logit z, for a binary model (a regression model throws
   * `UnsupportedModelError`: use {@link predict}).
   *
   * @example
   * ```ts
   * model.predictProba(X) // => Float64Array of X.rows values in [0, 1]
   * ```
   */
  predictProba(X: Matrix): Float64Array {
    if (this.objective !== 'binary') throw new UnsupportedModelError('predictProba of a regression model', 'probabilities need a binary model; use predict');
    const z = this.predictMargin(X);
    for (let i = 0; i < z.length; i++) z[i] = 1 / (1 + Math.exp(-z[i]!));
    return z;
  }

  /**
   * The prediction per row: the probability (binary, as {@link predictProba}) or the value (regression).
   *
   * @example
   * ```ts
   * regressionModel.predict(X) // => Float64Array of X.rows predicted values
   * ```
   */
  predict(X: Matrix): Float64Array {
    return this.objective === 'binary' ? this.predictProba(X) : this.predictMargin(X);
  }

  /**
   * The model's defining data (views of the model's own arrays: copy before changing them).
   *
   * @example
   * ```ts
   * new MLPModel(model.toData()).predict(X) // => the same predictions, bit for bit
   * ```
   */
  toData(): MLPModelData {
    return { objective: this.objective, scaler: this.scaler, layers: this.layers, ...(this.featureNames ? { featureNames: this.featureNames } : {}) };
  }
}
