/**
 * The shared results writer: every suite hands its tables (as printed), its capacity inputs and its raw data to
 * {@link writeResults}, which stores `bench/results/<suite>.json` with the machine (cpu model, cores, node, load
 * average at the start and the end) and regenerates `bench/results/README.md` from every results file.
 *
 * A smoke run (`--smoke`: tiny inputs, to prove the suites still run) writes nothing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeReadme } from './readme.js';
import { machineInfo, renderTable } from './stats.js';

/** bench/results/. */
export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

/** One table of a suite: what the suite prints, stored as text cells so that the README shows the same. */
export interface ResultTable {
  readonly title: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Column alignment (default: first left, others right). */
  readonly align?: readonly ('l' | 'r')[];
  /** Lines printed under the table (legend, APIs, caveats). */
  readonly notes?: readonly string[];
}

/**
 * One measured number that docs/capacity.md uses, under a stable key (`stress.featureCpuMsPerComputation`): the
 * README lists them all in one table, so that filling the capacity plan is copying numbers.
 */
export interface CapacityInput {
  readonly key: string;
  /** null when the run could not measure it (the reason is in the suite's notes). */
  readonly value: number | null;
  readonly unit: string;
  readonly what: string;
}

/** What a suite reports. */
export interface SuiteReport {
  /** The suite name: the results file is `<suite>.json`. */
  readonly suite: string;
  /** One line: what was measured against what. */
  readonly title: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly tables: readonly ResultTable[];
  readonly capacity?: readonly CapacityInput[];
  /** The raw measurements (every run's time), for whoever wants more than the tables. */
  readonly data: unknown;
}

/** `--smoke` among the suite's arguments. */
export function isSmoke(args: readonly string[]): boolean {
  return args.includes('--smoke');
}

/** A results table as Markdown (title, table, notes). */
export function tableText(t: ResultTable): string {
  const notes = (t.notes ?? []).map((n) => `${n}\n`).join('');
  return `${t.title}\n\n${renderTable(t.header, t.rows, t.align)}\n${notes ? `\n${notes}` : ''}`;
}

/** Numbers that are not finite are stored as strings ('NaN', 'Infinity'), which JSON cannot hold. */
function finite(_key: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
}

/**
 * Writes `bench/results/<suite>.json` and regenerates the README, unless `smoke`. `machine` is `machineInfo()`
 * taken when the suite started (its load average is the start's; the end's is added here). Returns the path
 * written, or undefined for a smoke run.
 *
 * @example
 * ```ts
 * writeResults({ suite: 'labels', title: 'labels on 155,000 candles', config: {}, tables: [], data: {} }, { machine: machineInfo(), smoke: false })
 * // => '/repo/bench/results/labels.json'
 * ```
 */
export function writeResults(report: SuiteReport, o: { machine: Record<string, unknown>; smoke: boolean }): string | undefined {
  if (o.smoke) {
    process.stdout.write(`smoke run: bench/results/${report.suite}.json not written\n`);
    return undefined;
  }
  const loadAvgEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const json = { suite: report.suite, title: report.title, machine: { ...o.machine, loadAvgEnd }, config: report.config, tables: report.tables, capacity: report.capacity ?? [], data: report.data };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${report.suite}.json`);
  writeFileSync(path, `${JSON.stringify(json, finite, 1)}\n`);
  writeReadme(RESULTS_DIR);
  process.stdout.write(`wrote bench/results/${report.suite}.json and bench/results/README.md\n`);
  return path;
}

/** machineInfo() re-exported so that a suite needs one import for its results. */
export { machineInfo };
