/**
 * Stress part 3: predictions write throughput into alpha_v4.predictions, ours against the limit of the same server.
 *
 * - Ours, in `rounds` alternating rounds (the table emptied before each write): batched INSERT ... VALUES (1,000 and
 *   100 rows per statement: the cost of round trips), `writePredictions` with `unnest` and with COPY (both idempotent:
 *   ON CONFLICT DO NOTHING), and the store's binary COPY straight into the table (no conflict handling).
 * - The limit: `psql \copy` of the same rows, as COPY text from a file, into the same table.
 * - Where the time goes: `psql \copy` of the same file into scratch tables that each lack one thing the real table
 *   has (partition routing, the primary key's unique index, jsonb parsing, WAL), and with synchronous_commit off.
 *
 * MB are the rows as COPY text (what `psql \copy` sends): the same bytes for every method.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AlphaStore, PredictionInput } from '../../src/store/index.js';
import { predictionColumns, predictionCopyBinary } from '../../src/store/ops/prediction-columns.js';
import { PRED_COLS, predictionRows, predictionText } from '../lib/predictions.js';
import { median, nowMs } from '../lib/stats.js';
import { storeRows } from '../lib/sql.js';

const run = promisify(execFile);
const M15 = 900_000;
const DAY = 86_400_000;
/** Debian's psql (the wrapper picks the client of the newest installed server: 15 here). */
const PSQL = 'psql';

/** One write method's measurements. */
export interface WriteResult {
  readonly method: string;
  readonly rows: number;
  readonly runsMs: number[];
  readonly medianMs: number;
  readonly rowsPerS: number;
  readonly mbPerS: number;
  /** Ours over the psql \copy limit (1 = as fast; 0.1 = 10x slower). */
  readonly ofLimit?: number;
}

/** One breakdown experiment: psql \copy into a variant of the table. */
export interface BreakdownResult {
  readonly variant: string;
  readonly ms: number;
  readonly rowsPerS: number;
  readonly mbPerS: number;
  /** Its time over the plain heap's (no partitions, no index, no CHECK, jsonb, logged, synchronous commit). */
  readonly vsPlain: number;
}


/** Batched INSERT ... VALUES of `batch` rows per statement, ON CONFLICT DO NOTHING, one transaction. */
function batchedInsert(store: AlphaStore, rows: readonly PredictionInput[], batch: number): Promise<void> {
  const p = predictionColumns(rows);
  return store.driver.transaction('inference', async (s) => {
    for (let start = 0; start < p.n; start += batch) {
      const end = Math.min(p.n, start + batch);
      const values: string[] = [];
      const params: unknown[] = [];
      for (let i = start; i < end; i++) {
        const k = params.length;
        values.push(`(${Array.from({ length: 11 }, (_, j) => `$${k + j + 1}`).join(', ')})`);
        params.push(p.symbol[i], p.timeframe[i], new Date(p.ts[i]!), new Date(p.targetTs[i]!), p.horizon[i], p.pUp[i], p.direction[i], p.confidence[i], p.size[i], p.modelVersion[i], p.members[i]);
      }
      await s.query(`INSERT INTO alpha_v4.predictions (${PRED_COLS}) VALUES ${values.join(', ')} ON CONFLICT DO NOTHING`, params);
    }
  });
}

