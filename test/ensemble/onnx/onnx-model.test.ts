/**
 * createONNXModel: any ONNX binary classifier run through the onnxruntime-common interface, with the runtime passed
 * as a module or imported by name; and its bad input, one typed error each.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-common';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { InvalidParameterError, MissingDependencyError } from '../../../src/core/errors.js';
import { FeatureMismatchError, ModelFormatError, UnsupportedModelError } from '../../../src/ensemble/errors.js';
import { loadXGBoostModel } from '../../../src/ensemble/gbdt/io/xgboost.js';
import { createONNXModel } from '../../../src/ensemble/onnx/onnx-model.js';
import { encodeModel, ONNX_DOUBLE, ONNX_FLOAT, type ONNXModelSpec } from '../../../src/ensemble/onnx/onnx-proto.js';
import type { ONNXRuntime, ONNXSessionLike } from '../../../src/ensemble/onnx/runtime.js';
import { toONNX } from '../../../src/ensemble/onnx/to-onnx.js';
import { xgbCases, xgbFixture } from '../xgboost-fixtures.js';
import { handMLP, maxAbsDiff, mlpInputs, ortNode, ortWeb, RUNTIMES } from './helpers.js';

const mlp = handMLP([6, 16, 8, 1], 21);
const X = mlpInputs(mlp, 64, 22, 0.05);
const fixture = (name: string) => xgbFixture(xgbCases().find((c) => c.name === name)!);

/**
 * A model in the shape a PyTorch export has: input `input` of fixed batch `batch`, 2 columns, one output `output`
 * = Sigmoid(x0 - x1) of shape `outDims`, element type `type` throughout.
 */
function torchLike(batch: number | string, outDims: (number | string)[], type = ONNX_FLOAT, out = 'output'): Uint8Array {
  const spec: ONNXModelSpec = {
    producerName: 'pytorch', producerVersion: '2.1', docString: '', metadata: {}, opsets: [{ domain: '', version: 15 }],
    graph: {
      name: 'torch_jit',
      nodes: [
        { opType: 'Split', inputs: ['input'], outputs: ['a', 'b'], attributes: [{ name: 'axis', type: 'int', value: 1 }] },
        { opType: 'Sub', inputs: ['a', 'b'], outputs: ['d'] },
        { opType: 'Sigmoid', inputs: ['d'], outputs: [outDims.length === 1 ? 'p' : out] },
        ...(outDims.length === 1 ? [{ opType: 'Flatten', inputs: ['p'], outputs: ['p2'], attributes: [{ name: 'axis', type: 'int', value: 0 } as const] }, { opType: 'Squeeze', inputs: ['p2'], outputs: [out] }] : []),
      ],
      initializers: [],
      inputs: [{ name: 'input', elemType: type, dims: [batch, 2] }],
      outputs: [{ name: out, elemType: type, dims: outDims }],
    },
  };
  return encodeModel(spec);
}
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const two = { rows: 5, cols: 2, data: Float64Array.of(0, 0, 1, 0, 0, 2, -3, 1, 4, 4) };
const twoExpected = [0, 1, -2, -4, 0].map(sigmoid);

