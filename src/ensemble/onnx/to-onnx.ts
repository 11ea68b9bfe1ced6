/**
 * {@link toONNX}: our models as ONNX files that any ONNX runtime runs (onnxruntime in Node, the browser, Deno or
 * an Edge Function), written in TypeScript without Python or protobuf libraries. Runtime-agnostic.
 *
 * @module
 */
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import type { TreeEnsembleData } from '../gbdt/trees.js';
import type { GraphPart } from './graph-part.js';
import type { MLPModelData } from '../mlp/types.js';
import { mlpGraph } from './mlp-export.js';
import { encodeModel, ONNX_FLOAT, OPSET_ML, OPSET_ONNX } from './onnx-proto.js';
import { treeGraph } from './tree-export.js';

/** `ModelProto.producer_name` of every file {@link toONNX} writes. */
export const ONNX_PRODUCER = '@alpha-v4/core';

/** The `metadata_props` key under which {@link toONNX} stores the feature names (a JSON array of strings). */
export const ONNX_FEATURE_NAMES_KEY = 'feature_names';

function isTreeEnsemble(model: object): model is TreeEnsembleData {
  return 'treeStart' in model && 'feature' in model && 'objective' in model;
}

/**
 * The model as an ONNX `ModelProto` (IR version 8; opsets `''` 15 and, for trees, `ai.onnx.ml` 3) with one input
 * `X`, float32 [N, cols] (N symbolic). Feature names, when the model has them, are stored in `metadata_props`
 * under `feature_names` (JSON), which `createONNXModel` reads back.
 *
 * - An MLP (`MLPModelData`: objective, scaler, layers): the scaler as explicit operators (non-finite values imputed
 *   by `IsNaN`/`IsInf`/`Or`/`Where`, then `Sub` and `Div`; not folded into the weights), `Gemm` (transB = 1) and
 *   `Relu`/`Sigmoid` per layer. A `'binary'` MLP outputs `label` (int64 [N]) and `probabilities` (float32 [N, 2]:
 *   P(0), P(1)); a `'regression'` one outputs `variable` (float32 [N, 1]).
 * - A tree ensemble (`TreeEnsembleModel`, loaded or trained): `ai.onnx.ml` `TreeEnsembleClassifier` for logistic
 *   and multiclass objectives (outputs `label`, `probabilities` [N, classes]), `TreeEnsembleRegressor` for
 *   `reg:squarederror` and `binary:logitraw` (output `variable` [N, 1]); see `treeGraph` for the split rules.
 *
 * Computation is float32, as in the runtimes: predictions agree with the model's own within 1e-6, not bit for bit.
 * Throws `ModelFormatError` for an inconsistent model, `UnsupportedModelError` for what ONNX cannot express
 * (LightGBM categorical splits, missing type Zero), `InvalidParameterError` for anything that is not a model.
 *
 * Reference: ONNX IR (docs/IR.md), operators (docs/Operators.md, docs/Operators-ml.md), `onnx/onnx.proto3`.
 *
 * @example
 * ```ts
 * const bytes = toONNX(loadXGBoostModel(json))                       // Uint8Array
 * const ort = await import('onnxruntime-node')
 * const session = await ort.InferenceSession.create(bytes)
 * const out = await session.run({ X: new ort.Tensor('float32', Float32Array.of(0.5, 1, 2), [1, 3]) })
 * out.probabilities.dims // => [1, 2]
 * ```
 */
export function toONNX(model: MLPModelData | TreeEnsembleData): Uint8Array {
  if (model === null || typeof model !== 'object') throw new InvalidParameterError('model', `expected an MLP or a tree ensemble, got ${describeValue(model)}`);
  let part: GraphPart;
  if (isTreeEnsemble(model)) part = treeGraph(model);
  else if ('layers' in model && 'scaler' in model) part = mlpGraph(model);
  else throw new InvalidParameterError('model', `expected an MLP (objective, layers, scaler) or a tree ensemble (treeStart, feature, ...), got ${describeValue(model)}`);
  const names = model.featureNames;
  return encodeModel({
    producerName: ONNX_PRODUCER,
    producerVersion: '1',
    docString: part.docString,
    opsets: part.ml ? [{ domain: '', version: OPSET_ONNX }, { domain: 'ai.onnx.ml', version: OPSET_ML }] : [{ domain: '', version: OPSET_ONNX }],
    metadata: names ? { [ONNX_FEATURE_NAMES_KEY]: JSON.stringify(names) } : {},
    graph: {
      name: part.docString,
      nodes: part.nodes,
      initializers: part.initializers,
      inputs: [{ name: 'X', elemType: ONNX_FLOAT, dims: ['N', part.cols] }],
      outputs: part.outputs,
    },
  });
}
