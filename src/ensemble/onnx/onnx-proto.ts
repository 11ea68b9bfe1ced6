/**
 * The subset of the ONNX protobuf schema this library writes and reads: the field numbers of `ModelProto`,
 * `GraphProto`, `NodeProto`, `AttributeProto`, `TensorProto`, `ValueInfoProto`, `TypeProto`, `TensorShapeProto`,
 * `OperatorSetIdProto` and `StringStringEntryProto`, plain descriptions of a model ({@link ONNXModelSpec}) and
 * their encoding ({@link encodeModel}).
 *
 * Reference: `onnx/onnx.proto3` of the ONNX repository (the field numbers below are copied from it) and
 * docs/IR.md (IR version 8 = ONNX 1.10 to 1.12, opsets "" 15 and "ai.onnx.ml" 3).
 *
 * @module
 */
import { float32LE, ProtoWriter } from './protobuf.js';

/** `ModelProto` field numbers. */
export const MODEL = { irVersion: 1, producerName: 2, producerVersion: 3, docString: 6, graph: 7, opsetImport: 8, metadataProps: 14 } as const;
/** `OperatorSetIdProto` field numbers. */
export const OPSET = { domain: 1, version: 2 } as const;
/** `StringStringEntryProto` field numbers. */
export const ENTRY = { key: 1, value: 2 } as const;
/** `GraphProto` field numbers. */
export const GRAPH = { node: 1, name: 2, initializer: 5, input: 11, output: 12 } as const;
/** `NodeProto` field numbers. */
export const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5, domain: 7 } as const;
/** `AttributeProto` field numbers. */
export const ATTRIBUTE = { name: 1, f: 2, i: 3, s: 4, floats: 7, ints: 8, strings: 9, type: 20 } as const;
/** `AttributeProto.AttributeType` values. */
export const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, floats: 6, ints: 7, strings: 8 } as const;
/** `TensorProto` field numbers. */
export const TENSOR = { dims: 1, dataType: 2, name: 8, rawData: 9 } as const;
/** `ValueInfoProto` field numbers. */
export const VALUE_INFO = { name: 1, type: 2 } as const;
/** `TypeProto` field numbers (`Tensor tensor_type = 1`, `Sequence sequence_type = 4`, `Map map_type = 5`). */
export const TYPE = { tensorType: 1, sequenceType: 4, mapType: 5 } as const;
/** `TypeProto.Tensor` field numbers. */
export const TENSOR_TYPE = { elemType: 1, shape: 2 } as const;
/** `TensorShapeProto` field number of `dim`, and `TensorShapeProto.Dimension`'s `dim_value` / `dim_param`. */
export const SHAPE = { dim: 1, dimValue: 1, dimParam: 2 } as const;

/** `TensorProto.DataType.FLOAT` (float32). */
export const ONNX_FLOAT = 1;
/** `TensorProto.DataType.INT64`. */
export const ONNX_INT64 = 7;
/** `TensorProto.DataType.DOUBLE` (float64). */
export const ONNX_DOUBLE = 11;

/** The IR version written (8: ONNX 1.10 to 1.12; onnxruntime reads it). */
export const IR_VERSION = 8;
/** The default-domain opset written (Gemm 13, Where 9/16, IsNaN 13, ArgMax 13, Concat 13). */
export const OPSET_ONNX = 15;
/** The `ai.onnx.ml` opset written (TreeEnsembleClassifier and TreeEnsembleRegressor version 3). */
export const OPSET_ML = 3;

/** One node attribute, typed as `AttributeProto.type` says. */
export type ONNXAttribute =
  | { readonly name: string; readonly type: 'int' | 'float'; readonly value: number }
  | { readonly name: string; readonly type: 'string'; readonly value: string }
  | { readonly name: string; readonly type: 'ints' | 'floats'; readonly value: ArrayLike<number> }
  | { readonly name: string; readonly type: 'strings'; readonly value: readonly string[] };

/** One `NodeProto`: an operator applied to named values. */
export interface ONNXNode {
  readonly opType: string;
  /** `''` (the default ONNX domain) or `'ai.onnx.ml'`. */
  readonly domain?: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: readonly ONNXAttribute[];
}

/** A FLOAT initializer (`TensorProto` with `raw_data`, little-endian float32, row-major). */
export interface ONNXTensor {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data: ArrayLike<number>;
}

/** A graph input or output: a tensor of `elemType` whose dimensions are sizes or symbolic names. */
export interface ONNXValue {
  readonly name: string;
  readonly elemType: number;
  readonly dims: readonly (number | string)[];
}

/** What a `ModelProto` says about itself: producer, imported opsets (`''` is the default domain), `metadata_props`. */
export interface ONNXModelHeader {
  readonly producerName: string;
  readonly producerVersion: string;
  readonly opsets: readonly { readonly domain: string; readonly version: number }[];
  readonly metadata: Readonly<Record<string, string>>;
}

