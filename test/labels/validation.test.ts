import { describe, expect, it } from 'vitest';
import { holdoutSplit, purgedKFoldSplits, walkForwardSplits } from '../../src/labels/index.js';

const t1Of = (n: number, h: number) => Float64Array.from({ length: n }, (_, i) => (i + h < n ? i + h : NaN));

describe('walk-forward', () => {
  it('expanding: trains on the past only, purging labels that reach into the test window', () => {
    const splits = walkForwardSplits({ n: 100, trainSize: 40, testSize: 20, t1: t1Of(100, 3) });
    expect(splits).toHaveLength(3);
    const s = splits[0]!;
    expect(Array.from(s.test)).toEqual(Array.from({ length: 20 }, (_, i) => 40 + i));
    expect(s.train.length).toBe(37); // rows 37..39 end at 40..42, inside the test window: purged
    expect(s.train[s.train.length - 1]).toBe(36);
    expect(splits[2]!.train[0]).toBe(0);
    expect(Array.from(splits[2]!.test).at(-1)).toBe(96); // rows 97..99 are unlabeled
  });
  it('rolling: a fixed-size training window', () => {
    const splits = walkForwardSplits({ n: 100, trainSize: 40, testSize: 20, mode: 'rolling' });
    expect(splits.map((s) => [s.train[0], s.train.length])).toEqual([[0, 40], [20, 40], [40, 40]]);
  });
  it('is deterministic', () => {
    expect(walkForwardSplits({ n: 500, trainSize: 100, testSize: 50 })).toEqual(walkForwardSplits({ n: 500, trainSize: 100, testSize: 50 }));
  });
});

describe('purged k-fold with embargo', () => {
  it('never trains on a row whose label overlaps the test fold, nor in the embargo after it', () => {
    const n = 120;
    const t1 = t1Of(n, 5);
    for (const { train, test } of purgedKFoldSplits({ n, k: 4, t1, embargo: 3 })) {
      const lo = test[0]!;
      const hi = Math.max(...Array.from(test, (i) => t1[i]!));
      for (const i of train) {
        const overlaps = i <= hi && t1[i]! >= lo;
        expect(overlaps, `row ${i} overlaps test [${lo}, ${hi}]`).toBe(false);
        expect(i > hi && i <= hi + 3, `row ${i} in the embargo after ${hi}`).toBe(false);
      }
      expect(train.length).toBeGreaterThan(0);
    }
  });
});

describe('holdout', () => {
  it('keeps the final rows untouched and purges development labels reaching into them', () => {
    const { development, holdout } = holdoutSplit({ n: 100, fraction: 0.2, t1: t1Of(100, 2) });
    expect(holdout[0]).toBe(80);
    expect(development.at(-1)).toBe(77);
  });
});

describe('bad parameters are typed errors', () => {
  it.each([
    ['train + test > n', () => walkForwardSplits({ n: 10, trainSize: 8, testSize: 5 })],
    ['testSize 0', () => walkForwardSplits({ n: 10, trainSize: 5, testSize: 0 })],
    ['unknown mode', () => walkForwardSplits({ n: 10, trainSize: 5, testSize: 2, mode: 'sliding' as 'rolling' })],
    ['k = 1', () => purgedKFoldSplits({ n: 10, k: 1 })],
    ['negative embargo', () => purgedKFoldSplits({ n: 10, k: 2, embargo: -1 })],
    ['a label ending before it starts', () => purgedKFoldSplits({ n: 3, k: 2, t1: Float64Array.from([0, 0, 2]) })],
    ['t1 of the wrong length', () => walkForwardSplits({ n: 10, trainSize: 5, testSize: 2, t1: new Float64Array(3) })],
    ['holdout fraction 1', () => holdoutSplit({ n: 10, fraction: 1 })],
  ])('%s', (_n, fn) => expect(fn).toThrowError(expect.objectContaining({ code: 'INVALID_PARAMETER' })));
});
