/**
 * The horizontal bar chart of the report (feature importance): one labelled bar per item, longest first as given.
 *
 * @module
 */
import { describeValue } from '../../../core/describe.js';
import { InvalidParameterError } from '../../../core/errors.js';
import { checkOptions } from '../../../core/options.js';
import { chartSize, linearScale, niceAxis, svgOpen } from './axes.js';
import { coord, escapeXml } from './text.js';

/** One bar: its label, its value (>= 0) and an optional tooltip. */
export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly detail?: string;
}

/** Options of {@link barChart}. An unknown key is an error. */
export interface BarChartOptions {
  readonly title: string;
  readonly subtitle?: string;
  /** The value axis' label. */
  readonly xLabel: string;
  /** The bars, drawn top to bottom in this order. */
  readonly bars: readonly Bar[];
  /** How values are written (ticks and bar ends); default 4 significant digits. */
  readonly format?: (v: number) => string;
  /** Width in pixels, an integer in [240, 4000]; default 640. The height follows from the number of bars. */
  readonly width?: number;
}

const ROW = 20;
const BLUE = '#1f77b4';

/**
 * A horizontal bar chart as a standalone SVG document: one row per bar (label on the left, the bar as a `<rect>`
 * with `data-label`, its value at its end and `detail` in a tooltip), nice ticks on the value axis from 0. No bars
 * gives the frame with the words "no data". Deterministic: the same input gives the same string.
 *
 * Throws `InvalidParameterError` for an unknown option, a title or label that is not a string, a value that is not
 * a finite number >= 0, or a bad width.
 *
 * @example
 * ```ts
 * const svg = barChart({ title: 'SHAP', xLabel: 'mean |SHAP|', bars: [{ label: 'rsi_14', value: 0.02 }] })
 * svg.includes('data-label="rsi_14"') // => true
 * ```
 */
export function barChart(options: BarChartOptions): string {
  const o = checkOptions(options, ['title', 'subtitle', 'xLabel', 'bars', 'format', 'width'], 'options');
  for (const key of ['title', 'xLabel'] as const) if (typeof o[key] !== 'string') throw new InvalidParameterError(`options.${key}`, `must be a string, got ${describeValue(o[key])}`);
  if (o.subtitle !== undefined && typeof o.subtitle !== 'string') throw new InvalidParameterError('options.subtitle', `must be a string, got ${describeValue(o.subtitle)}`);
  if (!Array.isArray(o.bars)) throw new InvalidParameterError('options.bars', `expected an array of bars, got ${describeValue(o.bars)}`);
  o.bars.forEach((b, i) => {
    if (typeof b?.label !== 'string') throw new InvalidParameterError(`options.bars[${i}].label`, `must be a string, got ${describeValue(b?.label)}`);
    if (!Number.isFinite(b.value) || b.value < 0) throw new InvalidParameterError(`options.bars[${i}].value`, `must be a finite number >= 0, got ${describeValue(b.value)}`);
  });
  const width = chartSize(o.width, 'width', 640);
  const format = o.format ?? ((v: number) => String(Number(v.toPrecision(4))));
  const subtitle = o.subtitle ?? '';
  const top = subtitle ? 50 : 36;
  const rows = Math.max(o.bars.length, 1);
  const height = top + rows * ROW + 48;
  const left = 210, right = width - 60, bottom = top + rows * ROW;
  const axis = niceAxis(0, Math.max(0, ...o.bars.map((b) => b.value)), 5);
  const x = linearScale(axis.domain, [left, right]);
  const parts = svgOpen(width, height, o.title);
  parts.push(`<text x="${coord(width / 2)}" y="20" text-anchor="middle" font-size="14">${escapeXml(o.title)}</text>`);
  if (subtitle) parts.push(`<text x="${coord(width / 2)}" y="37" text-anchor="middle" fill="#555555">${escapeXml(subtitle)}</text>`);
  for (const t of axis.ticks) {
    parts.push(`<line x1="${coord(x(t))}" y1="${coord(top)}" x2="${coord(x(t))}" y2="${coord(bottom)}" stroke="#e6e6e6"/>`);
    parts.push(`<text x="${coord(x(t))}" y="${coord(bottom + 16)}" text-anchor="middle">${escapeXml(format(t))}</text>`);
  }
  o.bars.forEach((b, i) => {
    const y = top + i * ROW;
    const tip = escapeXml(b.detail ?? `${b.label}: ${format(b.value)}`);
    parts.push(`<text x="${coord(left - 6)}" y="${coord(y + 14)}" text-anchor="end">${escapeXml(b.label)}</text>`);
    parts.push(`<rect x="${coord(left)}" y="${coord(y + 3)}" width="${coord(Math.max(x(b.value) - left, 0.5))}" height="${ROW - 6}" fill="${BLUE}" data-label="${escapeXml(b.label)}"><title>${tip}</title></rect>`);
    parts.push(`<text x="${coord(x(b.value) + 4)}" y="${coord(y + 14)}" font-size="9" fill="#555555">${escapeXml(format(b.value))}</text>`);
  });
  if (o.bars.length === 0) parts.push(`<text x="${coord((left + right) / 2)}" y="${coord(top + 14)}" text-anchor="middle" fill="#999999">no data</text>`);
  parts.push(`<line x1="${coord(left)}" y1="${coord(top)}" x2="${coord(left)}" y2="${coord(bottom)}" stroke="#999999"/>`);
  parts.push(`<text x="${coord((left + right) / 2)}" y="${coord(height - 8)}" text-anchor="middle">${escapeXml(o.xLabel)}</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
