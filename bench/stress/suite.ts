/**
 * `npm run bench -- stress [--smoke] [--requests=N --concurrency=N --feature-seconds=S --write-rows=N --write-rounds=N
 * --batch-runs=N --features=all|N --rounds=N --failover-repeats=N]`: the system's stress test before production,
 * every target as a number beside the system's, on a throwaway PostgreSQL 15 database (the CI cluster's, or one
 * started by test/support/pg-cluster.ts, then with production's durable settings). All load goes to 127.0.0.1;
 * every loop is bounded in count and time.
 *
 * 1. batchPredict of the six markets (bench/pipeline.ts's `measure`: candles ingested, six models trained and
 *    activated, then `--batch-runs` live runs): the setup of everything below, and the 5 s target;
 * 2. `--requests` prediction requests (1,000), `--concurrency` (1,000) in flight, to the Edge handler served by Node on
 *    127.0.0.1 (bench/stress/http.ts): p50/p95/p99, errors (target 0), throughput, server CPU per request;
 * 3. feature computations per minute through the streaming path, 3 symbols x 2 timeframes (bench/stress/features.ts)
 *    for `--feature-seconds` (10): the target 10,000/min, CPU per computation;
 * 4. predictions write throughput (bench/stress/writes.ts): ours vs `psql \copy` (the limit), and where the time goes;
 * 5. failover from a corrupted active model to the previous version (bench/stress/failover.ts): the target 1 s;
 * 6. bytes on disk per row of the growing tables (bench/stress/storage.ts), for the capacity plan's storage line.
 *
 * `--smoke`: 20 requests, 1 s of features, 1,000 rows, 3 batch runs of small models, 2 failovers; nothing written.
 */
import { adminQuery, createDatabase, getCluster } from '../../test/support/pg-cluster.js';
import { DEFAULT_MARKETS } from '../../src/pipeline/types.js';
import { createPostgresStore } from '../../src/store/index.node.js';
import { measure } from '../pipeline.js';
import { isSmoke, tableText, writeResults } from '../lib/results.js';
import { storeRows } from '../lib/sql.js';
import { fmtSpread, machineInfo, median, quantile } from '../lib/stats.js';
import { stressFailover } from './failover.js';
import { stressFeatures } from './features.js';
import { stressHttp } from './http.js';
import { stressTables } from './tables.js';
import { stressStorage } from './storage.js';
import { stressWrites } from './writes.js';

const M15 = 900_000;

/** The suite's options (see the module doc). */
export interface StressOptions {
  smoke: boolean;
  requests: number;
  concurrency: number;
  timeoutMs: number;
  featureSeconds: number;
  featureSteps: number;
  featureHistory: number;
  writeRows: number;
  writeRounds: number;
  batchRuns: number;
  features: number;
  rounds: number;
  failoverRepeats: number;
}

function parseOptions(args: readonly string[]): StressOptions {
  const smoke = isSmoke(args);
  const o: StressOptions = smoke
    ? { smoke, requests: 20, concurrency: 20, timeoutMs: 60_000, featureSeconds: 1, featureSteps: 200, featureHistory: 600, writeRows: 1000, writeRounds: 1, batchRuns: 3, features: 20, rounds: 5, failoverRepeats: 2 }
    : { smoke, requests: 1000, concurrency: 1000, timeoutMs: 120_000, featureSeconds: 10, featureSteps: 20_000, featureHistory: 2000, writeRows: 50_000, writeRounds: 3, batchRuns: 20, features: Infinity, rounds: 100, failoverRepeats: 10 };
  const keys: Record<string, keyof StressOptions> = { requests: 'requests', concurrency: 'concurrency', 'feature-seconds': 'featureSeconds', 'write-rows': 'writeRows', 'write-rounds': 'writeRounds', 'batch-runs': 'batchRuns', features: 'features', rounds: 'rounds', 'failover-repeats': 'failoverRepeats' };
  for (const a of args) {
    if (a === '--smoke') continue;
    const [k, v] = a.replace(/^--/, '').split('=');
    const key = keys[k!];
    if (key === undefined || v === undefined) throw new RangeError(`stress suite: unknown option ${a}`);
    (o as unknown as Record<string, number>)[key] = v === 'all' ? Infinity : Number(v);
  }
  return o;
}

