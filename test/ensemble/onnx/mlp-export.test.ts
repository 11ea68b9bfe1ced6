/**
 * toONNX on MLPs: the exported graph run by onnxruntime-node and onnxruntime-web agrees with MLPModel's own
 * predictions within 1e-6 (trained by trainMLP or built by hand; NaN and infinite inputs included), its structure is
 * the one documented, and inconsistent models are rejected with a typed error.
 */
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../src/core/errors.js';
import { ModelFormatError } from '../../../src/ensemble/errors.js';
import { trainMLP } from '../../../src/ensemble/mlp/train.js';
import type { DenseLayer, MLPModelData } from '../../../src/ensemble/mlp/types.js';
import { readONNXModel } from '../../../src/ensemble/onnx/onnx-read.js';
import { toONNX } from '../../../src/ensemble/onnx/to-onnx.js';
import { makeDataset } from '../../support/train-data.js';
import { decodeNodes, handMLP, maxAbsDiff, mlpInputs, RUNTIMES, runONNX } from './helpers.js';

describe('toONNX(MLP) against onnxruntime', () => {
  // trainMLP with its defaults (256-128-64-32, batch 2048) on a dataset with missing values, briefly trained.
  const data = makeDataset('binary', 5, 3000);
  const trained = trainMLP(data.X, data.y, { epochs: 3, seed: 1 });
  const regData = makeDataset('regression', 6, 1500);
  const regression = trainMLP(regData.X, regData.y, { objective: 'regression', hiddenLayers: [32, 16], epochs: 3, seed: 2 });
  // The production shape on 24 features without training time, and a deep narrow one.
  const wide = handMLP([24, 256, 128, 64, 32, 1], 11);
  const narrow = handMLP([5, 3, 3, 3, 1], 12);
  const X = mlpInputs(wide, 500, 13, 0.05);
  // Non-finite values of every kind in the first row: NaN, +Infinity, -Infinity are imputed.
  (X.data as Float64Array).set([NaN, Infinity, -Infinity], 0);
  const p1 = (out: { data: Float32Array; dims: readonly number[] }) => Float64Array.from({ length: out.dims[0]! }, (_, r) => out.data[2 * r + 1]!);

  it.each(RUNTIMES)('%s: a trained MLP agrees with its predictProba within 1e-6, P(0) + P(1) = 1, label = P(1) > 0.5', async (_name, ort) => {
    const bytes = toONNX(trained);
    const out = await runONNX(ort, bytes, data.X, 'probabilities');
    expect(out.dims).toEqual([data.X.rows, 2]);
    const p = p1(out);
    expect(maxAbsDiff(p, trained.predictProba(data.X))).toBeLessThan(1e-6);
    for (let r = 0; r < data.X.rows; r++) expect(out.data[2 * r]! + out.data[2 * r + 1]!).toBeCloseTo(1, 6);
    const label = await runONNX(ort, bytes, data.X, 'label');
    expect(Array.from(label.data, Number)).toEqual(Array.from(p, (q) => (q > 0.5 ? 1 : 0)));
  });

  it.each(RUNTIMES)('%s: hand-built 24-256-128-64-32-1 and 5-3-3-3-1 MLPs (non-finite inputs) and a regression MLP agree within 1e-6', async (_name, ort) => {
    expect(maxAbsDiff(p1(await runONNX(ort, toONNX(wide), X, 'probabilities')), wide.predictProba(X))).toBeLessThan(1e-6);
    const Xn = mlpInputs(narrow, 200, 14, 0.1);
    expect(maxAbsDiff(p1(await runONNX(ort, toONNX(narrow), Xn, 'probabilities')), narrow.predictProba(Xn))).toBeLessThan(1e-6);
    const Xr = makeDataset('regression', 7, 300).X;
    const v = await runONNX(ort, toONNX(regression), Xr, 'variable');
    expect(v.dims).toEqual([Xr.rows, 1]);
    expect(maxAbsDiff(v.data, regression.predict(Xr))).toBeLessThan(1e-6);
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
  const good = handMLP([3, 4, 1], 2).toData();
  const [layer0, layer1] = good.layers as [DenseLayer, DenseLayer];
  const cases: [string, string, MLPModelData][] = [
    ['layers that do not chain', 'layers[1].inputs', { ...good, layers: [layer0, { ...layer1, inputs: 5, weight: new Float32Array(5) }] }],
    ['a weight of the wrong size', 'layers[0].weight', { ...good, layers: [{ ...layer0, weight: new Float32Array(11) }, layer1] }],
    ['a scaler of uneven width', 'scaler.scale', { ...good, scaler: { ...good.scaler, center: new Float64Array(4) } }],
    ['a zero scale', 'scaler.scale[1]', { ...good, scaler: { ...good.scaler, scale: Float64Array.of(1, 0, 1) } }],
    ['a binary MLP ending in a linear unit', 'layers[1].activation', { ...good, layers: [layer0, { ...layer1, activation: 'linear' }] }],
    ['an MLP ending in 2 units', 'layers[0].outputs', { ...good, layers: [{ ...layer0, outputs: 2, weight: new Float32Array(6), bias: new Float32Array(2), activation: 'sigmoid' }] }],
    ['no layers', 'layers', { ...good, layers: [] }],
    ['feature names of the wrong length', 'featureNames', { ...good, featureNames: ['a'] }],
  ];
  it.each(cases)('%s: ModelFormatError at %s', (_what, where, model) => {
    expect(() => toONNX(model)).toThrow(ModelFormatError);
    expect(() => toONNX(model)).toThrow(expect.objectContaining({ where }));
  });

  it('something that is neither an MLP nor a tree ensemble: InvalidParameterError', () => {
    expect(() => toONNX({ weights: [] } as never)).toThrow(InvalidParameterError);
    expect(() => toONNX(null as never)).toThrow(InvalidParameterError);
  });
});
