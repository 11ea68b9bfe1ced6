/**
 * The Node worker (examples/node-worker) as deployed: real worker processes (`node --import tsx worker.ts`) against
 * one PostgreSQL 15 database of the test cluster, sharing its work queue.
 *
 * - Two workers drain 40 queued items: each done exactly once (one row written per item, in the item's
 *   transaction, by the worker recorded in done_by), and both workers did some.
 * - A worker is killed (SIGKILL) while it holds an item mid-job: its transaction rolls back, the other worker claims
 *   the item and does it, once.
 * - SIGTERM on a busy worker: it claims nothing more, finishes the item in flight, exits 0; on an idle one: exits 0.
 * - `worker.ts --once` (the demo) runs on PostgreSQL and on the embedded PGlite default, and the time of one
 *   market's prediction is printed (the per-market cost of the sizing rule in the deployment notes).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueWork, type AlphaStore } from '../../src/store/index.js';
import { createPostgresStore } from '../../src/store/index.node.js';
import { createDatabase, getCluster, type PgCluster, type TestDatabase } from '../support/pg-cluster.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WORKER = join(ROOT, 'examples/node-worker/worker.ts');
const HANDLERS = join(ROOT, 'test/deploy/worker-handlers.ts');
const PAST = Date.UTC(2025, 0, 6);

/** A worker process and what it printed. */
interface WorkerProcess {
  readonly id: string;
  readonly child: ChildProcess;
  readonly output: string[];
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `worker.ts` with `args` (and DATABASE_URL when given); its stdout and stderr are kept line by line. */
function start(id: string, args: readonly string[], databaseUrl?: string): WorkerProcess {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  if (databaseUrl !== undefined) env.DATABASE_URL = databaseUrl;
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, '--worker-id', id, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter((l) => l !== ''));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { id, child, output, exit };
}

/** A queue worker of the test: no markets (no timers, no LISTEN), the test's handlers, a short poll. */
const queueWorker = (id: string, url: string) =>
  start(id, ['--markets', 'none', '--handlers', HANDLERS, '--poll-ms', '50', '--jobs-every-ms', '0', '--backfill-candles', '0', '--grace-ms', '20000'], url);

/** Waits until `cond()` holds (polling every 25 ms), or fails naming `what` after `ms`. */
async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Waits for a line of `w` matching `re`. */
const printed = (w: WorkerProcess, re: RegExp) => until(`${w.id} to print ${re}`, () => w.output.some((l) => re.test(l)));