/** A whole model: its header, a doc string and one graph (nodes in topological order). */
export interface ONNXModelSpec extends ONNXModelHeader {
  readonly docString: string;
  readonly graph: {
    readonly name: string;
    readonly nodes: readonly ONNXNode[];
    readonly initializers: readonly ONNXTensor[];
    readonly inputs: readonly ONNXValue[];
    readonly outputs: readonly ONNXValue[];
  };
}

function attribute(a: ONNXAttribute): ProtoWriter {
  const w = new ProtoWriter().string(ATTRIBUTE.name, a.name).int(ATTRIBUTE.type, ATTRIBUTE_TYPE[a.type]);
  switch (a.type) {
    case 'int':
      return w.int(ATTRIBUTE.i, a.value);
    case 'float':
      return w.float(ATTRIBUTE.f, a.value);
    case 'string':
      return w.string(ATTRIBUTE.s, a.value);
    case 'ints':
      return w.packedInts(ATTRIBUTE.ints, a.value);
    case 'floats':
      return w.packedFloats(ATTRIBUTE.floats, a.value);
    case 'strings':
      for (const s of a.value) w.string(ATTRIBUTE.strings, s);
      return w;
  }
}

function node(n: ONNXNode, index: number): ProtoWriter {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(NODE.input, i);
  for (const o of n.outputs) w.string(NODE.output, o);
  w.string(NODE.name, `${n.opType}_${index}`).string(NODE.opType, n.opType);
  for (const a of n.attributes ?? []) w.message(NODE.attribute, attribute(a));
  if (n.domain) w.string(NODE.domain, n.domain);
  return w;
}

function tensor(t: ONNXTensor): ProtoWriter {
  const w = new ProtoWriter();
  for (const d of t.dims) w.int(TENSOR.dims, d);
  return w.int(TENSOR.dataType, ONNX_FLOAT).string(TENSOR.name, t.name).bytes(TENSOR.rawData, float32LE(t.data));
}

function value(v: ONNXValue): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of v.dims) {
    const dim = new ProtoWriter();
    if (typeof d === 'number') dim.int(SHAPE.dimValue, d);
    else dim.string(SHAPE.dimParam, d);
    shape.message(SHAPE.dim, dim);
  }
  const tensorType = new ProtoWriter().int(TENSOR_TYPE.elemType, v.elemType).message(TENSOR_TYPE.shape, shape);
  return new ProtoWriter().string(VALUE_INFO.name, v.name).message(VALUE_INFO.type, new ProtoWriter().message(TYPE.tensorType, tensorType));
}

/**
 * Encodes a model description as ONNX `ModelProto` bytes (IR version {@link IR_VERSION}). Node names are
 * `${opType}_${index}`; initializers are FLOAT tensors stored as `raw_data`.
 *
 * Reference: `onnx/onnx.proto3` (`ModelProto`, `GraphProto`, `NodeProto`, `AttributeProto`, `TensorProto`).
 *
 * @example
 * ```ts
 * const bytes = encodeModel({
 *   producerName: 'demo', producerVersion: '1', docString: '', metadata: {}, opsets: [{ domain: '', version: 15 }],
 *   graph: { name: 'g', nodes: [{ opType: 'Relu', inputs: ['X'], outputs: ['Y'] }], initializers: [],
 *            inputs: [{ name: 'X', elemType: ONNX_FLOAT, dims: ['N', 3] }], outputs: [{ name: 'Y', elemType: ONNX_FLOAT, dims: ['N', 3] }] },
 * })
 * readONNXModel(bytes).outputs[0].name // => 'Y'
 * ```
 */
export function encodeModel(spec: ONNXModelSpec): Uint8Array {
  const g = new ProtoWriter();
  spec.graph.nodes.forEach((n, i) => g.message(GRAPH.node, node(n, i)));
  g.string(GRAPH.name, spec.graph.name);
  for (const t of spec.graph.initializers) g.message(GRAPH.initializer, tensor(t));
  for (const v of spec.graph.inputs) g.message(GRAPH.input, value(v));
  for (const v of spec.graph.outputs) g.message(GRAPH.output, value(v));
  const m = new ProtoWriter().int(MODEL.irVersion, IR_VERSION).string(MODEL.producerName, spec.producerName).string(MODEL.producerVersion, spec.producerVersion);
  if (spec.docString) m.string(MODEL.docString, spec.docString);
  for (const o of spec.opsets) m.message(MODEL.opsetImport, new ProtoWriter().string(OPSET.domain, o.domain).int(OPSET.version, o.version));
  for (const [key, v] of Object.entries(spec.metadata)) m.message(MODEL.metadataProps, new ProtoWriter().string(ENTRY.key, key).string(ENTRY.value, v));
  // The graph last: a truncated file then always cuts into it, which the reader reports.
  return m.message(MODEL.graph, g).finish();
}
