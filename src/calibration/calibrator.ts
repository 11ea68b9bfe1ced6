/**
 * The one shape of a fitted calibrator and of its JSON form. Each method's file fits it and builds it with
 * {@link makeCalibrator}; `calibratorFromJSON` (serialize.ts) reads it back.
 *
 * @module
 */
import { checkValue, type ScoreDomain } from './inputs.js';

/** The calibration methods: Platt scaling, isotonic regression, temperature scaling and beta calibration. */
export type CalibrationMethod = 'platt' | 'isotonic' | 'temperature' | 'beta';

/** Platt scaling, P = 1 / (1 + exp(a s + b)): scikit-learn's `_SigmoidCalibration` parameters `a_`, `b_`. */
export interface PlattJSON {
  readonly method: 'platt';
  readonly a: number;
  readonly b: number;
}

/**
 * Isotonic regression: the thresholds of a non-decreasing piecewise-linear map (scikit-learn's `X_thresholds_` and
 * `y_thresholds_`), clipped to [x[0], x[x.length - 1]] outside.
 */
export interface IsotonicJSON {
  readonly method: 'isotonic';
  readonly x: readonly number[];
  readonly y: readonly number[];
}

/** Temperature scaling, P = sigmoid(logit(p) / temperature). */
export interface TemperatureJSON {
  readonly method: 'temperature';
  readonly temperature: number;
}

/** Beta calibration, P = 1 / (1 + exp(-(c + a ln p - b ln(1 - p)))). */
export interface BetaJSON {
  readonly method: 'beta';
  readonly a: number;
  readonly b: number;
  readonly c: number;
}

/** The JSON form of any calibrator: plain numbers, exact through `JSON.stringify` / `JSON.parse`. */
export type CalibratorJSON = PlattJSON | IsotonicJSON | TemperatureJSON | BetaJSON;

/**
 * A fitted map from a model's score to a calibrated probability in [0, 1]. Inputs are checked: a NaN, an infinite
 * score or (for temperature and beta, which read probabilities) a value outside [0, 1] throws
 * `InvalidParameterError`.
 *
 * @example
 * ```ts
 * const c = fitPlatt([0.1, 0.3, 0.35, 0.6, 0.8, 0.9], [0, 0, 1, 0, 1, 1])
 * c.predict(0.5)                                                 // => 0.4945465604303063
 * calibratorFromJSON(JSON.parse(JSON.stringify(c))).predict(0.5) // => 0.4945465604303063
 * ```
 */
export interface Calibrator {
  readonly method: CalibrationMethod;
  /** The calibrated probability of one score. */
  predict(score: number): number;
  /** The calibrated probabilities of many scores (a new array). */
  transform(scores: Float64Array): Float64Array;
  /** The parameters, for `JSON.stringify` and the ensemble artifact. */
  toJSON(): CalibratorJSON;
}

/**
 * Builds a {@link Calibrator} from its JSON form and its map. `domain` says what `predict` accepts: any finite
 * score, or a probability in [0, 1]; `transform` checks each score the same way.
 *
 * @example
 * ```ts
 * makeCalibrator({ method: 'platt', a: -2, b: 1 }, 'score', (s) => sigmoid(2 * s - 1)).predict(0.5) // => 0.5
 * ```
 */
export function makeCalibrator(json: CalibratorJSON, domain: ScoreDomain, map: (score: number) => number): Calibrator {
  const frozen = Object.freeze({ ...json });
  return {
    method: json.method,
    predict(score: number): number {
      checkValue(score, domain, 'score');
      return map(score);
    },
    transform(scores: Float64Array): Float64Array {
      const out = new Float64Array(scores.length);
      for (let i = 0; i < scores.length; i++) {
        checkValue(scores[i], domain, 'scores', i);
        out[i] = map(scores[i]!);
      }
      return out;
    },
    toJSON: () => frozen,
  };
}
