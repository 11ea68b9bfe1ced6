/**
 * The servable model codec: every format decodes to a model predicting as the model it was written from (the
 * ensemble's own `predict`, the tree model's own `predictProba`); the checksum is checked against node:crypto's
 * digest; a wrong format, wrong feature names or a non-classifier give typed errors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/core/errors.js';
import { ensembleToBinary } from '../../src/ensemble/artifact/write.js';
import type { Ensemble } from '../../src/ensemble/ensemble.js';
import { CorruptModelError, FeatureMismatchError, ModelFormatError, UnsupportedModelError } from '../../src/ensemble/errors.js';
import { toLightGBMText } from '../../src/ensemble/gbdt/io/lightgbm-export.js';
import { modelToBinary } from '../../src/ensemble/gbdt/io/model-binary.js';
import { toXGBoostJSON } from '../../src/ensemble/gbdt/io/xgboost-export.js';
import { trainGBDT } from '../../src/ensemble/gbdt/train/boost.js';
import type { GBDTModel } from '../../src/ensemble/gbdt/train/gbdt-model.js';
import { horizonsToBinary } from '../../src/pipeline/horizons.js';
import { decodeServableModel, loadServableModel, SERVABLE_FORMATS, servableModel, verifyChecksum } from '../../src/pipeline/model-codec.js';
import { featureMatrix, NAMES, ruleLabels, smallEnsemble, smallTrees, storedModel } from './model-fixtures.js';

const bytesOf = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'utf8'));
const X = featureMatrix(25, 123);

describe('loadServableModel', () => {
  let e1: Ensemble, e8: Ensemble, depthwise: GBDTModel, leafwise: GBDTModel;
  beforeAll(() => {
    e1 = smallEnsemble(1);
    e8 = smallEnsemble(8);
    [depthwise, leafwise] = smallTrees(5) as [GBDTModel, GBDTModel];
  });

  it('decodes alpha-v4-ensemble as horizon 1, scoring as the ensemble (raw, calibrated, each member)', async () => {
    const model = await loadServableModel(storedModel('alpha-v4-ensemble', ensembleToBinary(e1), NAMES, 3));
    expect([model.version, model.featureNames, model.horizons]).toEqual([3, NAMES, [1]]);
    const [score] = await model.predict(X);
    const want = await e1.predict(X);
    expect(score!.horizon).toBe(1);
    expect(score!.raw).toEqual(want.raw);
    expect(score!.pUp).toEqual(want.calibrated);
    expect(score!.pUp).not.toEqual(score!.raw); // the Platt calibrator applies
    expect(score!.members).toEqual({ xgboost: want.members[0]!.probability, lightgbm: want.members[1]!.probability });
  });

  it('decodes alpha-v4-horizons: one score per horizon, each from its own ensemble', async () => {
    const bytes = horizonsToBinary([{ horizon: 8, ensemble: e8 }, { horizon: 1, ensemble: e1 }]);
    const model = await loadServableModel(storedModel('alpha-v4-horizons', bytes, NAMES));
    expect(model.horizons).toEqual([1, 8]);
    const scores = await model.predict(X);
    expect(scores.map((s) => s.horizon)).toEqual([1, 8]);
    expect(scores[0]!.pUp).toEqual((await e1.predict(X)).calibrated);
    expect(scores[1]!.pUp).toEqual((await e8.predict(X)).calibrated);
  });

  it.each([
    ['xgboost-json', 'xgboost', () => bytesOf(toXGBoostJSON(depthwise)), () => depthwise, 1e-6],
    ['lightgbm-text', 'lightgbm', () => bytesOf(toLightGBMText(leafwise)), () => leafwise, 1e-6],
    ['alpha-gbdt-binary', 'gbdt', () => modelToBinary(depthwise), () => depthwise, 0],
  ] as const)('decodes %s as a one-member ensemble without calibration (pUp = raw = the model\'s probability)', async (format, member, bytes, tree, tolerance) => {
    const model = await loadServableModel(storedModel(format, bytes(), NAMES));
    const [score] = await model.predict(X);
    const want = tree().predictProba(X);
    expect(Object.keys(score!.members)).toEqual([member]);
    expect(score!.pUp).toEqual(score!.raw);
    for (let i = 0; i < X.rows; i++) expect(Math.abs(score!.pUp[i]! - want[i]!)).toBeLessThanOrEqual(tolerance);
  });

  it('rejects a binary whose sha256 is not the stored checksum (CorruptModelError, reason checksum, both digests named)', async () => {
    const good = ensembleToBinary(e1);
    const flipped = good.slice();
    flipped[100] = flipped[100]! ^ 1;
    const stored = storedModel('alpha-v4-ensemble', flipped, NAMES, 2, storedModel('x', good, NAMES).checksum);
    const e = await loadServableModel(stored).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(CorruptModelError);
    expect([(e as CorruptModelError).code, (e as CorruptModelError).reason]).toEqual(['MODEL_CORRUPT', 'checksum']);
    expect((e as Error).message).toContain(`BTC 15m v2: the binary's sha256 is ${storedModel('x', flipped, NAMES).checksum}, the stored checksum ${stored.checksum}`);
    expect(() => verifyChecksum(stored)).toThrow(CorruptModelError);
    expect(() => verifyChecksum({ ...stored, binary: 'abc' as unknown as Uint8Array })).toThrow(InvalidParameterError);
  });

  it('rejects an unknown format, naming it and the supported ones (UnsupportedModelError)', async () => {
    const e = await loadServableModel(storedModel('onnx', Uint8Array.of(1, 2, 3), NAMES)).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(UnsupportedModelError);
    expect((e as UnsupportedModelError).code).toBe('MODEL_UNSUPPORTED');
    expect((e as Error).message).toBe(`format "onnx": BTC 15m v1: a servable model is one of ${SERVABLE_FORMATS.join(', ')}`);
    expect(SERVABLE_FORMATS).toEqual(['alpha-v4-ensemble', 'alpha-v4-horizons', 'xgboost-json', 'lightgbm-text', 'alpha-gbdt-binary']);
    const proto = await decodeServableModel(storedModel('__proto__', Uint8Array.of(1), NAMES)).catch((err: unknown) => err);
    expect(proto).toBeInstanceOf(UnsupportedModelError);
  });

  it.each([
    ['alpha-v4-ensemble', () => ensembleToBinary(e1)],
    ['alpha-v4-horizons', () => horizonsToBinary([{ horizon: 1, ensemble: e1 }])],
    ['xgboost-json', () => bytesOf(toXGBoostJSON(depthwise))],
    ['lightgbm-text', () => bytesOf(toLightGBMText(leafwise))],
    ['alpha-gbdt-binary', () => modelToBinary(depthwise)],
  ] as const)('rejects %s stored with other feature names (FeatureMismatchError)', async (format, bytes) => {
    const e = await loadServableModel(storedModel(format, bytes(), [...NAMES].reverse())).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(FeatureMismatchError);
    expect((e as FeatureMismatchError).code).toBe('FEATURE_MISMATCH');
    expect((e as Error).message).toMatch(/4 feature name\(s\) differ from the model's: moved rsi_14/);
  });

  it('rejects a tree model without names whose feature count is not the stored names\' (FeatureMismatchError)', async () => {
    const json = JSON.parse(toXGBoostJSON(depthwise)) as { learner: Record<string, unknown> };
    delete json.learner.feature_names;
    delete json.learner.feature_types;
    const e = await loadServableModel(storedModel('xgboost-json', bytesOf(JSON.stringify(json)), NAMES.slice(0, 3))).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(FeatureMismatchError);
    expect((e as Error).message).toBe('stored.featureNames: 3 name(s), the xgboost-json model has 4 feature(s)');
  });

  it('rejects a tree model that is no binary classifier (UnsupportedModelError)', async () => {
    const Xt = featureMatrix(200, 3);
    const regression = trainGBDT(Xt, ruleLabels(Xt, 3), { objective: 'reg:squarederror', nEstimators: 3, featureNames: NAMES });
    const e = await loadServableModel(storedModel('alpha-gbdt-binary', modelToBinary(regression), NAMES)).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(UnsupportedModelError);
    expect((e as Error).message).toMatch(/^objective reg:squarederror: BTC 15m v1: a servable model is a binary classifier/);
  });

  it('passes on the format\'s own error for unreadable bytes (ModelFormatError, CorruptModelError)', async () => {
    const text = bytesOf('{"learner": 1}');
    await expect(loadServableModel(storedModel('xgboost-json', text, NAMES))).rejects.toBeInstanceOf(ModelFormatError);
    await expect(loadServableModel(storedModel('alpha-v4-ensemble', Uint8Array.of(1, 2, 3, 4, 5), NAMES))).rejects.toBeInstanceOf(CorruptModelError);
  });

  it('rejects unknown options', async () => {
    await expect(loadServableModel(storedModel('alpha-v4-ensemble', ensembleToBinary(e1), NAMES), { runtime: 1 } as never)).rejects.toThrow(/options\.runtime: unknown option/);
  });

  it('servableModel checks its version and models; release releases every ensemble', async () => {
    expect(() => servableModel(0, [{ horizon: 1, ensemble: e1 }])).toThrow(/version: expected a positive integer, got 0/);
    expect(() => servableModel(1, [])).toThrow(InvalidParameterError);
    let released = 0;
    const model = servableModel(1, [{ horizon: 1, ensemble: Object.assign(Object.create(Object.getPrototypeOf(e1) as object), e1, { release: async () => void released++ }) as Ensemble }, { horizon: 2, ensemble: e8 }]);
    await model.release();
    expect(released).toBe(1);
  });
});
