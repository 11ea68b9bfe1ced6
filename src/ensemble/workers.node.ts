/**
 * Starting the worker threads of the parallel trainers and scorers: the one start-up handshake they share.
 *
 * @module
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { InternalError } from '../core/errors.js';

/**
 * Starts `count` workers running `source` (evaluated: there is no worker file to resolve), worker k with the
 * options `options(k)` for k = 1 .. count (slot 0 is the calling thread), and resolves once each has posted its
 * first message. A worker that posts `{ error }` first, fails or exits before that rejects with `InternalError`
 * naming `label`; then every worker started is terminated before the rejection.
 *
 * @example
 * ```ts
 * const workers = await startWorkers(SOURCE, 1, (slot) => ({ workerData: { slot } }), 'GBDT histogram worker')
 * workers.length // => 1
 * ```
 */
export async function startWorkers(source: string, count: number, options: (slot: number) => WorkerOptions, label: string): Promise<Worker[]> {
  const workers: Worker[] = [];
  const ready: Promise<void>[] = [];
  for (let slot = 1; slot <= count; slot++) {
    const w = new Worker(source, { ...options(slot), eval: true });
    workers.push(w);
    ready.push(
      new Promise<void>((resolve, reject) => {
        w.once('message', (m: { error?: string } | undefined) => (m?.error ? reject(new InternalError(`${label} could not start: ${m.error}`)) : resolve()));
        w.once('error', reject);
        w.once('exit', (code) => reject(new InternalError(`${label} exited with code ${code} before starting`)));
      }),
    );
  }
  try {
    await Promise.all(ready);
  } catch (e) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw e;
  }
  return workers;
}
