/**
 * The synchronous paths of the ensemble (for runtimes that cannot await, such as plv8): `Ensemble.predictSync` gives
 * what `Ensemble.predict` gives, bit for bit, on trees and an MLP (and the weighted mean computed here from the
 * models' own probabilities), with the same failing-member rule and errors; a member that predicts only
 * asynchronously (ONNX, hand-made or run by onnxruntime-node) is refused with `UnsupportedModelError` before any
 * member runs. `ensembleFromBinarySync` loads what `ensembleFromBinary` loads, with the same errors, and refuses an
 * ONNX member.
 */
import * as ortNode from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { fitPlatt } from '../../../src/calibration/platt.js';
import { InvalidParameterError } from '../../../src/core/errors.js';
import { Rng } from '../../../src/core/rng.js';
import type { Matrix } from '../../../src/core/types.js';
import { ensembleFromBinary, ensembleFromBinarySync } from '../../../src/ensemble/artifact/read.js';
import { ensembleToBinary } from '../../../src/ensemble/artifact/write.js';
import { Ensemble } from '../../../src/ensemble/ensemble.js';
import { CorruptModelError, EnsembleMembersError, FeatureMismatchError, UnsupportedModelError } from '../../../src/ensemble/errors.js';
import { trainGBDT } from '../../../src/ensemble/gbdt/train/boost.js';
import { trainMLP } from '../../../src/ensemble/mlp/train.js';
import { mlpMember, onnxMember, treeMember, type Model } from '../../../src/ensemble/model.js';
import { toONNX } from '../../../src/ensemble/onnx/to-onnx.js';
import { rejection, thrown } from './caught.js';

const NAMES = ['f0', 'f1', 'f2'];

/** `rows` rows of standard-normal features and labels of the rule f0 + 0.5 f1 + noise > 0 (seeded). */
function dataset(rows: number, seed: number): { X: Matrix; y: Float64Array } {
  const rng = new Rng(seed);
  const data = Float64Array.from({ length: rows * NAMES.length }, () => rng.normal());
  const y = Float64Array.from({ length: rows }, (_, i) => (data[3 * i]! + 0.5 * data[3 * i + 1]! + 0.8 * rng.normal() > 0 ? 1 : 0));
  return { X: { rows, cols: NAMES.length, data }, y };
}

const train = dataset(300, 5);
const test = dataset(25, 6);
const depthwise = trainGBDT(train.X, train.y, { maxDepth: 3, nEstimators: 10, learningRate: 0.3, featureNames: NAMES, seed: 1 });
const leafwise = trainGBDT(train.X, train.y, { growPolicy: 'leafwise', numLeaves: 6, nEstimators: 8, learningRate: 0.3, minDataInLeaf: 10, featureNames: NAMES, seed: 2 });
const mlp = trainMLP(train.X, train.y, { hiddenLayers: [8], epochs: 5, batchSize: 64, featureNames: NAMES, seed: 3 });
const WEIGHTS = [0.5, 0.3, 0.2];

/** Trees and an MLP, weights 0.5 / 0.3 / 0.2, a Platt calibrator. */
function treesAndMlp(): Ensemble {
  const calibrator = fitPlatt([0.1, 0.3, 0.35, 0.6, 0.8, 0.9], [0, 0, 1, 0, 1, 1]);
  const members = [treeMember(depthwise, { name: 'depthwise' }), treeMember(leafwise, { name: 'leafwise' }), mlpMember(mlp, { name: 'mlp' })];
  return new Ensemble(members, { featureNames: NAMES, combination: { method: 'weights', weights: WEIGHTS }, calibrator });
}

/** A hand-written member computing `f`, synchronously and asynchronously. */
function syncMember(name: string, f: (X: Matrix) => Float64Array): Model {
  return { name, kind: 'custom', featureNames: NAMES, nFeatures: NAMES.length, predictProba: async (X) => f(X), predictProbaSync: f };
}

/** A member without `predictProbaSync` (as an ONNX member), counting its calls. */
function asyncOnly(name: string, calls: { n: number }): Model {
  return { name, kind: 'onnx', featureNames: NAMES, nFeatures: NAMES.length, predictProba: async (X) => (calls.n++, new Float64Array(X.rows).fill(0.5)), toBinary: () => Uint8Array.of(8, 1) };
}

const sums = (X: Matrix) => Float64Array.from({ length: X.rows }, (_, i) => 1 / (1 + Math.exp(-X.data[3 * i]!)));

