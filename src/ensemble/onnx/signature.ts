/**
 * Decides how to run an ONNX file as a binary classifier, from its declared interface alone (no runtime): which
 * input takes X and with what width and batch size, and which output holds the probabilities.
 *
 * @module
 */
import { InvalidParameterError } from '../../core/errors.js';
import { UnsupportedModelError } from '../errors.js';
import { ONNX_DOUBLE, ONNX_FLOAT } from './onnx-proto.js';
import type { ONNXModelInfo, ONNXValueInfo } from './onnx-read.js';

/** How to feed and read an ONNX binary classifier. */
export interface ONNXSignature {
  /** The input fed with X. */
  readonly input: string;
  /** Its element type: float32 or float64. */
  readonly inputType: 'float32' | 'float64';
  /** The number of columns the file declares, or `undefined` when the width is symbolic or not given. */
  readonly cols: number | undefined;
  /** A fixed batch size the file declares (rows are then fed in chunks of this size), or `undefined`. */
  readonly batch: number | undefined;
  /** The probability output: [N, 2] (column 1 is P(1)), [N, 1] or [N] (P(1)). */
  readonly output: string;
}

/** The declared number of columns of a float output: 1 for [N], the second dimension for [N, k], else NaN/undefined. */
function width(v: ONNXValueInfo): number | string | undefined {
  if (v.dims === undefined) return undefined;
  if (v.dims.length === 1) return 1;
  return v.dims.length === 2 ? v.dims[1] : NaN;
}

const isFloat = (v: ONNXValueInfo): boolean => v.kind === 'tensor' && (v.elemType === ONNX_FLOAT || v.elemType === ONNX_DOUBLE);

function notBinary(v: ONNXValueInfo): never {
  const w = width(v);
  const what = typeof w === 'number' && w > 2 ? `${w} classes` : `shape [${(v.dims ?? []).join(', ')}]`;
  throw new UnsupportedModelError(`ONNX output ${v.name} with ${what}`, 'a binary classifier outputs probabilities of shape [N, 2], [N, 1] or [N]');
}

function probabilityOutput(outputs: readonly ONNXValueInfo[], name: string | undefined): string {
  if (name !== undefined) {
    const v = outputs.find((o) => o.name === name);
    if (!v) throw new InvalidParameterError('options.output', `the model has no output ${JSON.stringify(name)} (outputs: ${outputs.map((o) => o.name).join(', ')})`);
    if (!isFloat(v)) throw new UnsupportedModelError(`ONNX output ${name} of kind ${v.kind}${v.elemType ? ` (type ${v.elemType})` : ''}`, 'probabilities must be a float32 or float64 tensor');
    const w = width(v);
    if (typeof w === 'number' && w !== 1 && w !== 2) notBinary(v);
    return name;
  }
  const floats = outputs.filter(isFloat);
  for (const wanted of [2, 1]) {
    const found = floats.filter((v) => width(v) === wanted);
    if (found.length === 1) return found[0]!.name;
    if (found.length > 1) throw new InvalidParameterError('options.output', `several outputs look like probabilities (${found.map((v) => v.name).join(', ')}): name one`);
  }
  const other = floats.find((v) => typeof width(v) === 'number');
  if (other) notBinary(other);
  if (floats.length === 1) return floats[0]!.name;
  const zipmap = outputs.some((o) => o.kind === 'sequence' || o.kind === 'map') ? ' (a ZipMap output? convert with zipmap=False)' : '';
  throw new UnsupportedModelError('ONNX outputs without probabilities', `no float tensor output of shape [N, 2], [N, 1] or [N]${zipmap}; outputs: ${outputs.map((o) => o.name).join(', ')}`);
}

/**
 * The signature of a binary classifier: its one input (a float32 or float64 tensor of rank 2, [N, cols]) and its
 * probability output, `output` if named, else the one float tensor output of shape [N, 2], else the one of shape
 * [N, 1] or [N]. Throws `UnsupportedModelError` when the file is not a binary classifier (for example an output of
 * 3 classes, several inputs, an image input), `InvalidParameterError` when `output` is not an output or the choice
 * is ambiguous.
 *
 * @example
 * ```ts
 * onnxSignature(readONNXModel(toONNX(mlp)))
 * // => { input: 'X', inputType: 'float32', cols: 8, batch: undefined, output: 'probabilities' }
 * onnxSignature(readONNXModel(toONNX(threeClassTrees))) // throws UnsupportedModelError: ONNX output probabilities with 3 classes: ...
 * ```
 */
export function onnxSignature(info: ONNXModelInfo, output?: string): ONNXSignature {
  const out = probabilityOutput(info.outputs, output);
  if (info.inputs.length !== 1) throw new UnsupportedModelError(`ONNX model with ${info.inputs.length} inputs (${info.inputs.map((i) => i.name).join(', ')})`, 'a classifier of X needs exactly one input');
  const x = info.inputs[0]!;
  if (!isFloat(x)) throw new UnsupportedModelError(`ONNX input ${x.name} of kind ${x.kind}${x.elemType ? ` (type ${x.elemType})` : ''}`, 'X is fed as a float32 or float64 tensor');
  if (x.dims !== undefined && x.dims.length !== 2) throw new UnsupportedModelError(`ONNX input ${x.name} of shape [${x.dims.join(', ')}]`, 'X is fed as a matrix [N, cols]');
  const [n, c] = x.dims ?? [];
  return {
    input: x.name,
    inputType: x.elemType === ONNX_DOUBLE ? 'float64' : 'float32',
    cols: typeof c === 'number' ? c : undefined,
    batch: typeof n === 'number' && n > 0 ? n : undefined,
    output: out,
  };
}
