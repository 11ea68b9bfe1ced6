/**
 * `@alpha-v4/core/node`: the Node-only parts (worker threads, files), kept out of the portable entries so that
 * `@alpha-v4/core` itself runs in Deno, browsers and plv8.
 */
export * from './features/parallel.node.js';
export * from './store/index.node.js';
export { trainGBDTParallel, type ParallelTrainOptions } from './ensemble/gbdt/parallel.node.js';
