/**
 * The data of the report, read from a store: the resolved predictions of a window and what the plots and the
 * summary make of them (live metrics per series, reliability, coverage-accuracy, equity), the latest SHAP importance
 * and the promotion gate's verdict.
 *
 * @module
 */
import { coverageAccuracyCurve, wilsonInterval } from '../../calibration/metrics.js';
import { reliabilityDiagram, type ReliabilityDiagram } from '../../calibration/reliability.js';
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import { checkOptions } from '../../core/options.js';
import { periodsPerYear, timeframeMs } from '../../core/timeframe.js';
import { evaluatePredictions, type LiveMetrics } from '../../pipeline/evaluation.js';
import { nowMs } from '../../pipeline/markets.js';
import { promotionStatus, type PromotionStatus } from '../../pipeline/promotion.js';
import { isCorrect } from '../../pipeline/scoring.js';
import { storeError } from '../../store/errors.js';
import type { StoreTimeframe } from '../../store/schema.js';
import type { AlphaStore } from '../../store/types.js';
import { robustAccuracy, type RobustAccuracy } from './robust.js';
import type { Point } from './svg/line-chart.js';

/** Which predictions the report covers, and how much it shows. An unknown key is an error. */
export interface ReportQuery {
  /** Earliest prediction time (ts), inclusive; default the first resolved prediction. */
  readonly from?: Date | number;
  /** Latest prediction time (ts), exclusive; default none. */
  readonly to?: Date | number;
  /** The clock of the promotion gate (the current UTC day never counts); default the current time. */
  readonly now?: Date | number;
  /** Features in the importance chart, an integer in [1, 100]; default 20. */
  readonly topFeatures?: number;
}

/** The live metrics of one (timeframe, horizon) series, its robust accuracy and the 95% half-width of its Sharpe ratio. */
export interface SeriesMetrics {
  readonly timeframe: StoreTimeframe;
  readonly horizon: number;
  readonly metrics: LiveMetrics;
  /** The accuracy with its interval robust to simultaneous calls and overlapping labels (`robustAccuracy`); null without calls. */
  readonly robust: RobustAccuracy | null;
  /** ≈ 1.96 sqrt(A (1 + SR² / 2A) / n) (Lo 2002, independent returns; A periods a year), null without a Sharpe ratio. */
  readonly sharpeHalfWidth: number | null;
}

/** One point of the coverage-accuracy curve with the Wilson 95% interval of its accuracy. */
export interface CoverageRow {
  readonly coverage: number;
  readonly accuracy: number;
  readonly lower: number;
  readonly upper: number;
}

/** A feature's SHAP importance averaged over the models explained (0 where a model lacks the feature). */
export interface ImportanceBar {
  readonly feature: string;
  readonly importance: number;
}

/** Everything the report shows. */
export interface ReportData {
  readonly overall: LiveMetrics;
  /** The robust accuracy of all calls together; null without calls. */
  readonly overallRobust: RobustAccuracy | null;
  /**
   * The robust accuracy of the calls one candle ahead (every timeframe): labels that do not overlap along a series,
   * so the interval holds even over a short window (longer horizons make few independent bets there); null without.
   */
  readonly horizonOne: RobustAccuracy | null;
  readonly series: readonly SeriesMetrics[];
  readonly reliability: ReliabilityDiagram;
  /** At most 200 points, most confident first. */
  readonly coverage: readonly CoverageRow[];
  /** Per series: [prediction time (ms), cumulative sum of direction x size x realized return over the symbols]. */
  readonly equity: readonly { readonly name: string; readonly points: readonly Point[] }[];
  /** The top features of the latest SHAP run, most important first; empty when none is stored. */
  readonly importance: readonly ImportanceBar[];
  /** The models the importance averages over ('BTC 15m v3', ...) and when it was computed (null: never). */
  readonly importanceModels: readonly string[];
  readonly importanceAt: Date | null;
  readonly promotion: PromotionStatus;
}

interface Row {
  symbol: string;
  timeframe: StoreTimeframe;
  horizon: number;
  ts: Date;
  p_up: number;
  direction: number;
  size: number;
  outcome: number | null;
  realized_return: number | null;
}

const MAX_CURVE = 200;
const MAX_EQUITY = 500;

