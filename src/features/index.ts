export * from './types.js';
export * from './compute.js';
export { col, indicatorKernel, lagKernel, rollingExtremeKernel } from './kernels.js';
export { peerColumn } from './engine.js';
export { indicatorColumn, ratioToClose, talibFeature } from './build.js';
