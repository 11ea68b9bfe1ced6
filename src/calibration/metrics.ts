/**
 * Classification and regression metrics, with confidence intervals where they are proportions: Wilson intervals,
 * accuracy and balanced accuracy, ROC AUC, log loss, Brier score, RMSE, accuracy by confidence and the
 * coverage-accuracy curve. The one implementation of each metric in the library: ROC AUC, log loss, Brier score and
 * RMSE take optional sample weights and `MetricOptions` (the GBDT trainer uses {@link rocAuc}, {@link logLoss} and
 * {@link rmse} with weights and `validate: false`; `brierDecomposition` uses {@link brierScore}). Inputs are checked
 * by inputs.ts, as in the rest of the module. Checked against scikit-learn and statsmodels in the tests.
 *
 * @module
 */
import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';
import { checkAligned, checkValue, checkWeights, validating, type MetricOptions } from './inputs.js';

/** A proportion with its Wilson 95% interval. */
export interface Proportion {
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
  /** Number of samples it is computed on. */
  readonly n: number;
}

const Z95 = 1.959963984540054;

/**
 * Wilson score interval for k successes in n trials at 95%:
 * (p + z^2/2n +- z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n).
 * `n` must be an integer >= 1 and `k` a number in [0, n] (a weighted count may be fractional); otherwise
 * `InvalidParameterError` naming the one at fault.
 *
 * Reference: Wilson (1927), JASA 22(158). Agrees with statsmodels' proportion_confint(method='wilson').
 *
 * @example
 * ```ts
 * wilsonInterval(520, 1000) // { value: 0.52, lower: 0.489017724657519, upper: 0.5508292050030588, n: 1000 }
 * ```
 */
export function wilsonInterval(k: number, n: number): Proportion {
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidParameterError('n', `must be an integer >= 1, got ${describeValue(n)}`);
  if (typeof k !== 'number' || !(k >= 0 && k <= n)) throw new InvalidParameterError('k', `must be a number in [0, n = ${n}], got ${describeValue(k)}`);
  const p = k / n;
  const z2 = Z95 * Z95;
  const center = p + z2 / (2 * n);
  const half = Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const d = 1 + z2 / n;
  return { value: p, lower: (center - half) / d, upper: (center + half) / d, n };
}

/**
 * Accuracy of the rule p >= threshold (default 0.5, a number in [0, 1]) predicting 1, with its Wilson 95% interval.
 * Labels must be 0/1 and probabilities in [0, 1], as many of each, at least one: otherwise `InvalidParameterError`
 * (`LengthMismatchError` for unequal lengths); a threshold outside [0, 1] is an `InvalidParameterError` too.
 *
 * @example
 * ```ts
 * accuracy([1, 0, 1], [0.8, 0.3, 0.4]).value // 0.6666666666666666 (2 of 3)
 * ```
 */
export function accuracy(labels: ArrayLike<number>, probs: ArrayLike<number>, threshold = 0.5): Proportion {
  const n = checkAligned(labels, probs, 'probabilities', 'probability');
  checkValue(threshold, 'probability', 'threshold');
  let k = 0;
  for (let i = 0; i < n; i++) if ((probs[i]! >= threshold ? 1 : 0) === labels[i]) k++;
  return wilsonInterval(k, n);
}

/**
 * Balanced accuracy (mean of the recall of each class) with a Wilson-style 95% interval: the interval of the mean
 * of the two class recalls, each a Wilson interval, averaged (a conservative approximation; state it where used).
 * Equals sklearn's balanced_accuracy_score. `threshold` as in {@link accuracy}.
 *
 * @example
 * ```ts
 * balancedAccuracy([1, 1, 1, 0], [0.9, 0.9, 0.1, 0.1]).value // 0.8333333333333333 = (2/3 + 1) / 2
 * ```
 */
