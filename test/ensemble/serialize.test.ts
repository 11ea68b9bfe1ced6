import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../src/core/types.js';
import { CorruptModelError, ModelFormatError } from '../../src/ensemble/errors.js';
import { loadLightGBMModel } from '../../src/ensemble/gbdt/io/lightgbm.js';
import { TreeEnsembleModel } from '../../src/ensemble/gbdt/model.js';
import { crc32 } from '../../src/ensemble/gbdt/io/crc32.js';
import { MODEL_BINARY_VERSION, modelFromBinary, modelToBinary } from '../../src/ensemble/gbdt/io/model-binary.js';
import { modelFromJSON, modelToJSON } from '../../src/ensemble/gbdt/io/model-json.js';
import { loadXGBoostModel } from '../../src/ensemble/gbdt/io/xgboost.js';
import { bitDiff, LGB_FIXTURES, xgbCases, xgbFixture } from './xgboost-fixtures.js';

// The restored models are checked against the libraries' own predictions (XGBoost 1.7.4 fixtures, LightGBM's
// shipped predictions), and structurally against the original arrays.
const lgb = (f: string) => readFileSync(join(LGB_FIXTURES, f), 'utf8');
const table = (f: string): number[][] =>
  lgb(f)
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number));
const matrix = (rows: number[][]): Matrix => ({ rows: rows.length, cols: rows[0]!.length, data: Float64Array.from(rows.flat()) });

function expectSameModel(a: TreeEnsembleModel, b: TreeEnsembleModel): void {
  const da = a.toData() as unknown as Record<string, unknown>;
  const db = b.toData() as unknown as Record<string, unknown>;
  for (const k of Object.keys(da)) {
    const x = da[k], y = db[k];
    if (ArrayBuffer.isView(x)) {
      expect(y?.constructor, k).toBe(x.constructor);
      expect(bitDiff(x as unknown as ArrayLike<number>, y as ArrayLike<number>).mismatches, k).toBe(0);
    } else expect(y, k).toEqual(x);
  }
}

const roundTrips: [string, (m: TreeEnsembleModel) => TreeEnsembleModel][] = [
  ['JSON', (m) => modelFromJSON(modelToJSON(m))],
  ['JSON object', (m) => modelFromJSON(JSON.parse(modelToJSON(m)))],
  ['binary', (m) => modelFromBinary(modelToBinary(m))],
];

describe('serialization round trips', () => {
  it.each(roundTrips)('%s: XGBoost models keep bit-identical predictions (vs XGBoost 1.7.4)', (_n, rt) => {
    for (const c of xgbCases()) {
      const f = xgbFixture(c);
      const original = loadXGBoostModel(f.json);
      const m = rt(original);
      expectSameModel(original, m);
      expect(bitDiff(m.predictRaw(f.X).data, f.margin).mismatches, c.name).toBe(0);
      expect(bitDiff(m.predict(f.X), f.pred).mismatches, c.name).toBe(0);
      expect(Array.from(m.predictLeaves(f.X).data)).toEqual(Array.from(f.leaves));
    }
  });

  it.each(roundTrips)('%s: LightGBM models keep their predictions (vs LightGBM)', (_n, rt) => {
    const kdd = loadLightGBMModel(lgb('lg_kddcup99.model'));
    const m = rt(kdd);
    expectSameModel(kdd, m);
    const X = matrix(table('kddcup99_test.tsv'));
    const expected = table('lg_kddcup99_true_predictions.txt').flat();
    const raw = m.predictRaw(X).data;
    for (let i = 0; i < expected.length; i++) expect(Math.abs(raw[i]! - expected[i]!)).toBeLessThanOrEqual(1e-7);
    const leaves = rt(loadLightGBMModel(lgb('lg_breast_cancer.txt')));
    expect(Array.from(leaves.predictLeaves(matrix(table('lg_breast_cancer_data.txt'))).data)).toEqual(table('lg_breast_cancer_data_pred_leaves.txt').flat());
  });

  it('keeps -0, feature names (UTF-8), averageOutput and sigmoidScale', () => {
    const m = new TreeEnsembleModel({
      nFeatures: 2, featureNames: ['rsi_14', 'Δprice €'], objective: 'binary:logistic', sigmoidScale: 0.5, baseMargin: -0, sumMode: 'float64',
      averageOutput: true, leafNumbering: 'leaf', treeStart: Int32Array.of(0, 3), feature: Int32Array.of(1, -1, -1),
      threshold: Float64Array.of(0.1, 0, 0), left: Int32Array.of(1, -1, -1), right: Int32Array.of(2, -1, -1), value: Float64Array.of(0, -0, 0.1 + 0.2),
    });
    for (const [, rt] of roundTrips) {
      const r = rt(m);
      expectSameModel(m, r);
      expect(Object.is(r.baseMargin, -0)).toBe(true);
      expect(Object.is(r.value[1], -0)).toBe(true);
      expect(r.featureNames).toEqual(['rsi_14', 'Δprice €']);
    }
  });

  it('the binary is compact: XGBoost models store float32 and int16 arrays (about 23 bytes per node)', () => {
    const c = xgbCases().find((x) => x.name === 'reg_d6_hist')!;
    const m = loadXGBoostModel(xgbFixture(c).json);
    const bin = modelToBinary(m);
    expect(bin.length).toBeLessThan(modelToJSON(m).length / 2);
    expect(bin.length).toBeLessThan(m.numNodes * 24);
  });
});

