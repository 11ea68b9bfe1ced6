/**
 * The five plots of the report, each an inline SVG document: the reliability diagram, the coverage-accuracy curve,
 * the equity curve of the sized returns, the SHAP feature importance and the accuracy by horizon.
 *
 * @module
 */
import { renderReliabilityDiagram } from '../../calibration/reliability-svg.js';
import type { ReportData } from './data.js';
import { barChart } from './svg/bar-chart.js';
import { intervalChart } from './svg/interval-chart.js';
import { lineChart } from './svg/line-chart.js';
import { percent, utcMinute } from './svg/text.js';

/** One plot: a stable id (the HTML element's), its heading, a caption saying how to read it, and the SVG. */
export interface ReportPlot {
  readonly id: 'reliability' | 'coverage-accuracy' | 'equity' | 'shap-importance' | 'accuracy-by-horizon';
  readonly title: string;
  readonly caption: string;
  readonly svg: string;
}

const DAY_MS = 86_400_000;
/** The gate's threshold and chance, drawn on the accuracy plots. */
const chanceAndGate = (threshold: number) => [
  { value: 0.5, label: 'chance 50%' },
  { value: threshold, label: `gate ${percent(threshold, 0)}` },
];
const pct = (v: number): string => percent(v, 0);

function coveragePlot(data: ReportData): ReportPlot {
  const c = data.coverage;
  return {
    id: 'coverage-accuracy',
    title: 'Coverage and accuracy',
    caption: 'Accuracy of the k most confident predictions (confidence |2p - 1|) against the share of predictions they are, with the Wilson 95% interval of each point. On the left few predictions remain and the interval is wide: a high accuracy there is weak evidence.',
    svg: lineChart({
      title: 'Accuracy of the most confident predictions',
      subtitle: `${data.reliability.n} resolved predictions, most confident first`,
      xLabel: 'coverage (share of predictions acted on)',
      yLabel: 'accuracy',
      series: [{ name: 'accuracy', points: c.map((p) => [p.coverage, p.accuracy]) }],
      band: { name: 'Wilson 95%', lower: c.map((p) => [p.coverage, p.lower]), upper: c.map((p) => [p.coverage, p.upper]) },
      references: chanceAndGate(data.promotion.rule.threshold),
      xFormat: pct,
      yFormat: pct,
    }),
  };
}

function equityPlot(data: ReportData): ReportPlot {
  const t0 = Math.min(...data.equity.flatMap((s) => s.points.map((p) => p[0])));
  const start = Number.isFinite(t0) ? t0 : 0;
  return {
    id: 'equity',
    title: 'Equity of the sized returns',
    caption: 'Cumulative sum of direction x size x realized return per series, summed over the symbols, in basis points of capital (no costs). Horizons above one candle overlap: those curves add staggered bets.',
    svg: lineChart({
      title: 'Cumulative sized return',
      subtitle: Number.isFinite(t0) ? `from ${utcMinute(start)} UTC` : '',
      xLabel: 'days since the first prediction',
      yLabel: 'cumulative return (basis points)',
      series: data.equity.map((s) => ({ name: s.name, points: s.points.map(([t, v]) => [(t - start) / DAY_MS, v * 1e4]) })),
      yInclude: [0],
    }),
  };
}

function importancePlot(data: ReportData): ReportPlot {
  const at = data.importanceAt ? `computed ${utcMinute(data.importanceAt.getTime())} UTC` : 'no SHAP importance stored';
  return {
    id: 'shap-importance',
    title: 'SHAP feature importance',
    caption: `Mean |TreeSHAP| of each feature (log-odds units) over the latest feature rows, averaged over ${data.importanceModels.length} model(s): ${data.importanceModels.join(', ') || 'none'}. A feature a model does not use counts 0 for it.`,
    svg: barChart({
      title: `Top ${data.importance.length} features by mean |SHAP|`,
      subtitle: at,
      xLabel: 'mean |SHAP| (log-odds)',
      bars: data.importance.map((b) => ({ label: b.feature, value: b.importance })),
    }),
  };
}

function horizonPlot(data: ReportData): ReportPlot {
  const points = data.series.flatMap(({ timeframe, horizon, metrics: { accuracy: a } }) =>
    a ? [{ label: `${timeframe} h${horizon}`, value: a.value, lower: a.lower, upper: a.upper, detail: `${timeframe}, ${horizon} candle(s) ahead: ${percent(a.value)} [${percent(a.lower)}, ${percent(a.upper)}] on ${a.n} calls` }] : [],
  );
  return {
    id: 'accuracy-by-horizon',
    title: 'Accuracy by horizon',
    caption: 'Accuracy of the calls of each timeframe and horizon (h candles ahead) with its Wilson 95% interval. An interval that contains 50% shows no evidence of skill; the robust intervals of the summary are wider where calls move together.',
    svg: intervalChart({
      title: 'Accuracy by timeframe and horizon',
      subtitle: 'Wilson 95% intervals',
      yLabel: 'accuracy',
      points,
      references: chanceAndGate(data.promotion.rule.threshold),
      yFormat: pct,
    }),
  };
}

/**
 * The five plots of a report's data, in reading order: reliability (`renderReliabilityDiagram` of the 10-bin
 * diagram, ECE in its title), coverage-accuracy (with its Wilson band, chance and the gate's threshold), equity of the
 * sized returns (one line per series, basis points), SHAP importance (top features) and accuracy by horizon
 * (Wilson intervals, chance and the gate's threshold).
 *
 * @example
 * ```ts
 * reportPlots(data).map((p) => p.id)
 * // => ['reliability', 'coverage-accuracy', 'equity', 'shap-importance', 'accuracy-by-horizon']
 * ```
 */
export function reportPlots(data: ReportData): ReportPlot[] {
  return [
    {
      id: 'reliability',
      title: 'Reliability diagram',
      caption: 'Observed frequency of an up move against the mean predicted probability, in 10 equal-width bins with Wilson 95% intervals; a calibrated model sits on the diagonal. The strip below counts the predictions per bin.',
      svg: renderReliabilityDiagram(data.reliability, { title: 'Reliability of the replayed predictions', width: 560, height: 520 }),
    },
    coveragePlot(data),
    equityPlot(data),
    importancePlot(data),
    horizonPlot(data),
  ];
}
