/**
 * Gradient histograms over binned data, the inner loop of histogram-based tree training.
 *
 * A histogram covers the selected features of one tree node: for feature `f`, bin `b` (value bins, then the missing
 * bin) sits at `(binOffset[f] + b) * stride` and holds the sums of gradients and hessians of the node's rows in that
 * bin (`stride` 2), plus the row count (`stride` 3, needed only for `minDataInLeaf`).
 * Rows are summed in the order of the node's row list, one feature at a time, so the result does not depend on how
 * features are grouped (or split across threads).
 *
 * @module
 */

/**
 * Adds the rows `rows[start..end-1]` of a column-major bin matrix into `hist` (which the caller zeroed): the
 * histogram of one node.
 * `og`/`oh` are scratch buffers of length >= end - start (the gradients gathered in row-list order).
 *
 * @param hist     histogram, length >= (total bins) * stride
 * @param stride   2 (gradient, hessian) or 3 (gradient, hessian, count)
 * @param bins     column-major bins, `bins[f * n + r]`
 * @param n        number of rows of the bin matrix
 * @param feats    the features to build, ascending; `feats[0..nFeats-1]` are used
 * @param binOffset per feature, the index of its first bin in the histogram (in bins, not in doubles)
 *
 * @example
 * ```ts
 * buildHistogram(hist, 2, data.bins, data.rows, feats, feats.length, binOffset, rows, 0, rows.length, grad, hess, og, oh)
 * hist[binOffset[f] * 2 + 2 * b] // sum of the gradients of the rows whose feature f is in bin b
 * ```
 */
export function buildHistogram(
  hist: Float64Array,
  stride: 2 | 3,
  bins: Uint8Array,
  n: number,
  feats: Int32Array,
  nFeats: number,
  binOffset: Int32Array,
  rows: Uint32Array,
  start: number,
  end: number,
  grad: Float64Array,
  hess: Float64Array,
  og: Float64Array,
  oh: Float64Array,
): void {
  const m = end - start;
  for (let i = 0; i < m; i++) {
    const r = rows[start + i]!;
    og[i] = grad[r]!;
    oh[i] = hess[r]!;
  }
  (stride === 2 ? build2 : build3)(hist, bins, n, feats, nFeats, binOffset, rows, start, m, og, oh);
}

/**
 * The 2-stride kernel (gradient, hessian), eight features per pass: adds the rows `rows[s .. s+m-1]`, whose gathered
 * gradients are `og[0..m-1]` and hessians `oh[0..m-1]`, into `hist`. Loading the row index and the gradient pair
 * once for eight histogram updates measured 1.19x faster than four per pass (60,000 rows x 100 features, node sizes
 * of a depth-6 tree). Each (feature, bin) sum still adds the rows in row-list order, so the result does not depend
 * on the grouping. Self-contained (no outside references): the worker backend ships its source.
 *
 * @example
 * ```ts
 * build2(hist, bins, n, feats, nFeats, binOffset, rows, 0, n, og, oh) // hist[2 * (binOffset[f] + b)] += g of rows in bin b
 * ```
 */
export function build2(hist: Float64Array, bins: Uint8Array, n: number, feats: Int32Array, nFeats: number, binOffset: Int32Array, rows: Uint32Array, s: number, m: number, og: Float64Array, oh: Float64Array): void {
  let k = 0;
  for (; k + 8 <= nFeats; k += 8) {
    const f0 = feats[k]!, f1 = feats[k + 1]!, f2 = feats[k + 2]!, f3 = feats[k + 3]!;
    const f4 = feats[k + 4]!, f5 = feats[k + 5]!, f6 = feats[k + 6]!, f7 = feats[k + 7]!;
    const b0 = f0 * n, b1 = f1 * n, b2 = f2 * n, b3 = f3 * n, b4 = f4 * n, b5 = f5 * n, b6 = f6 * n, b7 = f7 * n;
    const h0 = binOffset[f0]! << 1, h1 = binOffset[f1]! << 1, h2 = binOffset[f2]! << 1, h3 = binOffset[f3]! << 1;
    const h4 = binOffset[f4]! << 1, h5 = binOffset[f5]! << 1, h6 = binOffset[f6]! << 1, h7 = binOffset[f7]! << 1;
    for (let i = 0; i < m; i++) {
      const r = rows[s + i]!;
      const g = og[i]!, h = oh[i]!;
      let j = h0 + (bins[b0 + r]! << 1);
      hist[j] = hist[j]! + g;
      hist[j + 1] = hist[j + 1]! + h;
      j = h1 + (bins[b1 + r]! << 1);
      hist[j] = hist[j]! + g;
      hist[j + 1] = hist[j + 1]! + h;
      j = h2 + (bins[b2 + r]! << 1);
      hist[j] = hist[j]! + g;
      hist[j + 1] = hist[j + 1]! + h;
      j = h3 + (bins[b3 + r]! << 1);
      hist[j] = hist[j]! + g;
      hist[j + 1] = hist[j + 1]! + h;
      j = h4 + (bins[b4 + r]! << 1);
      hist[j] = hist[j]! + g;
      hist[j + 1] = hist[j + 1]! + h;
      j = h5 + (bins[b5 + r]! << 1);
      hist[j] = hist[j]! + g;
      hist[j + 1] = hist[j + 1]! + h;
      j = h6 + (bins[b6 + r]! << 1);
      hist[j] = hist[j]! + g;
      hist[j + 1] = hist[j + 1]! + h;
      j = h7 + (bins[b7 + r]! << 1);
      hist[j] = hist[j]! + g;
      hist[j + 1] = hist[j + 1]! + h;
    }
  }
  for (; k + 2 <= nFeats; k += 2) {
    const f0 = feats[k]!, f1 = feats[k + 1]!;
    const b0 = f0 * n, b1 = f1 * n, h0 = binOffset[f0]! << 1, h1 = binOffset[f1]! << 1;
    for (let i = 0; i < m; i++) {
      const r = rows[s + i]!;
      const g = og[i]!, h = oh[i]!;
      let j = h0 + (bins[b0 + r]! << 1);
      hist[j] = hist[j]! + g;
      hist[j + 1] = hist[j + 1]! + h;
      j = h1 + (bins[b1 + r]! << 1);
      hist[j] = hist[j]! + g;
      hist[j + 1] = hist[j + 1]! + h;
    }
  }
  for (; k < nFeats; k++) {
    const f = feats[k]!;
    const b0 = f * n, h0 = binOffset[f]! << 1;
    for (let i = 0; i < m; i++) {
      const j = h0 + (bins[b0 + rows[s + i]!]! << 1);
      hist[j] = hist[j]! + og[i]!;
      hist[j + 1] = hist[j + 1]! + oh[i]!;
    }
  }
}

