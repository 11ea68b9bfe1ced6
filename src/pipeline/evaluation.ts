/**
 * Live evaluation: the metrics of the resolved predictions of a window (accuracy with its Wilson interval, the
 * confident subset and its coverage, ECE, Brier score, annualised Sharpe ratio, base rate), read in one query and
 * computed with the calibration module's metrics, by the definitions of the SQL performance log.
 *
 * @module
 */
import { InvalidParameterError } from '../core/errors.js';
import { checkOptions } from '../core/options.js';
import { parseTimeframe } from '../core/timeframe.js';
import { expectedCalibrationError } from '../calibration/ece.js';
import { brierScore, wilsonInterval, type Proportion } from '../calibration/metrics.js';
import { storeError } from '../store/errors.js';
import { numberIn, optionKeys, positiveInt, requireSymbol, requireTime } from '../store/ops/checks.js';
import type { StoreTimeframe } from '../store/schema.js';
import type { AlphaStore } from '../store/types.js';
import { PipelineError } from './errors.js';
import { annualisedSharpe, isCorrect } from './scoring.js';

/**
 * The default confidence threshold, the default of the setting `confidence_threshold` of the performance log: a
 * prediction is confident when max(p_up, 1 - p_up) >= 0.55.
 */
export const DEFAULT_CONFIDENCE_THRESHOLD = 0.55;

/** Which resolved predictions {@link evaluatePredictions} evaluates (every filter optional; all of them by default). */
export interface EvaluationQuery {
  symbol?: string;
  timeframe?: StoreTimeframe;
  horizon?: number;
  modelVersion?: number;
  /** Earliest prediction time (ts), inclusive. */
  from?: Date | number | string;
  /** Latest prediction time (ts), exclusive. */
  to?: Date | number | string;
  /** Confidence threshold of the confident subset, in [0.5, 1]; default {@link DEFAULT_CONFIDENCE_THRESHOLD}. */
  threshold?: number;
}

/** The metrics of the confident subset: predictions with a direction and max(p_up, 1 - p_up) >= threshold. */
export interface ConfidentMetrics {
  readonly threshold: number;
  /** Confident predictions. */
  readonly n: number;
  /** Their accuracy (Wilson 95%), or null when there is none. */
  readonly accuracy: Proportion | null;
  /** n / predictions with a direction: the share of calls confident enough to act on; null without calls. */
  readonly coverage: number | null;
}

/** Live metrics of resolved predictions (see {@link evaluatePredictions} for each definition). */
export interface LiveMetrics {
  /** Resolved predictions evaluated. */
  readonly n: number;
  /** Accuracy over the predictions with direction <> 0, with its Wilson 95% interval (`n` = those); null when none has a direction. */
  readonly accuracy: Proportion | null;
  readonly confident: ConfidentMetrics;
  /** Expected calibration error of p_up, 10 equal-width bins. */
  readonly ece: number;
  readonly brier: number;
  /** Annualised Sharpe ratio of the sized returns; null when undefined (see {@link evaluatePredictions}). */
  readonly sharpe: number | null;
  /** Share of outcomes that were up. */
  readonly baseRate: number;
  /** Time (ts) of the first and the last prediction evaluated. */
  readonly from: Date;
  readonly to: Date;
}

/** What {@link resolveAndEvaluate} did: the predictions it resolved, then the metrics. */
export interface LiveEvaluation {
  readonly resolved: number;
  readonly metrics: LiveMetrics;
}

/** One resolved prediction as read. */
interface ResolvedRow {
  timeframe: StoreTimeframe;
  horizon: number;
  ts: Date;
  p_up: number;
  direction: number;
  size: number;
  outcome: number | null;
  realized_return: number | null;
}

const QUERY_KEYS = optionKeys<EvaluationQuery>({ symbol: true, timeframe: true, horizon: true, modelVersion: true, from: true, to: true, threshold: true });

/** The query, checked: every filter named in its error, `from` before `to`. */
interface CheckedQuery {
  symbol?: string;
  timeframe?: StoreTimeframe;
  horizon?: number;
  modelVersion?: number;
  from?: number;
  to?: number;
  threshold: number;
}