describe('Ensemble.predictSync', () => {
  it('trees and an MLP: equals predict bit for bit, and the weighted mean of the models\' own probabilities', async () => {
    const e = treesAndMlp();
    const sync = e.predictSync(test.X);
    expect(sync).toEqual(await e.predict(test.X));
    const own = [depthwise.predictProba(test.X), leafwise.predictProba(test.X), mlp.predictProba(test.X)];
    for (let i = 0; i < test.X.rows; i++) {
      expect(sync.raw[i]).toBeCloseTo(WEIGHTS.reduce((s, w, k) => s + w * own[k]![i]!, 0), 14);
      expect(sync.calibrated[i]).toBe(e.calibrator!.predict(sync.raw[i]!));
    }
    expect(sync.members.map((m) => [m.name, m.status])).toEqual([['depthwise', 'ok'], ['leafwise', 'ok'], ['mlp', 'ok']]);
  });

  it('stacking: equals predict bit for bit', async () => {
    const members = [treeMember(depthwise, { name: 'depthwise' }), mlpMember(mlp, { name: 'mlp' })];
    const e = new Ensemble(members, { featureNames: NAMES, combination: { method: 'stacking', intercept: 0.1, coefficients: [0.8, 0.4] } });
    expect(e.predictSync(test.X)).toEqual(await e.predict(test.X));
  });

  it('the failing-member rule as predict: a member NaN on a row, one throwing, one of the wrong length', async () => {
    const nanRow = syncMember('nan-row', (X) => Float64Array.from({ length: X.rows }, (_, i) => (i === 1 ? NaN : 0.25)));
    const throwing = syncMember('down', () => {
      throw new Error('member down is down');
    });
    const short = syncMember('short', () => Float64Array.of(0.5));
    const e = new Ensemble([syncMember('ok', sums), nanRow, throwing, short], { featureNames: NAMES, combination: { method: 'weights', weights: [0.6, 0.2, 0.1, 0.1] } });
    const sync = e.predictSync(test.X);
    expect(sync).toEqual(await e.predict(test.X));
    expect(sync.members.map((m) => [m.name, m.status, m.excludedRows, m.error])).toEqual([
      ['ok', 'ok', 0, undefined],
      ['nan-row', 'invalid', 1, 'row 1 is NaN (1 row(s) NaN or outside [0, 1])'],
      ['down', 'failed', 25, 'member down is down'],
      ['short', 'failed', 25, 'returned Float64Array(1) for 25 row(s)'],
    ]);
    // Row 1: only 'ok' is left (share 0.6); row 0: 'ok' and 'nan-row' ((0.6 p + 0.2 0.25) / 0.8).
    expect(sync.raw[1]).toBeCloseTo(sums(test.X)[1]!, 15);
    expect(sync.raw[0]).toBeCloseTo((0.6 * sums(test.X)[0]! + 0.2 * 0.25) / 0.8, 15);
    expect([sync.share[0], sync.share[1]]).toEqual([expect.closeTo(0.8, 15), expect.closeTo(0.6, 15)]);
  });

  it('too little of the combination left: the same EnsembleMembersError as predict', async () => {
    const e = new Ensemble([syncMember('a', () => { throw new Error('member a is down'); }), syncMember('b', sums)], { featureNames: NAMES, combination: { method: 'weights', weights: [0.6, 0.4] } });
    const sync = thrown(() => e.predictSync(test.X)) as EnsembleMembersError;
    const async = (await rejection(e.predict(test.X))) as EnsembleMembersError;
    expect(sync).toBeInstanceOf(EnsembleMembersError);
    expect([sync.code, sync.message, sync.row, sync.members]).toEqual([async.code, async.message, async.row, async.members]);
    expect(sync.message).toBe('ensemble: row 0: the members left hold 0.4 of the combination, less than minShare 0.5; left out: a (share 0.6): member a is down');
  });

  it('a matrix of another width: the FeatureMismatchError of predict', async () => {
    const e = treesAndMlp();
    const X = { rows: 1, cols: 2, data: Float64Array.of(0, 1) };
    const sync = thrown(() => e.predictSync(X));
    expect(sync).toBeInstanceOf(FeatureMismatchError);
    expect(sync.message).toBe((await rejection(e.predict(X))).message);
  });

  it('a member that predicts only asynchronously: UnsupportedModelError naming it, before any member runs', () => {
    const calls = { n: 0 };
    const counted = { n: 0 };
    const first = syncMember('first', (X) => (counted.n++, sums(X)));
    const e = new Ensemble([first, asyncOnly('onnx', calls)], { featureNames: NAMES, combination: { method: 'weights', weights: [0.5, 0.5] } });
    const error = thrown(() => e.predictSync(test.X));
    expect(error).toBeInstanceOf(UnsupportedModelError);
    expect([error.code, error.message]).toEqual(['MODEL_UNSUPPORTED', 'synchronous prediction: member onnx (onnx) predicts only asynchronously: use predict']);
    expect([calls.n, counted.n]).toEqual([0, 0]);
  });

  it('several such members: each named', () => {
    const calls = { n: 0 };
    const e = new Ensemble([asyncOnly('o1', calls), syncMember('s', sums), asyncOnly('o2', calls)], { featureNames: NAMES, combination: { method: 'weights', weights: [0.4, 0.2, 0.4] } });
    expect(thrown(() => e.predictSync(test.X)).message).toBe('synchronous prediction: members o1 (onnx), o2 (onnx) predict only asynchronously: use predict');
  });

  it('an ONNX member run by onnxruntime-node: refused synchronously, served asynchronously', async () => {
    const onnx = await onnxMember(toONNX(mlp), { name: 'mlp-onnx', runtime: ortNode });
    const e = new Ensemble([treeMember(depthwise, { name: 'depthwise' }), onnx], { featureNames: NAMES, combination: { method: 'weights', weights: [0.5, 0.5] } });
    try {
      expect(onnx.predictProbaSync).toBeUndefined();
      const error = thrown(() => e.predictSync(test.X));
      expect([error.name, error.message]).toEqual(['UnsupportedModelError', 'synchronous prediction: member mlp-onnx (onnx) predicts only asynchronously: use predict']);
      expect((await e.predict(test.X)).members.map((m) => m.status)).toEqual(['ok', 'ok']);
    } finally {
      await e.release();
    }
  });
});