export function balancedAccuracy(labels: ArrayLike<number>, probs: ArrayLike<number>, threshold = 0.5): Proportion {
  const n = checkAligned(labels, probs, 'probabilities', 'probability');
  checkValue(threshold, 'probability', 'threshold');
  let tp = 0, pos = 0, tn = 0, neg = 0;
  for (let i = 0; i < n; i++) {
    const hit = probs[i]! >= threshold;
    if (labels[i] === 1) {
      pos++;
      if (hit) tp++;
    } else {
      neg++;
      if (!hit) tn++;
    }
  }
  if (pos === 0 || neg === 0) throw new InvalidParameterError('labels', 'balanced accuracy needs both classes');
  const a = wilsonInterval(tp, pos);
  const b = wilsonInterval(tn, neg);
  return { value: (a.value + b.value) / 2, lower: (a.lower + b.lower) / 2, upper: (a.upper + b.upper) / 2, n };
}

/**
 * Area under the ROC curve, optionally weighted: the probability that a random positive scores above a random
 * negative, ties counting one half (the Mann-Whitney U statistic divided by `n+ * n-`; with weights, each pair counts
 * with the product of its weights). Equals sklearn's `roc_auc_score(labels, scores, sample_weight=weights)`.
 * Throws `InvalidParameterError` for a label other than 0/1, a non-finite score, a bad weight or a missing class
 * (`LengthMismatchError` for unequal lengths), unless `options.validate` is false.
 *
 * Reference: Hanley & McNeil (1982), "The meaning and use of the area under a ROC curve", Radiology 143(1).
 *
 * @example
 * ```ts
 * rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])               // 0.75
 * rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], [1, 1, 1, 3]) // 0.875
 * ```
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>, weights?: ArrayLike<number>, options?: MetricOptions): number {
  const validate = validating(options);
  const n = validate ? checkAligned(labels, scores, 'scores', 'score') : labels.length;
  if (validate) checkWeights(weights, n);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const s = Float64Array.from({ length: n }, (_, i) => scores[i]!);
  order.sort((a, b) => s[a]! - s[b]! || a - b);
  let negBelow = 0; // weight of the negatives with a strictly lower score
  let area = 0;
  let wPos = 0, wNeg = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    let pos = 0, neg = 0;
    const v = s[order[i]!]!;
    while (j < n && s[order[j]!] === v) {
      const r = order[j]!;
      const w = weights ? weights[r]! : 1;
      if (labels[r] === 1) pos += w;
      else neg += w;
      j++;
    }
    area += pos * (negBelow + 0.5 * neg);
    negBelow += neg;
    wPos += pos;
    wNeg += neg;
    i = j;
  }
  if (wPos > 0 && wNeg > 0) return area / (wPos * wNeg);
  if (validate) throw new InvalidParameterError('labels', 'ROC AUC needs both classes');
  return NaN;
}

/**
 * Mean binary log loss, optionally weighted: `-sum w (y ln p + (1 - y) ln(1 - p)) / sum w`, with p clipped to
 * [1e-15, 1 - 1e-15] (sklearn's `log_loss` with `eps=1e-15`, its default up to version 1.2). Throws
 * `InvalidParameterError` for a label other than 0/1, a probability outside [0, 1] (NaN included), a bad weight or
 * no samples (`LengthMismatchError` for unequal lengths), unless `options.validate` is false.
 *
 * Reference: scikit-learn `sklearn.metrics.log_loss`.
 *
 * @example
 * ```ts
 * logLoss([0, 1], [0.5, 0.5])         // 0.6931471805599453 (ln 2)
 * logLoss([1, 0], [0.9, 0.2], [3, 1]) // 0.13480627457192212 = (3 * -ln 0.9 - ln 0.8) / 4
 * ```
 */
export function logLoss(labels: ArrayLike<number>, probs: ArrayLike<number>, weights?: ArrayLike<number>, options?: MetricOptions): number {
  if (validating(options)) checkWeights(weights, checkAligned(labels, probs, 'probabilities', 'probability'));
  let sum = 0, wsum = 0;
  for (let i = 0; i < labels.length; i++) {
    const w = weights ? weights[i]! : 1;
    let q = probs[i]!;
    q = q < 1e-15 ? 1e-15 : q > 1 - 1e-15 ? 1 - 1e-15 : q;
    sum -= w * (labels[i] === 1 ? Math.log(q) : Math.log(1 - q));
    wsum += w;
  }
  return sum / wsum;
}

