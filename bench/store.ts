/**
 * `npm run bench -- store [--rows=N] [--predictions=N] [--days=N] [--engines=postgres,pglite] [--smoke]`: the alpha_v4
 * store's write and refresh speed on PostgreSQL 15 and on PGlite (`--smoke`: 300 rows, 1,000 predictions, views of 2
 * days, nothing written).
 *
 * - feature upsert: 3 symbols x N (2,000) 15m rows x every single-symbol catalogue column (the cross-asset syn_*
 *   columns need peers and stay NULL here), `unnest` arrays (text) and binary
 *   COPY, first insert and re-upsert (every row conflicts and is updated): rows/s and MB/s, MB counted as the float8
 *   payload (rows x columns x 8 bytes) and as the same rows in COPY text;
 * - predictions insert: the idempotent writes (`unnest`; binary COPY into a staging table + INSERT ... ON CONFLICT)
 *   and the bare COPY ceilings (binary and text, straight into the table, no conflict handling), in MB/s of the rows
 *   as COPY text and of table growth, against the seed system's ask of 100 MB/s;
 * - REFRESH MATERIALIZED VIEW CONCURRENTLY of mv_features_15m / _1h holding `--days` (14) days x 3 symbols (a
 *   refresh's time grows linearly with the rows the view holds: docs/capacity.md scales it to 90 days).
 *
 * PostgreSQL: CI's cluster (ALPHA_PG_URL) or a throwaway one from scripts/pg/start.sh. A cluster started here runs
 * with the durable settings (fsync, synchronous_commit, full_page_writes on) that production has; the test clusters
 * turn them off for speed. Results go to bench/results/store.json.
 */
import { simulateMarket } from '../src/core/index.js';
import { computeFeatures } from '../src/features/index.js';
import { createPgliteStore, createPostgresStore } from '../src/store/index.node.js';
import type { AlphaStore } from '../src/store/index.js';
import { predictionColumns, predictionCopyBinary } from '../src/store/ops/prediction-columns.js';
import { adminQuery, createDatabase, getCluster, type PgCluster, type TestDatabase } from '../test/support/pg-cluster.js';
import { PRED_COLS, predictionRows, predictionText } from './lib/predictions.js';
import { isSmoke, writeResults } from './lib/results.js';
import { storeRows } from './lib/sql.js';
import { fmtMs, machineInfo, nowMs, renderTable } from './lib/stats.js';

const SYMBOLS = ['BTC', 'ETH', 'SOL'] as const;
const M15 = 900_000;
const DAY = 86_400_000;
const SEED_ASK_MB_S = 100;

interface Options {
  rows: number;
  predictions: number;
  engines: string[];
  /** Days of features in the refreshed views. */
  days: number;
  smoke: boolean;
}

function parseArgs(args: readonly string[]): Options {
  const get = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const smoke = isSmoke(args);
  return {
    rows: Number(get('rows') ?? (smoke ? 300 : 2_000)),
    predictions: Number(get('predictions') ?? (smoke ? 1_000 : 100_000)),
    engines: (get('engines') ?? 'postgres,pglite').split(','),
    days: Number(get('days') ?? (smoke ? 2 : 14)),
    smoke,
  };
}

type Frames = Record<string, { time: Float64Array; names: readonly string[]; columns: readonly Float64Array[] }>;

function frames(rows: number, start: number, scale = 1): Frames {
  const sim = simulateMarket({ symbols: [...SYMBOLS], candles: rows, start, seed: 11 });
  const out: Frames = {};
  for (const s of SYMBOLS) {
    const f = computeFeatures(sim.candles[s]!, { symbol: s });
    out[s] = { time: f.time, names: f.names, columns: scale === 1 ? f.columns : f.columns.map((c) => c.map((x) => x * scale)) };
  }
  return out;
}

/** Bytes of COPY text for a frame (what the COPY method sends). */
function textBytes(f: Frames[string], symbol: string): number {
  let n = 0;
  for (let i = 0; i < f.time.length; i++) {
    n += symbol.length + 1 + 24;
    for (const c of f.columns) {
      const x = c[i]!;
      n += 1 + (x !== x ? 2 : String(x).length);
    }
    n += 1;
  }
  return n;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = nowMs();
  const r = await fn();
  return [r, nowMs() - t0];
}

