/**
 * The ONNX graph of a feed-forward network (our MLP): the robust scaler as explicit operators, then one `Gemm` per
 * layer followed by its activation. Assembled into a model by `toONNX`.
 *
 * The scaler is not folded into the first layer's weights: `IsNaN`, `IsInf`, `Or` and `Where` replace non-finite
 * values by `impute`, then `Sub` and `Div` scale, so the graph computes `MLPScaler`'s rule
 * x' = ((isFinite(x) ? x : impute) - center) / scale as written, in float32 (the model: in float64, then rounded).
 *
 * Reference: ONNX operators Gemm-13, Relu-14, Sigmoid-13, IsNaN-13, IsInf-10, Or-7, Where-9, Sub-14, Div-14,
 * Concat-13, ArgMax-13 (docs/Operators.md of the ONNX repository).
 *
 * @module
 */
import { checkModelData } from '../mlp/model.js';
import type { MLPModelData } from '../mlp/types.js';
import type { GraphPart } from './graph-part.js';
import { ONNX_FLOAT, ONNX_INT64, type ONNXNode, type ONNXTensor } from './onnx-proto.js';

/**
 * The graph of an MLP (`MLPModelData`): input `X` float32 [N, cols]; a `'binary'` model outputs `label`
 * (int64 [N]) and `probabilities` (float32 [N, 2], columns P(0) and P(1): the convention of onnxruntime's
 * classifiers, as skl2onnx writes them with `zipmap=False`), a `'regression'` one `variable` (float32 [N, 1]).
 * Throws `ModelFormatError` (format `'model'`) for data `checkModelData` rejects: layers that do not chain, a
 * scaler that does not fit, a last layer that is not one unit with the objective's activation.
 *
 * @example
 * ```ts
 * const part = mlpGraph({ objective: 'binary', scaler, layers: [{ inputs: 3, outputs: 1, weight, bias, activation: 'sigmoid' }] })
 * part.nodes.map((n) => n.opType)
 * // => ['IsNaN', 'IsInf', 'Or', 'Where', 'Sub', 'Div', 'Gemm', 'Sigmoid', 'Sub', 'Concat', 'ArgMax']
 * ```
 */
export function mlpGraph(model: MLPModelData): GraphPart {
  checkModelData(model, 'model');
  const { center, scale, impute } = model.scaler;
  const cols = center.length;
  const initializers: ONNXTensor[] = [
    { name: 'impute', dims: [cols], data: impute },
    { name: 'center', dims: [cols], data: center },
    { name: 'scale', dims: [cols], data: scale },
  ];
  const nodes: ONNXNode[] = [
    { opType: 'IsNaN', inputs: ['X'], outputs: ['x_nan'] },
    { opType: 'IsInf', inputs: ['X'], outputs: ['x_inf'] },
    { opType: 'Or', inputs: ['x_nan', 'x_inf'], outputs: ['x_missing'] },
    { opType: 'Where', inputs: ['x_missing', 'impute', 'X'], outputs: ['x_imputed'] },
    { opType: 'Sub', inputs: ['x_imputed', 'center'], outputs: ['x_centered'] },
    { opType: 'Div', inputs: ['x_centered', 'scale'], outputs: ['h0'] },
  ];
  model.layers.forEach((l, i) => {
    initializers.push({ name: `W${i}`, dims: [l.outputs, l.inputs], data: l.weight }, { name: `B${i}`, dims: [l.outputs], data: l.bias });
    const pre = l.activation === 'linear' ? `h${i + 1}` : `z${i + 1}`;
    nodes.push({ opType: 'Gemm', inputs: [`h${i}`, `W${i}`, `B${i}`], outputs: [pre], attributes: [{ name: 'transB', type: 'int', value: 1 }] });
    if (l.activation !== 'linear') nodes.push({ opType: l.activation === 'relu' ? 'Relu' : 'Sigmoid', inputs: [pre], outputs: [`h${i + 1}`] });
  });
  const last = `h${model.layers.length}`;
  if (model.objective === 'regression') {
    nodes.push({ opType: 'Identity', inputs: [last], outputs: ['variable'] });
    return { cols, nodes, initializers, outputs: [{ name: 'variable', elemType: ONNX_FLOAT, dims: ['N', 1] }], ml: false, docString: 'MLP regressor' };
  }
  initializers.push({ name: 'one', dims: [], data: [1] });
  nodes.push(
    { opType: 'Sub', inputs: ['one', last], outputs: ['p0'] },
    { opType: 'Concat', inputs: ['p0', last], outputs: ['probabilities'], attributes: [{ name: 'axis', type: 'int', value: 1 }] },
    { opType: 'ArgMax', inputs: ['probabilities'], outputs: ['label'], attributes: [{ name: 'axis', type: 'int', value: 1 }, { name: 'keepdims', type: 'int', value: 0 }] },
  );
  return {
    cols,
    nodes,
    initializers,
    outputs: [
      { name: 'label', elemType: ONNX_INT64, dims: ['N'] },
      { name: 'probabilities', elemType: ONNX_FLOAT, dims: ['N', 2] },
    ],
    ml: false,
    docString: 'MLP binary classifier',
  };
}
