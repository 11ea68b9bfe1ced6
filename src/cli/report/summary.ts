/**
 * The report's words and numbers: the summary table of the live metrics (for the HTML page and the console alike)
 * and the promotion gate's verdict in one sentence.
 *
 * @module
 */
import type { Proportion } from '../../calibration/metrics.js';
import type { LiveMetrics } from '../../pipeline/evaluation.js';
import type { PromotionStatus } from '../../pipeline/promotion.js';
import type { ReportData } from './data.js';
import type { RobustAccuracy } from './robust.js';
import { percent } from './svg/text.js';

/** A table: its header and rows of cells, all text. */
export interface TextTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** 'v% [lo%, hi%]', or 'n/a'. */
const withInterval = (p: Proportion | null): string => (p ? `${percent(p.value)} [${percent(p.lower)}, ${percent(p.upper)}]` : 'n/a');
const interval = (p: RobustAccuracy | null): string => (p ? `[${percent(p.lower)}, ${percent(p.upper)}]` : 'n/a');

function row(name: string, m: LiveMetrics, robust: RobustAccuracy | null, halfWidth: number | null): string[] {
  const sharpe = m.sharpe === null ? 'n/a' : `${m.sharpe.toFixed(2)}${halfWidth === null ? '' : ` ± ${halfWidth.toFixed(1)}`}`;
  return [
    name,
    String(m.accuracy?.n ?? 0),
    withInterval(m.accuracy),
    interval(robust),
    m.confident.accuracy ? `${withInterval(m.confident.accuracy)} (n ${m.confident.n})` : 'n/a (none)',
    m.confident.coverage === null ? 'n/a' : percent(m.confident.coverage),
    m.ece.toFixed(4),
    m.brier.toFixed(4),
    sharpe,
  ];
}

/**
 * The summary table: one row per (timeframe, horizon) series, then all predictions together, with the calls
 * (predictions with a direction), accuracy and its Wilson 95% interval, its robust 95% interval (`robustAccuracy`:
 * clustered by prediction time, robust to overlapping labels), the accuracy of the confident calls
 * (max(p, 1 - p) >= threshold) and their coverage, ECE, Brier score, and the annualised Sharpe ratio of the sized
 * returns with its 95% half-width (n/a for all series together: no single annualisation).
 *
 * @example
 * ```ts
 * summaryTable(data).header.slice(2, 4) // => ['accuracy [Wilson 95%]', 'robust 95%']
 * ```
 */
export function summaryTable(data: Pick<ReportData, 'overall' | 'overallRobust' | 'series'>): TextTable {
  const threshold = data.overall.confident.threshold;
  return {
    header: ['series', 'calls', 'accuracy [Wilson 95%]', 'robust 95%', `accuracy at confidence >= ${threshold}`, 'coverage', 'ECE', 'Brier', 'Sharpe (95% ±)'],
    rows: [...data.series.map((s) => row(`${s.timeframe} h${s.horizon}`, s.metrics, s.robust, s.sharpeHalfWidth)), row('all', data.overall, data.overallRobust, null)],
  };
}

/**
 * Why the gate decided as it did, in one sentence: the run of qualifying days against the days required, and why the
 * last complete day did or did not qualify (the status itself is `status.status`).
 *
 * @example
 * ```ts
 * promotionReason(status)
 * // => '0 of 30 consecutive qualifying days (> 65.0% on >= 100 calls a day); 2025-01-05: 50.1% [46.2%, 54.0%] on 624 calls, not above 65.0%'
 * ```
 */
export function promotionReason(status: PromotionStatus): string {
  const { rule } = status;
  const head = `${status.consecutiveDays} of ${status.required} consecutive qualifying days (> ${percent(rule.threshold)} on >= ${rule.minPredictions} calls a day)`;
  const last = status.days.at(-1);
  if (!last) return `${head}; no resolved prediction up to ${status.lastDay}`;
  const because = { qualifies: 'qualifies', 'no-predictions': 'no predictions', 'too-few-predictions': `fewer than ${rule.minPredictions} calls`, 'not-above-threshold': `not above ${percent(rule.threshold)}` }[last.reason];
  const figures = last.accuracy === null ? '' : `${percent(last.accuracy)} [${percent(last.lower!)}, ${percent(last.upper!)}] on ${last.n} calls, `;
  return `${head}; ${last.day}: ${figures}${because}`;
}

/**
 * What the calls one candle ahead say about skill (`ReportData.horizonOne`), judged by their robust 95% interval
 * (`robustAccuracy`): above chance when the interval lies above 50%, below chance when it lies below (which a model
 * with nothing to predict does in about one window in 20), else no evidence either way. Horizon 1 because its labels
 * do not overlap: over a short window the calls of longer horizons are few independent bets, and every interval of
 * theirs is optimistic.
 *
 * @example
 * ```ts
 * skillVerdict({ value: 0.495, lower: 0.45, upper: 0.54, n: 600, clusters: 200 })
 * // => 'Calls one candle ahead: 49.5%, robust 95% interval [45.0%, 54.0%], which contains 50%: no evidence of skill over this window.'
 * ```
 */
export function skillVerdict(horizonOne: RobustAccuracy | null): string {
  if (horizonOne === null) return 'No calls one candle ahead: nothing to judge.';
  const head = `Calls one candle ahead: ${percent(horizonOne.value)}, robust 95% interval [${percent(horizonOne.lower)}, ${percent(horizonOne.upper)}]`;
  if (horizonOne.lower > 0.5) return `${head}, above 50%: evidence of skill over this window.`;
  if (horizonOne.upper < 0.5) return `${head}, below 50%: worse than chance over this window, which a model with nothing to predict does in about one window in 20.`;
  return `${head}, which contains 50%: no evidence of skill over this window.`;
}

/**
 * A table as fixed-width text for a terminal: columns padded to their widest cell, two spaces apart.
 *
 * @example
 * ```ts
 * formatTextTable({ header: ['a', 'bb'], rows: [['ccc', 'd']] }) // => 'a    bb\nccc  d'
 * ```
 */
export function formatTextTable(table: TextTable): string {
  const all = [table.header, ...table.rows];
  const widths = table.header.map((_, j) => Math.max(...all.map((r) => (r[j] ?? '').length)));
  return all.map((r) => r.map((c, j) => (j === r.length - 1 ? c : c.padEnd(widths[j]!))).join('  ')).join('\n');
}
