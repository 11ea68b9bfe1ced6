/**
 * `@alpha-v4/core/calibration`: metrics (one implementation each, optional sample weights), with Wilson intervals
 * for proportions. Runtime-agnostic: no `node:` imports.
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
  type MetricOptions,
  type Proportion,
} from './metrics.js';
