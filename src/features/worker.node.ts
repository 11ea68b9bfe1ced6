/**
 * Worker-thread entry of {@link computeFeaturesParallel}: computes one symbol's features per message and
 * transfers the result columns back without copying.
 */
import { parentPort } from 'node:worker_threads';
import { computeFeatures } from './compute.js';
import type { Candles } from '../core/types.js';

interface Task {
  id: number;
  candles: Candles;
  features?: readonly string[];
}

parentPort?.on('message', (task: Task) => {
  try {
    const frame = computeFeatures(task.candles, task.features ? { features: task.features } : {});
    const buffers = [...new Set(frame.columns.map((c) => c.buffer as ArrayBuffer))];
    parentPort!.postMessage({ id: task.id, names: frame.names, columns: frame.columns }, buffers);
  } catch (e) {
    const err = e as { code?: string; message?: string; name?: string };
    parentPort!.postMessage({ id: task.id, error: { code: err.code, message: err.message, name: err.name } });
  }
});