/** Runs the stress suite. */
export async function run(args: readonly string[]): Promise<void> {
  const o = parseOptions(args);
  const machine = machineInfo();
  const log = (s: string) => void process.stdout.write(`${s}\n`);
  const cluster = await getCluster();
  const db = await createDatabase(cluster, 'bench_stress');
  const store = await createPostgresStore(db.url);
  try {
    if (cluster.owned) {
      // Production durability on a cluster started here (the test clusters run with fsync off).
      for (const s of ['fsync = on', 'synchronous_commit = on', 'full_page_writes = on']) await adminQuery(cluster, `ALTER SYSTEM SET ${s}`);
      await adminQuery(cluster, 'SELECT pg_reload_conf()');
    }
    const settings: Record<string, string> = {};
    for (const s of ['server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'wal_level', 'shared_buffers', 'max_connections']) settings[s] = String((await adminQuery(cluster, `SELECT current_setting('${s}') AS v`)).rows[0].v);
    log(`stress: PostgreSQL ${Object.entries(settings).map(([k, v]) => `${k}=${v}`).join(', ')}`);
    await store.migrate();

    log(`  batchPredict: six markets, ${o.batchRuns} live runs (training the six models first) ...`);
    const batch = await measure(store, { runs: o.batchRuns, engines: ['postgres'], features: o.features, rounds: o.rounds });
    const latest = (await storeRows<{ ts: Date }>(store, `SELECT max(ts) AS ts FROM alpha_v4.predictions WHERE timeframe = '15m'`))[0]!.ts;
    const now = new Date(latest).getTime() + M15;

    log(`  HTTP: ${o.requests} prediction requests, ${o.concurrency} in flight, to the Edge handler on 127.0.0.1 ...`);
    const http = await stressHttp({ dbUrl: db.url, markets: DEFAULT_MARKETS, now, requests: o.requests, concurrency: o.concurrency, timeoutMs: o.timeoutMs });
    log(`  features: streaming, 3 symbols x 2 timeframes, ${o.featureSeconds} s ...`);
    const features = stressFeatures({ history: o.featureHistory, steps: o.featureSteps, seconds: o.featureSeconds });
    log(`  writes: ${o.writeRows} predictions, ${o.writeRounds} rounds, and psql \\copy ...`);
    const writes = await stressWrites(store, db.url, { rows: o.writeRows, rounds: o.writeRounds });
    const storage = await stressStorage(store, { predictions: o.writeRows, featureRows: o.smoke ? 500 : 5000 });
    log(`  failover: ${o.failoverRepeats} repeats, fresh and hot registry ...`);
    const failover = await stressFailover(store, DEFAULT_MARKETS[0]!, o.failoverRepeats);

    const batchSummary = { firstMs: batch.first, medianMs: median(batch.times), p95Ms: quantile(batch.times, 0.95), maxMs: Math.max(...batch.times), spread: fmtSpread(batch.times) };
    const tables = stressTables({ o, http, features, writes, batch: batchSummary, failover, settings, storage });
    for (const t of tables) log(`\n${tableText(t)}`);
    const bestIdempotent = writes.ours.filter((w) => w.method.includes('idempotent')).reduce((a, b) => (b.mbPerS > a.mbPerS ? b : a));
    writeResults(
      {
        suite: 'stress',
        title: 'the system\'s stress targets: concurrent requests, feature throughput, write throughput, batch latency, failover',
        config: { ...o, settings, markets: DEFAULT_MARKETS },
        tables,
        capacity: [
          { key: 'stress.httpServerCpuMsPerRequest', value: http.serverCpuMsPerRequest, unit: 'ms', what: 'Edge handler (Node) CPU per prediction request (one market, every horizon, written)' },
          { key: 'stress.httpDbCores', value: http.otherCores, unit: 'cores', what: 'machine CPU outside the handler and the load generator during the requests (PostgreSQL)' },
          { key: 'stress.httpThroughputRps', value: http.throughputRps, unit: 'req/s', what: `prediction requests per second, ${o.concurrency} in flight` },
          { key: 'stress.httpP99Ms', value: http.p99Ms, unit: 'ms', what: `p99 latency of ${o.requests} requests, ${o.concurrency} in flight` },
          { key: 'stress.edgeRssMB', value: http.serverMaxRssMB, unit: 'MB', what: 'peak RSS of the Node process serving the six functions' },
          { key: 'stress.featureCpuMsPerComputation', value: features.cpuMsPerComputation, unit: 'ms', what: `CPU of one streaming computation (${features.features} features, one symbol-timeframe candle)` },
          { key: 'stress.featuresPerMinutePerCore', value: 60_000 / features.cpuMsPerComputation, unit: '/min', what: 'streaming feature computations one core sustains' },
          { key: 'stress.writeIdempotentMBs', value: bestIdempotent.mbPerS, unit: 'MB/s', what: `best idempotent predictions write (${bestIdempotent.method})` },
          { key: 'stress.psqlCopyMBs', value: writes.limit.mbPerS, unit: 'MB/s', what: 'psql \\copy of the same rows into alpha_v4.predictions (the limit)' },
          { key: 'stress.psqlCopyRowsPerS', value: writes.limit.rowsPerS, unit: 'rows/s', what: 'psql \\copy rows per second into alpha_v4.predictions' },
          { key: 'stress.batchPredictMedianMs', value: batchSummary.medianMs, unit: 'ms', what: 'batchPredict, six markets, warm' },
          { key: 'stress.failoverFreshMs', value: failover[0]!.medianMs, unit: 'ms', what: 'corrupted active to the previous version\'s scores, fresh registry' },
          ...storage.map((t) => ({ key: `stress.bytesPerRow.${t.table.replace('alpha_v4.', '')}`, value: t.bytesPerRow, unit: 'bytes', what: `on disk per row of ${t.table} (heap, indexes, TOAST; ${t.rows} rows)` })),
          { key: 'stress.failoverHotMs', value: failover[1]!.medianMs, unit: 'ms', what: 'corrupted active to the previous version\'s scores, hot registry' },
        ],
        data: { http, features, writes, storage, batch: { ...batchSummary, timesMs: batch.times, predictions: batch.predictions }, failover },
      },
      { machine, smoke: o.smoke },
    );
  } finally {
    await store.close();
    await db.drop();
    await cluster.stop();
  }
}
