/**
 * The trainer's growth-step task (train/hist-task.ts) and split scan (train/split.ts), against independent
 * references: histograms from naive per-row sums, splits from a brute force that sums each candidate's left rows
 * directly. The scan of consecutive feature ranges merged in order must equal one scan over all of them, bit for
 * bit (fast-check).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InternalError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { emptyTask, localHistogramBuilder, type TaskLayout } from '../../src/ensemble/gbdt/train/hist-task.js';
import { scanSplits, SPLIT_SLOTS, takeBestSplit, type GrowNode } from '../../src/ensemble/gbdt/train/split.js';

/** Random column-major bins (feature f has nb[f] value bins and a missing bin nb[f]) and gradients. */
function makeData(seed: number, n: number, F: number) {
  const rng = new Rng(seed);
  const nb = Int32Array.from({ length: F }, (_, f) => 2 + ((f * 7) % 13));
  const binOffset = new Int32Array(F), binEnd = new Int32Array(F);
  let off = 0;
  for (let f = 0; f < F; f++) {
    binOffset[f] = off;
    off += nb[f]! + 1;
    binEnd[f] = off;
  }
  const bins = new Uint8Array(F * n);
  for (let f = 0; f < F; f++) {
    for (let r = 0; r < n; r++) bins[f * n + r] = f % 3 === 0 && rng.uniform() < 0.1 ? nb[f]! : Math.floor(rng.uniform() * nb[f]!);
  }
  const grad = Float64Array.from({ length: n }, () => rng.uniform() - 0.45);
  const hess = Float64Array.from({ length: n }, () => 0.05 + 0.2 * rng.uniform());
  const layout: TaskLayout = { bins, n, stride: 2, binOffset, binEnd, nValueBins: nb, splitParams: Float64Array.of(1, 0, 0.5, 0) };
  return { layout, grad, hess, histLen: off * 2 };
}

/** Naive histogram of the given rows: a loop over rows and features with no grouping. */
function naiveHist(L: TaskLayout, rows: ArrayLike<number>, grad: Float64Array, hess: Float64Array, histLen: number): Float64Array {
  const h = new Float64Array(histLen);
  for (let f = 0; f < L.binOffset.length; f++) {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const j = 2 * (L.binOffset[f]! + L.bins[f * L.n + r]!);
      h[j] = h[j]! + grad[r]!;
      h[j + 1] = h[j + 1]! + hess[r]!;
    }
  }
  return h;
}

/** Brute-force best split: each candidate's left sums taken straight from the rows. */
function bruteSplit(L: TaskLayout, rows: ArrayLike<number>, grad: Float64Array, hess: Float64Array) {
  const [lambda, , mcw] = L.splitParams;
  const sc = (g: number, h: number) => (g * g) / (h + lambda!);
  let G = 0, H = 0;
  for (let i = 0; i < rows.length; i++) {
    G += grad[rows[i]!]!;
    H += hess[rows[i]!]!;
  }
  let best = { gain: -Infinity, feat: -1, bin: 0, dl: false };
  for (let f = 0; f < L.binOffset.length; f++) {
    const nb = L.nValueBins[f]!;
    const hasMissing = Array.from(rows).some((r) => L.bins[f * L.n + r] === nb);
    for (let b = 0; b < nb - 1; b++) {
      for (const dl of hasMissing ? [false, true] : [false]) {
        let GL = 0, HL = 0;
        for (let i = 0; i < rows.length; i++) {
          const v = L.bins[f * L.n + rows[i]!]!;
          if (v === nb ? dl : v <= b) {
            GL += grad[rows[i]!]!;
            HL += hess[rows[i]!]!;
          }
        }
        const HR = H - HL;
        if (HL < mcw! || HR < mcw! || HL <= 0 || HR <= 0) continue;
        const gain = sc(GL, HL) + sc(G - GL, HR) - sc(G, H);
        if (gain > best.gain + 1e-12) best = { gain, feat: f, bin: b, dl: dl || (!hasMissing && HL >= HR) };
      }
    }
  }
  return { best, G, H };
}

function node(G: number, H: number, C: number, hist: Float64Array): GrowNode {
  return { id: 0, start: 0, end: C, depth: 0, G, H, C, hist, bestGain: -Infinity, bestFeat: -1, bestBin: 0, bestDefaultLeft: false, GL: 0, HL: 0, CL: 0 };
}

