/**
 * {@link createONNXModel}: any ONNX binary classifier (our exports, an MLP trained in PyTorch, trees converted by
 * onnxmltools or skl2onnx with `zipmap=False`) as an asynchronous binary model, run by the `onnxruntime-common`
 * runtime the caller has.
 *
 * @module
 */
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import { checkOptions } from '../../core/options.js';
import type { Matrix } from '../../core/types.js';
import { FeatureMismatchError, ModelFormatError, UnsupportedModelError } from '../errors.js';
import { readONNXModel, type ONNXModelInfo } from './onnx-read.js';
import { loadONNXRuntime, type ONNXRuntime, type ONNXRuntimeImporter, type ONNXRuntimeName, type ONNXSessionLike } from './runtime.js';
import { onnxSignature, type ONNXSignature } from './signature.js';
import { ONNX_FEATURE_NAMES_KEY } from './to-onnx.js';

/** Options of {@link createONNXModel}. */
export interface ONNXModelOptions {
  /** The runtime: its module (`import * as ort from 'onnxruntime-node'`) or its name, imported on this call. */
  readonly runtime: ONNXRuntime | ONNXRuntimeName;
  /** How a runtime given by name is imported (default: the dynamic `import(name)`); for bundlers and tests. */
  readonly importRuntime?: ONNXRuntimeImporter;
  /** The probability output's name (default: found by shape, see `onnxSignature`). */
  readonly output?: string;
  /** The feature names in column order (default: the file's `feature_names` metadata, which `toONNX` writes). */
  readonly featureNames?: readonly string[];
  /** Passed to `InferenceSession.create`, for example `{ intraOpNumThreads: 1 }`. */
  readonly sessionOptions?: Readonly<Record<string, unknown>>;
}

/**
 * A binary classifier run by an ONNX runtime. Like `BinaryModel`, but `predictProba` is asynchronous, as every
 * ONNX runtime's `session.run` is.
 */
export interface ONNXBinaryModel {
  /** The feature names in column order, when known. */
  readonly featureNames?: readonly string[] | undefined;
  /** The number of columns X must have, or `undefined` when the file leaves it symbolic. */
  readonly nFeatures: number | undefined;
  /** The input, element type, batch size and probability output used. */
  readonly signature: ONNXSignature;
  /** What the file declares (opsets, metadata, inputs, outputs). */
  readonly info: ONNXModelInfo;
  /** P(class 1) for each row of X, as float64. */
  predictProba(X: Matrix): Promise<Float64Array>;
  /** Frees the runtime session; the model cannot predict afterwards. */
  release(): Promise<void>;
}

const OPTIONS = ['runtime', 'importRuntime', 'output', 'featureNames', 'sessionOptions'];

function featureNamesOf(info: ONNXModelInfo, given: readonly string[] | undefined, cols: number | undefined): readonly string[] | undefined {
  const stored = info.metadata[ONNX_FEATURE_NAMES_KEY];
  let names = given;
  if (names === undefined && stored !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(stored);
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed) || !parsed.every((s) => typeof s === 'string')) throw new ModelFormatError('model', `onnx metadata_props.${ONNX_FEATURE_NAMES_KEY}`, 'is not a JSON array of strings');
    names = parsed;
  }
  if (names !== undefined && cols !== undefined && names.length !== cols) {
    throw new InvalidParameterError('options.featureNames', `has ${names.length} names, the model's input has ${cols} columns`);
  }
  return names;
}

function checkMatrix(X: Matrix, cols: number | undefined): void {
  if (X === null || typeof X !== 'object' || !(X.data instanceof Float32Array || X.data instanceof Float64Array)) {
    throw new InvalidParameterError('X', `expected a Matrix { rows, cols, data: Float32Array | Float64Array }, got ${describeValue(X)}`);
  }
  const expected = cols ?? X.cols;
  if (X.cols !== expected) throw new FeatureMismatchError(expected, X.cols);
  if (!Number.isInteger(X.rows) || X.rows < 0 || !Number.isInteger(X.cols) || X.cols < 1 || X.data.length !== X.rows * X.cols) {
    throw new FeatureMismatchError(expected, X.cols, `input data has ${X.data.length} element(s), expected rows * cols = ${X.rows} * ${X.cols}`);
  }
}

/** Rows [r0, r0 + n) of X as the input's element type, padded with zeros to `size` rows. */
function chunk(X: Matrix, r0: number, n: number, size: number, type: 'float32' | 'float64'): Float32Array | Float64Array {
  const from = X.data.subarray(r0 * X.cols, (r0 + n) * X.cols);
  const same = type === 'float32' ? from instanceof Float32Array : from instanceof Float64Array;
  if (same && n === size) return from;
  const out = type === 'float32' ? new Float32Array(size * X.cols) : new Float64Array(size * X.cols);
  out.set(from);
  return out;
}

