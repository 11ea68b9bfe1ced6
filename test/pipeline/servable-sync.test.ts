/**
 * The synchronous serving path (for runtimes that cannot await, such as plv8): `decodeServableModelSync` decodes
 * every format as `decodeServableModel` does and `ServableModel.predictSync` scores as `predict` does, bit for bit;
 * `horizonsFromBinarySync` reads a bundle as `horizonsFromBinary` does, with the same errors; an ONNX member is
 * refused; `attemptSync` classifies failures as `attempt` does; `toPredictions` builds predictions checked here by
 * hand (quarter Kelly, target times).
 */
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/core/errors.js';
import type { Matrix } from '../../src/core/types.js';
import { ensembleToBinary } from '../../src/ensemble/artifact/write.js';
import { Ensemble } from '../../src/ensemble/ensemble.js';
import { CorruptModelError, FeatureMismatchError, UnsupportedModelError } from '../../src/ensemble/errors.js';
import { toLightGBMText } from '../../src/ensemble/gbdt/io/lightgbm-export.js';
import { modelToBinary } from '../../src/ensemble/gbdt/io/model-binary.js';
import { toXGBoostJSON } from '../../src/ensemble/gbdt/io/xgboost-export.js';
import { treeMember, type Model } from '../../src/ensemble/model.js';
import { horizonsFromBinary, horizonsFromBinarySync, horizonsToBinary } from '../../src/pipeline/horizons.js';
import { decodeServableModel, decodeServableModelSync, servableModel, type HorizonScore, type ServableModel } from '../../src/pipeline/model-codec.js';
import { toPredictions } from '../../src/pipeline/predict.js';
import { attempt, attemptSync } from '../../src/pipeline/registry-state.js';
import { createSizingPolicy } from '../../src/sizing/policy.js';
import { quarterKelly } from './fixtures.js';
import { featureMatrix, NAMES, smallEnsemble, smallTrees, storedModel } from './model-fixtures.js';
import { rejection, thrown } from '../ensemble/ensemble/caught.js';

const bytesOf = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'utf8'));
const X = featureMatrix(25, 123);
const e1 = smallEnsemble(1);
const e4 = smallEnsemble(4);
const [depthwise, leafwise] = smallTrees(5);

/** A member computing `f`, synchronously and asynchronously. */
function syncMember(name: string, f: (X: Matrix) => Float64Array): Model {
  return { name, kind: 'custom', featureNames: NAMES, nFeatures: NAMES.length, predictProba: async (x) => f(x), predictProbaSync: f };
}

/** A member without `predictProbaSync`, saved as an ONNX model (its bytes are never run here). */
const onnxLike: Model = { name: 'onnx', kind: 'onnx', featureNames: NAMES, nFeatures: NAMES.length, predictProba: async (x) => new Float64Array(x.rows).fill(0.5), toBinary: () => Uint8Array.of(8, 1) };
const withOnnx = new Ensemble([treeMember(depthwise!, { name: 'trees' }), onnxLike], { featureNames: NAMES, combination: { method: 'weights', weights: [0.5, 0.5] } });