/** Checks an evaluation query (`known` lists the keys the caller accepts; `where` names it in messages). */
function checkQuery(query: unknown, known: readonly string[], where: string): CheckedQuery {
  const q = checkOptions(query as EvaluationQuery | undefined, known, where);
  const checked: CheckedQuery = { threshold: q.threshold === undefined ? DEFAULT_CONFIDENCE_THRESHOLD : numberIn(q.threshold, `${where}.threshold`, 0.5, 1) };
  if (q.symbol !== undefined) checked.symbol = requireSymbol(q.symbol, `${where}.symbol`);
  if (q.timeframe !== undefined) checked.timeframe = parseTimeframe(q.timeframe, `${where}.timeframe`);
  if (q.horizon !== undefined) checked.horizon = positiveInt(q.horizon, `${where}.horizon`);
  if (q.modelVersion !== undefined) checked.modelVersion = positiveInt(q.modelVersion, `${where}.modelVersion`);
  if (q.from !== undefined) checked.from = requireTime(q.from, `${where}.from`);
  if (q.to !== undefined) checked.to = requireTime(q.to, `${where}.to`);
  if (checked.from !== undefined && checked.to !== undefined && !(checked.from < checked.to)) {
    throw new InvalidParameterError(`${where}.to`, `must be after from (${new Date(checked.from).toISOString()}), got ${new Date(checked.to).toISOString()}`);
  }
  return checked;
}

/** The query's filters in words, for messages. */
function describeQuery(q: CheckedQuery): string {
  const parts = [
    q.symbol !== undefined ? `symbol ${q.symbol}` : '',
    q.timeframe !== undefined ? `timeframe ${q.timeframe}` : '',
    q.horizon !== undefined ? `horizon ${q.horizon}` : '',
    q.modelVersion !== undefined ? `model version ${q.modelVersion}` : '',
    q.from !== undefined ? `from ${new Date(q.from).toISOString()}` : '',
    q.to !== undefined ? `to ${new Date(q.to).toISOString()}` : '',
  ].filter((p) => p !== '');
  return parts.length > 0 ? parts.join(', ') : 'all predictions';
}

/** Reads the resolved predictions the query selects, oldest first: one statement. */
async function readResolved(store: AlphaStore, q: CheckedQuery): Promise<ResolvedRow[]> {
  let query = store.db
    .selectFrom('alpha_v4.predictions')
    .select(['timeframe', 'horizon', 'ts', 'p_up', 'direction', 'size', 'outcome', 'realized_return'])
    .where('outcome', 'is not', null);
  if (q.symbol !== undefined) query = query.where('symbol', '=', q.symbol);
  if (q.timeframe !== undefined) query = query.where('timeframe', '=', q.timeframe);
  if (q.horizon !== undefined) query = query.where('horizon', '=', q.horizon);
  if (q.modelVersion !== undefined) query = query.where('model_version', '=', q.modelVersion);
  if (q.from !== undefined) query = query.where('ts', '>=', new Date(q.from));
  if (q.to !== undefined) query = query.where('ts', '<', new Date(q.to));
  try {
    return (await query.orderBy('ts').execute()) as ResolvedRow[];
  } catch (e) {
    throw storeError('STORE_READ', 'evaluatePredictions', e);
  }
}

/** The metrics of resolved rows (at least one). */
function liveMetrics(rows: readonly ResolvedRow[], threshold: number): LiveMetrics {
  const n = rows.length;
  const labels = new Float64Array(n);
  const probs = new Float64Array(n);
  const returns = new Float64Array(n);
  let directional = 0, correct = 0, confident = 0, confCorrect = 0, ups = 0;
  const first = rows[0]!;
  let oneSeries = true;
  rows.forEach((r, i) => {
    const y = Number(r.outcome);
    labels[i] = y;
    probs[i] = r.p_up;
    returns[i] = r.direction * r.size * Number(r.realized_return);
    ups += y;
    const hit = isCorrect(r.direction, y);
    if (r.direction !== 0) {
      directional++;
      if (hit) correct++;
      if (Math.max(r.p_up, 1 - r.p_up) >= threshold) {
        confident++;
        if (hit) confCorrect++;
      }
    }
    if (r.timeframe !== first.timeframe || r.horizon !== first.horizon) oneSeries = false;
  });
  return {
    n,
    accuracy: directional > 0 ? wilsonInterval(correct, directional) : null,
    confident: { threshold, n: confident, accuracy: confident > 0 ? wilsonInterval(confCorrect, confident) : null, coverage: directional > 0 ? confident / directional : null },
    ece: expectedCalibrationError(labels, probs, { bins: 10 }),
    brier: brierScore(labels, probs),
    sharpe: oneSeries ? annualisedSharpe(returns, first.timeframe, first.horizon) : null,
    baseRate: ups / n,
    from: rows[0]!.ts,
    to: rows[n - 1]!.ts,
  };
}