describe('createONNXModel runs ONNX binary classifiers', () => {
  it('accepts the onnxruntime-common runtimes as they are typed (structural types only, no runtime import in the core)', () => {
    expectTypeOf(ortNode).toMatchTypeOf<ONNXRuntime>();
    expectTypeOf(ortWeb).toMatchTypeOf<ONNXRuntime>();
    expectTypeOf<InferenceSession>().toMatchTypeOf<ONNXSessionLike>();
    expectTypeOf<Tensor>().toMatchTypeOf<{ readonly dims: readonly number[] }>();
  });

  it.each(RUNTIMES)('%s by name and as a module: our MLP export, P(1) within 1e-6 of MLPModel.predictProba, feature names read back', async (name, ort) => {
    const expected = mlp.predictProba(X);
    for (const runtime of [name, ort] as const) {
      const model = await createONNXModel(toONNX(mlp), { runtime });
      expect(model.featureNames).toEqual(mlp.featureNames);
      expect(model.nFeatures).toBe(6);
      expect(model.signature).toEqual({ input: 'X', inputType: 'float32', cols: 6, batch: undefined, output: 'probabilities' });
      expect(maxAbsDiff(await model.predictProba(X), expected)).toBeLessThan(1e-6);
      expect(await model.predictProba({ rows: 0, cols: 6, data: new Float32Array(0) })).toEqual(new Float64Array(0));
      await model.release();
    }
  });

  it('runs an exported XGBoost classifier as XGBoost predicts it, from float32 or float64 input', async () => {
    const f = fixture('binary_nan_d4_base03');
    const model = await createONNXModel(toONNX(loadXGBoostModel(f.json)), { runtime: ortNode });
    expect(maxAbsDiff(await model.predictProba(f.X), f.pred)).toBeLessThan(1e-6);
    expect(await model.predictProba({ ...f.X, data: Float32Array.from(f.X.data) })).toEqual(await model.predictProba(f.X));
  });

  it('feeds a fixed batch size in chunks (zero-padded) and reads an [N, 1] output by shape', async () => {
    const model = await createONNXModel(torchLike(2, [2, 1]), { runtime: ortNode });
    expect(model.signature).toMatchObject({ input: 'input', batch: 2, output: 'output', cols: 2 });
    expect(maxAbsDiff(await model.predictProba(two), twoExpected)).toBeLessThan(1e-7);
    // float32 input is fed as views of X's own array (chunks at byte offsets 0, 16; the last one padded).
    expect(await model.predictProba({ ...two, data: Float32Array.from(two.data) })).toEqual(await model.predictProba(two));
  });

  it('reads an [N] output, and a float64 model is fed float64', async () => {
    const model = await createONNXModel(torchLike('batch', ['batch'], ONNX_DOUBLE), { runtime: ortNode });
    expect(model.signature).toMatchObject({ inputType: 'float64', output: 'output' });
    expect(maxAbsDiff(await model.predictProba(two), twoExpected)).toBeLessThan(1e-15);
  });

  it('takes the output named in options, the feature names given, and passes session options', async () => {
    const model = await createONNXModel(toONNX(mlp), { runtime: 'onnxruntime-node', output: 'probabilities', featureNames: ['a', 'b', 'c', 'd', 'e', 'f'], sessionOptions: { intraOpNumThreads: 1 } });
    expect(model.featureNames).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(maxAbsDiff(await model.predictProba(X), mlp.predictProba(X))).toBeLessThan(1e-6);
  });
});