const MB = 1e6;
const rate = (x: number, ms: number) => (x / ms) * 1000;
const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

interface EngineResult {
  engine: string;
  settings?: Record<string, string>;
  features: { method: string; phase: string; rows: number; ms: number; rowsPerS: number; float8MBs: number; textMBs: number }[];
  predictions: { method: string; rows: number; ms: number; rowsPerS: number; textMBs: number; tableMBs: number; gapToAsk: number }[];
  refresh: { view: string; rows: number; change: string; ms: number }[];
}

async function benchEngine(name: string, store: AlphaStore, opts: Options, result: EngineResult): Promise<void> {
  const start = Date.UTC(2024, 0, 1);
  const data = frames(opts.rows, start);
  const data2 = frames(opts.rows, start, 1.0001);
  const totalRows = opts.rows * SYMBOLS.length;
  const width = data[SYMBOLS[0]]!.names.length;
  const float8Bytes = totalRows * width * 8;
  const text = SYMBOLS.reduce((n, s) => n + textBytes(data[s]!, s), 0);
  await storeRows(store, `SELECT alpha_v4.ensure_feature_partitions('15m', $1::text[], $2::timestamptz, $3::timestamptz)`, [
    `{${SYMBOLS.join(',')}}`,
    new Date(start).toISOString(),
    new Date(start + opts.rows * M15).toISOString(),
  ]);
  for (const method of ['unnest', 'copy'] as const) {
    await storeRows(store, 'TRUNCATE alpha_v4.feature_store_15m');
    for (const [phase, d] of [['insert', data], ['upsert (all conflict)', data2]] as const) {
      const [, ms] = await timed(() => store.upsertFeatures(SYMBOLS.map((s) => ({ symbol: s, timeframe: '15m' as const, frame: d[s]! })), { method }));
      const row = { method, phase, rows: totalRows, ms, rowsPerS: rate(totalRows, ms), float8MBs: rate(float8Bytes, ms) / MB, textMBs: rate(text, ms) / MB };
      result.features.push(row);
      process.stdout.write(`[${name}] features (${width} columns) ${method} ${phase}: ${fmt(row.rowsPerS)} rows/s, ${fmt(row.float8MBs)} MB/s float8, ${fmt(row.textMBs)} MB/s text (${fmtMs(ms)} ms)\n`);
    }
  }
  await storeRows(store, 'TRUNCATE alpha_v4.feature_store_15m');

  // Predictions.
  const pstart = Date.now() - 60 * DAY;
  const rows = predictionRows(opts.predictions, Math.floor(pstart / M15) * M15);
  const ptext = predictionText(rows);
  const pbytes = ptext.reduce((n, c) => n + c.length, 0);
  const size = async () => Number((await storeRows(store, `SELECT sum(pg_total_relation_size(c.oid))::bigint AS b FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'alpha_v4.predictions'::regclass`))[0]!.b);
  await storeRows(store, `SELECT alpha_v4.ensure_prediction_partitions(0, now(), $1::timestamptz)`, [new Date(pstart).toISOString()]);
  const pmethods: [string, () => Promise<unknown>][] = [
    ['unnest (idempotent)', () => store.writePredictions(rows)],
    ['COPY + ON CONFLICT (idempotent)', () => store.writePredictions(rows, { method: 'copy' })],
    [
      'bare binary COPY (no conflict handling)',
      () =>
        store.driver.transaction('inference', (s) =>
          s.copyFrom(`alpha_v4.predictions (${PRED_COLS})`, 'WITH (FORMAT binary)', predictionCopyBinary(predictionColumns(rows), 20_000)),
        ),
    ],
    // Text encoding included in the time, as the binary path's encoding is.
    ['bare text COPY (no conflict handling)', () => store.driver.transaction('inference', (s) => s.copyFrom(`alpha_v4.predictions (${PRED_COLS})`, '', predictionText(rows)))],
  ];
  for (const [method, fn] of pmethods) {
    await storeRows(store, 'TRUNCATE alpha_v4.predictions');
    const before = await size();
    const [, ms] = await timed(fn);
    const grown = (await size()) - before;
    const n = Number((await storeRows(store, 'SELECT count(*)::bigint AS n FROM alpha_v4.predictions'))[0]!.n);
    if (n !== rows.length) throw new Error(`${method}: ${n} rows stored, expected ${rows.length}`);
    const row = { method, rows: rows.length, ms, rowsPerS: rate(rows.length, ms), textMBs: rate(pbytes, ms) / MB, tableMBs: rate(grown, ms) / MB, gapToAsk: 0 };
    row.gapToAsk = SEED_ASK_MB_S / row.textMBs;
    result.predictions.push(row);
    process.stdout.write(`[${name}] predictions ${method}: ${fmt(row.rowsPerS)} rows/s, ${fmt(row.textMBs)} MB/s text, ${fmt(row.tableMBs)} MB/s table growth (${fmtMs(ms)} ms; ${fmt(row.gapToAsk)}x short of 100 MB/s)\n`);
  }
  await storeRows(store, 'TRUNCATE alpha_v4.predictions');

  // REFRESH ... CONCURRENTLY on `days` days x 3 symbols.
  for (const [tf, perDay, view] of [['15m', 96, 'mv_features_15m'], ['1h', 24, 'mv_features_1h']] as const) {
    const n = opts.days * perDay;
    const step = tf === '15m' ? M15 : 4 * M15;
    const t0 = Math.floor(Date.now() / step) * step - (n - 1) * step;
    const sim = simulateMarket({ symbols: [...SYMBOLS], candles: n, start: t0, timeframe: tf, seed: 5 });
    await store.upsertFeatures(SYMBOLS.map((s) => ({ symbol: s, timeframe: tf, frame: computeFeatures(sim.candles[s]!, { symbol: s }) })));
    await store.refreshViews({ views: [view], concurrently: false }); // populate
    const count = Number((await storeRows(store, `SELECT count(*)::bigint AS n FROM alpha_v4.${view}`))[0]!.n);
    const [, plain] = await timed(() => store.refreshViews({ views: [view], concurrently: false }));
    result.refresh.push({ view, rows: count, change: 'plain REFRESH (not concurrent), for comparison', ms: plain });
    const [, same] = await timed(() => store.refreshViews({ views: [view] }));
    result.refresh.push({ view, rows: count, change: 'nothing changed', ms: same });
    // One day of every symbol rewritten (what a day of live updates looks like).
    await storeRows(store, `UPDATE alpha_v4.feature_store_${tf} SET rsi_14 = rsi_14 * 1.01 WHERE ts >= now() - interval '1 day'`);
    const [, day] = await timed(() => store.refreshViews({ views: [view] }));
    result.refresh.push({ view, rows: count, change: '1 day x 3 symbols updated', ms: day });
    process.stdout.write(`[${name}] REFRESH CONCURRENTLY ${view} (${count} rows): ${fmtMs(same)} ms unchanged, ${fmtMs(day)} ms after a day of updates (plain REFRESH: ${fmtMs(plain)} ms)\n`);
  }
}