/** The robust accuracy of the rows' calls (direction <> 0), or null when there is none. */
function robustOf(rows: readonly Row[]): RobustAccuracy | null {
  const calls = rows.filter((r) => r.direction !== 0).map((r) => ({ ts: r.ts.getTime(), span: r.horizon * timeframeMs(r.timeframe), correct: isCorrect(r.direction, Number(r.outcome)) }));
  return calls.length > 0 ? robustAccuracy(calls) : null;
}

/** Every k-th element (k chosen so that at most `max` remain) and always the last. */
function thin<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const k = Math.ceil(items.length / max);
  return items.filter((_, i) => i % k === 0 || i === items.length - 1);
}

/**
 * The 95% half-width of an annualised Sharpe ratio `sharpe` estimated from `n` independent returns of a series with
 * A = periodsPerYear(timeframe) / horizon bets a year: the per-bet ratio s = sharpe / sqrt(A) has the asymptotic
 * variance (1 + s² / 2) / n (Lo 2002), so the half-width is 1.959963984540054 * sqrt(A (1 + s² / 2) / n).
 *
 * @example
 * ```ts
 * sharpeHalfWidth(0, 365, '1d', 1) // => 1.959963984540054
 * ```
 */
export function sharpeHalfWidth(sharpe: number, n: number, timeframe: StoreTimeframe, horizon: number): number {
  const a = periodsPerYear(timeframe) / horizon;
  const s = sharpe / Math.sqrt(a);
  return 1.959963984540054 * Math.sqrt((a * (1 + (s * s) / 2)) / n);
}

/** The resolved predictions of the window, oldest first (one query). */
async function readRows(store: AlphaStore, from: number | undefined, to: number | undefined): Promise<Row[]> {
  let query = store.db
    .selectFrom('alpha_v4.predictions')
    .select(['symbol', 'timeframe', 'horizon', 'ts', 'p_up', 'direction', 'size', 'outcome', 'realized_return'])
    .where('outcome', 'is not', null);
  if (from !== undefined) query = query.where('ts', '>=', new Date(from));
  if (to !== undefined) query = query.where('ts', '<', new Date(to));
  try {
    return (await query.orderBy('ts').orderBy('symbol').execute()) as Row[];
  } catch (e) {
    throw storeError('STORE_READ', 'report', e);
  }
}

/** The latest SHAP run (method 'shap': each model's first horizon), averaged over its models; top `top`. */
async function readImportance(store: AlphaStore, top: number): Promise<Pick<ReportData, 'importance' | 'importanceModels' | 'importanceAt'>> {
  try {
    const latest = await store.db.selectFrom('alpha_v4.feature_importance_history').select((eb) => eb.fn.max('computed_at').as('at')).where('method', '=', 'shap').executeTakeFirst();
    if (!latest?.at) return { importance: [], importanceModels: [], importanceAt: null };
    const at = new Date(latest.at as Date);
    const rows = await store.db
      .selectFrom('alpha_v4.feature_importance_history')
      .select(['symbol', 'timeframe', 'model_version', 'feature', 'importance'])
      .where('method', '=', 'shap')
      .where('computed_at', '=', at)
      .execute();
    const models = [...new Set(rows.map((r) => `${r.symbol} ${r.timeframe} v${r.model_version}`))].sort();
    const sums = new Map<string, number>();
    for (const r of rows) sums.set(r.feature, (sums.get(r.feature) ?? 0) + Number(r.importance));
    const importance = [...sums]
      .map(([feature, sum]) => ({ feature, importance: sum / models.length }))
      .sort((a, b) => b.importance - a.importance || (a.feature < b.feature ? -1 : 1))
      .slice(0, top);
    return { importance, importanceModels: models, importanceAt: at };
  } catch (e) {
    throw storeError('STORE_READ', 'report', e);
  }
}

/** Per (timeframe, horizon) series, in timeframe then horizon order: the cumulative sized return over time. */
function equityCurves(rows: readonly Row[], series: readonly SeriesMetrics[]): ReportData['equity'] {
  return series.map(({ timeframe, horizon }) => {
    const points: [number, number][] = [];
    let total = 0;
    for (const r of rows) {
      if (r.timeframe !== timeframe || r.horizon !== horizon) continue;
      total += r.direction * r.size * Number(r.realized_return);
      const t = r.ts.getTime();
      if (points.length > 0 && points.at(-1)![0] === t) points.at(-1)![1] = total;
      else points.push([t, total]);
    }
    return { name: `${timeframe} h${horizon}`, points: thin(points, MAX_EQUITY) };
  });
}

