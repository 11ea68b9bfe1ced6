/**
 * modelMetrics against values worked out by hand: the Hanley-McNeil AUC standard error, the log-loss interval of
 * the per-row losses, and the calibration module's accuracy (Wilson) and ECE.
 */
import { describe, expect, it } from 'vitest';
import { accuracy } from '../../../src/calibration/metrics.js';
import { expectedCalibrationError } from '../../../src/calibration/ece.js';
import { modelMetrics } from '../../../src/ensemble/metrics.js';

const Z = 1.959963984540054;

describe('modelMetrics', () => {
  const y = Float64Array.of(0, 0, 1, 1);
  const p = Float64Array.of(0.1, 0.4, 0.35, 0.8);
  const m = modelMetrics(y, p);

  it('gives the AUC with the Hanley-McNeil interval (A = 0.75, n1 = n2 = 2, worked by hand)', () => {
    // Q1 = 0.75 / 1.25 = 0.6, Q2 = 2 * 0.5625 / 1.75 = 0.642857..., SE^2 = (0.1875 + (0.6 - 0.5625) + (0.642857... - 0.5625)) / 4
    const se = Math.sqrt((0.1875 + 0.0375 + (2 * 0.5625) / 1.75 - 0.5625) / 4);
    expect(m.auc.value).toBe(0.75);
    expect(m.auc.lower).toBeCloseTo(0.75 - Z * se, 14);
    expect(m.auc.upper).toBe(1);
  });

  it('gives the log loss with mean ± 1.96 standard errors of the per-row losses', () => {
    const losses = [-Math.log(0.9), -Math.log(0.6), -Math.log(0.35), -Math.log(0.8)];
    const mean = losses.reduce((a, b) => a + b) / 4;
    const sd = Math.sqrt(losses.reduce((s, l) => s + (l - mean) ** 2, 0) / 3);
    expect(m.logLoss.value).toBeCloseTo(mean, 15);
    expect(m.logLoss.lower).toBeCloseTo(mean - (Z * sd) / 2, 14);
    expect(m.logLoss.upper).toBeCloseTo(mean + (Z * sd) / 2, 14);
  });

  it('takes accuracy (Wilson interval) and ECE from the calibration module', () => {
    expect(m.accuracy).toEqual(accuracy(y, p));
    expect(m.ece).toBe(expectedCalibrationError(y, p));
    expect(m.rows).toBe(4);
  });
});
