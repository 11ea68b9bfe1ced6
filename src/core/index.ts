export * from './errors.js';
export * from './types.js';
export * from './timeframe.js';
export * from './candles.js';
export * from './resample.js';
export * from './rng.js';
export * from './simulator.js';
