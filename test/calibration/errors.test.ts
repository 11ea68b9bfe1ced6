import { describe, expect, it } from 'vitest';
import {
  brierDecomposition,
  brierScore,
  crossFitCalibration,
  expectedCalibrationError,
  fitBeta,
  fitCalibrator,
  fitIsotonic,
  fitPlatt,
  fitTemperature,
  logLoss,
  maximumCalibrationError,
  reliabilityDiagram,
  renderReliabilityDiagram,
} from '../../src/calibration/index.js';
import { InvalidParameterError, LengthMismatchError } from '../../src/core/errors.js';

const s = [0.1, 0.3, 0.35, 0.6, 0.8, 0.9];
const y = [0, 0, 1, 0, 1, 1];

/** The error `fn` throws: an InvalidParameterError, with its parameter and message. */
function thrown(fn: () => unknown): InvalidParameterError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidParameterError);
    return e as InvalidParameterError;
  }
  throw new Error('did not throw');
}

describe('bad input is an InvalidParameterError naming the argument', () => {
  it.each([
    ['a NaN label', () => fitPlatt(s, [0, NaN, 1, 0, 1, 1]), 'labels[1]', /must be 0 or 1, got NaN/],
    ['a label other than 0/1', () => fitIsotonic(s, [0, 0, 1, 0, 2, 1]), 'labels[4]', /must be 0 or 1, got 2/],
    ['an empty set', () => fitPlatt([], []), 'labels', /no samples/],
    ['a single class', () => fitIsotonic(s, [1, 1, 1, 1, 1, 1]), 'labels', /needs both classes, got only 1s/],
    ['a single class after zero weights', () => fitPlatt(s, y, { weights: [1, 1, 0, 1, 0, 0] }), 'labels', /needs both classes, got only 0s/],
    ['fewer than 2 distinct scores', () => fitPlatt([0.4, 0.4, 0.4], [0, 1, 1]), 'scores', /at least 2 distinct scores, got only 0.4/],
    ['2 scores closer than 1e-15 (one isotonic threshold, as in sklearn)', () => fitIsotonic([0.4, 0.4 + 2e-16, 0.4], [0, 1, 1]), 'scores', /at least 2 distinct scores; all lie within 1e-15 of 0.4/],
    ['a score outside [0, 1] for temperature scaling', () => fitTemperature([0.1, 1.2, 0.5], [0, 1, 1]), 'scores[1]', /must be a probability in \[0, 1\], got 1.2/],
    ['a score outside [0, 1] for beta calibration', () => fitBeta([-0.1, 0.2, 0.5], [0, 1, 1]), 'scores[0]', /must be a probability in \[0, 1\], got -0.1/],
    ['a score outside [0, 1] for a metric', () => expectedCalibrationError([0, 1], [0.5, 3]), 'scores[1]', /must be a probability in \[0, 1\], got 3/],
    ['an infinite score', () => fitPlatt([0.1, Infinity, 0.5], [0, 1, 1]), 'scores[1]', /must be a finite score, got Infinity/],
    ['labels that are not an array', () => fitPlatt(s, 7 as unknown as number[]), 'labels', /expected an array of numbers, got 7/],
    ['labels as an object with a length (the metrics refuse it too)', () => fitIsotonic(s, { length: 6 } as never), 'labels', /expected an array of numbers, got object \{ length \}/],
    ['weights as text', () => fitPlatt(s, y, { weights: ['1', '1', '1', '1', '1', '1'] as never }), 'weights[0]', /must be finite and >= 0, got "1"/],
    ['a probability as text given to a probability calibrator', () => fitTemperature(s, y).predict('0.5' as never), 'score', /must be a probability in \[0, 1\], got "0.5"/],
    ['a negative weight', () => fitPlatt(s, y, { weights: [1, 1, -2, 1, 1, 1] }), 'weights[2]', /must be finite and >= 0, got -2/],
    ['a NaN weight', () => fitIsotonic(s, y, { weights: [1, NaN, 1, 1, 1, 1] }), 'weights[1]', /must be finite and >= 0, got NaN/],
    ['all weights 0', () => fitBeta(s, y, { weights: [0, 0, 0, 0, 0, 0] }), 'weights', /all weights are 0/],
    ['an unknown fit option', () => fitPlatt(s, y, { weight: [1] } as object), 'options.weight', /unknown option \(known: weights\)/],
    ['an unknown metric option', () => maximumCalibrationError(y, s, { nBins: 5 } as object), 'options.nBins', /unknown option \(known: bins, binning, weights\)/],
    ['weights given to the reliability diagram', () => reliabilityDiagram(y, s, { weights: [1] } as object), 'options.weights', /unknown option \(known: bins, binning\)/],
    ['an unknown SVG option', () => renderReliabilityDiagram(reliabilityDiagram(y, s), { colour: 'red' } as object), 'options.colour', /unknown option/],
    ['0 bins', () => expectedCalibrationError(y, s, { bins: 0 }), 'options.bins', /must be an integer >= 1, got 0/],
    ['an unknown binning', () => expectedCalibrationError(y, s, { binning: 'quantile' as 'equal-mass' }), 'options.binning', /expected 'equal-width' or 'equal-mass', got "quantile"/],
    ['an unknown method', () => fitCalibrator('sigmoid' as 'platt', s, y), 'method', /expected one of platt, isotonic, temperature, beta, got "sigmoid"/],
    ['a NaN score given to a calibrator', () => fitPlatt(s, y).predict(NaN), 'score', /must be a finite score, got NaN/],
    ['a score outside [0, 1] given to a probability calibrator', () => fitBeta(s, y).transform(Float64Array.of(0.5, 1.5)), 'scores[1]', /must be a probability in \[0, 1\], got 1.5/],
    ['scores that separate the classes, for beta calibration', () => fitBeta([0.1, 0.2, 0.3, 0.7, 0.8], [0, 0, 0, 1, 1]), 'scores', /fitBeta: no unique finite maximum-likelihood fit/],
    ['scores that separate the classes at 0.5, for temperature scaling', () => fitTemperature([0.1, 0.2, 0.7, 0.8], [0, 0, 1, 1]), 'scores', /fitTemperature: no unique finite maximum-likelihood fit/],
    ['scores that fall as the labels rise, for temperature scaling', () => fitTemperature([0.1, 0.2, 0.3, 0.7, 0.8, 0.9], [1, 1, 0, 1, 0, 0]), 'scores', /fitTemperature: the fitted 1 \/ T is -/],
    ['2 distinct scores for the 3 parameters of beta calibration', () => fitBeta([0.2, 0.2, 0.7, 0.7], [0, 1, 0, 1]), 'scores', /fitBeta: no unique finite maximum-likelihood fit/],
    ['data that is not a reliability diagram', () => renderReliabilityDiagram({ bins: 3 } as never), 'data', /expected the result of reliabilityDiagram, got object \{ bins \}/],
    ['an SVG width below 240', () => renderReliabilityDiagram(reliabilityDiagram(y, s), { width: 100 }), 'options.width', /integer in \[240, 4000\], got 100/],
  ])('%s', (_name, fn, parameter, message) => {
    const e = thrown(fn);
    expect(e.code).toBe('INVALID_PARAMETER');
    expect(e.parameter).toBe(parameter);
    expect(e.message).toMatch(message);
  });

  it('keeps messages short whatever was passed', () => {
    const fn = () => fitPlatt(new Float64Array(1_000_000), [0, 1]);
    expect(fn).toThrow(LengthMismatchError);
    expect(fn).toThrow(/^scores: has 1000000 values, the labels 2$/);
  });

  it('does not change its inputs', () => {
    const scores = Float64Array.from(s);
    const labels = Float64Array.from(y);
    for (const fit of [fitPlatt, fitIsotonic, fitTemperature, fitBeta]) fit(scores, labels, { weights: [1, 2, 1, 2, 1, 2] });
    expect(Array.from(scores)).toEqual(s);
    expect(Array.from(labels)).toEqual(y);
  });
});

