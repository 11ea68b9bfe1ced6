/** The dashboard read: accuracy, calibration and Sharpe rows of the materialized views, and the jobs' state. */
import { checkOptions } from '../../core/options.js';
import { parseTimeframe } from '../../core/timeframe.js';
import type { StoreTimeframe } from '../schema.js';
import { optionKeys, positiveInt, requireSymbol } from './checks.js';
import { OPERATION_POOLS, type StoreContext } from './context.js';
import { toJob, type JobRow, type JobStatus } from './jobs.js';

/** Filters of `AlphaStore.readMetrics`. */
export interface MetricsQuery {
  symbol?: string;
  timeframe?: StoreTimeframe;
  horizon?: number;
  modelVersion?: number;
}

/** The key of a dashboard row. */
export interface MetricsKey {
  readonly symbol: string;
  readonly timeframe: string;
  readonly horizon: number;
  readonly modelVersion: number;
}

/** A row of mv_accuracy_7d / mv_accuracy_30d. */
export interface AccuracyMetrics extends MetricsKey {
  readonly nPredictions: number;
  readonly nDirectional: number;
  readonly nCorrect: number;
  readonly accuracy: number | null;
  readonly coverage: number;
  readonly brier: number | null;
  readonly meanPUp: number;
  readonly baseRate: number;
  readonly firstTs: Date;
  readonly lastTs: Date;
  readonly refreshedAt: Date;
}

/** A row of mv_calibration_error. */
export interface CalibrationMetrics extends MetricsKey {
  readonly nPredictions: number;
  readonly ece: number;
  readonly mce: number;
  readonly bins: readonly { bin: number; n: number; mean_p: number; freq: number }[];
  readonly refreshedAt: Date;
}

/** A row of mv_sharpe_ratio. */
export interface SharpeMetrics extends MetricsKey {
  readonly nPredictions: number;
  readonly meanReturn: number | null;
  readonly stddevReturn: number | null;
  readonly sharpe: number | null;
  readonly totalReturn: number | null;
  readonly winRate: number | null;
  readonly maxDrawdown: number | null;
  readonly refreshedAt: Date;
}

/** The dashboard metrics (as of the views' last refresh) and the jobs' state. */
export interface StoreMetrics {
  readonly accuracy7d: readonly AccuracyMetrics[];
  readonly accuracy30d: readonly AccuracyMetrics[];
  readonly calibration: readonly CalibrationMetrics[];
  readonly sharpe: readonly SharpeMetrics[];
  readonly jobs: readonly JobStatus[];
}

type Row = Record<string, unknown>;

/** A nullable numeric column as a number or null. */
function num(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

function metricsKey(r: Row): MetricsKey {
  return { symbol: r.symbol as string, timeframe: r.timeframe as string, horizon: Number(r.horizon), modelVersion: Number(r.model_version) };
}

function toAccuracy(r: Row): AccuracyMetrics {
  return {
    ...metricsKey(r),
    nPredictions: Number(r.n_predictions),
    nDirectional: Number(r.n_directional),
    nCorrect: Number(r.n_correct),
    accuracy: num(r.accuracy),
    coverage: Number(r.coverage),
    brier: num(r.brier),
    meanPUp: Number(r.mean_p_up),
    baseRate: Number(r.base_rate),
    firstTs: r.first_ts as Date,
    lastTs: r.last_ts as Date,
    refreshedAt: r.refreshed_at as Date,
  };
}

function toCalibration(r: Row): CalibrationMetrics {
  return {
    ...metricsKey(r),
    nPredictions: Number(r.n_predictions),
    ece: Number(r.ece),
    mce: Number(r.mce),
    bins: (typeof r.bins === 'string' ? JSON.parse(r.bins) : r.bins) as CalibrationMetrics['bins'],
    refreshedAt: r.refreshed_at as Date,
  };
}

function toSharpe(r: Row): SharpeMetrics {
  return {
    ...metricsKey(r),
    nPredictions: Number(r.n_predictions),
    meanReturn: num(r.mean_return),
    stddevReturn: num(r.stddev_return),
    sharpe: num(r.sharpe),
    totalReturn: num(r.total_return),
    winRate: num(r.win_rate),
    maxDrawdown: num(r.max_drawdown),
    refreshedAt: r.refreshed_at as Date,
  };
}

const QUERY_KEYS = optionKeys<MetricsQuery>({ symbol: true, timeframe: true, horizon: true, modelVersion: true });

/** The `WHERE` clause of the query's filters (each `column = $n`, each checked first), with its parameters. */
function metricsFilter(query: MetricsQuery): { where: string; params: unknown[] } {
  checkOptions(query, QUERY_KEYS, 'query');
  const params: unknown[] = [];
  const conds: string[] = [];
  const add = (col: string, v: unknown) => {
    params.push(v);
    conds.push(`${col} = $${params.length}`);
  };
  if (query.symbol !== undefined) add('symbol', requireSymbol(query.symbol, 'query.symbol'));
  if (query.timeframe !== undefined) add('timeframe', parseTimeframe(query.timeframe, 'query.timeframe'));
  if (query.horizon !== undefined) add('horizon', positiveInt(query.horizon, 'query.horizon'));
  if (query.modelVersion !== undefined) add('model_version', positiveInt(query.modelVersion, 'query.modelVersion'));
  return { where: conds.length ? ` WHERE ${conds.join(' AND ')}` : '', params };
}

/**
 * Dashboard metrics (as of the views' last refresh; see `refreshViews`), filtered by the query, and every job's
 * state, read in one transaction.
 *
 * @example
 * ```ts
 * const m = await readMetrics(ctx, { symbol: 'BTC' })
 * m.accuracy7d[0]?.accuracy // => 0.54 (or null without directional predictions)
 * ```
 */
export async function readMetrics(ctx: StoreContext, query: MetricsQuery = {}): Promise<StoreMetrics> {
  const { where, params } = metricsFilter(query);
  const order = ' ORDER BY symbol, timeframe, horizon, model_version';
  return ctx.run(OPERATION_POOLS.readMetrics, 'readMetrics', 'STORE_READ', async (s) => {
    const q = (view: string) => s.query<Row>(`SELECT * FROM alpha_v4.${view}${where}${order}`, params).then((r) => r.rows);
    const jobs = await s.query<JobRow>('SELECT * FROM alpha_v4.jobs ORDER BY name');
    return {
      accuracy7d: (await q('mv_accuracy_7d')).map(toAccuracy),
      accuracy30d: (await q('mv_accuracy_30d')).map(toAccuracy),
      calibration: (await q('mv_calibration_error')).map(toCalibration),
      sharpe: (await q('mv_sharpe_ratio')).map(toSharpe),
      jobs: jobs.rows.map(toJob),
    };
  });
}
