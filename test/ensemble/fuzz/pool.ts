/**
 * A pool of fuzz workers for the readers' tests: each runs many cases in turn (startup is paid once), under a V8
 * heap cap (`resourceLimits`) and a time limit per request. A worker that dies (out of memory, a fatal error) or
 * overruns its time is terminated and replaced; the request it ran reports `crash` or `hang`.
 */
import { Worker } from 'node:worker_threads';
import type { Outcome, Request, SweepResult, Task } from './protocol.js';

/** The memory cap of every worker: 256 MB of V8 heap (the meter bounds typed arrays, which live outside it). */
export const WORKER_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 } as const;

/** How long a worker may take to start (compile the sources through tsx, build the corpus). */
const STARTUP_MS = 60_000;

type Reply = Outcome | SweepResult;
type Job = { req: Request; timeoutMs: number; resolve: (r: Reply) => void };

class Slot {
  private readonly worker = new Worker(new URL('./boot.mjs', import.meta.url), { resourceLimits: WORKER_LIMITS });
  private readonly ready: Promise<void>;
  private job: (Job & { timer: NodeJS.Timeout }) | undefined;
  dead = false;

  constructor(private readonly onFree: (slot: Slot) => void) {
    this.ready = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fuzz worker did not start within ${STARTUP_MS} ms`)), STARTUP_MS);
      this.worker.once('message', () => {
        clearTimeout(timer);
        resolve();
      });
      this.worker.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    this.ready.catch(() => undefined);
    this.worker.on('message', (m: { id?: number; reply?: Reply }) => {
      if (this.job && m.id === this.job.req.id) this.finish(m.reply!);
    });
    this.worker.on('error', (e: Error & { code?: string }) => this.finish({ kind: 'crash', message: `${e.code ?? e.name}: ${e.message}` }, true));
    this.worker.on('exit', (code) => this.finish({ kind: 'crash', message: `the worker exited with code ${code}` }, true));
  }

  start(job: Job): void {
    this.ready.then(
      () => {
        const timer = setTimeout(() => this.finish({ kind: 'hang', message: `no answer within ${job.timeoutMs} ms` }, true), job.timeoutMs);
        this.job = { ...job, timer };
        this.worker.postMessage(job.req);
      },
      (e: Error) => {
        this.kill();
        job.resolve({ kind: 'crash', message: `the worker did not start: ${e.message}` });
        this.onFree(this);
      },
    );
  }

  private kill(): void {
    if (this.dead) return;
    this.dead = true;
    void this.worker.terminate();
  }

  private finish(reply: Reply, kill = false): void {
    if (kill) this.kill();
    const job = this.job;
    if (!job) return;
    this.job = undefined;
    clearTimeout(job.timer);
    job.resolve(reply);
    this.onFree(this);
  }

  close(): Promise<number> {
    this.dead = true;
    return this.worker.terminate();
  }
}

/** A fixed number of fuzz workers; requests queue for the next free one. */
export class FuzzPool {
  private readonly idle: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly all = new Set<Slot>();
  private nextId = 1;

  constructor(size: number) {
    for (let i = 0; i < size; i++) this.idle.push(this.spawn());
  }

  private spawn(): Slot {
    const slot = new Slot((s) => this.free(s));
    this.all.add(slot);
    return slot;
  }

  private free(slot: Slot): void {
    let s = slot;
    if (s.dead) {
      this.all.delete(s);
      s = this.spawn();
    }
    const job = this.queue.shift();
    if (job) s.start(job);
    else this.idle.push(s);
  }

  /** Runs one task on the next free worker; resolves with its reply, or `crash` / `hang`. */
  run(task: Task, timeoutMs: number): Promise<Reply> {
    return new Promise((resolve) => {
      const job: Job = { req: { ...task, id: this.nextId++ }, timeoutMs, resolve };
      let slot = this.idle.pop();
      if (slot?.dead) {
        // it died while idle
        this.all.delete(slot);
        slot = this.spawn();
      }
      if (slot) slot.start(job);
      else this.queue.push(job);
    });
  }

  /** Terminates every worker. */
  async close(): Promise<void> {
    await Promise.all([...this.all].map((s) => s.close()));
  }
}
