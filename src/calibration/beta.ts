/**
 * Beta calibration.
 *
 * @module
 */
import { InvalidParameterError } from '../core/errors.js';
import { makeCalibrator, type Calibrator } from './calibrator.js';
import { checkFit, type FitOptions } from './inputs.js';
import { clipProbability, fitLogistic, sigmoid } from './logistic.js';

/**
 * The beta calibrator: P = sigmoid(c + a ln p - b ln(1 - p)), p clipped to [2^-52, 1 - 2^-52].
 *
 * @example
 * ```ts
 * betaCalibrator(1, 1, 0).predict(0.3) // => 0.3 (the identity)
 * ```
 */
export function betaCalibrator(a: number, b: number, c: number): Calibrator {
  return makeCalibrator({ method: 'beta', a, b, c }, 'probability', (p) => {
    const q = clipProbability(p);
    return sigmoid(c + a * Math.log(q) - b * Math.log(1 - q));
  });
}

/**
 * Beta calibration (the three-parameter family of Kull, Silva Filho & Flach 2017):
 * P = 1 / (1 + 1 / (e^c p^a / (1 - p)^b)), that is a logistic regression of the labels on ln p and -ln(1 - p)
 * (p clipped to [2^-52, 1 - 2^-52]), fitted by Newton's method. The family holds the identity (a = b = 1, c = 0),
 * sigmoids of the logit (a = b) and maps that are not sigmoids, for models skewed at either end. The authors'
 * rule keeps the map monotone (a, b >= 0): when the fit has a < 0 it is refitted on -ln(1 - p) alone with a = 0;
 * otherwise when b < 0, on ln p alone with b = 0 (as in their `betacal` package, whose result this reproduces). A
 * refitted parameter below 0 (scores that fall as the labels rise) is an error here, where `betacal` would return
 * a decreasing map.
 *
 * Throws `InvalidParameterError` for probabilities outside [0, 1], labels other than 0/1, no samples, one class,
 * fewer than 2 distinct scores, a bad weight, data without a finite fit (scores that separate the classes, or 2
 * distinct scores for 3 parameters) or scores that fall as the labels rise; `LengthMismatchError` for scores or
 * weights of another length than the labels.
 *
 * Reference: M. Kull, T. M. Silva Filho, P. Flach (2017), "Beyond sigmoids: how to obtain well-calibrated
 * probabilities from binary classifiers with beta calibration", Electronic Journal of Statistics 11(2).
 *
 * @example
 * ```ts
 * const beta = fitBeta([0.1, 0.3, 0.35, 0.6, 0.8, 0.9], [0, 0, 1, 0, 1, 1])
 * beta.toJSON()     // => { method: 'beta', a: 0.44072423161235197, b: 2.0809387155177395, c: -1.4109201685571993 }
 * beta.predict(0.5) // => 0.43192288167796555
 * ```
 */
export function fitBeta(probabilities: ArrayLike<number>, labels: ArrayLike<number>, options?: FitOptions): Calibrator {
  const { scores, labels: y, weights } = checkFit(labels, probabilities, options, 'probability');
  const lnP = scores.map((p) => Math.log(clipProbability(p)));
  const ln1mP = scores.map((p) => -Math.log(1 - clipProbability(p)));
  const fit = (columns: Float64Array[], start: number[]) => fitLogistic({ columns, targets: y, weights, intercept: true }, start, 'fitBeta');
  const [a, b, c] = fit([lnP, ln1mP], [1, 1, 0]);
  if (a! < 0) {
    const [b1, c1] = fit([ln1mP], [1, 0]);
    return monotone(0, b1!, c1!);
  }
  if (b! < 0) {
    const [a1, c1] = fit([lnP], [1, 0]);
    return monotone(a1!, 0, c1!);
  }
  return betaCalibrator(a!, b!, c!);
}

/** The refitted parameter must be >= 0 too: otherwise the scores fall as the positive rate rises. */
function monotone(a: number, b: number, c: number): Calibrator {
  if (!(a >= 0 && b >= 0)) {
    throw new InvalidParameterError('scores', `fitBeta: refitted with ${a === 0 ? 'a = 0, b' : 'b = 0, a'} = ${a + b}: the scores fall as the labels rise, so no monotone beta map calibrates them`);
  }
  return betaCalibrator(a, b, c);
}
