/** Issue 13, items 9 and 10 for the calibration metrics: the named hostile inputs and what each gives. */
import { describe, expect } from 'vitest';
import { accuracy, accuracyByConfidence, balancedAccuracy, brierScore, coverageAccuracyCurve, coverageAtAccuracy, logLoss, rmse, rocAuc, wilsonInterval } from '../../src/calibration/metrics.js';
import { invalid, runHostile, type HostileCase } from '../core/hostile.js';

const y = [1, 0, 1, 0];
const p = [0.9, 0.2, 0.4, 0.55];
const curve = coverageAccuracyCurve(y, p);
const any = <T>(v: unknown) => v as T;
const lengthMismatch = { code: 'LENGTH_MISMATCH' };

const THRESHOLDS_AND_TARGETS: HostileCase[] = [
  ['accuracy with threshold NaN', () => accuracy(y, p, NaN), invalid('threshold')],
  ['accuracy with threshold 2', () => accuracy(y, p, 2), invalid('threshold')],
  ['accuracy with threshold -0.1', () => accuracy(y, p, -0.1), invalid('threshold')],
  ["accuracy with threshold '0.5'", () => accuracy(y, p, any('0.5')), invalid('threshold')],
  ['balancedAccuracy with threshold Infinity', () => balancedAccuracy(y, p, Infinity), invalid('threshold')],
  ['accuracy with threshold 0 (everything predicted up)', () => accuracy(y, p, 0), { returns: (a) => expect((a as { value: number }).value).toBe(0.5) }],
  ['accuracy with threshold 1 (only p = 1 predicted up)', () => accuracy(y, p, 1), { returns: (a) => expect((a as { value: number }).value).toBe(0.5) }],
  ['coverageAtAccuracy(null)', () => coverageAtAccuracy(any(null), 0.6), invalid('curve')],
  ['coverageAtAccuracy of an object', () => coverageAtAccuracy(any({ length: 1 }), 0.6), invalid('curve')],
  ['coverageAtAccuracy with target NaN', () => coverageAtAccuracy(curve, NaN), invalid('target')],
  ['coverageAtAccuracy with target Infinity', () => coverageAtAccuracy(curve, Infinity), invalid('target')],
  ["coverageAtAccuracy with target '0.6'", () => coverageAtAccuracy(curve, any('0.6')), invalid('target')],
  ['coverageAtAccuracy without a target', () => coverageAtAccuracy(curve, any(undefined)), invalid('target')],
  ['coverageAtAccuracy with a null point', () => coverageAtAccuracy(any([curve[0], null]), 0.6), invalid('curve[1]')],
  ['coverageAtAccuracy with a coverage of 2', () => coverageAtAccuracy([{ coverage: 2, minConfidence: 0, accuracy: 0.7 }], 0.6), invalid('curve[0]')],
  ['coverageAtAccuracy with a NaN accuracy', () => coverageAtAccuracy([{ coverage: 0.5, minConfidence: 0, accuracy: NaN }], 0.6), invalid('curve[0]')],
  ['coverageAtAccuracy of an empty curve', () => coverageAtAccuracy([], 0.6), { returns: (c) => expect(c).toBe(0) }],
  ['coverageAtAccuracy with a target above 1', () => coverageAtAccuracy(curve, 1.5), { returns: (c) => expect(c).toBe(0) }],
];