describe('decodeServableModelSync and ServableModel.predictSync', () => {
  it.each([
    ['alpha-v4-ensemble', () => ensembleToBinary(e1)],
    ['alpha-v4-horizons', () => horizonsToBinary([{ horizon: 4, ensemble: e4 }, { horizon: 1, ensemble: e1 }])],
    ['xgboost-json', () => bytesOf(toXGBoostJSON(depthwise!))],
    ['lightgbm-text', () => bytesOf(toLightGBMText(leafwise!))],
    ['alpha-gbdt-binary', () => modelToBinary(depthwise!)],
  ] as const)('%s: the model decodeServableModel gives, scoring bit for bit as its predict', async (format, bytes) => {
    const stored = storedModel(format, bytes(), NAMES, 6);
    const sync = decodeServableModelSync(stored);
    const async = await decodeServableModel(stored);
    expect([sync.version, sync.featureNames, sync.horizons]).toEqual([async.version, async.featureNames, async.horizons]);
    expect(sync.predictSync(X)).toEqual(await async.predict(X));
    expect(await sync.predict(X)).toEqual(await async.predict(X));
  });

  it('the horizons score as their own ensembles (raw, calibrated, each member used on every row)', async () => {
    const model = decodeServableModelSync(storedModel('alpha-v4-horizons', horizonsToBinary([{ horizon: 4, ensemble: e4 }, { horizon: 1, ensemble: e1 }]), NAMES));
    const scores = model.predictSync(X);
    const own = [await e1.predict(X), await e4.predict(X)];
    expect(scores.map((s) => s.horizon)).toEqual([1, 4]);
    scores.forEach((s, k) => {
      expect([s.raw, s.pUp]).toEqual([own[k]!.raw, own[k]!.calibrated]);
      expect(s.members).toEqual({ xgboost: own[k]!.members[0]!.probability, lightgbm: own[k]!.members[1]!.probability });
    });
  });

  it('an ensemble with an ONNX member: UnsupportedModelError naming it (alpha-v4-ensemble and alpha-v4-horizons)', () => {
    for (const stored of [
      storedModel('alpha-v4-ensemble', ensembleToBinary(withOnnx), NAMES),
      storedModel('alpha-v4-horizons', horizonsToBinary([{ horizon: 1, ensemble: e1 }, { horizon: 2, ensemble: withOnnx }]), NAMES),
    ]) {
      const error = thrown(() => decodeServableModelSync(stored));
      expect(error).toBeInstanceOf(UnsupportedModelError);
      expect([error.code, error.message]).toEqual(['MODEL_UNSUPPORTED', 'ONNX member onnx: member onnx is an ONNX model, which loads and predicts only asynchronously: use ensembleFromBinary']);
    }
  });

  it('another format: the UnsupportedModelError of decodeServableModel', async () => {
    const stored = storedModel('onnx', Uint8Array.of(1, 2, 3), NAMES);
    const error = thrown(() => decodeServableModelSync(stored));
    expect(error).toBeInstanceOf(UnsupportedModelError);
    expect(error.message).toBe((await rejection(decodeServableModel(stored))).message);
    expect(error.message).toContain('format "onnx": BTC 15m v1: a servable model is one of alpha-v4-ensemble, alpha-v4-horizons');
  });

  it('stored feature names in another order: the FeatureMismatchError of decodeServableModel', async () => {
    const stored = storedModel('alpha-v4-ensemble', ensembleToBinary(e1), [...NAMES].reverse());
    const error = thrown(() => decodeServableModelSync(stored));
    expect(error).toBeInstanceOf(FeatureMismatchError);
    expect(error.message).toBe((await rejection(decodeServableModel(stored))).message);
  });

  it('predictSync of a model holding an async-only member (built in memory): UnsupportedModelError, predict serves', async () => {
    const model = servableModel(2, [{ horizon: 1, ensemble: withOnnx }]);
    const error = thrown(() => model.predictSync(X));
    expect([error.name, error.message]).toEqual(['UnsupportedModelError', 'synchronous prediction: member onnx (onnx) predicts only asynchronously: use predict']);
    expect((await model.predict(X))[0]!.members).toHaveProperty('onnx');
  });
});

describe('horizonsFromBinarySync', () => {
  const bytes = horizonsToBinary([{ horizon: 4, ensemble: e4 }, { horizon: 1, ensemble: e1 }]);

  it('reads the horizons horizonsFromBinary reads, increasing', async () => {
    const sync = horizonsFromBinarySync(bytes, { featureNames: NAMES });
    const async = await horizonsFromBinary(bytes, { featureNames: NAMES });
    expect(sync.map((m) => m.horizon)).toEqual([1, 4]);
    expect(sync.map((m) => ensembleToBinary(m.ensemble))).toEqual(async.map((m) => ensembleToBinary(m.ensemble)));
  });

  it('a horizon\'s changed byte: the CorruptModelError of horizonsFromBinary (the bundle checksum first)', async () => {
    const bad = bytes.slice();
    bad[bad.length - 100] = bad[bad.length - 100]! ^ 1;
    const error = thrown(() => horizonsFromBinarySync(bad, { featureNames: NAMES }));
    expect(error).toBeInstanceOf(CorruptModelError);
    expect(error.message).toBe((await rejection(horizonsFromBinary(bad, { featureNames: NAMES }))).message);
  });

  it('a horizon\'s corrupt artifact under a valid bundle checksum: CorruptModelError naming the horizon', async () => {
    const part = ensembleToBinary(e4);
    part[part.length - 1] = part[part.length - 1]! ^ 1; // the artifact's own CRC-32
    const bundle = horizonsToBinary([{ horizon: 1, ensemble: e1 }, { horizon: 4, ensemble: e4 }]);
    const patched = bundle.slice();
    patched.set(part, bundle.length - 4 - part.length);
    new DataView(patched.buffer).setUint32(patched.length - 4, crc32(patched.subarray(0, patched.length - 4)), true);
    const error = thrown(() => horizonsFromBinarySync(patched, { featureNames: NAMES }));
    expect(error).toBeInstanceOf(CorruptModelError);
    expect(error.message).toMatch(/^corrupt binary model \(checksum\): horizon 4: /);
    expect(error.message).toBe((await rejection(horizonsFromBinary(patched, { featureNames: NAMES }))).message);
  });

  it('feature names other than the bundle\'s: the FeatureMismatchError of horizonsFromBinary', async () => {
    const other = [...NAMES.slice(0, 3), 'rsi_14_extra'];
    const error = thrown(() => horizonsFromBinarySync(bytes, { featureNames: other }));
    expect(error).toBeInstanceOf(FeatureMismatchError);
    expect(error.message).toBe((await rejection(horizonsFromBinary(bytes, { featureNames: other }))).message);
  });

  it('an onnx option: InvalidParameterError (featureNames only)', () => {
    const error = thrown(() => horizonsFromBinarySync(bytes, { featureNames: NAMES, onnx: { runtime: 'onnxruntime-node' } } as never));
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error.message).toBe('options.onnx: unknown option (known: featureNames)');
  });
});

