/**
 * The line chart of the report: one or more series over a numeric x axis, an optional shaded band (an interval
 * around a series) and horizontal reference lines.
 *
 * @module
 */
import { describeValue } from '../../../core/describe.js';
import { InvalidParameterError } from '../../../core/errors.js';
import { checkOptions } from '../../../core/options.js';
import { chartSize, drawFrame, niceAxis, referenceLine, type Axis } from './axes.js';
import { coord, escapeXml } from './text.js';

/** A point [x, y]. */
export type Point = readonly [number, number];

/** A named line. */
export interface LineSeries {
  readonly name: string;
  /** The points, in the order they are joined. */
  readonly points: readonly Point[];
}

/** A shaded band between two lines (an interval around a series), drawn under the lines. */
export interface Band {
  readonly name: string;
  /** Lower and upper bounds at the same x values, in the same order. */
  readonly lower: readonly Point[];
  readonly upper: readonly Point[];
}

/** A horizontal reference line at y = value. */
export interface Reference {
  readonly value: number;
  readonly label: string;
}

/** Options of {@link lineChart}. An unknown key is an error. */
export interface LineChartOptions {
  readonly title: string;
  readonly subtitle?: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly LineSeries[];
  readonly band?: Band;
  readonly references?: readonly Reference[];
  /** How tick values are written; default `String`. */
  readonly xFormat?: (v: number) => string;
  readonly yFormat?: (v: number) => string;
  /** Values the y axis must include besides the data (e.g. 0.5 for chance). */
  readonly yInclude?: readonly number[];
  /** Size in pixels, integers in [240, 4000]. Defaults 640 x 360. */
  readonly width?: number;
  readonly height?: number;
}

/**
 * Colours of the series, in order (then repeated): six colours of the Tableau 10 palette.
 *
 * @example
 * ```ts
 * PALETTE[0] // => '#1f77b4'
 * ```
 */
export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'] as const;

const KEYS = ['title', 'subtitle', 'xLabel', 'yLabel', 'series', 'band', 'references', 'xFormat', 'yFormat', 'yInclude', 'width', 'height'];

function checkPoints(points: unknown, where: string): readonly Point[] {
  if (!Array.isArray(points)) throw new InvalidParameterError(where, `expected an array of [x, y] points, got ${describeValue(points)}`);
  points.forEach((p, i) => {
    if (!Array.isArray(p) || p.length !== 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) throw new InvalidParameterError(`${where}[${i}]`, `expected an [x, y] pair of finite numbers, got ${describeValue(p)}`);
  });
  return points as readonly Point[];
}

function checkText(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new InvalidParameterError(where, `must be a string, got ${describeValue(value)}`);
  return value;
}

/** An SVG path through the points: `M x,y L x,y ...`. */
function pathOf(points: readonly Point[], x: (v: number) => number, y: (v: number) => number): string {
  return points.map(([px, py], i) => `${i === 0 ? 'M' : 'L'}${coord(x(px))},${coord(y(py))}`).join(' ');
}

/**
 * A line chart as a standalone SVG document (a string; no DOM, no dependency): a frame with nice ticks on both axes
 * (the domains cover every point, the band and `yInclude`), the band shaded under the lines, each series as a
 * `<path>` (`data-series` = its name) with its points as `<circle>`s when there are at most 60, dashed reference
 * lines, and a legend when there is more than one series or a band. A series without points is left out; no
 * points at all gives the frame with the words "no data". Deterministic: the same input gives the same string.
 *
 * Throws `InvalidParameterError` for an unknown option, a title or label that is not a string, points that are not
 * [x, y] pairs of finite numbers, band bounds of different lengths, a non-finite reference, or a bad size.
 *
 * @example
 * ```ts
 * const svg = lineChart({ title: 'Equity', xLabel: 'time', yLabel: 'return', series: [{ name: 'h1', points: [[0, 0], [1, 0.02]] }] })
 * svg.includes('data-series="h1"') // => true
 * ```
 */
