/**
 * `@alpha-v4/core/calibration`: metrics (one implementation each, optional sample weights), with Wilson intervals
 * for proportions; calibrators (Platt, isotonic, temperature, beta) with cross-fitting and a JSON form; ECE, MCE,
 * the Brier decomposition and the reliability diagram (data and SVG). See docs/calibration.md. Runtime-agnostic:
 * no `node:` imports.
 * @module
 */
export {
  accuracy,
  accuracyByConfidence,
  balancedAccuracy,
  brierScore,
  coverageAccuracyCurve,
  coverageAtAccuracy,
  logLoss,
  rmse,
  rocAuc,
  wilsonInterval,
  type ConfidenceBucket,
  type CoveragePoint,
  type Proportion,
} from './metrics.js';
export type { Calibrator, CalibrationMethod, CalibratorJSON, PlattJSON, IsotonicJSON, TemperatureJSON, BetaJSON } from './calibrator.js';
export type { FitOptions, MetricOptions } from './inputs.js';
export { fitPlatt } from './platt.js';
export { fitIsotonic } from './isotonic.js';
export { fitTemperature } from './temperature.js';
export { fitBeta } from './beta.js';
export { fitCalibrator, CALIBRATION_METHODS } from './fit.js';
export { calibratorFromJSON } from './serialize.js';
export { crossFitCalibration, type CrossFitOptions, type CrossFitFold, type CrossFitResult } from './cross-fit.js';
export type { Binning, BinnedMetricOptions } from './bins.js';
export { expectedCalibrationError, maximumCalibrationError } from './ece.js';
export { brierDecomposition, type BrierDecomposition } from './brier-decomposition.js';
export { reliabilityDiagram, type ReliabilityBin, type ReliabilityDiagram, type ReliabilityOptions } from './reliability.js';
export { renderReliabilityDiagram, type ReliabilitySvgOptions } from './reliability-svg.js';