describe('attemptSync', () => {
  const clock = () => 42;
  const score = (pUp: number): HorizonScore => ({ horizon: 1, raw: Float64Array.of(0.5), pUp: Float64Array.of(pUp), members: {} });
  /** A servable model by hand whose scores are `scores` (both ways). */
  const fixed = (scores: () => HorizonScore[]): ServableModel => ({ version: 1, featureNames: NAMES, horizons: [1], models: [], predict: async () => scores(), predictSync: scores, release: async () => undefined });
  const one = { rows: 1, cols: NAMES.length, data: new Float64Array(NAMES.length) };

  it('scores: as attempt, the model\'s own', async () => {
    const model = decodeServableModelSync(storedModel('alpha-v4-ensemble', ensembleToBinary(e1), NAMES));
    const outcome = attemptSync(model, X, clock);
    expect(outcome).toEqual(await attempt(model, X, clock));
    expect(outcome).toEqual({ scores: model.predictSync(X) });
  });

  it('a value that is no probability: nan_output naming it, as attempt', async () => {
    const model = fixed(() => [score(1.5)]);
    const outcome = attemptSync(model, one, clock);
    expect(outcome).toEqual({ failure: { kind: 'nan_output', message: 'horizon 1: pUp[0] is 1.5, not a probability', at: 42 } });
    expect(outcome).toEqual(await attempt(model, one, clock));
  });

  it('every member NaN: the ensemble refuses the rows, nan_output, as attempt', async () => {
    const model = servableModel(1, [{ horizon: 1, ensemble: new Ensemble([syncMember('nan', (x) => new Float64Array(x.rows).fill(NaN))], { featureNames: NAMES, combination: { method: 'weights', weights: [1] } }) }]);
    const outcome = attemptSync(model, X, clock);
    expect(outcome).toEqual(await attempt(model, X, clock));
    expect('failure' in outcome && [outcome.failure.kind, outcome.failure.message.startsWith('ENSEMBLE_MEMBERS_FAILED: ensemble: row 0:')]).toEqual(['nan_output', true]);
  });

  it('a member that throws: prediction_error, as attempt', async () => {
    const down = syncMember('down', () => {
      throw new Error('down');
    });
    const model = servableModel(1, [{ horizon: 1, ensemble: new Ensemble([down], { featureNames: NAMES, combination: { method: 'weights', weights: [1] } }) }]);
    const outcome = attemptSync(model, X, clock);
    expect(outcome).toEqual(await attempt(model, X, clock));
    expect('failure' in outcome && outcome.failure.kind).toBe('prediction_error');
  });

  it('a model that predicts only asynchronously: prediction_error naming the member', () => {
    const outcome = attemptSync(servableModel(1, [{ horizon: 1, ensemble: withOnnx }]), X, clock);
    expect(outcome).toEqual({ failure: { kind: 'prediction_error', message: 'MODEL_UNSUPPORTED: synchronous prediction: member onnx (onnx) predicts only asynchronously: use predict', at: 42 } });
  });
});

describe('toPredictions', () => {
  it('one frozen prediction per horizon: pUp of row 0, direction, confidence, the default policy\'s size (quarter Kelly by hand), target times', () => {
    const ts = new Date(Date.UTC(2025, 2, 1, 9, 45));
    const scores: HorizonScore[] = [
      { horizon: 1, raw: Float64Array.of(0.6), pUp: Float64Array.of(0.62), members: { a: Float64Array.of(0.7), b: Float64Array.of(0.5) } },
      { horizon: 4, raw: Float64Array.of(0.45), pUp: Float64Array.of(0.4), members: { a: Float64Array.of(0.35) } },
    ];
    const out = toPredictions({ symbol: 'BTC', timeframe: '15m' }, ts, { version: 3, fallback: true, scores }, createSizingPolicy());
    expect(out).toEqual([
      { symbol: 'BTC', timeframe: '15m', ts, targetTs: new Date(Date.UTC(2025, 2, 1, 10, 0)), horizon: 1, pUp: 0.62, direction: 1, confidence: 0.62, size: expect.closeTo(quarterKelly(0.62), 15), modelVersion: 3, members: { a: 0.7, b: 0.5 }, fallback: true },
      { symbol: 'BTC', timeframe: '15m', ts, targetTs: new Date(Date.UTC(2025, 2, 1, 10, 45)), horizon: 4, pUp: 0.4, direction: -1, confidence: 0.6, size: expect.closeTo(quarterKelly(0.4), 15), modelVersion: 3, members: { a: 0.35 }, fallback: true },
    ]);
    expect(out.every((p) => Object.isFrozen(p) && Object.isFrozen(p.members))).toBe(true);
  });
});
