/**
 * Evaluation metrics used by the GBDT trainer (early stopping, progress) and its tests: ROC AUC, log loss, RMSE.
 * Checked against scikit-learn's `roc_auc_score`, `log_loss` and `mean_squared_error` in the trainer's fixtures.
 *
 * @module
 */

/**
 * Area under the ROC curve of `score` for binary labels `y` (0/1), optionally weighted: the probability that a
 * random positive scores higher than a random negative, ties counting one half (the Mann-Whitney statistic,
 * as sklearn's `roc_auc_score`). Returns NaN when one class is absent (or has zero weight).
 *
 * @example
 * ```ts
 * rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) // 0.75
 * ```
 */
export function rocAuc(y: ArrayLike<number>, score: ArrayLike<number>, weight?: ArrayLike<number>): number {
  const n = y.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const s = Float64Array.from({ length: n }, (_, i) => score[i]!);
  order.sort((a, b) => s[a]! - s[b]! || a - b);
  let negBelow = 0; // weight of negatives with a strictly lower score
  let area = 0;
  let wPos = 0, wNeg = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    let pos = 0, neg = 0;
    const v = s[order[i]!]!;
    while (j < n && s[order[j]!] === v) {
      const r = order[j]!;
      const w = weight ? weight[r]! : 1;
      if (y[r] === 1) pos += w;
      else neg += w;
      j++;
    }
    area += pos * (negBelow + 0.5 * neg);
    negBelow += neg;
    wPos += pos;
    wNeg += neg;
    i = j;
  }
  return wPos > 0 && wNeg > 0 ? area / (wPos * wNeg) : NaN;
}

/**
 * Mean binary cross-entropy `-(y log p + (1 - y) log(1 - p))`, optionally weighted (divided by the weight sum),
 * with p clipped to [1e-15, 1 - 1e-15] (sklearn's `log_loss` default at version 1.2).
 *
 * @example
 * ```ts
 * logLoss([0, 1], [0.5, 0.5]) // Math.LN2
 * ```
 */
export function logLoss(y: ArrayLike<number>, p: ArrayLike<number>, weight?: ArrayLike<number>): number {
  let sum = 0, wsum = 0;
  for (let i = 0; i < y.length; i++) {
    const w = weight ? weight[i]! : 1;
    let q = p[i]!;
    q = q < 1e-15 ? 1e-15 : q > 1 - 1e-15 ? 1 - 1e-15 : q;
    sum -= w * (y[i] === 1 ? Math.log(q) : Math.log(1 - q));
    wsum += w;
  }
  return sum / wsum;
}

/**
 * Root mean squared error, optionally weighted.
 *
 * @example
 * ```ts
 * rmse([0, 0], [3, 4]) // Math.sqrt(12.5)
 * ```
 */
export function rmse(y: ArrayLike<number>, pred: ArrayLike<number>, weight?: ArrayLike<number>): number {
  let sum = 0, wsum = 0;
  for (let i = 0; i < y.length; i++) {
    const w = weight ? weight[i]! : 1;
    const d = pred[i]! - y[i]!;
    sum += w * d * d;
    wsum += w;
  }
  return Math.sqrt(sum / wsum);
}