/**
 * The live metrics of the resolved predictions (outcome known) that `query` selects: all model versions, markets
 * and horizons unless filtered; `from` inclusive and `to` exclusive on the prediction time `ts`. Over the n
 * predictions read, with y = outcome (1 when close(target) > close(ts)) and p = p_up:
 *
 * - accuracy = #correct / #(direction <> 0), correct = direction 1 with y = 1 or direction -1 with y = 0, with its
 *   Wilson 95% interval (`wilsonInterval`); null when no prediction has a direction;
 * - confident: confidence = max(p, 1 - p); a prediction with a direction is confident when confidence >= threshold
 *   (default 0.55, the setting `confidence_threshold`); `n` confident, their accuracy (Wilson 95%) and
 *   coverage = n confident / #(direction <> 0), null without directions;
 * - ece = sum_b (n_b / n) |mean_b(p) - mean_b(y)| over 10 equal-width bins of p (`expectedCalibrationError`, whose
 *   bins are scikit-learn's, (k/10, (k+1)/10]: a p_up exactly on an edge k/10 falls one bin lower than in the SQL
 *   performance log's floor(10 p));
 * - brier = mean((p - y)^2) (`brierScore`);
 * - sharpe = mean(r) / s(r) * sqrt(365 * 86400 / timeframe seconds / horizon) of the sized returns
 *   r = direction * size * realized_return (`annualisedSharpe`); null when the predictions span several
 *   (timeframe, horizon) pairs (no single annualisation), are fewer than two, or their returns are all equal;
 * - baseRate = mean(y).
 *
 * One query through `store.db`. Throws `InvalidParameterError` for a bad or unknown query key (before reading),
 * `PipelineError` `NO_RESOLVED_PREDICTIONS` when the window holds no resolved prediction, `StoreError`
 * `STORE_READ` when the read fails.
 *
 * @example
 * ```ts
 * const m = await evaluatePredictions(store, { symbol: 'BTC', timeframe: '15m', from: '2026-11-01' })
 * m.accuracy?.value // => 0.56 (and m.accuracy.lower, m.accuracy.upper: its 95% interval)
 * ```
 */
export async function evaluatePredictions(store: AlphaStore, query?: EvaluationQuery): Promise<LiveMetrics> {
  return evaluateChecked(store, checkQuery(query, QUERY_KEYS, 'query'));
}

async function evaluateChecked(store: AlphaStore, q: CheckedQuery): Promise<LiveMetrics> {
  const rows = await readResolved(store, q);
  if (rows.length === 0) {
    throw new PipelineError('NO_RESOLVED_PREDICTIONS', `evaluatePredictions: no resolved prediction in the window (${describeQuery(q)})`, {
      symbol: q.symbol,
      timeframe: q.timeframe,
    });
  }
  return liveMetrics(rows, q.threshold);
}

/** The query of {@link resolveAndEvaluate}: the evaluation query and the resolution time. */
export interface ResolveAndEvaluateQuery extends EvaluationQuery {
  /** Resolve the predictions whose target candle has closed by then; default the database's now(). */
  now?: Date | number | string;
}

const RESOLVE_KEYS = optionKeys<ResolveAndEvaluateQuery>({ now: true, symbol: true, timeframe: true, horizon: true, modelVersion: true, from: true, to: true, threshold: true });

/**
 * The pipeline loop's evaluation step: `store.resolvePredictions(now)` (outcomes of the predictions whose target
 * candle exists, and the performance log), then {@link evaluatePredictions} of the query. The query is checked
 * before anything is resolved; errors as there (and `StoreError` from the resolution).
 *
 * @example
 * ```ts
 * const { resolved, metrics } = await resolveAndEvaluate(store, { now: Date.now(), from: Date.now() - 86_400_000 })
 * resolved // => 96 (the predictions resolved by this call)
 * ```
 */
export async function resolveAndEvaluate(store: AlphaStore, query?: ResolveAndEvaluateQuery): Promise<LiveEvaluation> {
  const q = checkQuery(query, RESOLVE_KEYS, 'query');
  const now = query?.now === undefined ? undefined : requireTime(query.now, 'query.now');
  const resolved = await store.resolvePredictions(now);
  return { resolved, metrics: await evaluateChecked(store, q) };
}