/**
 * Root mean squared error, optionally weighted: `sqrt(sum w (pred - y)^2 / sum w)`. Throws
 * `InvalidParameterError` for a non-finite value, a bad weight or no samples (`LengthMismatchError` for unequal
 * lengths), unless `options.validate` is false.
 *
 * Reference: scikit-learn `sklearn.metrics.mean_squared_error` (its square root).
 *
 * @example
 * ```ts
 * rmse([0, 0], [3, 4])         // 3.5355339059327378 = sqrt(12.5)
 * rmse([0, 0], [3, 4], [1, 0]) // 3
 * ```
 */
export function rmse(labels: ArrayLike<number>, predictions: ArrayLike<number>, weights?: ArrayLike<number>, options?: MetricOptions): number {
  const validate = validating(options);
  const n = validate ? checkAligned(labels, predictions, 'predictions', 'finite', 'finite') : labels.length;
  if (validate) checkWeights(weights, n);
  let sum = 0, wsum = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i]! : 1;
    const d = predictions[i]! - labels[i]!;
    sum += w * d * d;
    wsum += w;
  }
  return Math.sqrt(sum / wsum);
}

/**
 * Brier score, optionally weighted: the mean squared error of the probabilities, `sum w (p - y)^2 / sum w`
 * (mean((p - y)^2) without weights). Lower is better; always predicting 0.5 scores 0.25. Equals sklearn's
 * `brier_score_loss(labels, probs, sample_weight=weights)`. Throws `InvalidParameterError` for a label other than
 * 0/1, a probability outside [0, 1] (NaN included), a bad weight or no samples (`LengthMismatchError` for unequal
 * lengths), unless `options.validate` is false. `brierDecomposition` splits it into reliability, resolution and
 * uncertainty.
 *
 * Reference: G. W. Brier (1950), "Verification of forecasts expressed in terms of probability", Monthly Weather
 * Review 78(1).
 *
 * @example
 * ```ts
 * brierScore([1, 0], [0.9, 0.2])         // 0.025
 * brierScore([1, 0], [0.9, 0.2], [3, 1]) // 0.017499999999999998 = (3 * 0.1^2 + 0.2^2) / 4
 * ```
 */
export function brierScore(labels: ArrayLike<number>, probs: ArrayLike<number>, weights?: ArrayLike<number>, options?: MetricOptions): number {
  if (validating(options)) checkWeights(weights, checkAligned(labels, probs, 'probabilities', 'probability'));
  let sum = 0, wsum = 0;
  for (let i = 0; i < labels.length; i++) {
    const w = weights ? weights[i]! : 1;
    sum += w * (probs[i]! - labels[i]!) ** 2;
    wsum += w;
  }
  return sum / wsum;
}

/** Accuracy of the predictions whose confidence |p - 0.5| * 2 falls in one bucket. */
export interface ConfidenceBucket {
  readonly from: number;
  readonly to: number;
  readonly accuracy: Proportion | undefined;
}

/**
 * Accuracy by confidence bucket: confidence = |2p - 1| in [0, 1], split into `buckets` equal-width buckets
 * (an integer in [1, 10000]; bucket b holds confidences in [b / buckets, (b + 1) / buckets), the last one also 1).
 *
 * @example
 * ```ts
 * accuracyByConfidence([1, 0, 1, 0], [0.9, 0.2, 0.4, 0.55], 2).map((b) => b.accuracy?.value) // [0, 1]
 * ```
 */
