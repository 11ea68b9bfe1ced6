/**
 * Reads what a caller needs to know about an ONNX model before running it, without any ONNX runtime: the IR
 * version, the opsets, the metadata, and the graph's real inputs and outputs with their types and shapes.
 * Runtime-agnostic.
 *
 * Reference: `onnx/onnx.proto3` (`ModelProto`, `GraphProto`, `ValueInfoProto`, `TypeProto`, `TensorShapeProto`).
 *
 * @module
 */
import { InvalidParameterError } from '../../core/errors.js';
import { describeValue } from '../../core/describe.js';
import { ModelFormatError } from '../errors.js';
import { ENTRY, GRAPH, MODEL, OPSET, SHAPE, TENSOR, TENSOR_TYPE, TYPE, VALUE_INFO, type ONNXModelHeader } from './onnx-proto.js';
import { protoInts, protoString, readProto, WIRE_LEN, type ProtoField } from './protobuf.js';

/**
 * A graph input or output. `kind` says what it holds; for a tensor, `elemType` is its `TensorProto.DataType`
 * (1 float32, 7 int64, 11 float64, ...) and `dims` its dimensions: a size, a symbolic name (`'N'`), or `undefined`
 * for an unknown one. `dims` is `undefined` when the file gives no shape at all.
 */
export interface ONNXValueInfo {
  readonly name: string;
  readonly kind: 'tensor' | 'sequence' | 'map' | 'other';
  readonly elemType?: number;
  readonly dims?: readonly (number | string | undefined)[];
}

/** What {@link readONNXModel} finds in a `ModelProto` (`metadata`: `toONNX` writes `feature_names` there, as JSON). */
export interface ONNXModelInfo extends ONNXModelHeader {
  readonly irVersion: number;
  /** The graph inputs a caller feeds (those that are not also initializers). */
  readonly inputs: readonly ONNXValueInfo[];
  readonly outputs: readonly ONNXValueInfo[];
}

function lastMessage(fields: readonly ProtoField[], field: number): Uint8Array | undefined {
  let found: Uint8Array | undefined;
  for (const f of fields) if (f.field === field && f.wire === WIRE_LEN) found = f.bytes;
  return found;
}

function messages(fields: readonly ProtoField[], field: number): Uint8Array[] {
  return fields.filter((f) => f.field === field && f.wire === WIRE_LEN).map((f) => f.bytes);
}

function dims(shape: Uint8Array, where: string): (number | string | undefined)[] {
  return messages(readProto(shape, where), SHAPE.dim).map((d, i) => {
    const f = readProto(d, `${where}.dim[${i}]`);
    const size = protoInts(f, SHAPE.dimValue, `${where}.dim[${i}]`);
    if (size.length > 0) return size[size.length - 1];
    return f.some((x) => x.field === SHAPE.dimParam) ? protoString(f, SHAPE.dimParam) : undefined;
  });
}

function valueInfo(bytes: Uint8Array, where: string): ONNXValueInfo {
  const f = readProto(bytes, where);
  const name = protoString(f, VALUE_INFO.name);
  if (!name) throw new ModelFormatError('model', where, 'a graph input or output has no name');
  const type = lastMessage(f, VALUE_INFO.type);
  const t = type === undefined ? [] : readProto(type, `${where}.type`);
  const tensor = lastMessage(t, TYPE.tensorType);
  if (tensor === undefined) {
    const kind = t.some((x) => x.field === TYPE.sequenceType) ? 'sequence' : t.some((x) => x.field === TYPE.mapType) ? 'map' : 'other';
    return { name, kind };
  }
  const tf = readProto(tensor, `${where}.type.tensor_type`);
  const shape = lastMessage(tf, TENSOR_TYPE.shape);
  const elemType = protoInts(tf, TENSOR_TYPE.elemType, `${where}.type.tensor_type`).pop() ?? 0;
  return { name, kind: 'tensor', elemType, ...(shape === undefined ? {} : { dims: dims(shape, `${where}.type.tensor_type.shape`) }) };
}

/**
 * Reads an ONNX `ModelProto`'s header and graph interface (no runtime needed). Throws `ModelFormatError`
 * (format `'model'`, `where` naming the message and byte) for bytes that are not a well-formed model: truncated or
 * garbage protobuf, no `ir_version`, no opset, no graph, a graph without outputs; `InvalidParameterError` when
 * `bytes` is not a `Uint8Array`.
 *
 * Reference: `onnx/onnx.proto3`; docs/IR.md ("Models", "Graphs": initializers may also be listed as inputs).
 *
 * @example
 * ```ts
 * const info = readONNXModel(toONNX(model))
 * info.inputs[0]  // => { name: 'X', kind: 'tensor', elemType: 1, dims: ['N', 8] }
 * info.outputs.map((o) => o.name) // => ['label', 'probabilities']
 * ```
 */
export function readONNXModel(bytes: Uint8Array): ONNXModelInfo {
  if (!(bytes instanceof Uint8Array)) throw new InvalidParameterError('bytes', `expected the ONNX model as a Uint8Array, got ${describeValue(bytes)}`);
  const m = readProto(bytes, 'onnx ModelProto');
  const irVersion = protoInts(m, MODEL.irVersion, 'onnx ModelProto').pop() ?? 0;
  if (!(irVersion > 0)) throw new ModelFormatError('model', 'onnx ModelProto.ir_version', `missing or invalid (${irVersion}): not an ONNX model`);
  const opsets = messages(m, MODEL.opsetImport).map((o, i) => {
    const f = readProto(o, `onnx ModelProto.opset_import[${i}]`);
    return { domain: protoString(f, OPSET.domain), version: protoInts(f, OPSET.version, `onnx ModelProto.opset_import[${i}]`).pop() ?? 0 };
  });
  if (opsets.length === 0) throw new ModelFormatError('model', 'onnx ModelProto.opset_import', 'no operator set imported');
  const metadata: Record<string, string> = {};
  messages(m, MODEL.metadataProps).forEach((e, i) => {
    const f = readProto(e, `onnx ModelProto.metadata_props[${i}]`);
    metadata[protoString(f, ENTRY.key)] = protoString(f, ENTRY.value);
  });
  const graph = lastMessage(m, MODEL.graph);
  if (graph === undefined) throw new ModelFormatError('model', 'onnx ModelProto.graph', 'missing (a truncated file?)');
  const g = readProto(graph, 'onnx GraphProto');
  const initializers = new Set(messages(g, GRAPH.initializer).map((t, i) => protoString(readProto(t, `onnx GraphProto.initializer[${i}]`), TENSOR.name)));
  const inputs = messages(g, GRAPH.input).map((v, i) => valueInfo(v, `onnx GraphProto.input[${i}]`)).filter((v) => !initializers.has(v.name));
  const outputs = messages(g, GRAPH.output).map((v, i) => valueInfo(v, `onnx GraphProto.output[${i}]`));
  if (outputs.length === 0) throw new ModelFormatError('model', 'onnx GraphProto.output', 'the graph has no outputs');
  return { irVersion, producerName: protoString(m, MODEL.producerName), producerVersion: protoString(m, MODEL.producerVersion), opsets, metadata, inputs, outputs };
}
