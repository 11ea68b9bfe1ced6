/**
 * The stable data shape of a trained MLP: its dense layers and its input scaler. Exporters (ONNX) and the file
 * formats code against these types only; they do not change without a format version bump.
 *
 * @module
 */

/** The activation applied after a dense layer: ReLU on hidden layers, sigmoid (binary) or identity (regression) at the output. */
export type DenseActivation = 'relu' | 'sigmoid' | 'linear';

/**
 * One fully connected layer, laid out like PyTorch's `nn.Linear` (and ONNX `Gemm` with `transB = 1`):
 *
 *   y[o] = act(bias[o] + sum_i weight[o * inputs + i] * x[i]),  o < outputs, i < inputs
 *
 * `weight` is row-major `[outputs][inputs]`; every value is a float32 and the trained model computes in float32
 * (see `gemm.ts` for the exact summation order). Treat the arrays as read-only: the model predicts from them.
 *
 * @example
 * ```ts
 * const layer: DenseLayer = { inputs: 2, outputs: 1, weight: Float32Array.of(0.5, -1), bias: Float32Array.of(0.25), activation: 'linear' }
 * // x = [2, 1]: 0.25 + 0.5 * 2 - 1 * 1 // => 0.25
 * ```
 */
export interface DenseLayer {
  /** Width of the layer's input (the previous layer's `outputs`, or the number of features). */
  readonly inputs: number;
  /** Number of units. */
  readonly outputs: number;
  /** Row-major `[outputs][inputs]` float32 weights, `outputs * inputs` values. */
  readonly weight: Float32Array;
  /** One float32 bias per unit. */
  readonly bias: Float32Array;
  /** The activation after the affine map. */
  readonly activation: DenseActivation;
}

/**
 * The robust input scaler, fitted on the training rows only and applied to every input before the first layer.
 * Per feature f, with x a raw input value:
 *
 *   x' = fround(((isFinite(x) ? x : impute[f]) - center[f]) / scale[f])
 *
 * i.e. NaN and +-Infinity are replaced by `impute[f]`, then centred and scaled in float64, then rounded to float32.
 * `center` is the median and `scale` the interquartile range (q75 - q25, linear interpolation between order
 * statistics, as numpy's default percentile and scikit-learn's `RobustScaler`); a column whose IQR is 0 gets
 * `scale = 1` (scikit-learn's rule), a column with no finite training value gets `center = 0`, `scale = 1`.
 * `impute` is the training median, so a missing value scales to 0. All three arrays are finite. A finite input
 * whose x' would overflow float32 (|x'| > 3.4e38) is refused with `InvalidParameterError` rather than computed.
 *
 * @example
 * ```ts
 * const s: MLPScaler = { center: Float64Array.of(10), scale: Float64Array.of(4), impute: Float64Array.of(10) }
 * // x = 18 -> (18 - 10) / 4 // => 2;  x = NaN -> (10 - 10) / 4 // => 0
 * ```
 */
export interface MLPScaler {
  /** Per-feature centre (the training median). */
  readonly center: Float64Array;
  /** Per-feature divisor (the training IQR, 1 where that is 0), always finite and > 0. */
  readonly scale: Float64Array;
  /** Per-feature replacement of a non-finite input (the training median). */
  readonly impute: Float64Array;
}

/** What the network predicts: a probability (`'binary'`, sigmoid output, log loss) or a value (`'regression'`, squared error). */
export type MLPObjective = 'binary' | 'regression';

/**
 * Everything that defines an MLP's predictions: the scaler, the layers in order and the feature names. The last
 * layer has one output whose activation is `'sigmoid'` (binary) or `'linear'` (regression); hidden layers use
 * `'relu'`.
 *
 * @example
 * ```ts
 * const data: MLPModelData = { objective: 'binary', scaler, layers: [hidden, output], featureNames: ['rsi_14', 'atr_14'] }
 * new MLPModel(data).predictProba(X) // => Float64Array of X.rows probabilities
 * ```
 */
export interface MLPModelData {
  readonly objective: MLPObjective;
  readonly scaler: MLPScaler;
  readonly layers: readonly DenseLayer[];
  readonly featureNames?: readonly string[];
}
