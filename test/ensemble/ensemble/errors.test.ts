/**
 * Every bad input of the ensemble gives a typed error that says what and where, one test each: shapes, feature
 * names (order, missing, extra), labels, empty and single-class sets, corrupted and truncated artifacts, unknown
 * configuration keys and parameters, members that cannot be saved or loaded.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidParameterError, MissingDependencyError } from '../../../src/core/errors.js';
import { EnsembleMembersError } from '../../../src/ensemble/errors.js';
import { ensembleFromBinary, ensembleInfo } from '../../../src/ensemble/artifact/read.js';
import { ensembleToBinary } from '../../../src/ensemble/artifact/write.js';
import { Ensemble } from '../../../src/ensemble/ensemble.js';
import { CorruptModelError, FeatureMismatchError, UnsupportedModelError } from '../../../src/ensemble/errors.js';
import { featureNameDiff } from '../../../src/ensemble/feature-names.js';
import { trainGBDT } from '../../../src/ensemble/gbdt/train/boost.js';
import { onnxMember, treeMember } from '../../../src/ensemble/model.js';
import { toONNX } from '../../../src/ensemble/onnx/to-onnx.js';
import { resolveConfig } from '../../../src/ensemble/training/config.js';
import { trainEnsemble } from '../../../src/ensemble/training/train.js';
import type { EnsembleDataset } from '../../../src/ensemble/training/dataset.js';
import { constantMember, marketDataset } from './data.js';

const data = marketDataset(600, 3, 0.3);
const TINY = [{ name: 'xgboost', kind: 'gbdt-depthwise', params: { maxDepth: 2, nEstimators: 5 } }] as const;
const names = data.featureNames;
const X1 = { rows: 1, cols: names.length, data: data.X.data.slice(500 * names.length, 501 * names.length) };

/** The error `run` throws (it must throw). */
function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

async function rejected(run: () => Promise<unknown>): Promise<Error> {
  return run().then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e as Error,
  );
}

const withDataset = (patch: Partial<EnsembleDataset>) => () => trainEnsemble({ ...data, ...patch }, { members: TINY });

