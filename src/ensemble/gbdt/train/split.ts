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

/** Slots per split candidate in a scan result: gain, feature, bin, default-left (0/1), G_L, H_L, C_L. */
export const SPLIT_SLOTS = 7;

/**
 * Scans the features `feats[0..nFeats-1]` of one node's histogram (laid out as in `histogram.ts`) for the best split
 * and writes it to `out[o .. o + SPLIT_SLOTS - 1]` (gain -Infinity and feature -1 when no candidate qualifies).
 * Ties keep the first candidate in feature, bin, missing-right-then-left order, so scanning consecutive feature
 * ranges and merging them in order with {@link takeBestSplit} gives the same split as one scan over all of them.
 * `sp` holds lambda, alpha, minChildWeight, minDataInLeaf. Self-contained (the worker backend ships its source).
 *
 * @example
 * ```ts
 * scanSplits(hist, G, H, C, feats, nFeats, nValueBins, binOffset, 2, Float64Array.of(1, 0, 1, 0), out, 0)
 * out[0] // the gain of the best split, -Infinity when none qualifies
 * ```
 */
export function scanSplits(hist: Float64Array, G: number, H: number, C: number, feats: Int32Array, nFeats: number, nValueBins: Int32Array, binOffset: Int32Array, S: number, sp: Float64Array, out: Float64Array, o: number): void {
  const lambda = sp[0]!, alpha = sp[1]!, mcw = sp[2]!, md = sp[3]!;
  // Each score is T(G)^2 / (H + lambda), T the L1 soft threshold (XGBoost CalcGain), written out inline: a nested
  // function would not survive shipping the source (transpilers wrap it in helpers the worker lacks).
  const tG = alpha > 0 ? (G > alpha ? G - alpha : G < -alpha ? G + alpha : 0) : G;
  const parent = (tG * tG) / (H + lambda);
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
        let a = GL, c = G - GL;
        if (alpha > 0) {
          a = a > alpha ? a - alpha : a < -alpha ? a + alpha : 0;
          c = c > alpha ? c - alpha : c < -alpha ? c + alpha : 0;
        }
        const gain = (a * a) / (HL + lambda) + (c * c) / (HR + lambda) - parent;
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
          let a = GL2, c = G - GL2;
          if (alpha > 0) {
            a = a > alpha ? a - alpha : a < -alpha ? a + alpha : 0;
            c = c > alpha ? c - alpha : c < -alpha ? c + alpha : 0;
          }
          const gain = (a * a) / (HL2 + lambda) + (c * c) / (HR + lambda) - parent;
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
  out[o] = best;
  out[o + 1] = bf;
  out[o + 2] = bb;
  out[o + 3] = bdl ? 1 : 0;
  out[o + 4] = bGL;
  out[o + 5] = bHL;
  out[o + 6] = bCL;
}

/**
 * Merges one {@link scanSplits} result (`res[o ..]`) into the node's best split: taken iff its gain is strictly
 * greater, so merging the scans of consecutive feature ranges in ascending order keeps the first best candidate.
 *
 * @example
 * ```ts
 * scanSplits(node.hist, node.G, node.H, node.C, feats, nFeats, nValueBins, binOffset, 2, sp, res, 0)
 * takeBestSplit(node, res, 0) // node.bestGain etc. now hold the scan's split if it beats the node's
 * ```
 */
export function takeBestSplit(node: GrowNode, res: Float64Array, o: number): void {
  if (!(res[o]! > node.bestGain)) return;
  node.bestGain = res[o]!;
  node.bestFeat = res[o + 1]!;
  node.bestBin = res[o + 2]!;
  node.bestDefaultLeft = res[o + 3] === 1;
  node.GL = res[o + 4]!;
  node.HL = res[o + 5]!;
  node.CL = res[o + 6]!;
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