/** `psql \copy` of `file` into `table`; `options` go to the server (PGOPTIONS). */
async function psqlCopy(url: string, table: string, file: string, options = ''): Promise<number> {
  const t0 = nowMs();
  await run(PSQL, [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', `\\copy ${table} (${PRED_COLS}) FROM '${file}'`], { env: { ...process.env, PGOPTIONS: options } });
  return nowMs() - t0;
}

/** The scratch tables of the breakdown: [name, what it lacks, DDL after `CREATE ... TABLE stress_scratch.<name>`]. */
const COLUMNS = `(symbol text NOT NULL, timeframe text NOT NULL, ts timestamptz NOT NULL, target_ts timestamptz NOT NULL, horizon integer NOT NULL,
  p_up double precision NOT NULL, direction smallint NOT NULL, confidence double precision NOT NULL, size double precision NOT NULL DEFAULT 0,
  model_version integer NOT NULL, members %MEMBERS% NOT NULL, outcome smallint, realized_return double precision, resolved_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()%EXTRA%)`;
const ddl = (members: string, extra = '') => COLUMNS.replace('%MEMBERS%', members).replace('%EXTRA%', extra);
const VARIANTS: readonly { name: string; variant: string; create: string; options?: string }[] = [
  { name: 'plain', variant: 'plain heap: no partitions, no index, no CHECK; jsonb', create: `TABLE stress_scratch.plain ${ddl('jsonb')}` },
  { name: 'text_members', variant: 'plain heap, members as text (no jsonb parsing)', create: `TABLE stress_scratch.text_members ${ddl('text')}` },
  { name: 'with_pk', variant: 'plain heap + the primary key (its unique index)', create: `TABLE stress_scratch.with_pk ${ddl('jsonb', ', PRIMARY KEY (symbol, timeframe, ts, horizon, model_version)')}` },
  { name: 'partitioned', variant: 'monthly partitions like the real table (routing), no index', create: `TABLE stress_scratch.partitioned ${ddl('jsonb')} PARTITION BY RANGE (ts)` },
  { name: 'unlogged', variant: 'plain heap, UNLOGGED (no WAL)', create: `UNLOGGED TABLE stress_scratch.unlogged ${ddl('jsonb')}` },
  { name: 'plain', variant: 'plain heap, synchronous_commit off (no flush wait at commit)', create: '', options: '-c synchronous_commit=off' },
];

/**
 * Measures every method on `n` predictions (three months from 60 days ago, so that the monthly partitions exist).
 * Leaves alpha_v4.predictions empty, and drops the scratch schema.
 */
export async function stressWrites(store: AlphaStore, url: string, o: { rows: number; rounds: number }): Promise<{ ours: WriteResult[]; limit: WriteResult; breakdown: BreakdownResult[]; limitSyncOff: number }> {
  const start = Math.floor((Date.now() - 60 * DAY) / M15) * M15;
  const rows = predictionRows(o.rows, start);
  const text = predictionText(rows).join('');
  const bytes = Buffer.byteLength(text);
  const dir = mkdtempSync(join(tmpdir(), 'alpha-v4-stress-'));
  const file = join(dir, 'predictions.copy');
  writeFileSync(file, text);
  await storeRows(store, 'SELECT alpha_v4.ensure_prediction_partitions(0, now(), $1::timestamptz)', [new Date(start).toISOString()]);
  const methods: [string, () => Promise<unknown>][] = [
    ['batched INSERT ... VALUES, 1,000 rows per statement', () => batchedInsert(store, rows, 1000)],
    ['batched INSERT ... VALUES, 100 rows per statement', () => batchedInsert(store, rows, 100)],
    ["writePredictions, method 'unnest' (idempotent)", () => store.writePredictions(rows, { method: 'unnest' })],
    ["writePredictions, method 'copy' (binary COPY + ON CONFLICT, idempotent)", () => store.writePredictions(rows, { method: 'copy' })],
    ['binary COPY straight into the table (no conflict handling)', () => store.driver.transaction('inference', (s) => s.copyFrom(`alpha_v4.predictions (${PRED_COLS})`, 'WITH (FORMAT binary)', predictionCopyBinary(predictionColumns(rows), 20_000)))],
    ['psql \\copy, COPY text from a file (the limit)', () => psqlCopy(url, 'alpha_v4.predictions', file)],
  ];
  const times = new Map<string, number[]>(methods.map(([m]) => [m, []]));
  try {
    for (let r = 0; r < o.rounds; r++) {
      for (let j = 0; j < methods.length; j++) {
        const [method, fn] = methods[(j + r) % methods.length]!;
        await storeRows(store, 'TRUNCATE alpha_v4.predictions');
        const t0 = nowMs();
        await fn();
        times.get(method)!.push(nowMs() - t0);
        const stored = Number((await storeRows(store, 'SELECT count(*)::bigint AS n FROM alpha_v4.predictions'))[0]!.n);
        if (stored !== rows.length) throw new Error(`${method}: ${stored} rows stored, expected ${rows.length}`);
      }
    }
    await storeRows(store, 'TRUNCATE alpha_v4.predictions');
    const result = (method: string): WriteResult => {
      const runsMs = times.get(method)!;
      const ms = median(runsMs);
      return { method, rows: rows.length, runsMs, medianMs: ms, rowsPerS: (rows.length / ms) * 1000, mbPerS: bytes / 1e3 / ms };
    };
    const limit = result(methods.at(-1)![0]);
    const ours = methods.slice(0, -1).map(([m]) => {
      const r = result(m);
      return { ...r, ofLimit: r.rowsPerS / limit.rowsPerS };
    });
    const limitSyncOff = await psqlCopy(url, 'alpha_v4.predictions', file, '-c synchronous_commit=off');
    await storeRows(store, 'TRUNCATE alpha_v4.predictions');
    return { ours, limit, breakdown: await breakdown(store, url, file, rows.length, bytes, start), limitSyncOff };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** psql \copy of the file into each scratch variant, once each. */
async function breakdown(store: AlphaStore, url: string, file: string, n: number, bytes: number, start: number): Promise<BreakdownResult[]> {
  await storeRows(store, 'DROP SCHEMA IF EXISTS stress_scratch CASCADE');
  await storeRows(store, 'CREATE SCHEMA stress_scratch');
  try {
    for (const v of VARIANTS) if (v.create) await storeRows(store, `CREATE ${v.create}`);
    for (let m = -1; m <= 3; m++) {
      const from = new Date(start);
      const a = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + m, 1));
      const b = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + m + 1, 1));
      await storeRows(store, `CREATE TABLE stress_scratch.partitioned_${m + 1} PARTITION OF stress_scratch.partitioned FOR VALUES FROM ('${a.toISOString()}') TO ('${b.toISOString()}')`);
    }
    await storeRows(store, 'CREATE TABLE stress_scratch.partitioned_default PARTITION OF stress_scratch.partitioned DEFAULT');
    const out: BreakdownResult[] = [];
    for (const v of VARIANTS) {
      await storeRows(store, `TRUNCATE stress_scratch.${v.name}`);
      const ms = await psqlCopy(url, `stress_scratch.${v.name}`, file, v.options);
      out.push({ variant: v.variant, ms, rowsPerS: (n / ms) * 1000, mbPerS: bytes / 1e3 / ms, vsPlain: 0 });
    }
    const plain = out[0]!.ms;
    return out.map((r) => ({ ...r, vsPlain: r.ms / plain }));
  } finally {
    await storeRows(store, 'DROP SCHEMA IF EXISTS stress_scratch CASCADE');
  }
}
