/**
 * The stress suite's tables: every system target beside its number (met or MISSED), then the details of each part.
 */
import type { ResultTable } from '../lib/results.js';
import { fmtMs, fmtNum, fmtRatio, fmtSpread } from '../lib/stats.js';
import type { FailoverResult } from './failover.js';
import type { FeatureStreamResult } from './features.js';
import type { HttpResult } from './http.js';
import type { StressOptions } from './suite.js';
import type { TableSize } from './storage.js';
import type { BreakdownResult, WriteResult } from './writes.js';

/** What the tables are made of. */
export interface StressMeasures {
  readonly o: StressOptions;
  readonly http: HttpResult;
  readonly features: FeatureStreamResult;
  readonly writes: { ours: WriteResult[]; limit: WriteResult; breakdown: BreakdownResult[]; limitSyncOff: number };
  readonly batch: { firstMs: number; medianMs: number; p95Ms: number; maxMs: number; spread: string };
  readonly failover: readonly FailoverResult[];
  readonly settings: Readonly<Record<string, string>>;
  readonly storage: readonly TableSize[];
}

const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

/** The tables, in print order. */
export function stressTables(m: StressMeasures): ResultTable[] {
  const { o, http, features, writes, batch, failover } = m;
  const best = writes.ours.filter((w) => w.method.includes('idempotent')).reduce((a, b) => (b.mbPerS > a.mbPerS ? b : a));
  const bare = writes.ours.find((w) => w.method.startsWith('binary COPY'))!;
  const [fresh, hot] = failover;
  const concurrentOk = http.errors === 0 && http.maxInFlight >= Math.min(1000, o.requests);
  const targets: ResultTable = {
    title: 'System targets (an 8-core ARM host is sized for them; measured here on this machine)',
    header: ['target', 'system', 'measured', 'verdict'],
    align: ['l', 'l', 'l', 'l'],
    rows: [
      ['concurrent prediction requests', '1,000 at once, 0 errors', `${o.requests} requests, ${http.maxInFlight} in flight at most; ${http.errors} errors`, verdict(concurrentOk)],
      ['  latency p50 / p95 / p99', '- (the handler\'s budget: 8,000 ms)', `${fmtMs(http.p50Ms)} / ${fmtMs(http.p95Ms)} / ${fmtMs(http.p99Ms)} ms`, verdict(http.p99Ms <= 8000)],
      ['  throughput', '-', `${fmtNum(http.throughputRps)} requests/s; handler CPU ${fmtNum(http.serverCpuMsPerRequest)} ms per request`, '-'],
      ['feature computations per minute', '10,000/min', `${fmtNum(features.perMinute)}/min (${fmtNum(features.perMinute / 10_000)}x) on ${fmtNum(features.cores)} core(s); ${fmtNum(features.cpuMsPerComputation)} ms CPU each`, verdict(features.perMinute >= 10_000)],
      ['predictions write throughput', '100 MB/s', `${fmtNum(best.mbPerS)} MB/s idempotent (${fmtNum(best.rowsPerS)} rows/s); limit psql \\copy ${fmtNum(writes.limit.mbPerS)} MB/s`, verdict(best.mbPerS >= 100)],
      ['batch prediction, six markets', '< 5,000 ms', `median ${fmtMs(batch.medianMs)} ms, p95 ${fmtMs(batch.p95Ms)} ms, max ${fmtMs(batch.maxMs)} ms; first (model load) ${fmtMs(batch.firstMs)} ms`, verdict(batch.maxMs < 5000)],
      ['failover to the previous model', '< 1,000 ms', `hot registry ${fmtMs(hot!.medianMs)} ms (max ${fmtMs(hot!.maxMs)}); fresh registry ${fmtMs(fresh!.medianMs)} ms (max ${fmtMs(fresh!.maxMs)})`, verdict(Math.max(hot!.maxMs, fresh!.maxMs) < 1000)],
    ],
    notes: [
      `PostgreSQL: ${Object.entries(m.settings).map(([k, v]) => `${k}=${v}`).join(', ')}.`,
      'MB/s: the rows as COPY text. Verdicts on a shared 2-core x86 machine; docs/capacity.md projects the 8-core ARM host.',
    ],
  };
  const httpTable: ResultTable = {
    title: `Prediction requests to the Edge handler (Node http on 127.0.0.1, six functions, each a pool of 3 connections)`,
    header: ['measure', 'value'],
    align: ['l', 'r'],
    rows: [
      ['requests / most in flight', `${http.requests} / ${http.maxInFlight}`],
      ['wall time', `${fmtMs(http.wallMs)} ms`],
      ['p50 / p95 / p99 / max', `${fmtMs(http.p50Ms)} / ${fmtMs(http.p95Ms)} / ${fmtMs(http.p99Ms)} / ${fmtMs(http.maxMs)} ms`],
      ['errors', http.errors === 0 ? '0' : `${http.errors}: ${Object.entries(http.errorKinds).map(([k, n]) => `${k} x${n}`).join('; ')}`],
      ['throughput', `${fmtNum(http.throughputRps)} requests/s`],
      ['cold start (first request of a function: store and models opened), median', `${fmtMs(http.coldMs)} ms`],
      ['handler CPU per request / cores busy', `${fmtNum(http.serverCpuMsPerRequest)} ms / ${fmtNum(http.serverCores)}`],
      ['load generator cores / rest of the machine (PostgreSQL) cores', `${fmtNum(http.clientCores)} / ${fmtNum(http.otherCores)}`],
      ['handler process RSS now / peak', `${fmtNum(http.serverRssMB)} / ${fmtNum(http.serverMaxRssMB)} MB`],
    ],
    notes: ['Each request: one market, every horizon, the features of the latest closed candle, scored, written in one transaction (the same `now` for all: after the first, the rows are unchanged).'],
  };
  const writeTable: ResultTable = {
    title: `Predictions write throughput, ${writes.limit.rows.toLocaleString('en-US')} rows, median of ${o.writeRounds} alternating rounds`,
    header: ['method', 'median ms', 'spread', 'rows/s', 'MB/s', 'of the psql limit'],
    align: ['l', 'r', 'r', 'r', 'r', 'r'],
    rows: [...writes.ours, writes.limit].map((w) => [w.method, fmtMs(w.medianMs), fmtSpread(w.runsMs), fmtNum(w.rowsPerS), fmtNum(w.mbPerS), w.ofLimit === undefined ? '1.00x' : fmtRatio(w.ofLimit)]),
    notes: [
      `Our bare binary COPY reaches ${fmtRatio(bare.ofLimit)} of psql; the idempotent writes add a staging table and ON CONFLICT (COPY) or array parsing (unnest).`,
      `psql \\copy with synchronous_commit off: ${fmtMs(writes.limitSyncOff)} ms (${fmtNum(writes.limit.medianMs / writes.limitSyncOff)}x the durable run's speed).`,
    ],
  };
  const breakdownTable: ResultTable = {
    title: 'Where the time goes: psql \\copy of the same rows into scratch tables, once each',
    header: ['table', 'ms', 'rows/s', 'MB/s', 'time / plain heap'],
    align: ['l', 'r', 'r', 'r', 'r'],
    rows: [
      ...writes.breakdown.map((b) => [b.variant, fmtMs(b.ms), fmtNum(b.rowsPerS), fmtNum(b.mbPerS), fmtRatio(b.vsPlain)]),
      ['alpha_v4.predictions (partitions, primary key, partial index, CHECKs, jsonb)', fmtMs(writes.limit.medianMs), fmtNum(writes.limit.rowsPerS), fmtNum(writes.limit.mbPerS), fmtRatio(writes.limit.medianMs / writes.breakdown[0]!.ms)],
    ],
    notes: ['Each row lacks one thing the real table has (or adds the primary key to the plain heap): its ratio to the plain heap is that thing\'s cost. psql\'s process start and connection are in every time.'],
  };
  const failoverTable: ResultTable = {
    title: `Failover of BTC 15m from a corrupted active model, ${o.failoverRepeats} repeats`,
    header: ['case', 'median ms', 'spread', 'max ms', 'registry\'s own ms (median)'],
    align: ['l', 'r', 'r', 'r', 'r'],
    rows: failover.map((f) => [f.case, fmtMs(f.medianMs), fmtSpread(f.runsMs), fmtMs(f.maxMs), fmtMs(f.registryMs.filter(Number.isFinite).sort((a, b) => a - b)[f.registryMs.length >> 1])]),
    notes: ['Timed: registry.serve from the call to the previous version\'s scores (feature rows built beforehand). A byte flip alone does not reach a hot registry: it keeps serving the copy it verified, until a restart (the fresh case).'],
  };
  const storageTable: ResultTable = {
    title: 'Storage: bytes on disk per row (heap, indexes, TOAST over the partition tree)',
    header: ['table', 'rows', 'MB', 'bytes per row'],
    align: ['l', 'r', 'r', 'r'],
    rows: m.storage.map((t) => [t.table, String(t.rows), fmtNum(t.bytes / 2 ** 20), fmtNum(t.bytesPerRow)]),
    notes: ['The predictions table holds the rows of the stress writes (idempotent write into the emptied table); the 15m feature store holds BTC feature rows of every single-asset column (and the few the batch runs wrote).'],
  };
  return [targets, httpTable, writeTable, breakdownTable, failoverTable, storageTable];
}