describe('createONNXModel bad input', () => {
  const bytes = toONNX(mlp);
  const node = { runtime: ortNode } as const;

  it('an ONNX file with a non-binary output (3 classes): UnsupportedModelError naming the output, before any runtime is loaded', async () => {
    const multi = toONNX(loadXGBoostModel(fixture('multi3_d3').json));
    const never = async () => {
      throw new Error('the runtime must not be imported');
    };
    const e = await createONNXModel(multi, { runtime: 'onnxruntime-node', importRuntime: never }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UnsupportedModelError);
    expect(e).toMatchObject({ code: 'MODEL_UNSUPPORTED', feature: 'ONNX output probabilities with 3 classes' });
  });

  it('a non-binary output found only when running (undeclared width): UnsupportedModelError', async () => {
    const model = await createONNXModel(torchLike('N', ['N', 'K']), node);
    await expect(model.predictProba({ rows: 1, cols: 2, data: Float64Array.of(1, 2) })).resolves.toHaveLength(1);
    const wide = await createONNXModel(encodeModel({ ...specOf3Columns() }), node);
    await expect(wide.predictProba({ rows: 1, cols: 3, data: Float64Array.of(1, 2, 3) })).rejects.toThrow(UnsupportedModelError);
  });

  it('an ONNX runtime that is not installed: MissingDependencyError saying what to install', async () => {
    const missing = async (name: string) => {
      throw new Error(`Cannot find package '${name}'`);
    };
    const e = await createONNXModel(bytes, { runtime: 'onnxruntime-web', importRuntime: missing }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(MissingDependencyError);
    expect((e as MissingDependencyError).code).toBe('MISSING_DEPENDENCY');
    expect((e as MissingDependencyError).dependency).toBe('onnxruntime-web');
    expect((e as Error).message).toMatch(/onnxruntime-web is not installed .*npm install onnxruntime-web/);
    await expect(createONNXModel(bytes, { runtime: 'onnxruntime-node', importRuntime: async () => ({ version: '0' }) })).rejects.toThrow(MissingDependencyError);
  });

  it('an unknown runtime name or an object that is not a runtime: InvalidParameterError', async () => {
    await expect(createONNXModel(bytes, { runtime: 'onnxruntime-gpu' as never })).rejects.toThrow(InvalidParameterError);
    await expect(createONNXModel(bytes, { runtime: {} as never })).rejects.toThrow(/options.runtime/);
    await expect(createONNXModel(bytes, undefined as never)).rejects.toThrow(InvalidParameterError);
    await expect(createONNXModel(bytes, { runtime: ortNode, outputs: 'p' } as never)).rejects.toThrow(/options.outputs: unknown option/);
  });

  it.each([
    ['garbage', Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 255)],
    ['truncated', bytes.subarray(0, bytes.length - 100)],
    ['empty', new Uint8Array(0)],
  ])('%s bytes: ModelFormatError', async (_what, b) => {
    await expect(createONNXModel(b, node)).rejects.toThrow(ModelFormatError);
  });

  it('a model the runtime rejects (an unknown operator): ModelFormatError', async () => {
    const spec = specOf3Columns();
    const bad = encodeModel({ ...spec, graph: { ...spec.graph, nodes: [{ opType: 'NoSuchOp', inputs: ['X'], outputs: ['p'] }] } });
    await expect(createONNXModel(bad, node)).rejects.toThrow(/the runtime rejected the model/);
  });

  it('X with the wrong column count, or data of the wrong length: FeatureMismatchError', async () => {
    const model = await createONNXModel(bytes, node);
    await expect(model.predictProba({ rows: 1, cols: 5, data: new Float64Array(5) })).rejects.toThrow(FeatureMismatchError);
    await expect(model.predictProba({ rows: 2, cols: 6, data: new Float64Array(6) })).rejects.toMatchObject({ expected: 6, actual: 6 });
    await expect(model.predictProba([[1, 2]] as never)).rejects.toThrow(InvalidParameterError);
  });

  it('an output with values outside [0, 1] (logits, not probabilities): UnsupportedModelError naming the row', async () => {
    const spec = specOf3Columns();
    // ReduceSum-11 (axes as an attribute): p = the row sum, [N, 1].
    const logits = encodeModel({ ...spec, opsets: [{ domain: '', version: 11 }], graph: { ...spec.graph, nodes: [{ opType: 'ReduceSum', inputs: ['X'], outputs: ['p'], attributes: [{ name: 'keepdims', type: 'int', value: 1 }, { name: 'axes', type: 'ints', value: [1] }] }] } });
    const model = await createONNXModel(logits, node);
    await expect(model.predictProba({ rows: 2, cols: 3, data: Float64Array.of(0.1, 0.1, 0.1, 1, 2, 3) })).rejects.toThrow(/row 1 has 6, not a probability/);
  });

  it('several inputs, an ambiguous or unknown output, feature names of the wrong length: typed errors', async () => {
    const spec = specOf3Columns();
    const twoInputs = encodeModel({ ...spec, graph: { ...spec.graph, inputs: [...spec.graph.inputs, { name: 'Y', elemType: ONNX_FLOAT, dims: ['N', 1] }] } });
    await expect(createONNXModel(twoInputs, node)).rejects.toThrow(UnsupportedModelError);
    const twoOutputs = encodeModel({ ...spec, graph: { ...spec.graph, outputs: [{ name: 'p', elemType: ONNX_FLOAT, dims: ['N', 2] }, { name: 'q', elemType: ONNX_FLOAT, dims: ['N', 2] }] } });
    await expect(createONNXModel(twoOutputs, node)).rejects.toThrow(/several outputs look like probabilities \(p, q\)/);
    await expect(createONNXModel(bytes, { ...node, output: 'proba' })).rejects.toThrow(/no output "proba" \(outputs: label, probabilities\)/);
    await expect(createONNXModel(bytes, { ...node, output: 'label' })).rejects.toThrow(UnsupportedModelError);
    await expect(createONNXModel(bytes, { ...node, featureNames: ['a'] })).rejects.toThrow(/options.featureNames: has 1 names/);
  });
});

/** A model with input X [N, 3] and output p of undeclared width: Identity, so p = X, 3 columns. */
function specOf3Columns(): ONNXModelSpec {
  return {
    producerName: 'test', producerVersion: '1', docString: '', metadata: {}, opsets: [{ domain: '', version: 13 }],
    graph: {
      name: 'g', nodes: [{ opType: 'Identity', inputs: ['X'], outputs: ['p'] }], initializers: [],
      inputs: [{ name: 'X', elemType: ONNX_FLOAT, dims: ['N', 3] }], outputs: [{ name: 'p', elemType: ONNX_FLOAT, dims: ['N', 'K'] }],
    },
  };
}