describe('ensemble bad input', () => {
  let bytes: Uint8Array;
  let ensemble: Ensemble;
  beforeAll(() => {
    ensemble = trainEnsemble(data, { members: TINY, seed: 1 }).ensemble;
    bytes = ensembleToBinary(ensemble);
  });

  it('X of another width than the model: FeatureMismatchError', async () => {
    const e = await rejected(() => ensemble.predict({ rows: 1, cols: 3, data: new Float64Array(3) }));
    expect(e).toBeInstanceOf(FeatureMismatchError);
    expect(e).toMatchObject({ expected: names.length, actual: 3 });
  });

  it('a dataset whose feature names do not match X: FeatureMismatchError', () => {
    const e = thrown(withDataset({ featureNames: names.slice(1) }));
    expect(e).toBeInstanceOf(FeatureMismatchError);
    expect(e.message).toMatch(/dataset.X has 6 column\(s\), dataset.featureNames names 5/);
  });

  it('feature names in another order: FeatureMismatchError naming the moved names and positions', async () => {
    const swapped = [names[1]!, names[0]!, ...names.slice(2)];
    const e = await rejected(() => ensembleFromBinary(bytes, { featureNames: swapped }));
    expect(e).toBeInstanceOf(FeatureMismatchError);
    expect(e.message).toBe(`options.featureNames: 2 feature name(s) differ from the model's: moved ${names[0]} (model position 0, given 1), ${names[1]} (model position 1, given 0)`);
  });

  it('feature names missing or extra: FeatureMismatchError naming them with positions', async () => {
    const given = [...names.slice(0, 5), 'funding_rate'];
    const e = await rejected(() => ensembleFromBinary(bytes, { featureNames: given }));
    expect(e).toBeInstanceOf(FeatureMismatchError);
    expect(e.message).toMatch(/missing signal \(model position 5\); extra funding_rate \(given position 5\)$/);
    expect(featureNameDiff(names, given)).toEqual({ missing: [{ name: 'signal', position: 5 }], extra: [{ name: 'funding_rate', position: 5 }], moved: [] });
  });

  it('a member trained on other features: FeatureMismatchError', () => {
    const other = constantMember('other', [...names].reverse(), [0.5]);
    expect(() => new Ensemble([other], { featureNames: names, combination: { method: 'weights', weights: [1] } })).toThrow(FeatureMismatchError);
  });

  it('a NaN label on a labeled row: InvalidParameterError naming the row', () => {
    const y = Float64Array.from(data.y);
    y[300] = NaN;
    const e = thrown(withDataset({ y }));
    expect(e).toBeInstanceOf(InvalidParameterError);
    expect(e).toMatchObject({ parameter: 'dataset.y[300]', index: 300 });
    expect(e.message).toMatch(/set t1\[300\] = NaN to leave the row unlabeled/);
  });

  it('a label other than 0 or 1: InvalidParameterError', () => {
    const y = Float64Array.from(data.y);
    y[42] = 2;
    expect(thrown(withDataset({ y }))).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'dataset.y[42]', value: 2 });
  });

  it('an empty set (no rows): InvalidParameterError', () => {
    const e = thrown(withDataset({ X: { rows: 0, cols: names.length, data: new Float64Array(0) }, y: [], t1: new Float64Array(0), time: new Float64Array(0) }));
    expect(e).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'dataset.X' });
  });

  it('no labeled rows: InvalidParameterError', () => {
    expect(thrown(withDataset({ t1: new Float64Array(600).fill(NaN) }))).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'dataset.t1' });
  });

  it('a single class: InvalidParameterError', () => {
    const e = thrown(withDataset({ y: new Float64Array(600).fill(1) }));
    expect(e).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'dataset.y' });
    expect(e.message).toMatch(/single class/);
  });

  it('a corrupted artifact: CorruptModelError (checksum)', async () => {
    const bad = bytes.slice();
    const at = Math.floor(bad.length / 2);
    bad[at] = bad[at]! ^ 0x10;
    expect(() => ensembleInfo(bad)).toThrow(CorruptModelError);
    expect(await rejected(() => ensembleFromBinary(bad, { featureNames: names }))).toMatchObject({ reason: 'checksum', code: 'MODEL_CORRUPT' });
  });

  it('a truncated artifact: CorruptModelError (truncated), however short', async () => {
    for (const length of [bytes.length - 1, bytes.length - 100, 30, 3, 0]) {
      expect(await rejected(() => ensembleFromBinary(bytes.subarray(0, length), { featureNames: names }))).toMatchObject({ reason: 'truncated' });
    }
  });

  it('not an artifact, or a newer format: CorruptModelError (magic, version)', () => {
    const other = bytes.slice();
    other[0] = 0x42;
    expect(thrown(() => ensembleInfo(other))).toMatchObject({ reason: 'magic' });
    const newer = bytes.slice();
    newer[4] = 2;
    expect(thrown(() => ensembleInfo(newer))).toMatchObject({ reason: 'version' });
  });

  it('unknown configuration keys: InvalidParameterError naming the key', () => {
    expect(thrown(() => trainEnsemble(data, { members: TINY, seeds: 3 } as never))).toMatchObject({ parameter: 'config.seeds' });
    expect(thrown(() => trainEnsemble(data, { members: TINY, split: { trainsize: 100 } } as never))).toMatchObject({ parameter: 'config.split.trainsize' });
    expect(thrown(() => trainEnsemble({ ...data, weights: [] } as never, { members: TINY }))).toMatchObject({ parameter: 'dataset.weights' });
    expect(thrown(() => trainEnsemble(data, { members: [{ ...TINY[0], params: { max_dept: 3 } }] } as never))).toMatchObject({ parameter: 'config.members[0].params.max_dept' });
    expect(thrown(() => trainEnsemble(data, { members: [{ name: 'm', kind: 'mlp', params: { hidenLayers: [4] } }] } as never))).toMatchObject({ parameter: 'config.members[0].params.hidenLayers' });
  });

  it('bad configuration values: InvalidParameterError naming them', () => {
    const cases: [object, string][] = [
      [{ stage: 'trees', members: TINY }, 'config.members'],
      [{ stage: 'mlp' }, 'config.stage'],
      [{ members: [...TINY, ...TINY] }, 'config.members[1].name'],
      [{ members: [{ name: 'x', kind: 'svm' }] }, 'config.members[0].kind'],
      [{ members: [{ ...TINY[0], params: { featureNames: names } }] }, 'config.members[0].params.featureNames'],
      [{ members: [{ ...TINY[0], params: { growPolicy: 'leafwise' } }] }, 'config.members[0].params.growPolicy'],
      [{ members: [{ ...TINY[0], params: { objective: 'regression' } }] }, 'config.members[0].params.objective'],
      [{ members: TINY, split: { testSize: 50, step: 20 } }, 'config.split.step'],
      [{ members: TINY, combine: 'mean' }, 'config.combine'],
      [{ members: TINY, calibration: 'sigmoid' }, 'config.calibration'],
      [{ members: TINY, minShare: 0 }, 'config.minShare'],
    ];
    for (const [config, parameter] of cases) expect(thrown(() => resolveConfig(config as never, 600)), parameter).toMatchObject({ code: 'INVALID_PARAMETER', parameter });
  });

  it('folds that cannot be calibrated or trained: InvalidParameterError on config.split', () => {
    expect(thrown(() => trainEnsemble(data, { members: TINY, split: { trainSize: 300, testSize: 299 } }))).toMatchObject({ parameter: 'config.split' });
    const y = Float64Array.from(data.y, (v, i) => (i < 300 ? 1 : v));
    expect(thrown(withDataset({ y }))).toMatchObject({ parameter: 'config.split' });
  });

  it('members: none, duplicate names, or a combination that does not fit them: InvalidParameterError', () => {
    const m = constantMember('m', names, [0.5]);
    const combination = { method: 'weights', weights: [1] } as const;
    expect(thrown(() => new Ensemble([], { featureNames: names, combination }))).toMatchObject({ parameter: 'members' });
    expect(thrown(() => new Ensemble([m, m], { featureNames: names, combination: { method: 'weights', weights: [0.5, 0.5] } }))).toMatchObject({ parameter: 'members[].name[1]' });
    expect(thrown(() => new Ensemble([m], { featureNames: names, combination: { method: 'weights', weights: [0.5] } }))).toMatchObject({ parameter: 'options.combination.weights' });
  });

  it('saving a hand-written member: UnsupportedModelError', () => {
    const custom = new Ensemble([constantMember('m', names, [0.5])], { featureNames: names, combination: { method: 'weights', weights: [1] } });
    expect(() => ensembleToBinary(custom)).toThrow(UnsupportedModelError);
  });

  it('an ONNX member without a runtime, or with one not installed: InvalidParameterError, MissingDependencyError', async () => {
    const y = Float64Array.from({ length: 40 }, (_, i) => i % 2);
    const X = { rows: 40, cols: names.length, data: Float64Array.from({ length: 40 * names.length }, (_, i) => (i * 7919) % 13) };
    const tree = trainGBDT(X, y, { nEstimators: 2, featureNames: names });
    const ort = await import('onnxruntime-node');
    const onnx = await onnxMember(toONNX(tree), { name: 'onnx', runtime: ort });
    const artifact = ensembleToBinary(new Ensemble([treeMember(tree, { name: 't' }), onnx], { featureNames: names, combination: { method: 'weights', weights: [0.5, 0.5] } }));
    await onnx.release!();
    expect(await rejected(() => ensembleFromBinary(artifact, { featureNames: names }))).toMatchObject({ parameter: 'options.onnx' });
    const missing = await rejected(() => ensembleFromBinary(artifact, { featureNames: names, onnx: { runtime: 'onnxruntime-web', importRuntime: () => Promise.reject(new Error('Cannot find module')) } }));
    expect(missing).toBeInstanceOf(MissingDependencyError);
  });

  it('too little weight left after failures is an EnsembleMembersError, not a 0.5', async () => {
    const failing = { ...constantMember('m', names, [0.5]), predictProba: async () => Float64Array.of(NaN) };
    const e = new Ensemble([failing], { featureNames: names, combination: { method: 'weights', weights: [1] } });
    expect(await rejected(() => e.predict(X1))).toBeInstanceOf(EnsembleMembersError);
  });
});