export function accuracyByConfidence(labels: ArrayLike<number>, probs: ArrayLike<number>, buckets = 5): ConfidenceBucket[] {
  const n = checkAligned(labels, probs, 'probabilities', 'probability');
  if (!Number.isInteger(buckets) || buckets < 1 || buckets > 10_000) throw new InvalidParameterError('buckets', `must be an integer in [1, 10000], got ${describeValue(buckets)}`);
  const hits = new Array<number>(buckets).fill(0);
  const counts = new Array<number>(buckets).fill(0);
  for (let i = 0; i < n; i++) {
    const conf = Math.abs(2 * probs[i]! - 1);
    const b = Math.min(buckets - 1, Math.floor(conf * buckets));
    counts[b]!++;
    if ((probs[i]! >= 0.5 ? 1 : 0) === labels[i]) hits[b]!++;
  }
  return counts.map((c, b) => ({ from: b / buckets, to: (b + 1) / buckets, accuracy: c > 0 ? wilsonInterval(hits[b]!, c) : undefined }));
}

/** One point of the coverage-accuracy curve. */
export interface CoveragePoint {
  /** Fraction of predictions acted on (the most confident ones). */
  readonly coverage: number;
  /** Minimum confidence |2p - 1| of the predictions acted on. */
  readonly minConfidence: number;
  readonly accuracy: number;
}

/**
 * The coverage-accuracy curve: sort predictions by confidence |2p - 1|, most confident first; point k is the
 * accuracy of the k most confident. "65% accuracy" only means something together with its coverage.
 *
 * @example
 * ```ts
 * coverageAccuracyCurve([1, 0, 1, 0], [0.9, 0.2, 0.4, 0.55]).map((p) => [p.coverage, p.accuracy])
 * // [[0.25, 1], [0.5, 1], [0.75, 0.6666666666666666], [1, 0.5]]
 * ```
 */
export function coverageAccuracyCurve(labels: ArrayLike<number>, probs: ArrayLike<number>): CoveragePoint[] {
  const n = checkAligned(labels, probs, 'probabilities', 'probability');
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => Math.abs(2 * probs[b]! - 1) - Math.abs(2 * probs[a]! - 1) || a - b);
  const curve: CoveragePoint[] = [];
  let hits = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    if ((probs[i]! >= 0.5 ? 1 : 0) === labels[i]) hits++;
    const conf = Math.abs(2 * probs[i]! - 1);
    const nextConf = k + 1 < n ? Math.abs(2 * probs[order[k + 1]!]! - 1) : -1;
    if (nextConf !== conf) curve.push({ coverage: (k + 1) / n, minConfidence: conf, accuracy: hits / (k + 1) });
  }
  return curve;
}

/**
 * The largest coverage at which the curve's accuracy is at least `target`, or 0 when no point reaches it (so 0 for
 * a target above 1 or an empty curve). `curve` must be an array of points with `coverage` and `accuracy` in [0, 1]
 * (as {@link coverageAccuracyCurve} makes them) and `target` a finite number; otherwise `InvalidParameterError`.
 *
 * @example
 * ```ts
 * coverageAtAccuracy(coverageAccuracyCurve([1, 0, 1, 0], [0.9, 0.2, 0.4, 0.55]), 0.65) // 0.75
 * ```
 */
export function coverageAtAccuracy(curve: readonly CoveragePoint[], target: number): number {
  if (!Array.isArray(curve)) throw new InvalidParameterError('curve', `expected an array of coverage points, got ${describeValue(curve)}`);
  if (typeof target !== 'number' || !Number.isFinite(target)) throw new InvalidParameterError('target', `must be a finite number, got ${describeValue(target)}`);
  curve.forEach((p: Partial<CoveragePoint> | null, i) => {
    const unit = (x: unknown): boolean => typeof x === 'number' && x >= 0 && x <= 1;
    if (p === null || typeof p !== 'object' || !unit(p.coverage) || !unit(p.accuracy)) {
      throw new InvalidParameterError(`curve[${i}]`, `expected { coverage, accuracy } in [0, 1], got ${describeValue(p)}`, { index: i });
    }
  });
  let best = 0;
  for (const p of curve) if (p.accuracy >= target && p.coverage > best) best = p.coverage;
  return best;
}
