/**
 * The report as one self-contained HTML page: inline CSS, inline SVG plots, no script, and a Content Security Policy
 * that forbids loading anything, so the page shows the same offline, from an e-mail or from an archive.
 *
 * @module
 */
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import { checkOptions } from '../../core/options.js';
import type { ReportData } from './data.js';
import { reportPlots } from './plots.js';
import { promotionReason, skillVerdict, summaryTable } from './summary.js';
import { escapeXml, percent, utcMinute } from './svg/text.js';

/** What the page says besides the data. An unknown key is an error. */
export interface ReportPage {
  /** The page's heading. Default 'alpha_v4 report'. */
  readonly title?: string;
  /** Paragraphs shown under the heading (how the data was made, what to read into it). */
  readonly notes?: readonly string[];
  /** When the report was made (shown in the header). Default: not shown. */
  readonly generatedAt?: Date | number;
}

const CSS = `
body{margin:0;background:#f6f7f9;color:#1d2330;font:14px/1.5 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif}
main{max-width:1180px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}
.meta{color:#5a6272;margin:0 0 12px}.notes p{margin:6px 0;max-width:900px}
table{border-collapse:collapse;background:#fff;font-variant-numeric:tabular-nums}
th,td{border:1px solid #d9dde5;padding:4px 8px;text-align:right}th{background:#eef1f5}td:first-child,th:first-child{text-align:left}
.status{display:inline-block;padding:4px 10px;border-radius:4px;font-weight:600}
.keep-legacy{background:#fdecea;color:#8a1c1c}.promote{background:#e6f4ea;color:#1e5b2f}
.plots{display:flex;flex-wrap:wrap;gap:16px}
figure{margin:0;background:#fff;border:1px solid #d9dde5;border-radius:6px;padding:12px;flex:1 1 540px}
figure svg{max-width:100%;height:auto}figcaption{color:#5a6272;font-size:13px;margin-top:6px}
.days{max-height:320px;overflow:auto;display:inline-block}
`;

function table(header: readonly string[], rows: readonly (readonly string[])[], id: string): string {
  const head = `<tr>${header.map((h) => `<th>${escapeXml(h)}</th>`).join('')}</tr>`;
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeXml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table id="${id}">\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function promotionSection(data: ReportData): string {
  const p = data.promotion;
  const rule = `Rule: more than ${percent(p.rule.threshold)} accuracy on at least ${p.rule.minPredictions} calls a day, pooled over the markets, for ${p.rule.days} consecutive complete UTC days (decided on the day's ${p.rule.decide === 'point' ? 'point estimate' : 'Wilson lower bound'}).`;
  const days = table(
    ['day', 'calls', 'accuracy [95%]', 'verdict'],
    p.days.map((d) => [d.day, String(d.n), d.accuracy === null ? 'n/a' : `${percent(d.accuracy)} [${percent(d.lower!)}, ${percent(d.upper!)}]`, d.reason]),
    'promotion-days',
  );
  return `<section id="promotion">\n<h2>Promotion gate</h2>\n<p><span class="status ${p.status}">${escapeXml(p.status)}</span> ${escapeXml(promotionReason(p))}</p>\n<p>${escapeXml(rule)}</p>\n<div class="days">${days}</div>\n</section>`;
}

/**
 * The report page of `data` (from `collectReportData`): the heading, the notes, the summary table (`summaryTable`),
 * the promotion gate (its verdict and every day it judged), the five plots (`reportPlots`), each a `<figure>` with
 * `id` and `data-plot` set to the plot's id, its inline SVG and a caption, and a closing paragraph on what the gate
 * measures. Inline CSS, no script, no external resource; a Content Security Policy (`default-src 'none'`) keeps it
 * so. Deterministic: the same data and page options give the same string.
 *
 * Throws `InvalidParameterError` for an unknown page option, a title that is not a string, notes that are not an
 * array of strings, or a bad `generatedAt`.
 *
 * @example
 * ```ts
 * const html = renderReport(data, { title: 'Demo', notes: ['Simulated random walk.'] })
 * html.startsWith('<!DOCTYPE html>') // => true
 * ```
 */
export function renderReport(data: ReportData, page?: ReportPage): string {
  const o = checkOptions(page, ['title', 'notes', 'generatedAt'], 'page');
  const title = o.title ?? 'alpha_v4 report';
  if (typeof title !== 'string') throw new InvalidParameterError('page.title', `must be a string, got ${describeValue(title)}`);
  const notes = o.notes ?? [];
  if (!Array.isArray(notes) || notes.some((n) => typeof n !== 'string')) throw new InvalidParameterError('page.notes', `must be an array of strings, got ${describeValue(notes)}`);
  const at = o.generatedAt === undefined ? undefined : o.generatedAt instanceof Date ? o.generatedAt.getTime() : o.generatedAt;
  if (at !== undefined && !Number.isFinite(at)) throw new InvalidParameterError('page.generatedAt', `expected a Date or epoch milliseconds, got ${describeValue(o.generatedAt)}`);
  const m = data.overall;
  const window = `${m.n} resolved predictions made from ${utcMinute(m.from.getTime())} to ${utcMinute(m.to.getTime())} UTC`;
  const summary = summaryTable(data);
  const figures = reportPlots(data).map((p) => `<figure id="${p.id}" data-plot="${p.id}">\n<h3>${escapeXml(p.title)}</h3>\n${p.svg}<figcaption>${escapeXml(p.caption)}</figcaption>\n</figure>`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>${escapeXml(title)}</h1>
<p class="meta">${escapeXml(window)}${at === undefined ? '' : ` · generated ${escapeXml(utcMinute(at))} UTC`}</p>
<section class="notes">
${notes.map((n) => `<p>${escapeXml(n)}</p>`).join('\n')}
</section>
<section id="summary">
<h2>Live metrics</h2>
${table(summary.header, summary.rows, 'summary-table')}
<p id="verdict">${escapeXml(skillVerdict(data.horizonOne))}</p>
<p class="meta">Calls are predictions with a direction. The Wilson interval takes every call as independent; the robust one clusters the calls made at the same time (the symbols move together) and allows for overlapping labels (horizons above one candle); over a short window the calls of longer horizons are few independent bets and even that interval is optimistic, so the verdict above reads the calls one candle ahead. The confident calls are those with max(p, 1 - p) at or above the threshold; coverage is their share of the calls. Sharpe: annualised, of direction x size x realized return, with its 95% half-width for independent returns (Lo 2002).</p>
</section>
${promotionSection(data)}
<section class="plots">
${figures.join('\n')}
</section>
<section id="about">
<h2>What the numbers can and cannot say</h2>
<p>No library can promise an accuracy on real markets. The system's target, more than 65% live accuracy, is measured, not assumed: the promotion gate above keeps the legacy system running until alpha_v4 has been above the threshold on at least the minimum number of calls every day for the required run of consecutive days. A model whose true accuracy is 65% or less passes one day with probability about one half or less, so a run of 30 such days happens by chance with probability about 0.5^30 (1e-9).</p>
</section>
</main>
</body>
</html>
`;
}