const SAMPLES: HostileCase[] = [
  ['accuracy(null, null)', () => accuracy(any(null), any(null)), invalid('labels')],
  ['accuracy of strings', () => accuracy(any('1010'), any('0000')), invalid('labels')],
  ['accuracy with probabilities as an object with a length', () => accuracy(y, any({ length: 4 })), invalid('probabilities')],
  ['accuracy with string probabilities', () => accuracy([1, 0], any(['0.9', '0.1'])), invalid('probabilities[0]')],
  ['accuracy with a NaN label', () => accuracy(Float64Array.of(1, NaN), [0.5, 0.5]), invalid('labels[1]')],
  ['accuracy with a label of true', () => accuracy(any([true, 0]), [0.5, 0.5]), invalid('labels[0]')],
  ['brierScore of no samples', () => brierScore([], []), invalid('labels')],
  ['brierScore with a probability of -0.1', () => brierScore([1], [-0.1]), invalid('probabilities[0]')],
  ['brierScore with weights of the wrong length', () => brierScore([1, 0], [0.9, 0.2], [1, 2, 3]), lengthMismatch],
  ['brierScore with an infinite weight', () => brierScore([1, 0], [0.9, 0.2], [1, Infinity]), invalid('weights[1]')],
  ['brierScore with all-zero weights', () => brierScore([1, 0], [0.9, 0.2], [0, 0]), invalid('weights')],
  ['brierScore with weights as a string', () => brierScore([1, 0], [0.9, 0.2], any('11')), invalid('weights')],
  ["brierScore with validate: 'yes'", () => brierScore([1, 0], [0.9, 0.2], undefined, any({ validate: 'yes' })), invalid('validate')],
  ['brierScore with a misspelt option (valdate)', () => brierScore([1, 0], [0.9, 0.2], undefined, any({ valdate: true })), invalid('options.valdate')],
  ['coverageAccuracyCurve of mismatched lengths', () => coverageAccuracyCurve([1, 0], [0.5]), lengthMismatch],
  ['logLoss with string weights (summed as text before)', () => logLoss([1, 0], [0.9, 0.2], any(['2', '1'])), invalid('weights[0]')],
  ['logLoss with a negative weight', () => logLoss([1, 0], [0.9, 0.2], [-1, 1]), invalid('weights[0]')],
  ['logLoss with all-zero weights', () => logLoss([1, 0], [0.9, 0.2], [0, 0]), invalid('weights')],
  ['logLoss with null weights', () => logLoss([1, 0], [0.9, 0.2], any(null)), invalid('weights')],
  ['logLoss with a number for weights', () => logLoss([1, 0], [0.9, 0.2], any(5)), invalid('weights')],
  ['logLoss with weights of the wrong length', () => logLoss([1, 0], [0.9, 0.2], [1]), lengthMismatch],
  ['rocAuc with a misspelt option (validte)', () => rocAuc(y, p, undefined, any({ validte: false })), invalid('options.validte')],
  ["rocAuc with validate: 'no'", () => rocAuc(y, p, undefined, any({ validate: 'no' })), invalid('validate')],
  ['rocAuc with a string for options', () => rocAuc(y, p, undefined, any('fast')), invalid('options')],
  ['rocAuc with an infinite score', () => rocAuc(y, [0.1, Infinity, 0.3, 0.4]), invalid('scores[1]')],
  ['rocAuc with a label of 2', () => rocAuc([1, 2], [0.1, 0.2]), invalid('labels[1]')],
  ['rocAuc of one class', () => rocAuc([1, 1], [0.1, 0.2]), invalid('labels')],
  ['rocAuc of no samples', () => rocAuc([], []), invalid('labels')],
  ['rocAuc of null scores', () => rocAuc(y, any(null)), invalid('scores')],
  ['rmse with a NaN prediction', () => rmse([1, 2], [1, NaN]), invalid('predictions[1]')],
  ['rmse of mismatched lengths', () => rmse([1, 2], [1]), lengthMismatch],
  ['rmse with validate: false still checks its options', () => rmse([1], [1], undefined, any({ validate: false, fast: true })), invalid('options.fast')],
  ['accuracyByConfidence with 0 buckets', () => accuracyByConfidence(y, p, 0), invalid('buckets')],
  ['accuracyByConfidence with 1e9 buckets (an allocation bomb)', () => accuracyByConfidence(y, p, 1e9), invalid('buckets')],
  ['accuracyByConfidence with 2.5 buckets', () => accuracyByConfidence(y, p, 2.5), invalid('buckets')],
  ['wilsonInterval(NaN, 10)', () => wilsonInterval(NaN, 10), invalid('k')],
  ['wilsonInterval(5, 0)', () => wilsonInterval(5, 0), invalid('n')],
  ['wilsonInterval(5, 4)', () => wilsonInterval(5, 4), invalid('k')],
  ['wilsonInterval(1, 2.5)', () => wilsonInterval(1, 2.5), invalid('n')],
  ['wilsonInterval(1, Infinity)', () => wilsonInterval(1, Infinity), invalid('n')],
  ["wilsonInterval('1', 2)", () => wilsonInterval(any('1'), 2), invalid('k')],
];

/** Every hostile input tried against the calibration metrics. */
const CASES: HostileCase[] = [...THRESHOLDS_AND_TARGETS, ...SAMPLES];

describe(`hostile input: calibration metrics (${CASES.length} cases)`, () => {
  runHostile(CASES);
});
