/**
 * Expected and maximum calibration error.
 *
 * @module
 */
import { binPredictions, type BinnedMetricOptions, type Bins } from './bins.js';

const OPTIONS = ['bins', 'binning', 'weights'];

/**
 * ECE and MCE of binned samples: the weight-share-weighted mean and the maximum of |mean prediction - positive
 * rate| over the bins holding weight.
 *
 * @example
 * ```ts
 * binnedCalibrationError(binPredictions([0, 1, 1], [0.2, 0.4, 0.9], { bins: 2 }, ['bins']))
 * // => { ece: 0.16666666666666663, mce: 0.19999999999999996 } (2/3 of |0.3 - 0.5| + 1/3 of |0.9 - 1|)
 * ```
 */
export function binnedCalibrationError(bins: Bins): { ece: number; mce: number } {
  let ece = 0, mce = 0;
  bins.weight.forEach((w, b) => {
    if (w === 0) return;
    const gap = Math.abs(bins.meanPredicted[b]! - bins.observed[b]!);
    ece += (w / bins.total) * gap;
    mce = Math.max(mce, gap);
  });
  return { ece, mce };
}

/**
 * Expected calibration error: ECE = sum_b (W_b / W) |mean_b(p) - mean_b(y)|, the mass-weighted mean gap between
 * the predicted probability and the observed positive rate over B bins of the predictions (means and masses
 * weighted by the sample weights when given). Equal-width bins are the usual definition; equal-mass bins
 * (`binning: 'equal-mass'`) give every bin about the same number of samples and so a less noisy estimate where
 * the predictions crowd together. Bins are scikit-learn's `calibration_curve` bins (see `Binning`).
 * Throws `InvalidParameterError` for labels other than 0/1, probabilities outside [0, 1], no samples, a bad weight
 * or option, or an unknown option key; `LengthMismatchError` for probabilities or weights of another length than
 * the labels.
 *
 * References: M. P. Naeini, G. F. Cooper, M. Hauskrecht (2015), "Obtaining well calibrated probabilities using
 * Bayesian binning", AAAI; C. Guo et al. (2017), "On calibration of modern neural networks", ICML.
 *
 * @example
 * ```ts
 * expectedCalibrationError([0, 0, 1, 1], [0.1, 0.3, 0.6, 0.8], { bins: 2 }) // => 0.25 = (0.2 + 0.3) / 2
 * ```
 */
export function expectedCalibrationError(labels: ArrayLike<number>, probs: ArrayLike<number>, options?: BinnedMetricOptions): number {
  return binnedCalibrationError(binPredictions(labels, probs, options, OPTIONS)).ece;
}

/**
 * Maximum calibration error: MCE = max_b |mean_b(p) - mean_b(y)| over the bins that hold samples (of weight > 0):
 * the worst bin, whatever its size. Same bins, options and errors as {@link expectedCalibrationError}.
 *
 * Reference: M. P. Naeini, G. F. Cooper, M. Hauskrecht (2015), "Obtaining well calibrated probabilities using
 * Bayesian binning", AAAI.
 *
 * @example
 * ```ts
 * maximumCalibrationError([0, 0, 1, 1], [0.1, 0.3, 0.6, 0.8], { bins: 2 }) // => 0.30000000000000004
 * ```
 */
export function maximumCalibrationError(labels: ArrayLike<number>, probs: ArrayLike<number>, options?: BinnedMetricOptions): number {
  return binnedCalibrationError(binPredictions(labels, probs, options, OPTIONS)).mce;
}
