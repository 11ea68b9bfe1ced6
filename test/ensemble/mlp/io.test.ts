/**
 * Saving and loading: JSON and binary round trips are lossless (weights, scaler, names and predictions bit for
 * bit, -0 kept); a corrupted, truncated or foreign artifact is refused with a typed error.
 */
import { describe, expect, it } from 'vitest';
import { CorruptModelError, ModelFormatError } from '../../../src/ensemble/errors.js';
import { crc32 } from '../../../src/ensemble/gbdt/io/crc32.js';
import { mlpFromBinary, mlpToBinary } from '../../../src/ensemble/mlp/binary.js';
import { mlpFromJSON, mlpToJSON } from '../../../src/ensemble/mlp/json.js';
import { MLPModel } from '../../../src/ensemble/mlp/model.js';
import { trainMLP } from '../../../src/ensemble/mlp/train.js';
import { allParameters, plantedRule, randomNetwork } from './data.js';

const { X, y } = plantedRule(600, 5, 4);
const trained = trainMLP(X, y, { hiddenLayers: [8, 4], batchSize: 128, epochs: 3, featureNames: ['a', 'b', 'c', 'ré', 'e'] });
const net = randomNetwork([5, 6, 1], 1, 'regression');
net.layers[0]!.weight[0] = -0;
const regression = new MLPModel(net);

function expectSame(a: MLPModel, b: MLPModel): void {
  expect(b.objective).toBe(a.objective);
  expect(b.featureNames).toEqual(a.featureNames);
  expect(allParameters(b.layers).map((v) => Object.is(v, -0) ? '-0' : v)).toEqual(allParameters(a.layers).map((v) => Object.is(v, -0) ? '-0' : v));
  expect(b.layers.map((l) => [l.inputs, l.outputs, l.activation])).toEqual(a.layers.map((l) => [l.inputs, l.outputs, l.activation]));
  for (const k of ['center', 'scale', 'impute'] as const) expect(Array.from(b.scaler[k])).toEqual(Array.from(a.scaler[k]));
  expect(Array.from(b.predict(X))).toEqual(Array.from(a.predict(X)));
}

describe('JSON', () => {
  it('round-trips bit for bit (text and parsed object), -0 included', () => {
    for (const m of [trained, regression]) {
      const text = mlpToJSON(m);
      expectSame(m, mlpFromJSON(text));
      expectSame(m, mlpFromJSON(JSON.parse(text) as object));
    }
    expect(mlpToJSON(regression)).toContain('"weight":[-0,');
  });

  it.each([
    ['invalid JSON', '{', '(root)'],
    ['another format', '{"format":"alpha-v4/gbdt","version":1}', 'format'],
    ['another version', '{"format":"alpha-v4/mlp","version":2}', 'version'],
    ['a non-numeric weight', mlpToJSON(regression).replace('"weight":[-0,', '"weight":["x",'), 'layers[0].weight[0]'],
    ['a missing layer field', mlpToJSON(regression).replace('"bias":', '"biases":'), 'layers[0].bias'],
    ['a wrong activation', mlpToJSON(regression).replace('"activation":"linear"', '"activation":"sigmoid"'), 'layers[1].activation'],
    ['layers that do not chain', mlpToJSON(regression).replace('"inputs":6', '"inputs":7'), 'layers[1].inputs'],
  ])('refuses %s with ModelFormatError naming the field', (_what, text, where) => {
    try {
      mlpFromJSON(text);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ModelFormatError);
      expect((e as ModelFormatError).where).toBe(where);
      expect((e as ModelFormatError).format).toBe('alpha-json');
    }
  });
});

describe('binary', () => {
  it('round-trips bit for bit, also from a view into a larger buffer', () => {
    for (const m of [trained, regression]) {
      const bytes = mlpToBinary(m);
      expectSame(m, mlpFromBinary(bytes));
      const padded = new Uint8Array(bytes.length + 10);
      padded.set(bytes, 7);
      expectSame(m, mlpFromBinary(padded.subarray(7, 7 + bytes.length)));
    }
  });

  function reason(bytes: Uint8Array): string {
    try {
      mlpFromBinary(bytes);
    } catch (e) {
      expect(e).toBeInstanceOf(CorruptModelError);
      return (e as CorruptModelError).reason;
    }
    return 'accepted';
  }

  it('a flipped bit anywhere after the header fails the checksum', () => {
    const bytes = mlpToBinary(trained);
    for (const at of [16, 17, 40, Math.floor(bytes.length / 2), bytes.length - 1]) {
      const bad = bytes.slice();
      bad[at]! ^= 0x10;
      expect(reason(bad)).toBe('checksum');
    }
  });

  it('every truncation is refused as truncated', () => {
    const bytes = mlpToBinary(regression);
    for (let n = 0; n < bytes.length; n += 7) expect(reason(bytes.subarray(0, n))).toMatch(/^(truncated|magic)$/);
    expect(reason(bytes.subarray(0, bytes.length - 1))).toBe('truncated');
    expect(reason(bytes.subarray(0, 3))).toBe('truncated');
  });

  it('refuses a bad magic number, an unknown version and trailing bytes', () => {
    const bytes = mlpToBinary(regression);
    const magic = bytes.slice();
    magic[0] = 0x42;
    expect(reason(magic)).toBe('magic');
    const version = bytes.slice();
    version[4] = 9;
    expect(reason(version)).toBe('version');
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expect(reason(longer)).toBe('layout');
    expect(() => mlpFromBinary('not bytes' as unknown as Uint8Array)).toThrow(CorruptModelError);
  });

  it('refuses a well-checksummed body that does not describe a network (layout)', () => {
    const bytes = mlpToBinary(regression);
    const resign = (b: Uint8Array): Uint8Array => {
      new DataView(b.buffer).setUint32(12, crc32(b, 16, b.length), true);
      return b;
    };
    const activation = bytes.slice();
    activation[16 + 10 + 4] = 7; // the first layer's activation code
    expect(reason(resign(activation))).toBe('layout');
    const hidden = bytes.slice();
    hidden[16 + 10 + 4] = 1; // a sigmoid hidden layer: well formed, but not a network this library runs
    expect(reason(resign(hidden))).toBe('layout');
    const layers = bytes.slice();
    new DataView(layers.buffer).setUint32(16 + 6, 0xffffffff, true); // 4 billion layers: fails on the bytes, allocates nothing
    expect(reason(resign(layers))).toBe('layout');
  });
});
