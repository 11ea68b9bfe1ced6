/**
 * The complete-tree block scorer (src/ensemble/gbdt/predict-block.ts) against an independent reference: a plain
 * recursive walk of the node arrays with XGBoost's rule (go left iff float32(x) < threshold, NaN to the default
 * side) and a float32 sum in tree order, written here without the packed layouts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeatureMismatchError } from '../../src/ensemble/errors.js';
import { nextUpFloat32 } from '../../src/ensemble/gbdt/float32.js';
import { TreeEnsembleModel } from '../../src/ensemble/gbdt/model.js';
import { completeTrees } from '../../src/ensemble/gbdt/predict-block.js';
import type { TreeEnsembleInit } from '../../src/ensemble/gbdt/trees.js';

/** A tree as nested objects: a leaf value or a split. */
type Tree = number | { f: number; t: number; dl: boolean; l: Tree; r: Tree };

/** Values that sit on the edges of float32 comparison: signed zeros, subnormals, infinities, float32 neighbours. */
const EDGES = [0, -0, 1.401298464324817e-45, -1.401298464324817e-45, 1, -1, 0.5, Math.fround(0.1), 0.1, 3.4028234663852886e38, -3.4028234663852886e38, Infinity, -Infinity, 1e-40, -2.5];

const value = fc.oneof(fc.constantFrom(...EDGES), fc.float({ noNaN: true, min: -4, max: 4 }).map(Math.fround));
const threshold = fc.oneof(fc.constantFrom(...EDGES.filter((v) => v !== -Infinity)), fc.float({ noNaN: true, noDefaultInfinity: true, min: -4, max: 4 }).map(Math.fround));
const leafValue = fc.float({ noNaN: true, noDefaultInfinity: true, min: -2, max: 2 }).map(Math.fround);

function treeArb(nFeatures: number, depth: number): fc.Arbitrary<Tree> {
  if (depth === 0) return leafValue;
  return fc.oneof(
    { weight: 1, arbitrary: leafValue },
    {
      weight: 3,
      arbitrary: fc.record({ f: fc.integer({ min: 0, max: nFeatures - 1 }), t: threshold, dl: fc.boolean(), l: treeArb(nFeatures, depth - 1), r: treeArb(nFeatures, depth - 1) }),
    },
  );
}

/** Flattens trees into the node arrays of a `TreeEnsembleModel` (preorder, absolute child indices). */
function toInit(trees: Tree[], nFeatures: number, numClass: number, sumMode: 'float32' | 'float64'): TreeEnsembleInit {
  const feature: number[] = [], thr: number[] = [], left: number[] = [], right: number[] = [], dl: number[] = [], val: number[] = [], starts = [0];
  const add = (t: Tree): number => {
    const n = feature.length;
    feature.push(-1), thr.push(0), left.push(-1), right.push(-1), dl.push(0), val.push(0);
    if (typeof t === 'number') val[n] = t;
    else {
      feature[n] = t.f, thr[n] = t.t, dl[n] = t.dl ? 1 : 0;
      left[n] = add(t.l);
      right[n] = add(t.r);
    }
    return n;
  };
  for (const t of trees) {
    add(t);
    starts.push(feature.length);
  }
  return {
    nFeatures, numClass, sumMode, objective: numClass > 1 ? 'multiclass' : 'binary:logitraw', baseMargin: 0.25,
    treeStart: Int32Array.from(starts), feature: Int32Array.from(feature), threshold: Float64Array.from(thr),
    left: Int32Array.from(left), right: Int32Array.from(right), defaultLeft: Uint8Array.from(dl), value: Float64Array.from(val),
  };
}

