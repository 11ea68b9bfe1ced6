/**
 * Beta calibration.
 *
 * @module
 */
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
 * otherwise when b < 0, on ln p alone with b = 0 (as in their `betacal` package, whose result this reproduces). When
 * the refitted parameter is below 0 too (scores that fall as the labels rise), the fit is a = b = 0 with c the
 * logit of the (weighted) positive rate: the constant base rate, the maximum-likelihood fit under a, b >= 0, where
 * `betacal` would return a decreasing map.
 *
 * Throws `InvalidParameterError` for probabilities outside [0, 1], labels other than 0/1, no samples, one class,
 * fewer than 2 distinct scores, a bad weight, data without a finite fit (scores that separate the classes, or 2
 * distinct scores for 3 parameters); `LengthMismatchError` for scores or
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
    return b1! >= 0 ? betaCalibrator(0, b1!, c1!) : baseRate(y, weights);
  }
  if (b! < 0) {
    const [a1, c1] = fit([lnP], [1, 0]);
    return a1! >= 0 ? betaCalibrator(a1!, 0, c1!) : baseRate(y, weights);
  }
  return betaCalibrator(a!, b!, c!);
}

/**
 * The fit with a = b = 0: the constant map to the (weighted) positive rate r, c = ln(r / (1 - r)). It is the
 * maximum-likelihood fit under a, b >= 0 when the refit on one column still falls as the labels rise: the scores
 * carry no increasing information, and the calibrated probability is the base rate.
 */
function baseRate(y: Uint8Array, weights: Float64Array | undefined): Calibrator {
  let positive = 0;
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const w = weights === undefined ? 1 : weights[i]!;
    positive += w * y[i]!;
    total += w;
  }
  const r = positive / total;
  return betaCalibrator(0, 0, Math.log(r / (1 - r)));
}
