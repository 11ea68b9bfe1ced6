/**
 * What every chart of the report shares: nice axis ticks, linear scales, the SVG document and the framed plot area
 * (title, grid, tick labels, axis labels).
 *
 * @module
 */
import { describeValue } from '../../../core/describe.js';
import { InvalidParameterError } from '../../../core/errors.js';
import { coord, escapeXml } from './text.js';

/** An axis: its label, its domain [low, high] (low < high), the ticks drawn and how their values are written. */
export interface Axis {
  readonly label: string;
  readonly domain: readonly [number, number];
  readonly ticks: readonly number[];
  readonly format: (v: number) => string;
}

/** The plot area inside the document, in pixels: x from `left` to `right`, y from `top` down to `bottom`. */
export interface PlotBox {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** A drawn frame: the SVG parts so far, and the scales from data to pixels. */
export interface Frame {
  readonly parts: string[];
  readonly x: (v: number) => number;
  readonly y: (v: number) => number;
}

/** The nice step near `raw`: 1, 2, 5 or 10 times a power of ten (Heckbert, "Nice numbers for graph labels", 1990). */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

/**
 * Ticks covering [min, max] at a nice step (1, 2 or 5 times a power of ten) giving about `count` intervals; the
 * domain is widened to the outer ticks. A single value (min = max) gets the interval one unit (or 10% of it) either
 * side. Throws `InvalidParameterError` for a bound that is not finite, min > max, or count not an integer in [1, 20].
 *
 * @example
 * ```ts
 * niceAxis(0.43, 0.58, 4) // => { domain: [0.4, 0.6], ticks: [0.4, 0.45, 0.5, 0.55, 0.6] }
 * ```
 */
export function niceAxis(min: number, max: number, count = 5): { domain: [number, number]; ticks: number[] } {
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) throw new InvalidParameterError('min', `expected finite bounds with min <= max, got [${describeValue(min)}, ${describeValue(max)}]`);
  if (!Number.isInteger(count) || count < 1 || count > 20) throw new InvalidParameterError('count', `must be an integer in [1, 20], got ${describeValue(count)}`);
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) / 10;
    return niceAxis(min - pad, max + pad, count);
  }
  const step = niceStep((max - min) / count);
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  const lo = Math.floor(min / step + 1e-9) * step;
  const hi = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let k = 0; lo + k * step <= hi + step / 2; k++) ticks.push(Number((lo + k * step).toFixed(digits)));
  return { domain: [ticks[0]!, ticks.at(-1)!], ticks };
}

/**
 * The linear map of [d0, d1] onto [r0, r1].
 *
 * @example
 * ```ts
 * linearScale([0, 1], [50, 450])(0.25) // => 150
 * ```
 */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  return (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

/**
 * Opens a standalone SVG document of `width` x `height` pixels named `title` (an accessible `<title>`, a white
 * background); close it with `'</svg>'`.
 *
 * @example
 * ```ts
 * svgOpen(400, 300, 'Equity').length // => 3
 * ```
 */
export function svgOpen(width: number, height: number, title: string): string[] {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
}

/**
 * Opens the document and draws the frame of a chart: the title and subtitle, the grid at the ticks, the tick
 * labels, the axis labels and the box; returns the parts and the scales of the plot area.
 *
 * @example
 * ```ts
 * const axis = { label: 'p', domain: [0, 1] as const, ticks: [0, 0.5, 1], format: String }
 * const { x } = drawFrame({ width: 400, height: 300, left: 50, right: 380, top: 50, bottom: 250 }, 'T', '', axis, axis)
 * x(0.5) // => 215
 * ```
 */
export function drawFrame(box: PlotBox, title: string, subtitle: string, xAxis: Axis | null, yAxis: Axis): Frame {
  const { width, height, left, right, top, bottom } = box;
  const parts = svgOpen(width, height, title);
  parts.push(`<text x="${coord(width / 2)}" y="20" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`);
  if (subtitle) parts.push(`<text x="${coord(width / 2)}" y="37" text-anchor="middle" fill="#555555">${escapeXml(subtitle)}</text>`);
  const x = xAxis ? linearScale(xAxis.domain, [left, right]) : (v: number) => v;
  const y = linearScale(yAxis.domain, [bottom, top]);
  for (const t of yAxis.ticks) {
    parts.push(`<line x1="${coord(left)}" y1="${coord(y(t))}" x2="${coord(right)}" y2="${coord(y(t))}" stroke="#e6e6e6"/>`);
    parts.push(`<text x="${coord(left - 6)}" y="${coord(y(t) + 4)}" text-anchor="end">${escapeXml(yAxis.format(t))}</text>`);
  }
  if (xAxis) {
    for (const t of xAxis.ticks) {
      parts.push(`<line x1="${coord(x(t))}" y1="${coord(top)}" x2="${coord(x(t))}" y2="${coord(bottom)}" stroke="#e6e6e6"/>`);
      parts.push(`<text x="${coord(x(t))}" y="${coord(bottom + 16)}" text-anchor="middle">${escapeXml(xAxis.format(t))}</text>`);
    }
    parts.push(`<text x="${coord((left + right) / 2)}" y="${coord(height - 8)}" text-anchor="middle">${escapeXml(xAxis.label)}</text>`);
  }
  parts.push(`<rect x="${coord(left)}" y="${coord(top)}" width="${coord(right - left)}" height="${coord(bottom - top)}" fill="none" stroke="#999999"/>`);
  parts.push(`<text transform="translate(14 ${coord((top + bottom) / 2)}) rotate(-90)" text-anchor="middle">${escapeXml(yAxis.label)}</text>`);
  return { parts, x, y };
}

/**
 * A horizontal reference line across the plot area at data value `value`, dashed, labelled at its right end.
 *
 * @example
 * ```ts
 * referenceLine({ left: 50, right: 380 }, (v) => 250 - 200 * v, 0.5, 'chance').startsWith('<line') // => true
 * ```
 */
export function referenceLine(box: Pick<PlotBox, 'left' | 'right'>, y: (v: number) => number, value: number, label: string): string {
  const py = coord(y(value));
  return `<line x1="${coord(box.left)}" y1="${py}" x2="${coord(box.right)}" y2="${py}" stroke="#888888" stroke-dasharray="5 4"/><text x="${coord(box.right - 4)}" y="${coord(y(value) - 4)}" text-anchor="end" fill="#666666">${escapeXml(label)}</text>`;
}

/**
 * A chart size option, checked: `fallback` when undefined, else an integer in [240, 4000]; throws
 * `InvalidParameterError` naming `options.<name>` otherwise.
 *
 * @example
 * ```ts
 * chartSize(undefined, 'width', 640) // => 640
 * ```
 */
export function chartSize(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || (value as number) < 240 || (value as number) > 4000) throw new InvalidParameterError(`options.${name}`, `must be an integer in [240, 4000], got ${describeValue(value)}`);
  return value as number;
}
