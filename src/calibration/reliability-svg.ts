/**
 * The reliability diagram as a standalone SVG document.
 *
 * @module
 */
import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';
import { checkOptions } from '../core/options.js';
import type { ReliabilityBin, ReliabilityDiagram } from './reliability.js';

/** Options of {@link renderReliabilityDiagram}. */
export interface ReliabilitySvgOptions {
  /** The title's first words; the ECE follows them. Default `'Reliability diagram'`. */
  readonly title?: string;
  /** Size in pixels, integers in [240, 4000]. Defaults 480 x 540. */
  readonly width?: number;
  readonly height?: number;
}

const TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];
const BLUE = '#1f77b4';

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A coordinate with two decimals: the same document on every engine. */
const f = (v: number): string => v.toFixed(2);

function size(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || (value as number) < 240 || (value as number) > 4000) {
    throw new InvalidParameterError(`options.${name}`, `must be an integer in [240, 4000], got ${describeValue(value)}`);
  }
  return value as number;
}

function describeBin(b: ReliabilityBin): string {
  const o = b.observed;
  return `(${b.lower.toFixed(3)}, ${b.upper.toFixed(3)}]: ${b.count} samples, mean predicted ${b.meanPredicted.toFixed(3)}, observed ${o.value.toFixed(3)} [${o.lower.toFixed(3)}, ${o.upper.toFixed(3)}]`;
}

/**
 * Renders reliability-diagram data (from `reliabilityDiagram`) as a standalone SVG document, a string with no DOM
 * and no dependency: the observed positive rate of each bin against its mean predicted probability, with Wilson 95%
 * intervals, the diagonal of perfect calibration, a strip of per-bin sample counts below (the number is written
 * where the bar is wide enough; every bar carries it in a tooltip), and the ECE and MCE in the title. The output is
 * deterministic: the same data and options give the same string, byte for byte. Throws `InvalidParameterError` for
 * data that is not a reliability diagram and for a bad or unknown option.
 *
 * @example
 * ```ts
 * const svg = renderReliabilityDiagram(reliabilityDiagram(labels, probs, { bins: 10 }), { title: 'Raw model' })
 * svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"') // => true
 * ```
 */
export function renderReliabilityDiagram(data: ReliabilityDiagram, options?: ReliabilitySvgOptions): string {
  const o = checkOptions(options, ['title', 'width', 'height'], 'options');
  if (data === null || typeof data !== 'object' || !Array.isArray(data.bins) || typeof data.ece !== 'number') {
    throw new InvalidParameterError('data', `expected the result of reliabilityDiagram, got ${describeValue(data)}`);
  }
  const width = size(o.width, 'width', 480);
  const height = size(o.height, 'height', 540);
  const title = o.title ?? 'Reliability diagram';
  if (typeof title !== 'string') throw new InvalidParameterError('options.title', `must be a string, got ${describeValue(title)}`);
  const left = 56, right = width - 20, top = 52, stripBottom = height - 44;
  const stripTop = stripBottom - 64, bottom = stripTop - 16;
  const x = (p: number) => left + p * (right - left);
  const y = (v: number) => bottom - v * (bottom - top);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${f(width / 2)}" y="20" text-anchor="middle" font-size="14">${escape(title)}: ECE ${data.ece.toFixed(4)}</text>`,
    `<text x="${f(width / 2)}" y="38" text-anchor="middle" fill="#555555">MCE ${data.mce.toFixed(4)} · ${data.binCount} ${data.binning} bins · n = ${data.n}</text>`,
  ];
  for (const t of TICKS) {
    out.push(`<line x1="${f(x(t))}" y1="${f(top)}" x2="${f(x(t))}" y2="${f(bottom)}" stroke="#e6e6e6"/>`);
    out.push(`<line x1="${f(left)}" y1="${f(y(t))}" x2="${f(right)}" y2="${f(y(t))}" stroke="#e6e6e6"/>`);
    out.push(`<text x="${f(left - 6)}" y="${f(y(t) + 4)}" text-anchor="end">${t.toFixed(1)}</text>`);
    out.push(`<text x="${f(x(t))}" y="${f(stripBottom + 16)}" text-anchor="middle">${t.toFixed(1)}</text>`);
  }
  out.push(`<rect x="${f(left)}" y="${f(top)}" width="${f(right - left)}" height="${f(bottom - top)}" fill="none" stroke="#999999"/>`);
  out.push(`<line x1="${f(x(0))}" y1="${f(y(0))}" x2="${f(x(1))}" y2="${f(y(1))}" stroke="#888888" stroke-dasharray="5 4"/>`);
  const points = data.bins.map((b) => `${f(x(b.meanPredicted))},${f(y(b.observed.value))}`).join(' ');
  if (points) out.push(`<polyline points="${points}" fill="none" stroke="${BLUE}" stroke-width="1.5"/>`);
  for (const b of data.bins) {
    const cx = f(x(b.meanPredicted));
    out.push(`<g><title>${escape(describeBin(b))}</title>`);
    out.push(`<line x1="${cx}" y1="${f(y(b.observed.lower))}" x2="${cx}" y2="${f(y(b.observed.upper))}" stroke="${BLUE}"/>`);
    out.push(`<circle cx="${cx}" cy="${f(y(b.observed.value))}" r="3.5" fill="${BLUE}"/></g>`);
  }
  const maxCount = data.bins.reduce((m, b) => Math.max(m, b.count), 0);
  for (const b of data.bins) {
    const x0 = x(b.lower), w = Math.max(x(b.upper) - x0 - 1, 0.5);
    const h = (b.count / maxCount) * (stripBottom - stripTop - 12);
    out.push(`<rect x="${f(x0)}" y="${f(stripBottom - h)}" width="${f(w)}" height="${f(h)}" fill="#9ecae1"><title>${b.count} samples</title></rect>`);
    if (w >= 6 * String(b.count).length) out.push(`<text x="${f(x0 + w / 2)}" y="${f(stripBottom - h - 2)}" text-anchor="middle" font-size="8">${b.count}</text>`);
  }
  out.push(`<line x1="${f(left)}" y1="${f(stripBottom)}" x2="${f(right)}" y2="${f(stripBottom)}" stroke="#999999"/>`);
  out.push(`<text x="${f((left + right) / 2)}" y="${f(height - 8)}" text-anchor="middle">mean predicted probability</text>`);
  out.push(`<text transform="translate(16 ${f((top + bottom) / 2)}) rotate(-90)" text-anchor="middle">observed frequency (Wilson 95%)</text>`);
  out.push(`<text transform="translate(16 ${f((stripTop + stripBottom) / 2)}) rotate(-90)" text-anchor="middle" font-size="9">count</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
