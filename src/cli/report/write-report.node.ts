/**
 * `writeReport`: the report of a store's resolved predictions, written as one self-contained HTML file.
 *
 * @module
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import { checkOptions } from '../../core/options.js';
import type { AlphaStore } from '../../store/types.js';
import { collectReportData, type ReportData, type ReportQuery } from './data.js';
import { renderReport, type ReportPage } from './html.js';

/** Options of {@link writeReport}: the file, what to cover, and what the page says. An unknown key is an error. */
export interface WriteReportOptions extends ReportQuery, ReportPage {
  /** The HTML file to write (its directory is created). */
  readonly out: string;
}

/** What {@link writeReport} wrote. */
export interface WrittenReport {
  /** The absolute path of the file. */
  readonly path: string;
  /** Its size in bytes. */
  readonly bytes: number;
  /** The data it shows. */
  readonly data: ReportData;
}

/**
 * Writes the report of the store's resolved predictions to `out`: `collectReportData(store, query)` then
 * `renderReport(data, page)`, written to a temporary file beside `out` and renamed over it, so that a reader never
 * sees half a report and a failure leaves any earlier report in place. `generatedAt` defaults to `now` when given.
 *
 * Throws `InvalidParameterError` for a missing or empty `out`, a bad or unknown option; what `collectReportData`
 * and `renderReport` throw (`NO_RESOLVED_PREDICTIONS` when there is nothing to report); the file system's errors.
 *
 * @example
 * ```ts
 * const { path, data } = await writeReport(store, { out: 'alpha-v4-report.html', now: Date.UTC(2025, 0, 6) })
 * data.promotion.status // => 'keep-legacy'
 * ```
 */
export async function writeReport(store: AlphaStore, options: WriteReportOptions): Promise<WrittenReport> {
  const o = checkOptions(options, ['out', 'from', 'to', 'now', 'topFeatures', 'title', 'notes', 'generatedAt'], 'options');
  if (typeof o.out !== 'string' || o.out === '' || o.out.includes('\u0000')) throw new InvalidParameterError('options.out', `expected a file path, got ${describeValue(o.out)}`);
  const { out, title, notes, generatedAt, ...query } = o;
  const data = await collectReportData(store, query);
  const at = generatedAt ?? query.now;
  const html = renderReport(data, { ...(title !== undefined ? { title } : {}), ...(notes !== undefined ? { notes } : {}), ...(at !== undefined ? { generatedAt: at } : {}) });
  const path = resolve(out);
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, html, 'utf8');
  await rename(temporary, path);
  return { path, bytes: Buffer.byteLength(html, 'utf8'), data };
}