/** Copies P(1) of the first `n` rows of one output tensor into `p` from row `r0`, checking shape and range. */
function readProbabilities(t: unknown, name: string, n: number, p: Float64Array, r0: number): void {
  const { dims, data } = (t ?? {}) as { dims?: readonly number[]; data?: unknown };
  if (!(data instanceof Float32Array || data instanceof Float64Array) || !dims || dims.length < 1 || dims.length > 2) {
    throw new UnsupportedModelError(`ONNX output ${name}`, `expected a float tensor [N, 2], [N, 1] or [N], got ${describeValue(data)} of shape [${dims?.join(', ')}]`);
  }
  const k = dims.length === 1 ? 1 : dims[1]!;
  if (k !== 1 && k !== 2) throw new UnsupportedModelError(`ONNX output ${name} with ${k} classes`, 'a binary classifier outputs probabilities of shape [N, 2], [N, 1] or [N]');
  for (let r = 0; r < n; r++) {
    const v = data[r * k + k - 1]!;
    if (!(v >= 0 && v <= 1)) throw new UnsupportedModelError(`ONNX output ${name}`, `row ${r0 + r} has ${v}, not a probability in [0, 1]`);
    p[r0 + r] = v;
  }
}

/**
 * Loads an ONNX binary classifier into the given runtime. The file is read first, without the runtime
 * (`readONNXModel`, `onnxSignature`): garbage or truncated bytes throw `ModelFormatError`, a file that is not a
 * binary classifier (an output of 3 classes, several inputs) `UnsupportedModelError`, a runtime that cannot be
 * imported `MissingDependencyError` (saying what to install). A model the runtime itself rejects throws `ModelFormatError`.
 *
 * `predictProba(X)` checks X's width against the file (`FeatureMismatchError`), converts X to the input's element
 * type, feeds it in chunks when the file fixes the batch size, and returns P(1): column 1 of an [N, 2] output,
 * or the value of an [N, 1] / [N] one. A value outside [0, 1] (logits, not probabilities) throws
 * `UnsupportedModelError`.
 *
 * Reference: onnxruntime-common `InferenceSession` (https://onnxruntime.ai/docs/api/js/); the classifier
 * convention of skl2onnx/onnxmltools (`label` and `probabilities` outputs).
 *
 * @example
 * ```ts
 * // gbdt: one stump on feature 0, x < 0.5 (or NaN) -> margin -1, else +1, binary:logistic
 * const model = await createONNXModel(toONNX(gbdt), { runtime: 'onnxruntime-node' })
 * await model.predictProba({ rows: 3, cols: 1, data: Float64Array.of(0.2, 0.9, NaN) })
 * // => Float64Array [0.26894140243530273, 0.7310585975646973, 0.26894140243530273]
 * await model.release()
 * ```
 */
export async function createONNXModel(bytes: Uint8Array, options: ONNXModelOptions): Promise<ONNXBinaryModel> {
  const o = checkOptions(options, OPTIONS);
  const info = readONNXModel(bytes);
  const signature = onnxSignature(info, o.output);
  const featureNames = featureNamesOf(info, o.featureNames, signature.cols);
  const ort = await loadONNXRuntime(o.runtime, o.importRuntime);
  let session: ONNXSessionLike;
  try {
    session = await ort.InferenceSession.create(bytes, { ...o.sessionOptions });
  } catch (e) {
    throw new ModelFormatError('model', 'onnx', `the runtime rejected the model: ${e instanceof Error ? e.message : String(e)}`);
  }
  return {
    featureNames,
    nFeatures: signature.cols,
    signature,
    info,
    async predictProba(X: Matrix): Promise<Float64Array> {
      checkMatrix(X, signature.cols);
      const p = new Float64Array(X.rows);
      const size = signature.batch ?? X.rows;
      for (let r0 = 0; r0 < X.rows; r0 += size) {
        const n = Math.min(size, X.rows - r0);
        const data = chunk(X, r0, n, size, signature.inputType);
        const tensor = signature.inputType === 'float32' ? new ort.Tensor('float32', data as Float32Array, [size, X.cols]) : new ort.Tensor('float64', data as Float64Array, [size, X.cols]);
        const out = await session.run({ [signature.input]: tensor }, [signature.output]);
        readProbabilities(out[signature.output], signature.output, n, p, r0);
      }
      return p;
    },
    release: () => session.release(),
  };
}
