/**
 * The interval chart of the report (accuracy by horizon): one point with its interval per labelled category.
 *
 * @module
 */
import { describeValue } from '../../../core/describe.js';
import { InvalidParameterError } from '../../../core/errors.js';
import { checkOptions } from '../../../core/options.js';
import { chartSize, drawFrame, niceAxis, referenceLine } from './axes.js';
import type { Reference } from './line-chart.js';
import { coord, escapeXml } from './text.js';

/** One category: its estimate and interval (lower <= value <= upper) and an optional tooltip. */
export interface IntervalPoint {
  readonly label: string;
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
  readonly detail?: string;
}

/** Options of {@link intervalChart}. An unknown key is an error. */
export interface IntervalChartOptions {
  readonly title: string;
  readonly subtitle?: string;
  readonly yLabel: string;
  readonly points: readonly IntervalPoint[];
  readonly references?: readonly Reference[];
  /** How values are written; default `String`. */
  readonly yFormat?: (v: number) => string;
  /** Size in pixels, integers in [240, 4000]. Defaults 640 x 360. */
  readonly width?: number;
  readonly height?: number;
}

const BLUE = '#1f77b4';

/**
 * An interval chart as a standalone SVG document: the categories spaced evenly along x (labels below), each drawn
 * as a vertical interval line with caps and a `<circle>` at the estimate (`data-label` = its label, `detail` in a
 * tooltip), dashed reference lines, nice ticks on y covering every interval and reference. No points gives the
 * frame with the words "no data". Deterministic: the same input gives the same string.
 *
 * Throws `InvalidParameterError` for an unknown option, a title or label that is not a string, a point whose
 * numbers are not finite or not ordered lower <= value <= upper, a non-finite reference, or a bad size.
 *
 * @example
 * ```ts
 * const svg = intervalChart({ title: 'Accuracy', yLabel: 'accuracy', points: [{ label: '15m h1', value: 0.5, lower: 0.46, upper: 0.54 }] })
 * svg.includes('data-label="15m h1"') // => true
 * ```
 */
export function intervalChart(options: IntervalChartOptions): string {
  const o = checkOptions(options, ['title', 'subtitle', 'yLabel', 'points', 'references', 'yFormat', 'width', 'height'], 'options');
  for (const key of ['title', 'yLabel'] as const) if (typeof o[key] !== 'string') throw new InvalidParameterError(`options.${key}`, `must be a string, got ${describeValue(o[key])}`);
  if (o.subtitle !== undefined && typeof o.subtitle !== 'string') throw new InvalidParameterError('options.subtitle', `must be a string, got ${describeValue(o.subtitle)}`);
  if (!Array.isArray(o.points)) throw new InvalidParameterError('options.points', `expected an array of points, got ${describeValue(o.points)}`);
  o.points.forEach((p, i) => {
    if (typeof p?.label !== 'string') throw new InvalidParameterError(`options.points[${i}].label`, `must be a string, got ${describeValue(p?.label)}`);
    if (![p.value, p.lower, p.upper].every(Number.isFinite) || !(p.lower <= p.value && p.value <= p.upper)) {
      throw new InvalidParameterError(`options.points[${i}]`, `expected finite numbers with lower <= value <= upper, got ${describeValue(p.lower)} <= ${describeValue(p.value)} <= ${describeValue(p.upper)}`);
    }
  });
  const references = o.references ?? [];
  references.forEach((r, k) => {
    if (!Number.isFinite(r?.value) || typeof r.label !== 'string') throw new InvalidParameterError(`options.references[${k}]`, `expected { value: finite number, label: string }, got ${describeValue(r)}`);
  });
  const width = chartSize(o.width, 'width', 640);
  const height = chartSize(o.height, 'height', 360);
  const subtitle = o.subtitle ?? '';
  const ys = [...o.points.flatMap((p) => [p.lower, p.upper]), ...references.map((r) => r.value)];
  const yAxis = { label: o.yLabel, ...(ys.length > 0 ? niceAxis(Math.min(...ys), Math.max(...ys), 5) : niceAxis(0, 1, 5)), format: o.yFormat ?? String };
  const box = { width, height, left: 64, right: width - 20, top: subtitle ? 50 : 36, bottom: height - 44 };
  const { parts, y } = drawFrame(box, o.title, subtitle, null, yAxis);
  for (const r of references) parts.push(referenceLine(box, y, r.value, r.label));
  const step = (box.right - box.left) / Math.max(o.points.length, 1);
  o.points.forEach((p, i) => {
    const cx = coord(box.left + step * (i + 0.5));
    const tip = escapeXml(p.detail ?? `${p.label}: ${yAxis.format(p.value)} [${yAxis.format(p.lower)}, ${yAxis.format(p.upper)}]`);
    parts.push(`<g><title>${tip}</title>`);
    parts.push(`<line x1="${cx}" y1="${coord(y(p.lower))}" x2="${cx}" y2="${coord(y(p.upper))}" stroke="${BLUE}" stroke-width="2"/>`);
    for (const v of [p.lower, p.upper]) parts.push(`<line x1="${coord(box.left + step * (i + 0.5) - 6)}" y1="${coord(y(v))}" x2="${coord(box.left + step * (i + 0.5) + 6)}" y2="${coord(y(v))}" stroke="${BLUE}" stroke-width="2"/>`);
    parts.push(`<circle cx="${cx}" cy="${coord(y(p.value))}" r="4.5" fill="${BLUE}" data-label="${escapeXml(p.label)}"/></g>`);
    parts.push(`<text x="${cx}" y="${coord(box.bottom + 16)}" text-anchor="middle">${escapeXml(p.label)}</text>`);
  });
  if (o.points.length === 0) parts.push(`<text x="${coord((box.left + box.right) / 2)}" y="${coord((box.top + box.bottom) / 2)}" text-anchor="middle" fill="#999999">no data</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