/**
 * The 3-stride kernel (gradient, hessian, count), otherwise {@link build2}. Self-contained, like it.
 *
 * @example
 * ```ts
 * build3(hist, bins, n, feats, nFeats, binOffset, rows, 0, n, og, oh) // hist[3 * (binOffset[f] + b) + 2] counts rows in bin b
 * ```
 */
export function build3(hist: Float64Array, bins: Uint8Array, n: number, feats: Int32Array, nFeats: number, binOffset: Int32Array, rows: Uint32Array, s: number, m: number, og: Float64Array, oh: Float64Array): void {
  let k = 0;
  for (; k + 4 <= nFeats; k += 4) {
    const f0 = feats[k]!, f1 = feats[k + 1]!, f2 = feats[k + 2]!, f3 = feats[k + 3]!;
    const b0 = f0 * n, b1 = f1 * n, b2 = f2 * n, b3 = f3 * n;
    const h0 = binOffset[f0]! * 3, h1 = binOffset[f1]! * 3, h2 = binOffset[f2]! * 3, h3 = binOffset[f3]! * 3;
    for (let i = 0; i < m; i++) {
      const r = rows[s + i]!;
      const g = og[i]!, h = oh[i]!;
      let j = h0 + bins[b0 + r]! * 3;
      hist[j] = hist[j]! + g;
      hist[j + 1] = hist[j + 1]! + h;
      hist[j + 2] = hist[j + 2]! + 1;
      j = h1 + bins[b1 + r]! * 3;
      hist[j] = hist[j]! + g;
      hist[j + 1] = hist[j + 1]! + h;
      hist[j + 2] = hist[j + 2]! + 1;
      j = h2 + bins[b2 + r]! * 3;
      hist[j] = hist[j]! + g;
      hist[j + 1] = hist[j + 1]! + h;
      hist[j + 2] = hist[j + 2]! + 1;
      j = h3 + bins[b3 + r]! * 3;
      hist[j] = hist[j]! + g;
      hist[j + 1] = hist[j + 1]! + h;
      hist[j + 2] = hist[j + 2]! + 1;
    }
  }
  for (; k < nFeats; k++) {
    const f = feats[k]!;
    const b0 = f * n, h0 = binOffset[f]! * 3;
    for (let i = 0; i < m; i++) {
      const j = h0 + bins[b0 + rows[s + i]!]! * 3;
      hist[j] = hist[j]! + og[i]!;
      hist[j + 1] = hist[j + 1]! + oh[i]!;
      hist[j + 2] = hist[j + 2]! + 1;
    }
  }
}

/**
 * The histogram subtraction trick: `parent[i] -= child[i]` over the given features' ranges, turning the parent's
 * histogram into the sibling's in place (`binEnd[f]` = one past the feature's last bin).
 *
 * Reference: Ke et al. (2017), "LightGBM: A Highly Efficient Gradient Boosting Decision Tree", NeurIPS, section 2.
 *
 * @example
 * ```ts
 * subtractHistogram(parentHist, leftHist, 2, feats, nFeats, binOffset, binEnd) // parentHist is now the right child's
 * ```
 */
export function subtractHistogram(parent: Float64Array, child: Float64Array, stride: number, feats: Int32Array, nFeats: number, binOffset: Int32Array, binEnd: Int32Array): void {
  for (let k = 0; k < nFeats; k++) {
    const f = feats[k]!;
    const a = binOffset[f]! * stride, b = binEnd[f]! * stride;
    for (let i = a; i < b; i++) parent[i] = parent[i]! - child[i]!;
  }
}

/**
 * Zeroes the given features' ranges of a histogram (for reuse from the pool).
 *
 * @example
 * ```ts
 * clearHistogram(hist, 2, feats, nFeats, binOffset, binEnd) // hist is 0 on those features' bins
 * ```
 */
export function clearHistogram(hist: Float64Array, stride: number, feats: Int32Array, nFeats: number, binOffset: Int32Array, binEnd: Int32Array): void {
  for (let k = 0; k < nFeats; k++) {
    const f = feats[k]!;
    hist.fill(0, binOffset[f]! * stride, binEnd[f]! * stride);
  }
}