/** The reference: each row walks each tree recursively; margins summed per class in tree order. */
function reference(trees: Tree[], X: ArrayLike<number>, rows: number, cols: number, numClass: number, sumMode: 'float32' | 'float64'): Float64Array {
  const round = sumMode === 'float32' ? Math.fround : (v: number) => v;
  const out = new Float64Array(rows * numClass);
  for (let r = 0; r < rows; r++) {
    const sums = new Array<number>(numClass).fill(round(0.25));
    trees.forEach((tree, k) => {
      let t = tree;
      while (typeof t !== 'number') {
        const x = X[r * cols + t.f]!;
        t = Number.isNaN(x) ? (t.dl ? t.l : t.r) : Math.fround(x) < t.t ? t.l : t.r;
      }
      sums[k % numClass] = round(sums[k % numClass]! + t);
    });
    for (let c = 0; c < numClass; c++) out[r * numClass + c] = sums[c]!;
  }
  return out;
}

const COLS = 5;
const caseArb = fc.record({
  trees: fc.array(treeArb(COLS, 5), { minLength: 1, maxLength: 12 }),
  rows: fc.integer({ min: 1, max: 140 }),
  numClass: fc.constantFrom(1, 3),
  sumMode: fc.constantFrom('float32' as const, 'float64' as const),
  f32: fc.boolean(),
  nanRate: fc.constantFrom(0, 0.05, 0.5),
  seed: fc.integer(),
});

