/**
 * What indexing every feature column costs on writes: the feature store with its default indexes (primary key +
 * BRIN on ts) against the primary key alone, + 200 B-tree feature indexes, and + every feature column indexed
 * (supabase/optional/alpha_v4_feature_indexes.sql). docs/store.md quotes its output.
 *
 *   npx tsx scripts/pg/bench-feature-indexes.ts [--rows 20160] [--runs 3] [--url postgresql://...]
 *
 * Without --url it starts its own durable cluster (fsync, synchronous_commit and full_page_writes on) with
 * scripts/pg/start.sh and removes it at the end. Each configuration gets a fresh database with the migrations
 * applied and the weekly partitions created; each run inserts the rows (3 symbols, random feature values) in one
 * statement, then upserts the same keys with new values (ON CONFLICT DO UPDATE of every column, as a recompute
 * does). The median run is reported, with WAL volume and on-disk sizes.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import pg from 'pg';
import { FEATURES } from '../../src/features/index.js';
import { ROOT, applyMigrations } from '../../test/support/pg-cluster.js';
import { indexName } from '../gen-feature-store-ddl.js';

const run = promisify(execFile);

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const ROWS = Number(arg('rows', '20160'));
const RUNS = Number(arg('runs', '3'));
const SYMBOLS = ['BTC', 'ETH', 'SOL'];
const q = (n: string) => `"${n}"`;

interface Config {
  name: string;
  setup(c: pg.Client): Promise<void>;
}

const CONFIGS: Config[] = [
  {
    name: 'primary key only',
    async setup(c) {
      await c.query('DROP INDEX alpha_v4.feature_store_15m_ts_brin');
    },
  },
  { name: 'primary key + BRIN(ts) (default)', async setup() {} },
  {
    name: 'primary key + BRIN(ts) + 200 feature indexes',
    async setup(c) {
      for (const f of FEATURES.slice(0, 200)) {
        await c.query(`CREATE INDEX ${indexName('fs15m', f.name)} ON alpha_v4.feature_store_15m (${q(f.name)})`);
      }
    },
  },
  {
    name: `primary key + BRIN(ts) + all ${FEATURES.length} feature indexes (opt-in file)`,
    async setup(c) {
      await c.query(readFileSync(`${ROOT}supabase/optional/alpha_v4_feature_indexes.sql`, 'utf8'));
    },
  },
];

interface Sample {
  insertS: number;
  upsertS: number;
  insertWal: number;
  upsertWal: number;
  heap: number;
  index: number;
}

async function sample(c: pg.Client, start: string): Promise<Sample> {
  const cols = FEATURES.map((f) => q(f.name));
  const perSymbol = Math.ceil(ROWS / SYMBOLS.length);
  const source = `SELECT s, ts, ${cols.map(() => 'random()').join(', ')}
    FROM unnest($1::text[]) s, generate_series($2::timestamptz, $2::timestamptz + ($3::int - 1) * interval '15 minutes', interval '15 minutes') ts`;
  const params = [SYMBOLS, start, perSymbol];
  const wal = async () => (await c.query('SELECT pg_current_wal_lsn()::text AS l')).rows[0].l as string;
  const walDiff = async (a: string, b: string) =>
    Number((await c.query('SELECT pg_wal_lsn_diff($1, $2) AS d', [b, a])).rows[0].d);

  await c.query('TRUNCATE alpha_v4.feature_store_15m');
  await c.query('CHECKPOINT');
  let w0 = await wal();
  let t0 = performance.now();
  await c.query(`INSERT INTO alpha_v4.feature_store_15m (symbol, ts, ${cols.join(', ')}) ${source}`, params);
  const insertS = (performance.now() - t0) / 1000;
  const insertWal = await walDiff(w0, await wal());

  await c.query('CHECKPOINT');
  w0 = await wal();
  t0 = performance.now();
  await c.query(
    `INSERT INTO alpha_v4.feature_store_15m (symbol, ts, ${cols.join(', ')}) ${source}
     ON CONFLICT (symbol, ts) DO UPDATE SET ${cols.map((x) => `${x} = EXCLUDED.${x}`).join(', ')}`,
    params,
  );
  const upsertS = (performance.now() - t0) / 1000;
  const upsertWal = await walDiff(w0, await wal());
  const size = (
    await c.query(`SELECT sum(pg_table_size(relid))::float8 AS heap, sum(pg_indexes_size(relid))::float8 AS index
                   FROM pg_partition_tree('alpha_v4.feature_store_15m') WHERE isleaf`)
  ).rows[0];
  return { insertS, upsertS, insertWal, upsertWal, heap: size.heap, index: size.index };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (b: number) => (b / 2 ** 20).toFixed(0);

async function main(): Promise<void> {
  let url = arg('url', process.env.ALPHA_BENCH_PG_URL ?? '');
  let dir: string | undefined;
  if (!url) {
    const { stdout } = await run('bash', [`${ROOT}scripts/pg/start.sh`, '--durable', '--watch-pid', String(process.pid)]);
    url = /ALPHA_PG_URL='([^']+)'/.exec(stdout)![1]!;
    dir = /ALPHA_PG_DIR='([^']+)'/.exec(stdout)![1]!;
  }
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const settings = (
    await admin.query(`SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) AS s FROM pg_settings
                       WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'max_wal_size')`)
  ).rows[0].s;
  console.log(`PostgreSQL ${(await admin.query('SHOW server_version')).rows[0].server_version}; ${settings}`);
  console.log(`${ROWS} rows (${SYMBOLS.length} symbols x ${Math.ceil(ROWS / SYMBOLS.length)} candles), ${FEATURES.length} feature columns, median of ${RUNS} runs\n`);
  console.log('| indexes | insert s | insert rows/s | upsert s | upsert rows/s | WAL insert MB | WAL upsert MB | heap MB | indexes MB |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const start = '2025-01-06 00:00+00';
  const end = new Date(Date.parse('2025-01-06T00:00:00Z') + Math.ceil(ROWS / SYMBOLS.length) * 900_000).toISOString();
  try {
    for (const [i, config] of CONFIGS.entries()) {
      const name = `bench_idx_${i}_${process.pid}`;
      await admin.query(`CREATE DATABASE ${name}`);
      const dbUrl = url.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
      try {
        await applyMigrations(dbUrl);
        const c = new pg.Client({ connectionString: dbUrl });
        await c.connect();
        try {
          await c.query(`SELECT alpha_v4.ensure_feature_partitions('15m', $1, $2, $3)`, [SYMBOLS, start, end]);
          await config.setup(c);
          const samples: Sample[] = [];
          for (let r = 0; r < RUNS; r++) samples.push(await sample(c, start));
          const ins = median(samples.map((s) => s.insertS));
          const ups = median(samples.map((s) => s.upsertS));
          const last = samples[samples.length - 1]!;
          console.log(
            `| ${config.name} | ${ins.toFixed(2)} | ${Math.round(ROWS / ins)} | ${ups.toFixed(2)} | ${Math.round(ROWS / ups)} | ` +
              `${mb(median(samples.map((s) => s.insertWal)))} | ${mb(median(samples.map((s) => s.upsertWal)))} | ${mb(last.heap)} | ${mb(last.index)} |`,
          );
        } finally {
          await c.end();
        }
      } finally {
        await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      }
    }
  } finally {
    await admin.end();
    if (dir) await run('bash', [`${ROOT}scripts/pg/stop.sh`, dir]);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
