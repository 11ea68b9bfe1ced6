/**
 * Work kinds for the deployment test of the Node worker, loaded by each worker process with
 * `--handlers test/deploy/worker-handlers.ts`:
 *
 * - `effect`: writes one row into `public.worker_effects` in the item's transaction, then sleeps `payload.sleepMs`;
 * - `hold`: writes its row, then says it has started (a file `started-<item>-<worker>` in `payload.dir`) and blocks
 *   until the test creates `release-<item>` there (at most 30 s), so that the test can kill or stop the worker while
 *   it holds the item mid-job.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkHandler } from '../../src/store/index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const handlers: Record<string, WorkHandler> = {
  async effect(item, { session, workerId }) {
    await session.query('INSERT INTO public.worker_effects (item, worker) VALUES ($1, $2)', [item.id, workerId]);
    await sleep(Number(item.payload.sleepMs ?? 0));
    return workerId;
  },
  async hold(item, { session, workerId }) {
    await session.query('INSERT INTO public.worker_effects (item, worker) VALUES ($1, $2)', [item.id, workerId]);
    const dir = String(item.payload.dir);
    writeFileSync(join(dir, `started-${item.id}-${workerId}`), '');
    for (let waited = 0; !existsSync(join(dir, `release-${item.id}`)); waited += 20) {
      if (waited > 30_000) throw new Error(`item ${item.id} was never released`);
      await sleep(20);
    }
    return 'released';
  },
};

export default handlers;
