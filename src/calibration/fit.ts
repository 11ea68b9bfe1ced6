/**
 * Fitting a calibrator by method name.
 *
 * @module
 */
import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';
import { fitBeta } from './beta.js';
import type { CalibrationMethod, Calibrator } from './calibrator.js';
import type { FitOptions, ScoreDomain } from './inputs.js';
import { fitIsotonic } from './isotonic.js';
import { fitPlatt } from './platt.js';
import { fitTemperature } from './temperature.js';

const FITS: Record<CalibrationMethod, (scores: ArrayLike<number>, labels: ArrayLike<number>, options?: FitOptions) => Calibrator> = {
  platt: fitPlatt,
  isotonic: fitIsotonic,
  temperature: fitTemperature,
  beta: fitBeta,
};

/**
 * The calibration methods, in the order of docs/calibration.md.
 *
 * @example
 * ```ts
 * CALIBRATION_METHODS // => ['platt', 'isotonic', 'temperature', 'beta']
 * ```
 */
export const CALIBRATION_METHODS: readonly CalibrationMethod[] = Object.freeze(Object.keys(FITS) as CalibrationMethod[]);

/**
 * What each method reads: any finite score (Platt, isotonic) or a probability in [0, 1] (temperature, beta).
 *
 * @example
 * ```ts
 * METHOD_DOMAIN.beta // => 'probability'
 * ```
 */
export const METHOD_DOMAIN: Readonly<Record<CalibrationMethod, ScoreDomain>> = { platt: 'score', isotonic: 'score', temperature: 'probability', beta: 'probability' };

/**
 * Throws `InvalidParameterError` naming `where` unless `method` is a calibration method.
 *
 * @example
 * ```ts
 * checkMethod('logistic', 'method')
 * // throws InvalidParameterError: method: expected one of platt, isotonic, temperature, beta, got "logistic"
 * ```
 */
export function checkMethod(method: unknown, where: string): asserts method is CalibrationMethod {
  if (typeof method !== 'string' || !Object.prototype.hasOwnProperty.call(FITS, method)) {
    throw new InvalidParameterError(where, `expected one of ${CALIBRATION_METHODS.join(', ')}, got ${describeValue(method)}`);
  }
}

/**
 * Fits the calibrator of `method` (`'platt'`, `'isotonic'`, `'temperature'` or `'beta'`): {@link fitPlatt},
 * {@link fitIsotonic}, {@link fitTemperature} or {@link fitBeta}, for configurations that name the method.
 * Throws `InvalidParameterError` for an unknown method and whatever the fit throws.
 *
 * @example
 * ```ts
 * fitCalibrator('isotonic', [0.1, 0.3, 0.35, 0.6, 0.8, 0.9], [0, 0, 1, 0, 1, 1]).predict(0.7) // => 0.7499999999999999
 * ```
 */
export function fitCalibrator(method: CalibrationMethod, scores: ArrayLike<number>, labels: ArrayLike<number>, options?: FitOptions): Calibrator {
  checkMethod(method, 'method');
  return FITS[method](scores, labels, options);
}
