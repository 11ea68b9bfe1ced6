/**
 * Property tests of the splitters (issue 13, items 5 and 10): train and test are disjoint and sorted, purging and
 * the embargo hold, no training label overlaps a test label's window, the sizes are the documented ones, the
 * purged k-fold equals a brute-force reference, and large n with tiny test windows stays fast and small.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { purgedKFoldSplits, walkForwardSplits, type Split } from '../../src/labels/index.js';

/** Label ends: NaN (unlabeled) or i + h, h in [0, 12], sometimes past the last row. */
const ends = (n: number) =>
  fc.array(fc.oneof({ weight: 1, arbitrary: fc.constant(-1) }, { weight: 5, arbitrary: fc.integer({ min: 0, max: 12 }) }), { minLength: n, maxLength: n }).map((hs) => Float64Array.from(hs, (h, i) => (h < 0 ? NaN : i + h)));

const withT1 = fc.integer({ min: 2, max: 120 }).chain((n) => fc.record({ n: fc.constant(n), t1: fc.option(ends(n), { nil: undefined }) }));

const rows = (a: Int32Array) => Array.from(a);
const end = (t1: Float64Array | undefined, i: number) => (t1 === undefined ? i : t1[i]!);
const labeled = (t1: Float64Array | undefined, i: number) => !Number.isNaN(end(t1, i));

const sorted = (a: Int32Array) => a.every((x, i) => i === 0 || x > a[i - 1]!);

function expectSortedDisjoint({ train, test }: Split): void {
  expect(sorted(train) && sorted(test)).toBe(true);
  const inTest = new Set(rows(test));
  expect(rows(train).filter((i) => inTest.has(i))).toEqual([]);
}

describe('walkForwardSplits', () => {
  const options = withT1.chain(({ n, t1 }) =>
    fc
      .record({ trainSize: fc.integer({ min: 1, max: n - 1 }), testSize: fc.integer({ min: 1, max: n - 1 }), step: fc.option(fc.integer({ min: 1, max: n }), { nil: undefined }), mode: fc.constantFrom('expanding' as const, 'rolling' as const) })
      .filter((o) => o.trainSize + o.testSize <= n)
      .map((o) => ({ n, t1, ...o })),
  );

  it('trains only on the past, purges labels reaching the test window, and has the documented sizes', () => {
    fc.assert(
      fc.property(options, (o) => {
        const splits = walkForwardSplits(o);
        const step = o.step ?? o.testSize;
        expect(splits.length).toBe(Math.floor((o.n - o.trainSize - o.testSize) / step) + 1);
        splits.forEach((split, j) => {
          const s = o.trainSize + j * step;
          const from = o.mode === 'rolling' ? s - o.trainSize : 0;
          expectSortedDisjoint(split);
          const expectTrain = Array.from({ length: s - from }, (_, k) => from + k).filter((i) => end(o.t1, i) < s);
          const expectTest = Array.from({ length: o.testSize }, (_, k) => s + k).filter((i) => labeled(o.t1, i));
          expect(rows(split.train)).toEqual(expectTrain);
          expect(rows(split.test)).toEqual(expectTest);
          if (o.t1 === undefined) expect([split.train.length, split.test.length]).toEqual([s - from, o.testSize]);
          const lastTrainEnd = Math.max(-1, ...rows(split.train).map((i) => end(o.t1, i)));
          expect(lastTrainEnd).toBeLessThan(split.test[0] ?? Infinity); // no train label reaches a test row
        });
      }),
      { numRuns: 200 },
    );
  });
});

/** The purged k-fold as first written: one O(n) pass per fold over every row. */
function bruteForceKFold(n: number, k: number, t1: Float64Array | undefined, embargo: number): number[][][] {
  return Array.from({ length: k }, (_, f) => {
    const start = Math.floor((f * n) / k);
    const stop = Math.floor(((f + 1) * n) / k);
    let testEnd = start;
    for (let i = start; i < stop; i++) if (labeled(t1, i)) testEnd = Math.max(testEnd, end(t1, i) + 1);
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) {
      if (!labeled(t1, i)) continue;
      if (i >= start && i < stop) test.push(i);
      else if (!(i < testEnd && end(t1, i) >= start) && !(i >= stop && i < testEnd + embargo)) train.push(i);
    }
    return [train, test];
  });
}

describe('purgedKFoldSplits', () => {
  const options = withT1.chain(({ n, t1 }) => fc.record({ n: fc.constant(n), t1: fc.constant(t1), k: fc.integer({ min: 2, max: Math.min(n, 12) }), embargo: fc.integer({ min: 0, max: 15 }) }));

  it('equals the brute-force reference; folds partition the labeled rows; purge and embargo hold', () => {
    fc.assert(
      fc.property(options, (o) => {
        const splits = purgedKFoldSplits(o);
        expect(splits.map((s) => [rows(s.train), rows(s.test)])).toEqual(bruteForceKFold(o.n, o.k, o.t1, o.embargo));
        const allTest = splits.flatMap((s) => rows(s.test));
        expect(allTest).toEqual(Array.from({ length: o.n }, (_, i) => i).filter((i) => labeled(o.t1, i)));
        for (const split of splits) {
          expectSortedDisjoint(split);
          if (split.test.length === 0) continue;
          const lo = split.test[0]!;
          const hi = Math.max(...rows(split.test).map((i) => end(o.t1, i)));
          const overlapping = rows(split.train).filter((i) => !labeled(o.t1, i) || (i <= hi && end(o.t1, i) >= lo));
          const embargoed = rows(split.train).filter((i) => i > hi && i <= hi + o.embargo);
          expect([overlapping, embargoed], `train rows overlapping the test labels [${lo}, ${hi}] or in the embargo after`).toEqual([[], []]);
        }
      }),
      { numRuns: 200 },
    );
  });
});

/** Runs `make` and checks it took under 2 s (the eager version needed ~18 GB and aborted) and under 100 MB of heap. */
function fastAndSmall<T>(make: () => T): T {
  const before = process.memoryUsage().heapUsed;
  const started = performance.now();
  const value = make();
  expect(performance.now() - started).toBeLessThan(2_000);
  expect(process.memoryUsage().heapUsed - before).toBeLessThan(100e6);
  return value;
}

describe('splits are built on read: memory is bounded by the number of splits', () => {
  it('walkForwardSplits({ n: 100_000, trainSize: 10_000, testSize: 1 }) (once ~18 GB) is fast and small', () => {
    const splits = fastAndSmall(() => walkForwardSplits({ n: 100_000, trainSize: 10_000, testSize: 1 }));
    expect(splits).toHaveLength(90_000);
    const last = splits.at(-1)!;
    expect([last.train.length, last.train.at(-1), rows(last.test)]).toEqual([99_999, 99_998, [99_999]]);
  });

  it('a purged k-fold with as many folds as rows (n = k = 200,000) is fast and small', () => {
    const folds = fastAndSmall(() => purgedKFoldSplits({ n: 200_000, k: 200_000, embargo: 3 }));
    expect(rows(folds[100]!.test)).toEqual([100]);
    expect(folds[100]!.train.length).toBe(200_000 - 1 - 3);
  });
});
