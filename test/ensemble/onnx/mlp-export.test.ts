/**
 * toONNX on MLPs: the exported graph run by onnxruntime-node and onnxruntime-web agrees with the model's documented
 * forward pass within 1e-6 (NaN and infinite inputs included), its structure is the one documented, and
 * inconsistent models are rejected with a typed error.
 */
import { describe, expect, it } from 'vitest';
import { ModelFormatError } from '../../../src/ensemble/errors.js';
import type { MLPModelData } from '../../../src/ensemble/mlp/types.js';
import { readONNXModel } from '../../../src/ensemble/onnx/onnx-read.js';
import { toONNX } from '../../../src/ensemble/onnx/to-onnx.js';
import { decodeNodes, handMLP, maxAbsDiff, mlpForward, mlpInputs, RUNTIMES, runONNX } from './helpers.js';

describe('toONNX(MLP) against onnxruntime', () => {
  // The production shape (256-128-64-32) on 24 features, and a deep narrow one.
  const binary = handMLP([24, 256, 128, 64, 32, 1], 11);
  const narrow = handMLP([5, 3, 3, 3, 1], 12);
  const X = mlpInputs(binary, 500, 13, 0.05);
  const Xn = mlpInputs(narrow, 200, 14, 0.1);
  // Non-finite values of every kind in the first row: NaN, +Infinity, -Infinity are imputed.
  (X.data as Float64Array).set([NaN, Infinity, -Infinity], 0);

  it.each(RUNTIMES)('%s: a 256-128-64-32 binary MLP agrees within 1e-6, P(0) + P(1) = 1, label = P(1) > 0.5', async (_name, ort) => {
    const bytes = toONNX(binary);
    const ours = mlpForward(binary, X);
    const { data, dims } = await runONNX(ort, bytes, X, 'probabilities');
    expect(dims).toEqual([X.rows, 2]);
    const p1 = Float64Array.from({ length: X.rows }, (_, r) => data[2 * r + 1]!);
    expect(maxAbsDiff(p1, ours)).toBeLessThan(1e-6);
    for (let r = 0; r < X.rows; r++) expect(data[2 * r]! + data[2 * r + 1]!).toBeCloseTo(1, 6);
    const label = await runONNX(ort, bytes, X, 'label');
    expect(Array.from(label.data, Number)).toEqual(Array.from(p1, (p) => (p > 0.5 ? 1 : 0)));
  });

  it.each(RUNTIMES)('%s: a deep narrow MLP and a regression MLP agree within 1e-6', async (_name, ort) => {
    const p = await runONNX(ort, toONNX(narrow), Xn, 'probabilities');
    expect(maxAbsDiff(Float64Array.from({ length: Xn.rows }, (_, r) => p.data[2 * r + 1]!), mlpForward(narrow, Xn))).toBeLessThan(1e-6);
    const reg = handMLP([5, 16, 1], 15, 'regression');
    const v = await runONNX(ort, toONNX(reg), Xn, 'variable');
    expect(v.dims).toEqual([Xn.rows, 1]);
    expect(maxAbsDiff(v.data, mlpForward(reg, Xn))).toBeLessThan(1e-6);
  });
});

describe('toONNX(MLP) structure', () => {
  const model = handMLP([3, 4, 1], 1);

  it('writes the scaler as explicit operators, one Gemm (transB = 1) per layer, then P(0), P(1) and the label', () => {
    const nodes = decodeNodes(toONNX(model));
    expect(nodes.map((n) => n.opType)).toEqual(['IsNaN', 'IsInf', 'Or', 'Where', 'Sub', 'Div', 'Gemm', 'Relu', 'Gemm', 'Sigmoid', 'Sub', 'Concat', 'ArgMax']);
    expect(nodes.filter((n) => n.opType === 'Gemm').map((n) => n.attributes)).toEqual([{ transB: 1 }, { transB: 1 }]);
    expect(nodes.at(-1)).toMatchObject({ inputs: ['probabilities'], outputs: ['label'], attributes: { axis: 1, keepdims: 0 } });
  });

  it('declares X float32 [N, cols], label int64 [N], probabilities float32 [N, 2], the feature names and the default opset only', () => {
    const info = readONNXModel(toONNX(model));
    expect(info.inputs).toEqual([{ name: 'X', kind: 'tensor', elemType: 1, dims: ['N', 3] }]);
    expect(info.outputs).toEqual([
      { name: 'label', kind: 'tensor', elemType: 7, dims: ['N'] },
      { name: 'probabilities', kind: 'tensor', elemType: 1, dims: ['N', 2] },
    ]);
    expect(info.opsets).toEqual([{ domain: '', version: 15 }]);
    expect(info).toMatchObject({ irVersion: 8, producerName: '@alpha-v4/core', metadata: { feature_names: '["f0","f1","f2"]' } });
  });

  it('is deterministic: the same model gives the same bytes', () => {
    expect(toONNX(handMLP([3, 4, 1], 1))).toEqual(toONNX(model));
  });
});

describe('toONNX(MLP) bad input', () => {
  const good = handMLP([3, 4, 1], 2);
  const layer0 = good.layers[0]!;
  const cases: [string, string, MLPModelData][] = [
    ['layers that do not chain', 'layers[1].inputs', { ...good, layers: [layer0, { ...good.layers[1]!, inputs: 5, weight: new Float32Array(5) }] }],
    ['a weight of the wrong size', 'layers[0].weight.length', { ...good, layers: [{ ...layer0, weight: new Float32Array(11) }, good.layers[1]!] }],
    ['a scaler of the wrong width', 'scaler.scale.length', { ...good, scaler: { ...good.scaler, center: new Float64Array(4) } }],
    ['a zero scale', 'scaler.scale[1]', { ...good, scaler: { ...good.scaler, scale: Float64Array.of(1, 0, 1) } }],
    ['a binary MLP ending in a linear unit', 'layers[1].activation', { ...good, layers: [layer0, { ...good.layers[1]!, activation: 'linear' }] }],
    ['an MLP ending in 2 units', 'layers[0].outputs', { ...good, layers: [{ ...layer0, outputs: 2, weight: new Float32Array(6), bias: new Float32Array(2) }] }],
    ['no layers', 'layers', { ...good, layers: [] }],
    ['feature names of the wrong length', 'featureNames.length', { ...good, featureNames: ['a'] }],
  ];
  it.each(cases)('%s: ModelFormatError at %s', (_what, where, model) => {
    expect(() => toONNX(model)).toThrow(ModelFormatError);
    expect(() => toONNX(model)).toThrow(expect.objectContaining({ where }));
  });
});
