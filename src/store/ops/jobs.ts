/**
 * The maintenance operations: refreshing the materialized views and running the jobs of `alpha_v4.jobs` (the
 * fallback where pg_cron is absent).
 */
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import { checkOptions } from '../../core/options.js';
import { ident } from '../literals.js';
import { MATERIALIZED_VIEWS, type MaterializedView } from '../schema.js';
import { oneOf, optionalBoolean, optionKeys, timeParam } from './checks.js';
import { OPERATION_POOLS, type StoreContext } from './context.js';

/** The maintenance jobs of alpha_v4.jobs. */
export type JobName = 'refresh_features_15m' | 'refresh_features_1h' | 'refresh_dashboards' | 'archive_predictions' | 'maintain_partitions';

/** A maintenance job's last run. */
export interface JobStatus {
  readonly name: string;
  readonly schedule: string;
  readonly lastStartedAt: Date | null;
  readonly lastFinishedAt: Date | null;
  readonly lastStatus: 'succeeded' | 'failed' | null;
  readonly lastError: string | null;
  readonly runs: number;
}

/** Options of `AlphaStore.refreshViews`. */
export interface RefreshOptions {
  /** Default: all six. */
  views?: readonly MaterializedView[];
  /** `REFRESH ... CONCURRENTLY` (default true: readers are never blocked). */
  concurrently?: boolean;
}

/** Timing of one refreshed view. */
export interface RefreshResult {
  readonly view: MaterializedView;
  readonly ms: number;
}

const REFRESH_KEYS = optionKeys<RefreshOptions>({ views: true, concurrently: true });

/** A row of alpha_v4.jobs (or of run_job / run_due_jobs) as the drivers return it. */
export interface JobRow {
  name: string;
  schedule: string;
  last_started_at: Date | null;
  last_finished_at: Date | null;
  last_status: 'succeeded' | 'failed' | null;
  last_error: string | null;
  runs: string | number;
}

/**
 * A jobs row as a {@link JobStatus} (`runs`, an int8, as a number).
 *
 * @example
 * ```ts
 * toJob({ name: 'refresh_dashboards', schedule: '*\/15 * * * *', runs: '3', ... }).runs // => 3
 * ```
 */
export function toJob(r: JobRow): JobStatus {
  return {
    name: r.name,
    schedule: r.schedule,
    lastStartedAt: r.last_started_at,
    lastFinishedAt: r.last_finished_at,
    lastStatus: r.last_status,
    lastError: r.last_error,
    runs: Number(r.runs),
  };
}

/**
 * Refreshes the materialized views (all six by default; concurrently by default), each in its own transaction,
 * and times each.
 *
 * @example
 * ```ts
 * await refreshViews(ctx, { views: ['mv_accuracy_7d'] }) // => [{ view: 'mv_accuracy_7d', ms: 12 }]
 * ```
 */
export async function refreshViews(ctx: StoreContext, options: RefreshOptions = {}): Promise<RefreshResult[]> {
  const o = checkOptions(options, REFRESH_KEYS, 'options');
  const views = o.views ?? MATERIALIZED_VIEWS;
  if (!Array.isArray(views)) throw new InvalidParameterError('options.views', `expected an array of view names, got ${describeValue(views)}`);
  views.forEach((v: unknown, i) => oneOf(v, MATERIALIZED_VIEWS, `options.views[${i}]`));
  const concurrently = optionalBoolean(o.concurrently, 'options.concurrently', true);
  const out: RefreshResult[] = [];
  for (const view of views) {
    const t0 = Date.now();
    await ctx.run(OPERATION_POOLS.refreshViews, `refreshViews ${view}`, 'STORE_WRITE', (s) =>
      s.query(`REFRESH MATERIALIZED VIEW ${concurrently ? 'CONCURRENTLY ' : ''}alpha_v4.${ident(view)}`),
    );
    out.push({ view, ms: Date.now() - t0 });
  }
  return out;
}

/**
 * Runs one maintenance job now (the pg_cron fallback); throws when it fails (`STORE_WRITE`; a job name that is not
 * a lowercase identifier of at most 63 characters is an `InvalidParameterError` before the database is asked).
 *
 * @example
 * ```ts
 * (await runJob(ctx, 'refresh_dashboards')).lastStatus // => 'succeeded'
 * ```
 */
export async function runJob(ctx: StoreContext, name: JobName): Promise<JobStatus> {
  if (typeof name !== 'string' || !/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new InvalidParameterError('name', `expected a job name (a lowercase identifier), got ${describeValue(name)}`);
  const r = await ctx.run(OPERATION_POOLS.runJob, `runJob ${name}`, 'STORE_WRITE', (s) => s.query<JobRow>('SELECT * FROM alpha_v4.run_job($1, true)', [name]));
  return toJob(r.rows[0]!);
}

/**
 * Runs the jobs whose period has elapsed as of `now` (a worker calls this every few minutes where pg_cron is
 * absent); returns the jobs run.
 *
 * @example
 * ```ts
 * (await runDueJobs(ctx)).map((j) => j.name) // => ['refresh_features_15m', ...] (those due)
 * ```
 */
export async function runDueJobs(ctx: StoreContext, now?: Date | number | string): Promise<JobStatus[]> {
  const at = timeParam(now, 'now');
  const r = await ctx.run(OPERATION_POOLS.runDueJobs, 'runDueJobs', 'STORE_WRITE', (s) => s.query<JobRow>('SELECT * FROM alpha_v4.run_due_jobs(coalesce($1::timestamptz, now()))', [at]));
  return r.rows.map(toJob);
}
