/**
 * Temperature scaling.
 *
 * @module
 */
import { InvalidParameterError } from '../core/errors.js';
import { makeCalibrator, type Calibrator } from './calibrator.js';
import { checkFit, type FitOptions } from './inputs.js';
import { clipProbability, fitLogistic, sigmoid } from './logistic.js';

const logit = (p: number): number => {
  const q = clipProbability(p);
  return Math.log(q) - Math.log(1 - q);
};

/**
 * The temperature calibrator: P = sigmoid(logit(p) / temperature), p clipped to [2^-52, 1 - 2^-52].
 *
 * @example
 * ```ts
 * temperatureCalibrator(2).predict(0.9) // => 0.75 (logit 0.9 = ln 9, halved: ln 3)
 * ```
 */
export function temperatureCalibrator(temperature: number): Calibrator {
  return makeCalibrator({ method: 'temperature', temperature }, 'probability', (p) => sigmoid(logit(p) / temperature));
}

/**
 * Temperature scaling: P = sigmoid(logit(p) / T), one parameter T > 0 fitted by minimizing the (weighted) log loss
 * (Newton's method on 1 / T). T > 1 softens an over-confident model, T < 1 sharpens an under-confident one; the
 * ranking and the 0.5 point are unchanged, so it cannot fix a biased base rate (use Platt or beta for that).
 * Probabilities are clipped to [2^-52, 1 - 2^-52] before the logit.
 *
 * Throws `InvalidParameterError` for probabilities outside [0, 1], labels other than 0/1, no samples, one class,
 * fewer than 2 distinct scores, a bad weight, scores that separate the classes at 0.5 (the likelihood then grows
 * without end as T -> 0) or scores that do not rise with the labels (1 / T <= 0); `LengthMismatchError` for scores
 * or weights of another length than the labels.
 *
 * Reference: C. Guo, G. Pleiss, Y. Sun, K. Q. Weinberger (2017), "On calibration of modern neural networks", ICML.
 *
 * @example
 * ```ts
 * const t = fitTemperature([0.1, 0.3, 0.35, 0.6, 0.8, 0.9], [0, 0, 1, 0, 1, 1])
 * t.toJSON()     // => { method: 'temperature', temperature: 0.7910960666483849 }
 * t.predict(0.8) // => 0.8522516933287305
 * ```
 */
export function fitTemperature(probabilities: ArrayLike<number>, labels: ArrayLike<number>, options?: FitOptions): Calibrator {
  const { scores, labels: y, weights } = checkFit(labels, probabilities, options, 'probability');
  const [theta] = fitLogistic({ columns: [scores.map(logit)], targets: y, weights, intercept: false }, [1], 'fitTemperature');
  if (!(theta! > 0)) {
    throw new InvalidParameterError('scores', `fitTemperature: the fitted 1 / T is ${theta}: the scores do not rise with the labels, so no temperature calibrates them`);
  }
  return temperatureCalibrator(1 / theta!);
}
