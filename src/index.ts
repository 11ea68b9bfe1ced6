/**
 * `@alpha-v4/core`: TA-Lib-exact features, labels, models, calibration, sizing and the alpha_v4 schema for
 * crypto direction prediction. This root entry re-exports every module; subpaths (`@alpha-v4/core/indicators`,
 * ...) give smaller bundles.
 */
export * from './core/index.js';
export * from './indicators/index.js';
export * from './features/index.js';
export * from './synthetic/index.js';
export * from './ensemble/index.js';
export * from './labels/index.js';
export * from './calibration/index.js';
export * from './sizing/index.js';