export function lineChart(options: LineChartOptions): string {
  const o = checkOptions(options, KEYS, 'options');
  const title = checkText(o.title, 'options.title');
  const subtitle = o.subtitle === undefined ? '' : checkText(o.subtitle, 'options.subtitle');
  if (!Array.isArray(o.series)) throw new InvalidParameterError('options.series', `expected an array of series, got ${describeValue(o.series)}`);
  const series = o.series.map((s, k) => ({ name: checkText(s?.name, `options.series[${k}].name`), points: checkPoints(s?.points, `options.series[${k}].points`) })).filter((s) => s.points.length > 0);
  const band = o.band === undefined ? undefined : { name: checkText(o.band.name, 'options.band.name'), lower: checkPoints(o.band.lower, 'options.band.lower'), upper: checkPoints(o.band.upper, 'options.band.upper') };
  if (band && band.lower.length !== band.upper.length) throw new InvalidParameterError('options.band.upper', `must have as many points as band.lower (${band.lower.length}), got ${band.upper.length}`);
  const references = (o.references ?? []).map((r, k) => {
    if (!Number.isFinite(r?.value)) throw new InvalidParameterError(`options.references[${k}].value`, `must be a finite number, got ${describeValue(r?.value)}`);
    return { value: r.value, label: checkText(r.label, `options.references[${k}].label`) };
  });
  const width = chartSize(o.width, 'width', 640);
  const height = chartSize(o.height, 'height', 360);
  const all = [...series.flatMap((s) => s.points), ...(band ? [...band.lower, ...band.upper] : [])];
  const ys = [...all.map((p) => p[1]), ...references.map((r) => r.value), ...(o.yInclude ?? [])];
  const xs = all.map((p) => p[0]);
  const xNice = xs.length > 0 ? niceAxis(Math.min(...xs), Math.max(...xs), 6) : niceAxis(0, 1, 5);
  const yNice = ys.length > 0 ? niceAxis(Math.min(...ys), Math.max(...ys), 5) : niceAxis(0, 1, 5);
  const xAxis: Axis = { label: checkText(o.xLabel, 'options.xLabel'), ...xNice, format: o.xFormat ?? String };
  const yAxis: Axis = { label: checkText(o.yLabel, 'options.yLabel'), ...yNice, format: o.yFormat ?? String };
  const legend = series.length > 1 || band !== undefined;
  const box = { width, height, left: 64, right: width - (legend ? 150 : 20), top: subtitle ? 50 : 36, bottom: height - 44 };
  const { parts, x, y } = drawFrame(box, title, subtitle, xAxis, yAxis);
  if (band && band.lower.length > 0) {
    const outline = `${pathOf(band.lower, x, y)} ${pathOf([...band.upper].reverse(), x, y).replace(/^M/, 'L')} Z`;
    parts.push(`<path d="${outline}" fill="#c6dbef" fill-opacity="0.7" stroke="none" data-band="${escapeXml(band.name)}"/>`);
  }
  for (const r of references) parts.push(referenceLine(box, y, r.value, r.label));
  series.forEach((s, k) => {
    const color = PALETTE[k % PALETTE.length]!;
    parts.push(`<path d="${pathOf(s.points, x, y)}" fill="none" stroke="${color}" stroke-width="1.6" data-series="${escapeXml(s.name)}"/>`);
    if (s.points.length <= 60) for (const [px, py] of s.points) parts.push(`<circle cx="${coord(x(px))}" cy="${coord(y(py))}" r="2.5" fill="${color}"/>`);
  });
  if (all.length === 0) parts.push(`<text x="${coord((box.left + box.right) / 2)}" y="${coord((box.top + box.bottom) / 2)}" text-anchor="middle" fill="#999999">no data</text>`);
  if (legend) {
    const entries = [...series.map((s, k) => ({ name: s.name, color: PALETTE[k % PALETTE.length]!, line: true })), ...(band ? [{ name: band.name, color: '#c6dbef', line: false }] : [])];
    entries.forEach((e, k) => {
      const ly = box.top + 8 + k * 18;
      parts.push(e.line ? `<line x1="${coord(box.right + 12)}" y1="${coord(ly)}" x2="${coord(box.right + 30)}" y2="${coord(ly)}" stroke="${e.color}" stroke-width="2"/>` : `<rect x="${coord(box.right + 12)}" y="${coord(ly - 5)}" width="18" height="10" fill="${e.color}"/>`);
      parts.push(`<text x="${coord(box.right + 36)}" y="${coord(ly + 4)}">${escapeXml(e.name)}</text>`);
    });
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