describe('gbdt growth-step task', () => {
  const n = 400, F = 11;
  const { layout: L, grad, hess, histLen } = makeData(7, n, F);
  const feats = Int32Array.from({ length: F }, (_, f) => f);
  const rows = Uint32Array.from({ length: n }, (_, i) => i);
  // Node A = rows 0..149 (the smaller child), node B = rows 150..399, parent = all rows.
  const rowsA = Array.from({ length: 150 }, (_, i) => i), rowsB = Array.from({ length: n - 150 }, (_, i) => 150 + i);

  it('builds, subtracts and scans as the naive references do', () => {
    const builder = localHistogramBuilder();
    builder.prepare(L);
    const og = new Float64Array(n), oh = new Float64Array(n);
    const parent = new Float64Array(histLen), small = new Float64Array(histLen);
    const t = emptyTask();
    t.build.push(parent);
    t.starts.push(0);
    t.ends.push(n);
    builder.run(t, feats, F, rows, grad, hess, og, oh);
    const naiveAll = naiveHist(L, rows, grad, hess, histLen);
    for (let i = 0; i < histLen; i++) expect(parent[i]).toBeCloseTo(naiveAll[i]!, 12);

    const { best: refA, G: GA, H: HA } = bruteSplit(L, rowsA, grad, hess);
    const { best: refB, G: GB, H: HB } = bruteSplit(L, rowsB, grad, hess);
    const t2 = emptyTask();
    t2.build.push(small);
    t2.starts.push(0);
    t2.ends.push(150);
    t2.parents.push(parent);
    t2.smalls.push(small);
    t2.scan.push(small, parent);
    t2.sums.push(GA, HA, 150, GB, HB, n - 150);
    const res = builder.run(t2, feats, F, rows, grad, hess, og, oh);
    const naiveA = naiveHist(L, rowsA, grad, hess, histLen), naiveB = naiveHist(L, rowsB, grad, hess, histLen);
    for (let i = 0; i < histLen; i++) {
      expect(small[i]).toBeCloseTo(naiveA[i]!, 12);
      expect(parent[i]).toBeCloseTo(naiveB[i]!, 12); // the parent's buffer now holds the sibling
    }
    for (const [q, ref] of [[0, refA], [1, refB]] as const) {
      const o = q * SPLIT_SLOTS;
      expect(ref.feat).toBeGreaterThanOrEqual(0);
      expect(res[o]).toBeCloseTo(ref.gain, 9);
      expect([res[o + 1], res[o + 2], res[o + 3] === 1]).toEqual([ref.feat, ref.bin, ref.dl]);
    }
  });

  it('scans of consecutive feature ranges, merged in order, equal one scan over all features (bit for bit)', () => {
    const hist = naiveHist(L, rowsA, grad, hess, histLen);
    const { G, H } = bruteSplit(L, rowsA, grad, hess);
    const whole = new Float64Array(SPLIT_SLOTS);
    scanSplits(hist, G, H, 150, feats, F, L.nValueBins, L.binOffset, 2, L.splitParams, whole, 0);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: F - 1 }), { maxLength: 4 }), (cuts) => {
        const bounds = [0, ...cuts.sort((a, b) => a - b), F];
        const parts = new Float64Array(SPLIT_SLOTS * (bounds.length - 1));
        for (let p = 0; p + 1 < bounds.length; p++) {
          const sub = feats.subarray(bounds[p]!, bounds[p + 1]!);
          scanSplits(hist, G, H, 150, sub, sub.length, L.nValueBins, L.binOffset, 2, L.splitParams, parts, p * SPLIT_SLOTS);
        }
        const nd = node(G, H, 150, hist);
        for (let p = 0; p + 1 < bounds.length; p++) takeBestSplit(nd, parts, p * SPLIT_SLOTS);
        expect([nd.bestGain, nd.bestFeat, nd.bestBin, nd.bestDefaultLeft ? 1 : 0, nd.GL, nd.HL, nd.CL]).toEqual(Array.from(whole));
      }),
      { seed: 18, numRuns: 60 },
    );
  });

  it('a scan with no qualifying candidate reports gain -Infinity and feature -1', () => {
    const hist = naiveHist(L, [0], grad, hess, histLen);
    const out = new Float64Array(SPLIT_SLOTS);
    scanSplits(hist, grad[0]!, hess[0]!, 1, feats, F, L.nValueBins, L.binOffset, 2, L.splitParams, out, 0);
    expect([out[0], out[1]]).toEqual([-Infinity, -1]);
  });

  it('running a task before prepare() throws InternalError', () => {
    const b = localHistogramBuilder();
    const err = (() => {
      try {
        b.run(emptyTask(), feats, F, rows, grad, hess, new Float64Array(n), new Float64Array(n));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(InternalError);
    expect((err as InternalError).code).toBe('INTERNAL');
    expect((err as InternalError).message).toContain('prepare');
  });
});