describe('ensembleFromBinarySync', () => {
  const bytes = ensembleToBinary(treesAndMlp());

  it('loads the members ensembleFromBinary loads; the predictions equal the original ensemble\'s bit for bit', async () => {
    const sync = ensembleFromBinarySync(bytes, { featureNames: NAMES });
    const async = await ensembleFromBinary(bytes, { featureNames: NAMES });
    expect(sync.members.map((m) => [m.name, m.kind])).toEqual([['depthwise', 'gbdt-depthwise'], ['leafwise', 'gbdt-leafwise'], ['mlp', 'mlp']]);
    expect(ensembleToBinary(sync)).toEqual(bytes);
    expect([sync.combination, sync.minShare, sync.calibrator!.toJSON()]).toEqual([async.combination, async.minShare, async.calibrator!.toJSON()]);
    const want = await treesAndMlp().predict(test.X);
    expect(sync.predictSync(test.X)).toEqual(want);
    expect(await async.predict(test.X)).toEqual(want);
  });

  it('an ONNX member: UnsupportedModelError naming it', () => {
    const e = new Ensemble([mlpMember(mlp, { name: 'mlp' }), asyncOnly('onnx', { n: 0 })], { featureNames: NAMES, combination: { method: 'weights', weights: [0.5, 0.5] } });
    const error = thrown(() => ensembleFromBinarySync(ensembleToBinary(e), { featureNames: NAMES }));
    expect(error).toBeInstanceOf(UnsupportedModelError);
    expect([error.code, error.message]).toEqual(['MODEL_UNSUPPORTED', 'ONNX member onnx: member onnx is an ONNX model, which loads and predicts only asynchronously: use ensembleFromBinary']);
  });

  it('a changed byte: the CorruptModelError (checksum) of ensembleFromBinary', async () => {
    const bad = bytes.slice();
    bad[40] = bad[40]! ^ 1;
    const error = thrown(() => ensembleFromBinarySync(bad, { featureNames: NAMES }));
    expect(error).toBeInstanceOf(CorruptModelError);
    expect([(error as CorruptModelError).reason, error.message]).toEqual(['checksum', (await rejection(ensembleFromBinary(bad, { featureNames: NAMES }))).message]);
  });

  it('feature names in another order: the FeatureMismatchError of ensembleFromBinary', async () => {
    const moved = ['f1', 'f0', 'f2'];
    const error = thrown(() => ensembleFromBinarySync(bytes, { featureNames: moved }));
    expect(error).toBeInstanceOf(FeatureMismatchError);
    expect(error.message).toBe((await rejection(ensembleFromBinary(bytes, { featureNames: moved }))).message);
    expect(error.message).toContain('moved f0');
  });

  it('an onnx option: InvalidParameterError (the synchronous loader takes featureNames only)', () => {
    const error = thrown(() => ensembleFromBinarySync(bytes, { featureNames: NAMES, onnx: { runtime: ortNode } } as never));
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error.message).toBe('options.onnx: unknown option (known: featureNames)');
  });

  it('no feature names: InvalidParameterError naming options.featureNames', () => {
    const error = thrown(() => ensembleFromBinarySync(bytes, {} as never));
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error.message).toMatch(/^options\.featureNames: /);
  });
});
