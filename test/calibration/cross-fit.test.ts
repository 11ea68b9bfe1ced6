import { describe, expect, it } from 'vitest';
import { crossFitCalibration, fitCalibrator } from '../../src/calibration/index.js';
import { purgedKFoldSplits, walkForwardSplits } from '../../src/labels/index.js';
import { fixtures } from './fixtures.js';

const c = fixtures.cases.find((x) => x.name === 'over_confident')!;
const n = c.scores.length;
const pick = (values: number[], rows: Iterable<number>) => Array.from(rows, (i) => values[i]!);

describe('crossFitCalibration', () => {
  it('calibrates each fold with a calibrator fitted on the other folds only (purged k-fold splits)', () => {
    const splits = purgedKFoldSplits({ n, k: 5 });
    const r = crossFitCalibration(c.scores, c.labels, splits, { method: 'platt' });
    expect(r.folds).toHaveLength(5);
    splits.forEach((split, k) => {
      const rows = [...Array(n).keys()].filter((i) => !split.test.includes(i));
      const expected = fitCalibrator('platt', pick(c.scores, rows), pick(c.labels, rows));
      expect(r.folds[k]!.calibrator!.toJSON()).toEqual(expected.toJSON());
      expect(r.folds[k]).toMatchObject({ fitSize: rows.length, size: split.test.length });
      for (const i of split.test) expect(r.calibrated[i]).toBe(expected.predict(c.scores[i]!));
    });
    expect(r.final.toJSON()).toEqual(fitCalibrator('platt', c.scores, c.labels).toJSON());
  });

  it("never lets a fold's own labels reach its calibrated values", () => {
    const ids = c.scores.map((_, i) => i % 4);
    const before = crossFitCalibration(c.scores, c.labels, ids, { method: 'isotonic' }).calibrated;
    const flipped = c.labels.map((y, i) => (ids[i] === 2 ? 1 - y : y));
    const after = crossFitCalibration(c.scores, flipped, ids, { method: 'isotonic' }).calibrated;
    ids.forEach((id, i) => {
      if (id === 2) expect(after[i]).toBe(before[i]);
    });
    expect(Array.from(after)).not.toEqual(Array.from(before));
  });

  it('reads only fold samples: walk-forward leaves the first training window NaN, its scores unread', () => {
    const splits = walkForwardSplits({ n, trainSize: 100, testSize: 75 });
    const scores = c.scores.map((s, i) => (i < 100 ? NaN : s));
    const r = crossFitCalibration(scores, c.labels, splits, { method: 'beta' });
    for (let i = 0; i < n; i++) expect(Number.isNaN(r.calibrated[i]!)).toBe(i < 100);
    expect(r.final.toJSON()).toEqual(fitCalibrator('beta', c.scores.slice(100), c.labels.slice(100)).toJSON());
  });

  it('with causal, fits each fold on the earlier folds only; the first fold has no calibrator', () => {
    const ids = c.scores.map((_, i) => Math.floor(i / 100));
    const r = crossFitCalibration(c.scores, c.labels, ids, { method: 'temperature', causal: true });
    expect(r.folds[0]).toEqual({ calibrator: undefined, fitSize: 0, size: 100 });
    for (let i = 0; i < 100; i++) expect(r.calibrated[i]).toBeNaN();
    const third = fitCalibrator('temperature', c.scores.slice(0, 200), c.labels.slice(0, 200));
    expect(r.folds[2]!.calibrator!.toJSON()).toEqual(third.toJSON());
    expect(r.calibrated[250]).toBe(third.predict(c.scores[250]!));
  });

  it('passes the weights of the fit rows to each calibrator', () => {
    const weights = c.scores.map((_, i) => 1 + (i % 3));
    const ids = c.scores.map((_, i) => i % 2);
    const r = crossFitCalibration(c.scores, c.labels, ids, { method: 'platt', weights });
    const odd = [...Array(n).keys()].filter((i) => i % 2 === 1);
    expect(r.folds[0]!.calibrator!.toJSON()).toEqual(fitCalibrator('platt', pick(c.scores, odd), pick(c.labels, odd), { weights: pick(weights, odd) }).toJSON());
  });

  it('names the fold whose calibrator cannot be fitted', () => {
    const labels = [0, 1, 0, 1, 1, 1];
    expect(() => crossFitCalibration([0.1, 0.5, 0.3, 0.7, 0.6, 0.9], labels, [0, 0, 0, 0, 1, 1], { method: 'platt' })).toThrow(
      /folds: the calibrator of fold 0 \(fitted on 2 samples of the other folds\): labels: a calibrator needs both classes/,
    );
  });

  it.each([
    ['a sample in two test folds', [{ train: new Int32Array(), test: Int32Array.of(0, 1) }, { train: new Int32Array(), test: Int32Array.of(1, 2) }], /folds\[1\]\.test: sample 1 is in two test folds/],
    ['a test index out of range', [{ train: new Int32Array(), test: Int32Array.of(0) }, { train: new Int32Array(), test: Int32Array.of(9) }], /folds\[1\]\.test: index 9 is outside the 4 samples/],
    ['one fold', [0, 0, 0, 0], /at least 2 folds, got 1/],
    ['a fractional fold id', [0, 1, 0.5, 1], /folds\[2\]: a fold id is an integer >= 0, or -1 for none; got 0.5/],
    ['fold ids of another length', [0, 1, 0], /folds: has 3 values, the labels 4/],
  ])('rejects %s', (_name, folds, message) => {
    expect(() => crossFitCalibration([0.1, 0.4, 0.6, 0.9], [0, 1, 0, 1], folds as number[], { method: 'isotonic' })).toThrow(message);
  });

  it('checks labels, scores and weights of fold samples by their own index', () => {
    expect(() => crossFitCalibration([0.1, 0.4, 1.5, 0.9], [0, 1, 0, 1], [0, 1, 0, 1], { method: 'beta' })).toThrow(/scores\[2\]: must be a probability in \[0, 1\], got 1.5/);
    expect(() => crossFitCalibration([0.1, 0.4, 0.6, 0.9], [0, 1, 2, 1], [0, 1, 0, 1], { method: 'platt' })).toThrow(/labels\[2\]: must be 0 or 1, got 2/);
    expect(() => crossFitCalibration([0.1, 0.4, 0.6, 0.9], [0, 1, 0, 1], [0, 1, 0, 1], { method: 'platt', weights: [1, 1, -1, 1] })).toThrow(/options\.weights\[2\]: must be finite and >= 0, got -1/);
    expect(() => crossFitCalibration([0.1, 0.4, 0.6, 0.9], [0, 1, 0, 1], [0, 1, 0, 1], { method: 'sigmoid' as 'platt' })).toThrow(/options\.method: expected one of platt, isotonic, temperature, beta/);
  });
});