describe('binary encodings', () => {
  it('large models (child links beyond int16) use node-relative int16 offsets, losslessly', () => {
    const nTrees = 15_000;
    const treeStart = Int32Array.from({ length: nTrees + 1 }, (_, t) => 3 * t);
    const feature = new Int32Array(3 * nTrees).fill(-1);
    const left = new Int32Array(3 * nTrees).fill(-1);
    const right = new Int32Array(3 * nTrees).fill(-1);
    const threshold = new Float64Array(3 * nTrees);
    const value = new Float64Array(3 * nTrees);
    for (let t = 0; t < nTrees; t++) {
      feature[3 * t] = t % 7;
      left[3 * t] = 3 * t + 1;
      right[3 * t] = 3 * t + 2;
      threshold[3 * t] = Math.fround(t / 1000);
      value[3 * t + 1] = Math.fround(-t / 1e6);
      value[3 * t + 2] = Math.fround(t / 1e6);
    }
    const m = new TreeEnsembleModel({ nFeatures: 7, objective: 'reg:squarederror', treeStart, feature, left, right, threshold, value });
    const bin = modelToBinary(m);
    expect(bin.length).toBeLessThan(m.numNodes * 17);
    expectSameModel(m, modelFromBinary(bin));
  });
});

describe('binary format integrity', () => {
  const model = loadXGBoostModel(xgbFixture(xgbCases()[0]!).json);
  const good = modelToBinary(model);

  it('crc32 is the standard CRC-32 (check value of "123456789" is 0xCBF43926)', () => {
    expect(crc32(Uint8Array.from('123456789', (c) => c.charCodeAt(0)))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('a flipped byte anywhere in the body -> CorruptModelError checksum', () => {
    for (const pos of [16, 40, Math.floor(good.length / 2), good.length - 1]) {
      const bad = good.slice();
      bad[pos]! ^= 0x10;
      const e = catchErr(() => modelFromBinary(bad)) as CorruptModelError;
      expect(e).toBeInstanceOf(CorruptModelError);
      expect(e.code).toBe('MODEL_CORRUPT');
      expect(e.reason).toBe('checksum');
    }
  });

  it('truncated input -> CorruptModelError truncated', () => {
    for (const len of [0, 3, 10, 16, 100, good.length - 1]) {
      const e = catchErr(() => modelFromBinary(good.subarray(0, len))) as CorruptModelError;
      expect(e).toBeInstanceOf(CorruptModelError);
      expect(e.reason, `length ${len}`).toBe('truncated');
    }
  });

  it('wrong magic, unknown version, trailing bytes -> typed errors', () => {
    const magic = good.slice();
    magic[0] = 0x58;
    expect((catchErr(() => modelFromBinary(magic)) as CorruptModelError).reason).toBe('magic');
    const version = good.slice();
    new DataView(version.buffer).setUint16(4, MODEL_BINARY_VERSION + 1, true);
    expect((catchErr(() => modelFromBinary(version)) as CorruptModelError).reason).toBe('version');
    const longer = new Uint8Array(good.length + 4);
    longer.set(good);
    expect((catchErr(() => modelFromBinary(longer)) as CorruptModelError).reason).toBe('layout');
  });

  it('a consistent checksum over an inconsistent layout -> CorruptModelError layout', () => {
    const bad = good.slice();
    const v = new DataView(bad.buffer);
    v.setUint32(16 + 12, v.getUint32(16 + 12, true) + 5, true); // numNodes + 5
    v.setUint32(12, crc32(bad, 16, bad.length), true);
    expect((catchErr(() => modelFromBinary(bad)) as CorruptModelError).reason).toBe('layout');
    // well framed and checksummed, but a child index points outside its tree: the model validation rejects it
    const child = good.slice();
    // `left` fits in int16, so it is stored as int16 (little-endian, as is this host)
    const pattern = new Uint8Array(Int16Array.from(model.left.subarray(0, 8)).buffer);
    const at = indexOf(child, pattern);
    expect(at).toBeGreaterThan(16);
    new DataView(child.buffer).setInt16(at, 30_000, true);
    new DataView(child.buffer).setUint32(12, crc32(child, 16, child.length), true);
    expect((catchErr(() => modelFromBinary(child)) as CorruptModelError).reason).toBe('layout');
  });

  it('works on a subarray view with an offset (as database drivers return)', () => {
    const buf = new Uint8Array(good.length + 7);
    buf.set(good, 7);
    const m = modelFromBinary(buf.subarray(7));
    expectSameModel(model, m);
  });
});

describe('modelFromJSON errors', () => {
  const json = JSON.parse(modelToJSON(loadXGBoostModel(xgbFixture(xgbCases()[0]!).json)));
  it('invalid JSON, wrong format or version, mistyped fields -> ModelFormatError', () => {
    expect(catchErr(() => modelFromJSON('{oops'))).toBeInstanceOf(ModelFormatError);
    expect((catchErr(() => modelFromJSON({ ...json, format: 'xgboost' })) as ModelFormatError).where).toBe('format');
    expect((catchErr(() => modelFromJSON({ ...json, version: 99 })) as ModelFormatError).where).toBe('version');
    expect((catchErr(() => modelFromJSON({ ...json, objective: 'rank' })) as ModelFormatError).where).toBe('objective');
    expect((catchErr(() => modelFromJSON({ ...json, left: [...json.left.slice(0, 3), 'x', ...json.left.slice(4)] })) as ModelFormatError).where).toBe('left[3]');
    const e = catchErr(() => modelFromJSON({ ...json, value: json.value.slice(1) })) as ModelFormatError;
    expect(e).toBeInstanceOf(ModelFormatError);
    expect(e.format).toBe('alpha-json');
  });
});

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function catchErr(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}