describe('complete-tree block scorer', () => {
  it('equals the recursive reference on random ensembles, inputs with NaN, signed zeros, infinities and float32 edges (fast-check)', () => {
    fc.assert(
      fc.property(caseArb, fc.array(value, { minLength: 1, maxLength: 64 }), ({ trees, rows, numClass, sumMode, f32, nanRate, seed }, pool) => {
        const model = new TreeEnsembleModel(toInit(trees, COLS, numClass, sumMode));
        expect(completeTrees(model)).toBeDefined();
        let s = seed >>> 0;
        const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
        const data = (f32 ? new Float32Array(rows * COLS) : new Float64Array(rows * COLS)).map(() => (rand() < nanRate ? NaN : pool[Math.floor(rand() * pool.length)]!));
        const got = model.predictRaw({ rows, cols: COLS, data }).data;
        const want = reference(trees, data, rows, COLS, numClass, sumMode);
        expect(Array.from(got)).toEqual(Array.from(want));
      }),
      { numRuns: 300 },
    );
  });

  it('a value exactly at the threshold goes right, its float32 predecessor left, NaN per defaultLeft (hand-computed)', () => {
    // stump on feature 0 at 0.5 (defaultLeft), then a stump on feature 1 at -0 (default right)
    const trees: Tree[] = [{ f: 0, t: 0.5, dl: true, l: -1, r: 1 }, { f: 1, t: -0, dl: false, l: 10, r: 20 }];
    const model = new TreeEnsembleModel(toInit(trees, 2, 1, 'float32'));
    const below = 0.49999997019767761; // nextDown(0.5) in float32
    const X = Float64Array.of(0.5, -0, below, 0, NaN, NaN, 0.5000000001, -1e-45);
    const got = model.predictRaw({ rows: 4, cols: 2, data: X }).data;
    // row 0: 0.5 -> right (+1); -0 < -0 false -> right (+20) ; 0.25 + 1 + 20
    // row 1: below -> left (-1); 0 -> right (+20)
    // row 2: NaN -> left (-1); NaN -> right (+20)
    // row 3: 0.5000000001 rounds to 0.5 in float32 -> right (+1); -1e-45 rounds to -1.4e-45 < -0 -> left (+10)
    expect(Array.from(got)).toEqual([21.25, 19.25, 19.25, 11.25]);
  });

  it('mirrors default-left splits with nextUp(-t): t = +Infinity and float32 max are exact, t = -Infinity falls back', () => {
    expect(nextUpFloat32(-Infinity)).toBe(-3.4028234663852886e38);
    for (const t of [Infinity, 3.4028234663852886e38, -3.4028234663852886e38]) {
      const trees: Tree[] = [{ f: 0, t, dl: true, l: 1, r: 2 }];
      const model = new TreeEnsembleModel(toInit(trees, 1, 1, 'float32'));
      expect(completeTrees(model)).toBeDefined();
      const X = Float64Array.of(Infinity, -Infinity, 3.4028234663852886e38, -3.4028234663852886e38, NaN, 0);
      expect(Array.from(model.predictRaw({ rows: 6, cols: 1, data: X }).data)).toEqual(Array.from(reference(trees, X, 6, 1, 1, 'float32')));
    }
    const neg: Tree[] = [{ f: 0, t: -Infinity, dl: true, l: 1, r: 2 }];
    const model = new TreeEnsembleModel(toInit(neg, 1, 1, 'float32'));
    expect(completeTrees(model)).toBeUndefined();
    const X = Float64Array.of(-Infinity, NaN, 0);
    expect(Array.from(model.predictRaw({ rows: 3, cols: 1, data: X }).data)).toEqual([2.25, 1.25, 2.25]);
  });

  it('pads each tree to its own depth: 2^d - 1 splits and 2^d leaves per tree', () => {
    const deep: Tree = { f: 0, t: 0, dl: false, l: { f: 1, t: 1, dl: true, l: { f: 0, t: -1, dl: false, l: 1, r: 2 }, r: 3 }, r: 4 };
    const model = new TreeEnsembleModel(toInit([deep, 7, { f: 1, t: 0, dl: false, l: 5, r: 6 }], 2, 1, 'float32'));
    const ct = completeTrees(model)!;
    expect(Array.from(ct.depth)).toEqual([3, 0, 1]);
    expect(Array.from(ct.nodeOff)).toEqual([0, 7, 7]);
    expect(Array.from(ct.leafOff)).toEqual([0, 8, 9]);
    expect(ct.plain.T.length).toBe(8);
    expect(ct.plain.V.length).toBe(11);
    expect(Array.from(ct.negated)).toEqual([1]);
  });

  it('falls back to the node-walking kernel for a lopsided deep tree (depth 24) and still equals the reference', () => {
    let t: Tree = 1;
    for (let d = 0; d < 24; d++) t = { f: d % 2, t: d / 10, dl: d % 3 === 0, l: t, r: -d };
    const model = new TreeEnsembleModel(toInit([t], 2, 1, 'float32'));
    expect(completeTrees(model)).toBeUndefined();
    const X = Float32Array.of(0.05, 0.3, NaN, 2, 3, NaN, 0, 0);
    expect(Array.from(model.predictRaw({ rows: 4, cols: 2, data: X }).data)).toEqual(Array.from(reference([t], X, 4, 2, 1, 'float32')));
  });

  it('throws FeatureMismatchError (FEATURE_MISMATCH) naming both widths when X has the wrong number of columns', () => {
    const model = new TreeEnsembleModel(toInit([{ f: 0, t: 0, dl: false, l: 1, r: 2 }], 2, 1, 'float32'));
    const call = () => model.predictRaw({ rows: 1, cols: 3, data: new Float32Array(3) });
    expect(call).toThrow(FeatureMismatchError);
    expect(call).toThrow(expect.objectContaining({ code: 'FEATURE_MISMATCH', message: expect.stringContaining('input has 3 column(s), the model expects 2') }));
  });

  it('throws FeatureMismatchError (FEATURE_MISMATCH) when the data length is not rows * cols', () => {
    const model = new TreeEnsembleModel(toInit([{ f: 0, t: 0, dl: false, l: 1, r: 2 }], 2, 1, 'float32'));
    const call = () => model.predictRaw({ rows: 3, cols: 2, data: new Float32Array(5) });
    expect(call).toThrow(FeatureMismatchError);
    expect(call).toThrow(expect.objectContaining({ code: 'FEATURE_MISMATCH', message: expect.stringContaining('expected rows * cols = 3 * 2') }));
  });
});