describe('arrays that must be aligned and are not are a LengthMismatchError, in metrics and calibrators alike', () => {
  it.each([
    ['mismatched lengths', () => fitPlatt([0.1, 0.2], [0, 1, 1]), /^scores: has 2 values, the labels 3$/],
    ['weights of another length', () => brierDecomposition(y, s, { weights: [1, 2] }), /^weights: has 2 values, the labels 6$/],
    ['probabilities of another length for a metric', () => brierScore([0, 1], [0.5]), /^probabilities: has 1 value, the labels 2$/],
    ['metric weights of another length', () => logLoss([0, 1], [0.5, 0.5], [1]), /^weights: has 1 value, the labels 2$/],
    ['fit weights of another length', () => fitIsotonic(s, y, { weights: [1, 1, 1] }), /^weights: has 3 values, the labels 6$/],
    ['cross-fit scores of another length', () => crossFitCalibration([0.1, 0.4, 0.6], [0, 1, 0, 1], [0, 1, 0, 1], { method: 'platt' }), /^scores: has 3 values, the labels 4$/],
    ['cross-fit weights of another length', () => crossFitCalibration(s, y, [0, 1, 0, 1, 0, 1], { method: 'platt', weights: [1] }), /^options\.weights: has 1 value, the labels 6$/],
  ])('%s', (_name, fn, message) => {
    expect(fn).toThrow(LengthMismatchError);
    expect(fn).toThrow(message);
  });
});
