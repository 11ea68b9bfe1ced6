/**
 * The plv8 bundle's entry: what `scripts/build-plv8.ts` bundles (esbuild, one IIFE, global `alphaV4`) and the
 * installer's SQL functions call. Re-exports only.
 *
 * @module
 */
export { batchPredictPlv8, type BatchPredictPlv8Options, type BatchPredictPlv8Result, type Plv8Failure, type Plv8Prediction } from './batch.js';
export { featureTriggerPlv8, runFeatureTrigger, triggerOptions, type FeatureTriggerOptions, type FeatureTriggerResult } from './trigger.js';
export type { Plv8 } from './plv8.js';
