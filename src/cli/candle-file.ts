/**
 * Candle files for `alpha-v4 ingest`: CSV (a header row naming the columns) or JSON (an array of rows, or
 * `{ "candles": [...] }`), validated by the library's candle rules. Any problem is one `CliError` `CLI_INPUT` naming
 * the file, the line (CSV) or the element (JSON), and the field.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { candlesFromRows, type CandleSeries } from '../core/candles.js';
import { describeValue } from '../core/describe.js';
import { CandleValidationError, type CandleIssue } from '../core/errors.js';
import type { Timeframe } from '../core/timeframe.js';
import { parseCsv } from '../store/backup/csv.js';
import { CliError } from './errors.js';

/** How a candle file is read. */
export interface CandleFileOptions {
  readonly timeframe: Timeframe;
  /** Unit of numeric times: milliseconds (default) or seconds. */
  readonly timeUnit?: 'ms' | 's';
}

/** The column names of a time, in the order `candlesFromRows` reads them. */
const TIME_COLUMNS = ['ts', 'time', 'timestamp', 'open_time'];
const VALUE_COLUMNS = ['open', 'high', 'low', 'close', 'volume'];

/** Rows parsed from a file, and how to name row k in a message. */
interface FileRows {
  readonly rows: readonly unknown[];
  where(row: number): string;
}

function inputError(file: string, message: string, cause?: unknown): CliError {
  return new CliError('CLI_INPUT', `${file}: ${message}`, cause === undefined ? {} : { cause });
}

/** One CSV line's fields (parseCsv on that line alone: candle files have no quoted line breaks). */
function csvFields(file: string, line: string, lineNo: number): (string | null)[] {
  try {
    return parseCsv(line)[0] ?? [];
  } catch (e) {
    throw inputError(file, `line ${lineNo}: ${e instanceof Error ? e.message : String(e)}`, e);
  }
}

/** The rows of a CSV text: the header names the columns (case and blanks ignored), extra columns are ignored. */
function csvRows(file: string, text: string): FileRows {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) throw inputError(file, 'empty file: expected a header line and candle rows');
  const header = csvFields(file, lines[first]!, first + 1).map((h) => (h ?? '').trim().toLowerCase());
  const shown = `header: ${lines[first]!.trim().slice(0, 120)}`;
  const timeColumn = TIME_COLUMNS.find((c) => header.includes(c));
  if (timeColumn === undefined) throw inputError(file, `line ${first + 1}: no time column (one of ${TIME_COLUMNS.join(', ')}; ${shown})`);
  for (const c of [timeColumn, ...VALUE_COLUMNS]) {
    if (!header.includes(c)) throw inputError(file, `line ${first + 1}: missing column ${c} (${shown})`);
    if (header.indexOf(c) !== header.lastIndexOf(c)) throw inputError(file, `line ${first + 1}: column ${c} appears twice (${shown})`);
  }
  const index = [timeColumn, ...VALUE_COLUMNS].map((c) => header.indexOf(c));
  const rows: Record<string, string | undefined>[] = [];
  const lineOf: number[] = [];
  for (let i = first + 1; i < lines.length; i++) {
    if (lines[i]!.trim() === '') continue;
    const fields = csvFields(file, lines[i]!, i + 1);
    if (fields.length !== header.length) throw inputError(file, `line ${i + 1}: ${fields.length} field(s), the header has ${header.length}`);
    rows.push(Object.fromEntries(['ts', ...VALUE_COLUMNS].map((name, k) => [name, fields[index[k]!]?.trim() || undefined])));
    lineOf.push(i + 1);
  }
  return { rows, where: (row) => `line ${lineOf[row]}` };
}

/** The rows of a JSON text: an array of rows or `{ "candles": [...] }`. */
function jsonRows(file: string, text: string): FileRows {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw inputError(file, `invalid JSON: ${e instanceof Error ? e.message : String(e)}`, e);
  }
  if (Array.isArray(doc)) return { rows: doc, where: (row) => `[${row}]` };
  const candles = doc !== null && typeof doc === 'object' ? (doc as { candles?: unknown }).candles : undefined;
  if (Array.isArray(candles)) return { rows: candles, where: (row) => `candles[${row}]` };
  throw inputError(file, `expected an array of candle rows or { "candles": [...] }, got ${describeValue(doc)}`);
}

/** One candle issue, located in the file. */
function issueText(issue: CandleIssue, where: (row: number) => string): string {
  const at = issue.row >= 0 ? `${where(issue.row)} ` : '';
  const field = issue.field === '*' ? '' : `${issue.field}: `;
  return `${at}${field}${issue.message}`;
}

/**
 * Reads, parses and validates a candle file (`.csv` or `.json`, by its extension; `name` is how messages call it).
 *
 * - **CSV**: a header line naming the columns, case-insensitive: a time (`ts`, `time`, `timestamp` or `open_time`:
 *   ISO 8601, PostgreSQL timestamptz text, or epoch numbers in `timeUnit`) and `open`, `high`, `low`, `close`,
 *   `volume`; other columns are ignored; blank lines are skipped; an empty field is a missing value.
 * - **JSON**: an array of rows (objects with those keys, or `[t, o, h, l, c, v]` arrays) or `{ "candles": [...] }`.
 * - **Validation**: `candlesFromRows` with gaps allowed (what `store.writeCandles` accepts): numeric values,
 *   prices > 0, volume >= 0, OHLC consistent, times increasing on the timeframe's grid.
 *
 * Throws `CliError` `CLI_INPUT` naming the file and where: an unreadable file, no header or a missing column
 * (`line 1`), a row of the wrong width or an unterminated quote (`line N`), invalid JSON, or the first bad candle
 * (`line N high: ...` in a CSV, `[k] high: ...` in JSON) with the count of further problems. Nothing is returned
 * partially.
 *
 * @example
 * ```ts
 * const candles = await readCandleFile('/data/btc.csv', 'btc.csv', { timeframe: '15m' })
 * candles.close.length // => the file's rows
 * await readCandleFile('/data/bad.csv', 'bad.csv', { timeframe: '15m' })
 * // throws CliError CLI_INPUT: bad.csv: line 4 high: high < low ...
 * ```
 */
export async function readCandleFile(path: string, name: string, options: CandleFileOptions): Promise<CandleSeries> {
  const kind = /\.csv$/i.test(path) ? 'csv' : /\.json$/i.test(path) ? 'json' : undefined;
  if (kind === undefined) throw new CliError('CLI_USAGE', `ingest: ${name}: expected a .csv or .json file`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw inputError(name, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, e);
  }
  const { rows, where } = kind === 'csv' ? csvRows(name, text) : jsonRows(name, text);
  if (rows.length === 0) throw inputError(name, 'no candle rows');
  try {
    return candlesFromRows(rows, { timeframe: options.timeframe, gaps: 'allow', timeUnit: options.timeUnit ?? 'ms' });
  } catch (e) {
    if (!(e instanceof CandleValidationError)) throw e;
    const more = e.issueCount > 1 ? ` (and ${e.issueCount - 1} more problem(s))` : '';
    throw inputError(name, `${issueText(e.issues[0]!, where)}${more}`, e);
  }
}
