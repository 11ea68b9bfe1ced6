/**
 * Shared by the ONNX tests: the two runtimes (onnxruntime-node, onnxruntime-web in WebAssembly), MLPs built by hand
 * in the `MLPModelData` shape (any size without training time) and inputs for them, a decoder of graph nodes (to
 * check what the exporters wrote), and one-call inference.
 */
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import type { Matrix } from '../../../src/core/types.js';
import { Rng } from '../../../src/core/rng.js';
import { MLPModel } from '../../../src/ensemble/mlp/model.js';
import type { DenseLayer, MLPModelData } from '../../../src/ensemble/mlp/types.js';
import { ATTRIBUTE, GRAPH, MODEL, NODE } from '../../../src/ensemble/onnx/onnx-proto.js';
import { protoInts, protoString, readProto, WIRE_LEN, WIRE_I32 } from '../../../src/ensemble/onnx/protobuf.js';

// One WebAssembly thread: no worker start-up in the tests.
ortWeb.env.wasm.numThreads = 1;

export { ortNode, ortWeb };

/** The two runtimes under test, by name. */
export const RUNTIMES = [
  ['onnxruntime-node', ortNode],
  ['onnxruntime-web', ortWeb],
] as const;

/** A hand-built MLP: `sizes` = [cols, hidden..., 1], ReLU hidden layers, seeded He-scaled weights, a robust-scaler-like scaler. */
export function handMLP(sizes: readonly number[], seed: number, objective: MLPModelData['objective'] = 'binary'): MLPModel {
  const rng = new Rng(seed);
  const layers: DenseLayer[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const inputs = sizes[i]!, outputs = sizes[i + 1]!;
    const std = Math.sqrt(2 / inputs);
    layers.push({
      inputs,
      outputs,
      weight: Float32Array.from({ length: inputs * outputs }, () => rng.normal() * std),
      bias: Float32Array.from({ length: outputs }, () => rng.normal() * 0.1),
      activation: i + 2 < sizes.length ? 'relu' : objective === 'binary' ? 'sigmoid' : 'linear',
    });
  }
  const cols = sizes[0]!;
  const center = Float64Array.from({ length: cols }, () => rng.normal() * 10);
  return new MLPModel({
    objective,
    layers,
    scaler: { center, scale: Float64Array.from({ length: cols }, () => 0.5 + rng.uniform() * 20), impute: Float64Array.from(center, (c) => c + rng.normal()) },
    featureNames: Array.from({ length: cols }, (_, j) => `f${j}`),
  });
}

/**
 * Seeded inputs for `model`: column j is center[j] + scale[j] * N(0, 1) (what a robust scaler fitted on such data
 * maps to O(1) values, as in training), with about `nanRate` of the values NaN.
 */
export function mlpInputs(model: MLPModelData, rows: number, seed: number, nanRate = 0): Matrix {
  const rng = new Rng(seed);
  const { center, scale } = model.scaler;
  const cols = center.length;
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, (_, i) => (rng.uniform() < nanRate ? NaN : center[i % cols]! + scale[i % cols]! * rng.normal())) };
}

/** One decoded `NodeProto`: operator, domain, inputs, outputs and attributes by name. */
export interface DecodedNode {
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, number | string | number[] | string[]>;
}

function floats(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: bytes.length / 4 }, (_, i) => view.getFloat32(i * 4, true));
}

/** The nodes of a model's graph, decoded with the reader under test. */
export function decodeNodes(model: Uint8Array): DecodedNode[] {
  const graph = readProto(model, 'm').filter((f) => f.field === MODEL.graph).pop()!.bytes;
  return readProto(graph, 'g')
    .filter((f) => f.field === GRAPH.node)
    .map((n) => {
      const f = readProto(n.bytes, 'node');
      const strings = (field: number) => f.filter((x) => x.field === field).map((x) => protoString([x], field));
      const attributes: DecodedNode['attributes'] = {};
      for (const a of f.filter((x) => x.field === NODE.attribute)) {
        const af = readProto(a.bytes, 'attribute');
        const name = protoString(af, ATTRIBUTE.name);
        const type = protoInts(af, ATTRIBUTE.type, 'attribute')[0];
        if (type === 1) attributes[name] = af.find((x) => x.field === ATTRIBUTE.f)!.value;
        else if (type === 2) attributes[name] = protoInts(af, ATTRIBUTE.i, 'attribute')[0]!;
        else if (type === 3) attributes[name] = protoString(af, ATTRIBUTE.s);
        else if (type === 6) attributes[name] = af.filter((x) => x.field === ATTRIBUTE.floats).flatMap((x) => (x.wire === WIRE_LEN ? floats(x.bytes) : x.wire === WIRE_I32 ? [x.value] : []));
        else if (type === 7) attributes[name] = protoInts(af, ATTRIBUTE.ints, 'attribute');
        else if (type === 8) attributes[name] = af.filter((x) => x.field === ATTRIBUTE.strings).map((x) => protoString([x], ATTRIBUTE.strings));
      }
      return { opType: protoString(f, NODE.opType), domain: protoString(f, NODE.domain), inputs: strings(NODE.input), outputs: strings(NODE.output), attributes };
    });
}

/** Runs `bytes` on X (as float32) in `ort` and returns output `name`'s data and dims. */
export async function runONNX(
  ort: typeof ortNode | typeof ortWeb,
  bytes: Uint8Array,
  X: Matrix,
  name: string,
  sessionOptions: Record<string, unknown> = {},
): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const session = await ort.InferenceSession.create(bytes, sessionOptions);
  try {
    const out = await session.run({ X: new ort.Tensor('float32', Float32Array.from(X.data), [X.rows, X.cols]) });
    return { data: out[name]!.data as Float32Array, dims: out[name]!.dims };
  } finally {
    await session.release();
  }
}

/** The largest |a[i] - b[i]| (NaN if any pair differs in NaN-ness). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Number.isNaN(a[i]!) && Number.isNaN(b[i]!) ? 0 : Math.abs(a[i]! - b[i]!));
  return m;
}
