import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * A full garbage collection (no-op if unavailable). Use between phases, not right before timing one long call:
 * a forced full GC drops V8's on-stack-replacement code, so the next call's hot loop runs unoptimized for a while.
 */
export const collectGarbage: () => void = (() => {
  const g = (globalThis as { gc?: () => void }).gc;
  if (typeof g === 'function') return g;
  try {
    v8.setFlagsFromString('--expose-gc');
    const fn = vm.runInNewContext('gc') as unknown;
    if (typeof fn === 'function') return fn as () => void;
  } catch {
    // fall through
  }
  return () => {};
})();

/** Milliseconds since an arbitrary origin, sub-microsecond resolution. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Machine description stored with every result file. */
export function machineInfo(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpus: cpus.length,
    totalMemGB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    v8: process.versions.v8,
    date: new Date().toISOString(),
    /** 1, 5 and 15 minute load averages when the suite started: other processes add noise. */
    loadAvg: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** Formats milliseconds for the table: 3 significant digits, '-' for missing. */
export function fmtMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '-';
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  return ms.toFixed(2);
}

/** Formats a ratio like `3.2x`, '-' when undefined. */
export function fmtRatio(r: number | undefined): string {
  if (r === undefined || !Number.isFinite(r)) return '-';
  return r >= 10 ? `${r.toFixed(0)}x` : `${r.toFixed(2)}x`;
}

/** Renders rows as a Markdown pipe table with padded columns; `align` defaults to left for the first column, right for the rest. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly ('l' | 'r')[]): string {
  const al = header.map((_, i) => align?.[i] ?? (i === 0 ? 'l' : 'r'));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => (al[i] === 'l' ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const sep = `|${widths.map((w, i) => (al[i] === 'l' ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), sep, ...rows.map(line)].join('\n');
}

/** The q-quantile (0..1) of a non-empty list by the nearest-rank method (NaN for an empty list). */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

/** The spread of repeated timings as `min-max` in milliseconds ('-' for fewer than two). */
export function fmtSpread(xs: readonly number[]): string {
  return xs.length > 1 ? `${fmtMs(Math.min(...xs))}-${fmtMs(Math.max(...xs))}` : '-';
}

/** Formats a rate or size with 3 significant digits (`1234` -> '1234', `12.34` -> '12.3', `0.1234` -> '0.123'). */
export function fmtNum(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '-';
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}

/**
 * Times each case `runs` times in rotating order (case k first in round k), after `warmups` untimed calls each, so
 * that slow drifts of the machine's load hit every case alike. Returns each case's times in milliseconds.
 */
export function interleaved(cases: Readonly<Record<string, () => unknown>>, runs: number, warmups = 2): Record<string, number[]> {
  const entries = Object.entries(cases);
  const times: Record<string, number[]> = Object.fromEntries(entries.map(([id]) => [id, []]));
  for (const [, fn] of entries) for (let w = 0; w < warmups; w++) fn();
  for (let r = 0; r < runs; r++) {
    for (let j = 0; j < entries.length; j++) {
      const [id, fn] = entries[(j + r) % entries.length]!;
      const t0 = nowMs();
      fn();
      times[id]!.push(nowMs() - t0);
    }
  }
  return times;
}
