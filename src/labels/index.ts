export { LabelError } from './errors.js';
export * from './fixed-horizon.js';
export * from './triple-barrier.js';
export * from './volatility.js';
export * from './validation.js';
export * from './leakage.js';
