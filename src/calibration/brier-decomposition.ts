/**
 * Murphy's decomposition of the Brier score.
 *
 * @module
 */
import { binPredictions, type BinnedMetricOptions } from './bins.js';
import { brierScore } from './metrics.js';

/** The Brier score and its binned decomposition (see {@link brierDecomposition}). */
export interface BrierDecomposition {
  /** Mean squared error of the probabilities, sum w (p - y)^2 / sum w: `brierScore(labels, probs, weights)`. */
  readonly brier: number;
  /** sum_b W_b (mean_b(p) - mean_b(y))^2 / W: miscalibration, lower is better. */
  readonly reliability: number;
  /** sum_b W_b (mean_b(y) - mean(y))^2 / W: how far the bins' rates spread from the base rate, higher is better. */
  readonly resolution: number;
  /** mean(y) (1 - mean(y)): the Brier score of always predicting the base rate. */
  readonly uncertainty: number;
  /** sum_i w_i (p_i - mean_b(p))^2 / W: the spread of the predictions inside their bins. */
  readonly withinBinVariance: number;
  /** 2 sum_i w_i (p_i - mean_b(p)) (y_i - mean_b(y)) / W. */
  readonly withinBinCovariance: number;
}

/**
 * The Brier score with Murphy's reliability / resolution / uncertainty decomposition over B bins of the
 * predictions (weighted when weights are given). With the bin means mean_b(p), mean_b(y), the identity
 *
 *   brier = reliability - resolution + uncertainty + withinBinVariance - withinBinCovariance
 *
 * holds exactly (to rounding) for any binning; the last two terms vanish when the predictions take one value per
 * bin, which leaves Murphy's brier = reliability - resolution + uncertainty. The Brier score itself is
 * {@link brierScore} (scikit-learn's `brier_score_loss` with `sample_weight`). Same bins, options and errors as
 * `expectedCalibrationError`.
 *
 * References: A. H. Murphy (1973), "A new vector partition of the probability score", J. Applied Meteorology
 * 12(4); D. B. Stephenson, C. A. S. Coelho, I. T. Jolliffe (2008), "Two extra components in the Brier score
 * decomposition", Weather and Forecasting 23(4).
 *
 * @example
 * ```ts
 * brierDecomposition([0, 1, 0, 1], [0.2, 0.2, 0.7, 0.7], { bins: 2 })
 * // => { brier: 0.31500000000000006, reliability: 0.06499999999999999, resolution: 0, uncertainty: 0.25,
 * //      withinBinVariance: 0, withinBinCovariance: 0 }
 * ```
 */
export function brierDecomposition(labels: ArrayLike<number>, probs: ArrayLike<number>, options?: BinnedMetricOptions): BrierDecomposition {
  const bins = binPredictions(labels, probs, options, ['bins', 'binning', 'weights']);
  const { samples, index, meanPredicted: fb, observed: ob, total } = bins;
  const { n, scores: p, labels: y, weights: w } = samples;
  let positive = 0, variance = 0, covariance = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i]! : 1;
    if (wi === 0) continue; // its bin may hold no weight, and so no means
    const b = index[i]!;
    positive += wi * y[i]!;
    variance += wi * (p[i]! - fb[b]!) ** 2;
    covariance += wi * (p[i]! - fb[b]!) * (y[i]! - ob[b]!);
  }
  const base = positive / total;
  let reliability = 0, resolution = 0;
  bins.weight.forEach((wb, b) => {
    if (wb === 0) return;
    reliability += wb * (fb[b]! - ob[b]!) ** 2;
    resolution += wb * (ob[b]! - base) ** 2;
  });
  return {
    brier: brierScore(y, p, w, { validate: false }), // binPredictions has checked the samples
    reliability: reliability / total,
    resolution: resolution / total,
    uncertainty: base * (1 - base),
    withinBinVariance: variance / total,
    withinBinCovariance: (2 * covariance) / total,
  };
}