describe('the Node worker, as deployed', () => {
  let cluster: PgCluster;
  let db: TestDatabase;
  let demoDb: TestDatabase;
  let store: AlphaStore;
  let dir: string;
  const running: WorkerProcess[] = [];
  const spawnQueueWorker = (id: string) => {
    const w = queueWorker(id, db.url);
    running.push(w);
    return w;
  };

  const sql = async <R = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<R[]> =>
    store.driver.transaction('monitoring', async (s) => (await s.query<R>(text, params)).rows);
  const item = async (id: number) =>
    (await sql<{ status: string; attempts: number; done_by: string | null }>('SELECT status, attempts, done_by FROM alpha_v4.work_items WHERE id = $1', [id]))[0]!;
  const effects = (id: number) => sql<{ worker: string }>('SELECT worker FROM public.worker_effects WHERE item = $1', [id]);
  const enqueueOne = async (kind: string, symbol: string, payload: Record<string, string | number> = {}) => {
    await enqueueWork(store, [{ kind, symbol, dueAt: PAST, payload }]);
    const [row] = await sql<{ id: string | number }>('SELECT id FROM alpha_v4.work_items WHERE kind = $1 AND symbol = $2', [kind, symbol]);
    return Number(row!.id);
  };
  /** The started-<item>-<worker> files of an item: the workers that began it. */
  const starters = (id: number) => readdirSync(dir).filter((f) => f.startsWith(`started-${id}-`)).map((f) => f.slice(`started-${id}-`.length));

  beforeAll(async () => {
    cluster = await getCluster();
    db = await createDatabase(cluster, 'node_worker');
    demoDb = await createDatabase(cluster, 'node_worker_demo');
    store = await createPostgresStore(db.url, { pool: { max: 2 } });
    await store.migrate();
    await sql('CREATE TABLE public.worker_effects (item bigint NOT NULL, worker text NOT NULL)');
    dir = mkdtempSync(join(tmpdir(), 'alpha-worker-'));
  }, 120_000);

  afterAll(async () => {
    for (const w of running) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await Promise.all(running.map((w) => w.exit));
    await store?.close();
    await db?.drop();
    await demoDb?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await cluster?.stop();
  }, 60_000);

  it('two workers do 40 items, each exactly once, both doing some', async () => {
    const [a, b] = [spawnQueueWorker('worker-a'), spawnQueueWorker('worker-b')];
    await Promise.all([printed(a, /\bready\b/), printed(b, /\bready\b/)]);
    await enqueueWork(store, Array.from({ length: 40 }, (_, i) => ({ kind: 'effect', symbol: `E${i}`, dueAt: PAST + i, payload: { sleepMs: 25 } })));
    const done = async () => Number((await sql<{ n: string }>(`SELECT count(*) AS n FROM alpha_v4.work_items WHERE kind = 'effect' AND status = 'done'`))[0]!.n);
    await until('40 items done', async () => (await done()) === 40, 30_000);
    const rows = await sql<{ id: string; attempts: number; done_by: string }>(`SELECT id, attempts, done_by FROM alpha_v4.work_items WHERE kind = 'effect' ORDER BY id`);
    const written = await sql<{ item: string; worker: string }>('SELECT item, worker FROM public.worker_effects');
    expect(rows).toHaveLength(40);
    expect(written).toHaveLength(40);
    expect(new Set(written.map((w) => w.item)).size).toBe(40);
    const doneBy = new Map(rows.map((r) => [String(r.id), r.done_by]));
    expect(written.every((w) => doneBy.get(String(w.item)) === w.worker)).toBe(true);
    expect(rows.every((r) => Number(r.attempts) === 1)).toBe(true);
    const counts = { a: rows.filter((r) => r.done_by === 'worker-a').length, b: rows.filter((r) => r.done_by === 'worker-b').length };
    expect(counts.a + counts.b).toBe(40);
    expect(counts.a).toBeGreaterThan(0);
    expect(counts.b).toBeGreaterThan(0);
    console.log(`40 items: worker-a did ${counts.a}, worker-b ${counts.b}`);
  }, 60_000);

  it('a worker killed mid-job leaves its item to the other, which does it once', async () => {
    const id = await enqueueOne('hold', 'KILL', { dir });
    await until('a worker to start the held item', () => starters(id).length === 1);
    const holder = running.find((w) => w.id === starters(id)[0])!;
    const other = running.find((w) => w !== holder && w.id.startsWith('worker-'))!;
    holder.child.kill('SIGKILL');
    expect(await holder.exit).toEqual({ code: null, signal: 'SIGKILL' });
    // The killed transaction rolled back: the other worker claims the item and begins it again.
    await until('the other worker to start the item', () => starters(id).includes(other.id));
    writeFileSync(join(dir, `release-${id}`), '');
    await until('the item done', async () => (await item(id)).status === 'done');
    expect(await item(id)).toEqual({ status: 'done', attempts: 1, done_by: other.id });
    expect(await effects(id)).toEqual([{ worker: other.id }]);
  }, 60_000);

  it('SIGTERM on a busy worker: no more claims, the item in flight finished, exit 0', async () => {
    const busy = running.find((w) => w.child.exitCode === null && w.child.signalCode === null)!;
    const id = await enqueueOne('hold', 'TERM', { dir });
    await until('the worker to start the held item', () => starters(id).includes(busy.id));
    busy.child.kill('SIGTERM');
    await printed(busy, /\bstopping\b/);
    // Enqueued after the SIGTERM: the stopping worker must leave it.
    const later = await enqueueOne('effect', 'AFTER');
    writeFileSync(join(dir, `release-${id}`), '');
    expect(await busy.exit).toEqual({ code: 0, signal: null });
    expect(busy.output.some((l) => /\bstopped\b/.test(l))).toBe(true);
    expect(await item(id)).toEqual({ status: 'done', attempts: 1, done_by: busy.id });
    expect(await effects(id)).toEqual([{ worker: busy.id }]);
    expect(await item(later)).toEqual({ status: 'pending', attempts: 0, done_by: null });

    // A new worker takes the item left; SIGTERM when idle: exit 0 at once.
    const idle = spawnQueueWorker('worker-c');
    await until('the item left done', async () => (await item(later)).status === 'done');
    expect((await item(later)).done_by).toBe('worker-c');
    idle.child.kill('SIGTERM');
    expect(await idle.exit).toEqual({ code: 0, signal: null });
  }, 60_000);

  it('runs the --once demo on PostgreSQL and on the embedded default, and prints one market prediction time', async () => {
    const onPostgres = start('demo-pg', ['--once'], demoDb.url);
    const embedded = start('demo-pglite', ['--once']);
    running.push(onPostgres, embedded);
    const [pgExit, pgliteExit] = await Promise.all([onPostgres.exit, embedded.exit]);
    expect(pgExit, onPostgres.output.slice(-5).join('\n')).toEqual({ code: 0, signal: null });
    expect(pgliteExit, embedded.output.slice(-5).join('\n')).toEqual({ code: 0, signal: null });
    for (const w of [onPostgres, embedded]) {
      expect(w.output.some((l) => /\bdemo\b.* 9 predictions written .* 0 item\(s\) not done/.test(l))).toBe(true);
      const times = w.output.flatMap((l) => {
        const m = / done #\d+ ([a-z]+)((?: \S+)*?) due \S+ in (\d+) ms/.exec(l);
        return m ? [{ kind: m[1]!, timeframe: m[2]!.split(' ').find((t) => t === '15m' || t === '1h') ?? '-', ms: Number(m[3]) }] : [];
      });
      expect(times.filter((t) => t.kind === 'predict')).toHaveLength(6);
      const report = ['predict', 'features', 'backfill', 'jobs'].map((kind) => `${kind} ${times.filter((t) => t.kind === kind).map((t) => `${t.timeframe}:${t.ms}`).join(' ')}`);
      console.log(`per-item time (ms) on ${w.id === 'demo-pg' ? 'PostgreSQL 15' : 'PGlite'}, this machine:\n  ${report.join('\n  ')}`);
    }
  }, 90_000);
});
