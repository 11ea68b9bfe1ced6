/**
 * Split finding of the tree grower on a node's gradient histogram (Chen & Guestrin 2016, "XGBoost: A Scalable Tree
 * Boosting System", section 2.2, with XGBoost's L1 term). A split's gain is
 * `T(G_L)^2 / (H_L + lambda) + T(G_R)^2 / (H_R + lambda) - T(G)^2 / (H + lambda)` with
 * `T(G) = sign(G) max(|G| - alpha, 0)` (XGBoost's `loss_chg`, without the factor 1/2), searched over every value-bin
 * boundary of every selected feature and both directions for the missing bin (the missing direction is learned per
 * split). A candidate needs hessian sum >= `minChildWeight` and > 0 on both sides and at least `minDataInLeaf` rows.
 *
 * @module
 */
import type { ResolvedGBDTParams } from './params.js';

/** A node being grown: its row segment, sums, histogram and best split. */
export interface GrowNode {
  id: number;
  start: number;
  end: number;
  depth: number;
  G: number;
  H: number;
  C: number;
  hist: Float64Array | null;
  bestGain: number;
  bestFeat: number;
  bestBin: number;
  bestDefaultLeft: boolean;
  GL: number;
  HL: number;
  CL: number;
}

/**
 * Finds the best split of `node` from its histogram (`node.hist`, laid out as in `histogram.ts`) over the features
 * `feats[0..nFeats-1]`, and records it in the node's `best*`, `GL`, `HL` and `CL` fields (`bestFeat` -1 when no
 * candidate qualifies). Ties keep the first candidate in feature, bin, missing-right-then-left order.
 *
 * @example
 * ```ts
 * findBestSplit(node, feats, nFeats, nValueBins, binOffset, 2, P)
 * node.bestGain // the gain of the best split, -Infinity when none qualifies
 * ```
 */
export function findBestSplit(node: GrowNode, feats: Int32Array, nFeats: number, nValueBins: Int32Array, binOffset: Int32Array, stride: number, P: ResolvedGBDTParams): void {
  const hist = node.hist!;
  const S = stride;
  const lambda = P.lambda, alpha = P.alpha, mcw = P.minChildWeight, md = P.minDataInLeaf;
  const G = node.G, H = node.H, C = node.C;
  const parent = score(G, H, lambda, alpha);
  let best = -Infinity, bf = -1, bb = 0, bdl = false, bGL = 0, bHL = 0, bCL = 0;
  for (let k = 0; k < nFeats; k++) {
    const f = feats[k]!;
    const nb = nValueBins[f]!;
    const off = binOffset[f]! * S;
    const mo = off + nb * S;
    const gm = hist[mo]!, hm = hist[mo + 1]!, cm = S === 3 ? hist[mo + 2]! : 0;
    const hasMissing = hm !== 0 || cm !== 0;
    let GL = 0, HL = 0, CL = 0;
    for (let b = 0, j = off; b < nb - 1; b++, j += S) {
      GL += hist[j]!;
      HL += hist[j + 1]!;
      if (S === 3) CL += hist[j + 2]!;
      // Missing rows go right.
      let HR = H - HL;
      if (HL >= mcw && HR >= mcw && HL > 0 && HR > 0 && (md === 0 || (CL >= md && C - CL >= md))) {
        const gain = score(GL, HL, lambda, alpha) + score(G - GL, HR, lambda, alpha) - parent;
        if (gain > best) {
          best = gain;
          bf = f;
          bb = b;
          bdl = !hasMissing && HL >= HR; // no missing here: send unseen NaN to the heavier side
          bGL = GL;
          bHL = HL;
          bCL = CL;
        }
      }
      if (hasMissing) {
        // Missing rows go left.
        const GL2 = GL + gm, HL2 = HL + hm, CL2 = CL + cm;
        HR = H - HL2;
        if (HL2 >= mcw && HR >= mcw && HL2 > 0 && HR > 0 && (md === 0 || (CL2 >= md && C - CL2 >= md))) {
          const gain = score(GL2, HL2, lambda, alpha) + score(G - GL2, HR, lambda, alpha) - parent;
          if (gain > best) {
            best = gain;
            bf = f;
            bb = b;
            bdl = true;
            bGL = GL2;
            bHL = HL2;
            bCL = CL2;
          }
        }
      }
    }
  }
  node.bestGain = best;
  node.bestFeat = bf;
  node.bestBin = bb;
  node.bestDefaultLeft = bdl;
  node.GL = bGL;
  node.HL = bHL;
  node.CL = bCL;
}

/** `T(G)^2 / (H + lambda)` with `T` the L1 soft threshold (XGBoost `CalcGain`). */
function score(G: number, H: number, lambda: number, alpha: number): number {
  if (alpha > 0) G = G > alpha ? G - alpha : G < -alpha ? G + alpha : 0;
  return (G * G) / (H + lambda);
}

/**
 * The optimal leaf weight `-T(G) / (H + lambda)` (XGBoost `CalcWeight`); 0 when H + lambda is 0.
 *
 * @example
 * ```ts
 * leafWeight(-3, 2, 1, 0) // 1
 * leafWeight(-3, 2, 1, 1) // 0.6666666666666666 (|G| shrunk by alpha = 1)
 * ```
 */
export function leafWeight(G: number, H: number, lambda: number, alpha: number): number {
  if (alpha > 0) G = G > alpha ? G - alpha : G < -alpha ? G + alpha : 0;
  const d = H + lambda;
  return d > 0 ? -G / d : 0;
}