export async function run(args: readonly string[]): Promise<void> {
  const opts = parseArgs(args);
  const info = machineInfo();
  const results: EngineResult[] = [];
  process.stdout.write(`store bench: ${SYMBOLS.length} symbols x ${opts.rows} rows x the single-symbol features; ${opts.predictions} predictions\n`);
  if (opts.engines.includes('postgres')) {
    let cluster: PgCluster | undefined;
    let db: TestDatabase | undefined;
    let store: AlphaStore | undefined;
    try {
      cluster = await getCluster();
      const settings: Record<string, string> = {};
      if (cluster.owned) {
        // Production durability on the throwaway cluster (the test clusters run with fsync off).
        for (const s of ['fsync = on', 'synchronous_commit = on', 'full_page_writes = on']) await adminQuery(cluster, `ALTER SYSTEM SET ${s}`);
        await adminQuery(cluster, 'SELECT pg_reload_conf()');
      }
      for (const s of ['fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'max_wal_size']) {
        settings[s] = String((await adminQuery(cluster, `SELECT current_setting('${s}') AS v`)).rows[0].v);
      }
      db = await createDatabase(cluster, 'bench_store');
      store = await createPostgresStore(db.url);
      await store.migrate();
      const version = (await storeRows(store, 'SELECT version() AS v'))[0]!.v as string;
      const r: EngineResult = { engine: version.split(' on ')[0]!, settings, features: [], predictions: [], refresh: [] };
      process.stdout.write(`${r.engine}: ${Object.entries(settings).map(([k, v]) => `${k}=${v}`).join(', ')}\n`);
      await benchEngine('postgres', store, opts, r);
      results.push(r);
    } finally {
      await store?.close();
      await db?.drop();
      await cluster?.stop();
    }
  }
  if (opts.engines.includes('pglite')) {
    const store = await createPgliteStore();
    try {
      await store.migrate();
      const version = (await storeRows(store, 'SELECT version() AS v'))[0]!.v as string;
      const r: EngineResult = { engine: `${version.split(' on ')[0]!} (in memory)`, features: [], predictions: [], refresh: [] };
      await benchEngine('pglite', store, opts, r);
      results.push(r);
    } finally {
      await store.close();
    }
  }

  const header = ['engine', 'what', 'rows', 'ms', 'rows/s', 'MB/s'];
  const table: string[][] = [];
  for (const r of results) {
    for (const f of r.features) table.push([r.engine, `features ${f.method}, ${f.phase}`, String(f.rows), fmtMs(f.ms), fmt(f.rowsPerS), `${fmt(f.float8MBs)} float8 / ${fmt(f.textMBs)} text`]);
    for (const p of r.predictions) table.push([r.engine, `predictions ${p.method}`, String(p.rows), fmtMs(p.ms), fmt(p.rowsPerS), `${fmt(p.textMBs)} text / ${fmt(p.tableMBs)} table (ask 100)`]);
    for (const x of r.refresh) table.push([r.engine, `${x.change.startsWith('plain') ? 'REFRESH' : 'REFRESH CONCURRENTLY'} ${x.view}, ${x.change}`, String(x.rows), fmtMs(x.ms), '-', '-']);
  }
  process.stdout.write(`\n${renderTable(header, table, ['l', 'l', 'r', 'r', 'r', 'l'])}\n`);
  const pg = results.find((r) => r.settings !== undefined);
  const copyIdem = pg?.predictions.find((p) => p.method.startsWith('COPY + ON CONFLICT'));
  writeResults(
    {
      suite: 'store',
      title: `feature upserts, prediction writes and view refreshes, ${opts.engines.join(' and ')}`,
      config: { rows: opts.rows, predictions: opts.predictions, engines: opts.engines, days: opts.days },
      tables: [
        {
          title: `${SYMBOLS.length} symbols x ${opts.rows} feature rows; ${opts.predictions} predictions; views of ${opts.days} days`,
          header,
          rows: table,
          align: ['l', 'l', 'r', 'r', 'r', 'l'],
          notes: ['MB/s of predictions: the rows as COPY text / the table growth, against the system ask of 100 MB/s (the stress suite breaks the gap down and measures psql \\copy as the limit).', ...(pg?.settings ? [`PostgreSQL settings: ${Object.entries(pg.settings).map(([k, v]) => `${k}=${v}`).join(', ')}`] : [])],
        },
      ],
      capacity: [
        { key: 'store.predictionsCopyIdempotentMBs', value: copyIdem?.textMBs ?? null, unit: 'MB/s', what: 'writePredictions (COPY + ON CONFLICT), rows as COPY text, PostgreSQL' },
        ...(pg?.refresh ?? [])
          .filter((x) => x.change.startsWith('1 day'))
          .map((x) => ({ key: `store.refreshUsPerRow.${x.view}`, value: (x.ms * 1000) / x.rows, unit: 'us', what: `REFRESH MATERIALIZED VIEW CONCURRENTLY ${x.view} after a day of updates, per row the view holds (${x.rows} rows), PostgreSQL` })),
      ],
      data: results,
    },
    { machine: info, smoke: opts.smoke },
  );
}
