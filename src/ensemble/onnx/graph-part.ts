/**
 * What a model-specific exporter (MLP, trees) hands to `toONNX`: the nodes, initializers and outputs of a graph
 * whose one input is `X` float32 [N, cols].
 *
 * @module
 */
import type { ONNXNode, ONNXTensor, ONNXValue } from './onnx-proto.js';

/** The model-specific part of an exported graph; `toONNX` adds the input `X`, the opsets and the metadata. */
export interface GraphPart {
  /** Number of input columns (the second dimension of `X`). */
  readonly cols: number;
  readonly nodes: readonly ONNXNode[];
  readonly initializers: readonly ONNXTensor[];
  readonly outputs: readonly ONNXValue[];
  /** Whether a node uses the `ai.onnx.ml` domain (then its opset is imported). */
  readonly ml: boolean;
  /** One line for `ModelProto.doc_string`. */
  readonly docString: string;
}
