/**
 * Platt scaling.
 *
 * @module
 */
import { makeCalibrator, type Calibrator } from './calibrator.js';
import { checkFit, type FitOptions } from './inputs.js';
import { fitLogistic, sigmoid } from './logistic.js';

/**
 * The Platt calibrator with parameters a, b: P(y = 1 | s) = 1 / (1 + exp(a s + b)) (a < 0 when higher scores mean
 * more positives).
 *
 * @example
 * ```ts
 * plattCalibrator(-2, 1).predict(0.5) // => 0.5
 * ```
 */
export function plattCalibrator(a: number, b: number): Calibrator {
  return makeCalibrator({ method: 'platt', a, b }, 'score', (s) => sigmoid(-(a * s + b)));
}

/**
 * Platt scaling: fits P(y = 1 | s) = 1 / (1 + exp(a s + b)) to scores `s` (any finite numbers: margins,
 * decision values or probabilities) by maximum likelihood against Platt's smoothed targets
 * t+ = (N+ + 1) / (N+ + 2) for positives and t- = 1 / (N- + 2) for negatives (N+, N- the weighted class totals),
 * minimizing -sum w (t ln P + (1 - t) ln(1 - P)) by Newton's method with backtracking (Lin, Lin & Weng 2007).
 * The smoothing keeps the fit finite even when the scores separate the classes.
 *
 * The optimum is scikit-learn 1.2.1's `CalibratedClassifierCV(method="sigmoid")` (`_sigmoid_calibration`), which
 * minimizes the same objective by BFGS but stops at a summed-gradient norm of 1e-5; Newton goes to the optimum.
 * Throws `InvalidParameterError` for labels other than 0/1, a non-finite score, no samples, one class, fewer than
 * 2 distinct scores or a bad weight; `LengthMismatchError` for scores or weights of another length than the labels.
 *
 * References: J. Platt (1999), "Probabilistic outputs for support vector machines and comparisons to regularized
 * likelihood methods", Advances in Large Margin Classifiers; H.-T. Lin, C.-J. Lin, R. C. Weng (2007), "A note on
 * Platt's probabilistic outputs for support vector machines", Machine Learning 68(3).
 *
 * @example
 * ```ts
 * const platt = fitPlatt([0.1, 0.3, 0.35, 0.6, 0.8, 0.9], [0, 0, 1, 0, 1, 1])
 * platt.toJSON()     // => { method: 'platt', a: -2.827833101920154, b: 1.435731174288916 }
 * platt.predict(0.9) // => 0.7520020588456527
 * ```
 */
export function fitPlatt(scores: ArrayLike<number>, labels: ArrayLike<number>, options?: FitOptions): Calibrator {
  const { n, scores: s, labels: y, weights: w } = checkFit(labels, scores, options, 'score');
  let prior1 = 0, prior0 = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i]! : 1;
    if (y[i] === 1) prior1 += wi;
    else prior0 += wi;
  }
  const hi = (prior1 + 1) / (prior1 + 2);
  const lo = 1 / (prior0 + 2);
  const targets = Float64Array.from(y, (label) => (label === 1 ? hi : lo));
  // sigmoid(beta0 s + beta1) = 1 / (1 + exp(a s + b)) with a = -beta0, b = -beta1; Platt's start a = 0, b = ln((N- + 1) / (N+ + 1)).
  const beta = fitLogistic({ columns: [s], targets, weights: w, intercept: true }, [0, -Math.log((prior0 + 1) / (prior1 + 1))], 'fitPlatt');
  return plattCalibrator(-beta[0]!, -beta[1]!);
}