/**
 * Reads and computes the report's data. Over the resolved predictions of the window (y the outcome, p = p_up):
 * `evaluatePredictions` overall and per (timeframe, horizon) series (accuracy with its Wilson interval, the confident
 * subset and its coverage, ECE, Brier, Sharpe), the accuracy with its interval robust to simultaneous calls and
 * overlapping labels (`robustAccuracy`) overall, per series and for the calls one candle ahead, and the 95% half-width of each series' Sharpe ratio ({@link sharpeHalfWidth}); `reliabilityDiagram(y, p, { bins: 10 })` (equal-width bins: its ECE is the summary's);
 * `coverageAccuracyCurve(y, p)` with a Wilson interval at each point (thinned to 200 points); per series the
 * cumulative sum over time of direction x size x realized return (the sized returns, summed over the symbols at each
 * prediction time); the latest SHAP importance run averaged over its models (top `topFeatures`); and
 * `promotionStatus(store, { now })`.
 *
 * Throws `InvalidParameterError` for a bad or unknown query key, `PipelineError` `NO_RESOLVED_PREDICTIONS` when the
 * window holds no resolved prediction, `StoreError` `STORE_READ` when a read fails.
 *
 * @example
 * ```ts
 * const data = await collectReportData(store, { now: Date.UTC(2025, 0, 6) })
 * data.series.map((s) => `${s.timeframe} h${s.horizon}`) // => ['15m h1', '15m h4', '1h h1', '1h h4']
 * ```
 */
export async function collectReportData(store: AlphaStore, query?: ReportQuery): Promise<ReportData> {
  const q = checkOptions(query, ['from', 'to', 'now', 'topFeatures'], 'query');
  const from = q.from === undefined ? undefined : nowMs(q.from, 'query.from');
  const to = q.to === undefined ? undefined : nowMs(q.to, 'query.to');
  const now = nowMs(q.now, 'query.now');
  const top = q.topFeatures ?? 20;
  if (!Number.isInteger(top) || top < 1 || top > 100) throw new InvalidParameterError('query.topFeatures', `must be an integer in [1, 100], got ${describeValue(top)}`);
  const window = { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
  const overall = await evaluatePredictions(store, window);
  const rows = await readRows(store, from, to);
  const pairs = [...new Set(rows.map((r) => `${r.timeframe}|${r.horizon}`))]
    .map((k) => ({ timeframe: k.split('|')[0] as StoreTimeframe, horizon: Number(k.split('|')[1]) }))
    .sort((a, b) => periodsPerYear(b.timeframe) - periodsPerYear(a.timeframe) || a.horizon - b.horizon);
  const series: SeriesMetrics[] = [];
  for (const { timeframe, horizon } of pairs) {
    const metrics = await evaluatePredictions(store, { ...window, timeframe, horizon });
    const robust = robustOf(rows.filter((r) => r.timeframe === timeframe && r.horizon === horizon));
    series.push({ timeframe, horizon, metrics, robust, sharpeHalfWidth: metrics.sharpe === null ? null : sharpeHalfWidth(metrics.sharpe, metrics.n, timeframe, horizon) });
  }
  const labels = rows.map((r) => Number(r.outcome));
  const probs = rows.map((r) => r.p_up);
  const n = rows.length;
  const coverage = thin(coverageAccuracyCurve(labels, probs), MAX_CURVE).map((c) => {
    const k = Math.round(c.coverage * n);
    const w = wilsonInterval(Math.round(c.accuracy * k), k);
    return { coverage: c.coverage, accuracy: c.accuracy, lower: w.lower, upper: w.upper };
  });
  return {
    overall,
    overallRobust: robustOf(rows),
    horizonOne: robustOf(rows.filter((r) => r.horizon === 1)),
    series,
    reliability: reliabilityDiagram(labels, probs, { bins: 10 }),
    coverage,
    equity: equityCurves(rows, series),
    ...(await readImportance(store, top)),
    promotion: await promotionStatus(store, { now }),
  };
}
