/**
 * trainEnsemble on simulated market data with a planted signal: the ensemble's out-of-fold log loss is at most its
 * best member's; every out-of-fold prediction comes from a model trained on the purged walk-forward training rows
 * (recomputed here with trainGBDT and walkForwardSplits); the combination and the calibrator are fitted on the
 * out-of-fold predictions only (recomputed with fitCombination and crossFitCalibration); the members are refitted on
 * all labeled rows; the same seed gives the same artifact.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { crossFitCalibration } from '../../../src/calibration/cross-fit.js';
import { logLoss } from '../../../src/calibration/metrics.js';
import { ensembleToBinary } from '../../../src/ensemble/artifact/write.js';
import { fitCombination } from '../../../src/ensemble/combine/combination.js';
import { trainGBDT } from '../../../src/ensemble/gbdt/train/boost.js';
import { modelMetrics } from '../../../src/ensemble/metrics.js';
import { trainMLP } from '../../../src/ensemble/mlp/train.js';
import { resolveConfig } from '../../../src/ensemble/training/config.js';
import { takeRows } from '../../../src/ensemble/training/dataset.js';
import { trainEnsemble, type TrainedEnsemble } from '../../../src/ensemble/training/train.js';
import { walkForwardSplits } from '../../../src/labels/validation.js';
import { DEPTHWISE_PARAMS, LEAFWISE_PARAMS, marketDataset, MLP_PARAMS, SMALL_MLP, SMALL_TREES } from './data.js';

const data = marketDataset(3000, 11, 0.25);
const config = { members: SMALL_TREES, seed: 1 } as const;
const labeledRows = Int32Array.from({ length: data.X.rows }, (_, i) => i).filter((i) => !Number.isNaN(data.t1[i]!));
const labelsOf = (rows: Int32Array, d = data) => Float64Array.from(rows, (r) => d.y[r]!);

describe('trainEnsemble on a planted signal (trees stage)', () => {
  let trained: TrainedEnsemble;
  beforeAll(() => {
    trained = trainEnsemble(data, config);
  });

  it("has an out-of-fold log loss at most its best member's", () => {
    const { report } = trained;
    const line = (name: string, m: typeof report.ensemble) =>
      `${name.padEnd(22)} ${m.logLoss.value.toFixed(5)} [${m.logLoss.lower.toFixed(4)}, ${m.logLoss.upper.toFixed(4)}]  AUC ${m.auc.value.toFixed(4)}  acc ${m.accuracy.value.toFixed(4)}  ECE ${m.ece.toFixed(4)}`;
    console.log(
      [
        `out-of-fold (${report.folds} folds, ${report.rows} rows), weights ${JSON.stringify(trained.ensemble.combination)}`,
        ...report.members.map((m) => line(m.name, m.metrics)),
        line('ensemble (raw)', report.ensemble),
        line('ensemble (calibrated)', report.calibrated!),
      ].join('\n'),
    );
    const best = Math.min(...report.members.map((m) => m.metrics.logLoss.value));
    expect(report.ensemble.logLoss.value).toBeLessThanOrEqual(best);
    expect(report.ensemble.auc.value).toBeGreaterThan(0.55); // the signal is learned
  });

  it('puts the weights on the simplex', () => {
    const c = trained.ensemble.combination;
    if (c.method !== 'weights') throw new Error('expected weights');
    expect(c.weights.every((w) => w >= 0)).toBe(true);
    expect(c.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('predicts each fold with a member trained on its purged walk-forward training rows only', () => {
    const { oof } = trained;
    const splits = walkForwardSplits({ n: data.X.rows, trainSize: 1500, testSize: 300, t1: data.t1 });
    expect(oof.rows).toEqual(Int32Array.from(splits.flatMap((s) => Array.from(s.test))));
    const f = 2;
    const { train, test } = splits[f]!;
    const model = trainGBDT(takeRows(data.X, train), labelsOf(train), { ...LEAFWISE_PARAMS, growPolicy: 'leafwise', seed: 2 });
    const expected = model.predictProba(takeRows(data.X, test));
    const at = oof.fold.indexOf(f);
    expect(oof.members[1]!.subarray(at, at + test.length)).toEqual(expected);
  });

  it('fits the combination and the calibrator on the out-of-fold predictions only, and reports them', () => {
    const { oof, ensemble, report } = trained;
    expect(oof.labels).toEqual(labelsOf(oof.rows));
    expect(ensemble.combination).toEqual(fitCombination('weights', oof.members, oof.labels, 0));
    const cross = crossFitCalibration(oof.raw, oof.labels, oof.fold, { method: 'beta' });
    expect(oof.calibrated).toEqual(cross.calibrated);
    expect(ensemble.calibrator!.toJSON()).toEqual(cross.final.toJSON());
    expect(report.members[0]!.metrics).toEqual(modelMetrics(oof.labels, oof.members[0]!));
    expect(report.ensemble.logLoss.value).toBe(logLoss(oof.labels, oof.raw));
    expect(report.calibrated).toEqual(modelMetrics(oof.labels, oof.calibrated!));
    expect(ensemble.window).toEqual({ first: data.time![labeledRows[0]!], last: data.time![labeledRows[labeledRows.length - 1]!] });
  });

  it('refits the members on all labeled rows', async () => {
    const model = trainGBDT(takeRows(data.X, labeledRows), labelsOf(labeledRows), { ...DEPTHWISE_PARAMS, growPolicy: 'depthwise', seed: 1, featureNames: data.featureNames });
    const X = takeRows(data.X, Int32Array.of(100, 2998));
    expect(await trained.ensemble.members[0]!.predictProba(X)).toEqual(model.predictProba(X));
    expect((await trained.ensemble.predict(X)).members[0]!.probability).toEqual(model.predictProba(X));
  });

  it('is deterministic: the same seed gives the same artifact, bit for bit', () => {
    expect(ensembleToBinary(trainEnsemble(data, config).ensemble)).toEqual(ensembleToBinary(trained.ensemble));
  });
});

describe('trainEnsemble: other configurations', () => {
  const small = marketDataset(1600, 5, 0.3);

  it('has the stages of the system: trees first (depth-wise and leaf-wise), then the MLP', () => {
    const members = (stage: 'trees' | 'trees+mlp') => resolveConfig({ stage, seed: 10 }, 1000).members.map((m) => [m.spec.name, m.spec.kind, (m.params as { growPolicy?: string }).growPolicy, m.params.seed]);
    expect(members('trees')).toEqual([['xgboost', 'gbdt-depthwise', 'depthwise', 10], ['lightgbm', 'gbdt-leafwise', 'leafwise', 11]]);
    expect(members('trees+mlp')).toEqual([...members('trees'), ['mlp', 'mlp', undefined, 12]]);
    expect(resolveConfig(undefined, 1000).members.map((m) => m.spec.name)).toEqual(['xgboost', 'lightgbm']);
  });

  it('adds the MLP when enabled (trees+mlp), trained with the same folds', () => {
    const { ensemble, report, oof } = trainEnsemble(small, { members: [...SMALL_TREES, SMALL_MLP], seed: 3, calibration: 'none' });
    expect(ensemble.members.map((m) => [m.name, m.kind])).toEqual([['xgboost', 'gbdt-depthwise'], ['lightgbm', 'gbdt-leafwise'], ['mlp', 'mlp']]);
    expect(report.calibrated).toBeUndefined();
    expect(oof.calibrated).toBeUndefined();
    const split = walkForwardSplits({ n: 1600, trainSize: 800, testSize: 160, t1: small.t1 })[0]!;
    const mlp = trainMLP(takeRows(small.X, split.train), labelsOf(split.train, small), { ...MLP_PARAMS, seed: 5 });
    expect(oof.members[2]!.subarray(0, split.test.length)).toEqual(mlp.predictProba(takeRows(small.X, split.test)));
    expect(report.ensemble.logLoss.value).toBeLessThanOrEqual(Math.min(...report.members.map((m) => m.metrics.logLoss.value)));
  });

  it('fits logistic stacking on the members\' out-of-fold logits when asked', () => {
    const { ensemble, oof } = trainEnsemble(small, { members: SMALL_TREES, seed: 3, combine: 'stacking', stackingL2: 1e-3, split: { trainSize: 1000, testSize: 200 } });
    expect(ensemble.combination).toEqual(fitCombination('stacking', oof.members, oof.labels, 1e-3));
    expect(oof.rows.length).toBe(small.t1.subarray(1000).filter((e) => !Number.isNaN(e)).length);
  });
});

