/**
 * The alpha_v4 migrations on a real PostgreSQL 15 server: objects, partitioning, model-version pruning,
 * predictions (idempotent writes, retention and archival), dashboards, the candle notification, untouched user
 * tables and server settings, and `supabase db push`.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURES } from '../../src/features/index.js';
import { appliedFeatureColumns, FEATURE_STORE_MIGRATION, migrationFeatureColumns } from '../../scripts/gen-feature-store-ddl.js';
import {
  ROOT,
  applyMigrations,
  connect,
  createDatabase,
  getCluster,
  migrationFiles,
  type MigrationNotices,
  type PgCluster,
  type TestDatabase,
} from '../support/pg-cluster.js';

const run = promisify(execFile);

let cluster: PgCluster;
let db: TestDatabase;
let c: pg.Client;
let firstNotices: MigrationNotices;
const extraDbs: TestDatabase[] = [];

beforeAll(async () => {
  cluster = await getCluster();
  db = await createDatabase(cluster, 'schema');
  firstNotices = await applyMigrations(db.url);
  c = await connect(db.url);
}, 180_000);

afterAll(async () => {
  await c?.end();
  for (const d of [db, ...extraDbs]) await d?.drop();
  await cluster?.stop();
}, 60_000);

/** The SQLSTATE a statement fails with (undefined when it succeeds); inside a transaction, it survives the failure. */
async function sqlState(client: pg.Client, sql: string, params: unknown[] = []): Promise<string | undefined> {
  let savepoint = true;
  try {
    await client.query('SAVEPOINT probe');
  } catch {
    savepoint = false; // not in a transaction block
  }
  try {
    await client.query(sql, params);
    if (savepoint) await client.query('RELEASE SAVEPOINT probe');
    return undefined;
  } catch (e) {
    if (savepoint) await client.query('ROLLBACK TO SAVEPOINT probe');
    return (e as { code?: string }).code ?? 'unknown';
  }
}

/** Runs fn inside a transaction that is rolled back. */
async function rolledBack<T>(client: pg.Client, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    return await fn();
  } finally {
    await client.query('ROLLBACK');
  }
}

async function rows<T = Record<string, unknown>>(sql: string, params: unknown[] = [], client = c): Promise<T[]> {
  return (await client.query(sql, params)).rows as T[];
}

async function scalar<T = unknown>(sql: string, params: unknown[] = [], client = c): Promise<T> {
  const r = await client.query(sql, params);
  return Object.values(r.rows[0] as Record<string, unknown>)[0] as T;
}

const TABLES = [
  'ab_test_results',
  'feature_importance_history',
  'feature_store_15m',
  'feature_store_1h',
  'feature_stream_state',
  'jobs',
  'model_events',
  'model_versions',
  'models',
  'performance_log',
  'predictions',
  'predictions_archive',
  'settings',
  'work_items',
];
const VIEWS = ['mv_accuracy_30d', 'mv_accuracy_7d', 'mv_calibration_error', 'mv_features_15m', 'mv_features_1h', 'mv_sharpe_ratio'];

describe('migrations', () => {
  it('apply on a fresh database and again on top (idempotent), in Supabase CLI file layout', async () => {
    expect(migrationFiles().length).toBeGreaterThanOrEqual(7);
    for (const f of migrationFiles()) expect(f).toMatch(/^\d{14}_[a-z0-9_]+\.sql$/);
    await applyMigrations(db.url);
    const tables = await rows<{ relname: string }>(
      `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'alpha_v4' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`,
    );
    expect(tables.map((t) => t.relname)).toEqual(TABLES);
  });

  it('say that pg_cron is absent in a database other than cron.database_name, and still succeed', () => {
    const notices = Object.values(firstNotices).flat().join('\n');
    expect(notices).toMatch(/pg_cron is not available here/);
  });

  it('create every materialized view with a unique plain-column index, so REFRESH ... CONCURRENTLY works', async () => {
    for (const v of VIEWS) {
      const idx = await rows(
        `SELECT i.indexrelid FROM pg_index i WHERE i.indrelid = $1::regclass AND i.indisunique
           AND i.indpred IS NULL AND i.indexprs IS NULL`,
        [`alpha_v4.${v}`],
      );
      expect(idx, v).toHaveLength(1);
      await c.query(`REFRESH MATERIALIZED VIEW CONCURRENTLY alpha_v4.${v}`);
    }
  });

  it('never change server, database or role settings', async () => {
    const fresh = await createDatabase(cluster, 'settings');
    extraDbs.push(fresh);
    const snapshot = async () => {
      const s = await connect(fresh.url);
      try {
        return {
          settings: (await s.query(`SELECT name, setting FROM pg_settings WHERE source NOT IN ('session', 'client') ORDER BY 1`)).rows,
          dbRole: (await s.query('SELECT setdatabase, setrole, setconfig FROM pg_db_role_setting ORDER BY 1, 2')).rows,
          files: (await s.query('SELECT sourcefile, name, setting FROM pg_file_settings ORDER BY 1, 2')).rows,
        };
      } finally {
        await s.end();
      }
    };
    const before = await snapshot();
    await applyMigrations(fresh.url);
    expect(await snapshot()).toEqual(before);
  });
});

describe('feature stores', () => {
  it('have symbol, ts and one double precision column per catalogue feature, PK (symbol, ts), BRIN(ts)', async () => {
    for (const tf of ['15m', '1h']) {
      const cols = await rows<{ column_name: string; data_type: string }>(
        `SELECT column_name, data_type FROM information_schema.columns
         WHERE table_schema = 'alpha_v4' AND table_name = $1 ORDER BY ordinal_position`,
        [`feature_store_${tf}`],
      );
      // Creation order: the applied feature-store migrations' columns, then the newest generated one's (add-only).
      const created = [...appliedFeatureColumns(ROOT), ...migrationFeatureColumns(readFileSync(`${ROOT}${FEATURE_STORE_MIGRATION}`, 'utf8'))];
      expect(cols.map((x) => x.column_name)).toEqual(['symbol', 'ts', ...created]);
      expect([...created].sort()).toEqual(FEATURES.map((f) => f.name).sort());
      expect(new Set(cols.slice(2).map((x) => x.data_type))).toEqual(new Set(['double precision']));
      expect(await scalar(`SELECT pg_get_partkeydef($1::regclass)`, [`alpha_v4.feature_store_${tf}`])).toBe('LIST (symbol)');
      const pk = await scalar<string>(
        `SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'p'`,
        [`alpha_v4.feature_store_${tf}`],
      );
      expect(pk).toBe('PRIMARY KEY (symbol, ts)');
      const brin = await scalar<string>(
        `SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = $1::regclass AND NOT indisprimary`,
        [`alpha_v4.feature_store_${tf}`],
      );
      expect(brin).toMatch(/USING brin \(ts\)/);
    }
  });

  it('route an unknown symbol to the default partition, then give it LIST and weekly RANGE partitions without losing a row', async () => {
    await rolledBack(c, async () => {
      await c.query(`INSERT INTO alpha_v4.feature_store_15m (symbol, ts, rsi_14) VALUES
                       ('DOGE', '2025-01-08 12:00+00', 55), ('DOGE', '2031-03-05 00:15+00', 45)`);
      expect(
        await scalar(`SELECT tableoid::regclass::text FROM alpha_v4.feature_store_15m WHERE symbol = 'DOGE' LIMIT 1`),
      ).toBe('alpha_v4.feature_store_15m_default');

      const created = await scalar<number>(
        `SELECT alpha_v4.ensure_feature_partitions('15m', ARRAY['BTC'], '2025-01-01 00:00+00', '2025-01-20 00:00+00')`,
      );
      expect(created).toBe(4); // the symbol's partition + weeks of 2024-12-30, 2025-01-06, 2025-01-13
      const suffix = await scalar<string>(`SELECT alpha_v4.symbol_suffix('BTC')`);
      await c.query(`INSERT INTO alpha_v4.feature_store_15m (symbol, ts, rsi_14) VALUES ('BTC', '2025-01-08 12:00+00', 61)`);
      const part = await scalar<string>(
        `SELECT tableoid::regclass::text FROM alpha_v4.feature_store_15m WHERE symbol = 'BTC'`,
      );
      expect(part).toBe(`alpha_v4.feature_store_15m_${suffix}_w20250106`);
      await c.query(`SET LOCAL TimeZone = 'UTC'`);
      expect(await scalar(`SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE oid = $1::regclass`, [part])).toBe(
        "FOR VALUES FROM ('2025-01-06 00:00:00+00') TO ('2025-01-13 00:00:00+00')",
      );

      // Weekly maintenance drains the defaults: DOGE gets its partitions, each week its own.
      const made = await scalar<number>(`SELECT alpha_v4.maintain_partitions('2025-01-01 00:00+00')`);
      expect(made).toBeGreaterThan(0);
      expect(await scalar(`SELECT count(*)::int FROM alpha_v4.feature_store_15m_default`)).toBe(0);
      const doge = await rows<{ p: string; rsi: number }>(
        `SELECT tableoid::regclass::text AS p, rsi_14 AS rsi FROM alpha_v4.feature_store_15m WHERE symbol = 'DOGE' ORDER BY ts`,
      );
      const dogeSuffix = await scalar<string>(`SELECT alpha_v4.symbol_suffix('DOGE')`);
      expect(doge).toEqual([
        { p: `alpha_v4.feature_store_15m_${dogeSuffix}_w20250106`, rsi: 55 },
        { p: `alpha_v4.feature_store_15m_${dogeSuffix}_w20310303`, rsi: 45 },
      ]);
      // Inserts far outside any partition still succeed (the per-symbol default takes them).
      await c.query(`INSERT INTO alpha_v4.feature_store_15m (symbol, ts) VALUES ('BTC', '1999-12-31 23:45+00')`);
      expect(
        await scalar(`SELECT tableoid::regclass::text FROM alpha_v4.feature_store_15m WHERE ts < '2000-01-01'`),
      ).toBe(`alpha_v4.feature_store_15m_${suffix}_default`);
      // Upserts on the partitioned primary key.
      await c.query(`INSERT INTO alpha_v4.feature_store_15m (symbol, ts, rsi_14) VALUES ('BTC', '2025-01-08 12:00+00', 62)
                     ON CONFLICT (symbol, ts) DO UPDATE SET rsi_14 = EXCLUDED.rsi_14`);
      expect(await scalar(`SELECT rsi_14 FROM alpha_v4.feature_store_15m WHERE symbol = 'BTC' AND ts = '2025-01-08 12:00+00'`)).toBe(62);
      // Every new partition has row-level security on.
      expect(
        await scalar(`SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                      WHERE n.nspname = 'alpha_v4' AND c.relkind IN ('r', 'p') AND NOT c.relrowsecurity`),
      ).toBe(0);
    });
  });

  it('name partitions so that distinct symbols never collide', async () => {
    const [a, b] = (await rows<{ s: string }>(`SELECT alpha_v4.symbol_suffix(x) AS s FROM unnest(ARRAY['BTC-USD', 'btc_usd']) x`)).map(
      (r) => r.s,
    );
    expect(a).not.toBe(b);
    expect(a!.startsWith('btc_usd_')).toBe(true);
  });

  it('mv_features_15m holds the last 90 days', async () => {
    await c.query(`INSERT INTO alpha_v4.feature_store_15m (symbol, ts, close) VALUES
                     ('SOL', date_bin('15 minutes', now() - interval '100 days', '2000-01-01'), 1),
                     ('SOL', date_bin('15 minutes', now() - interval '1 day', '2000-01-01'), 2)`);
    await c.query('REFRESH MATERIALIZED VIEW CONCURRENTLY alpha_v4.mv_features_15m');
    expect(await rows(`SELECT close FROM alpha_v4.mv_features_15m WHERE symbol = 'SOL'`)).toEqual([{ close: 2 }]);
    await c.query(`DELETE FROM alpha_v4.feature_store_15m WHERE symbol = 'SOL'`);
    await c.query('REFRESH MATERIALIZED VIEW CONCURRENTLY alpha_v4.mv_features_15m');
  });
});

describe('model versions', () => {
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  const insert = (client: pg.Client, symbol: string, n: number, tf = '15m') => {
    const binaries = Array.from({ length: n }, (_, i) => Buffer.from(`${symbol}-${tf}-model-${i}-${Math.random()}`));
    return client.query(
      `INSERT INTO alpha_v4.model_versions (symbol, timeframe, version, format, model_binary, checksum, feature_names,
                                            metrics, train_start, train_end)
       SELECT $1, $2, NULL, 'alpha-v4-gbdt', u.b, u.h, ARRAY['rsi_14', 'atr_14'], '{"auc": 0.55}', '2024-01-01', '2025-01-01'
       FROM unnest($3::bytea[], $4::text[]) WITH ORDINALITY AS u(b, h, i) ORDER BY u.i`,
      [symbol, tf, binaries, binaries.map(sha)],
    );
  };
  const versions = async (symbol: string, client = c) =>
    (await rows<{ version: number }>(
      `SELECT version FROM alpha_v4.model_versions WHERE symbol = $1 AND timeframe = '15m' ORDER BY version`, [symbol], client,
    )).map((r) => r.version);

  it('checks the sha256 checksum in the database', async () => {
    await rolledBack(c, async () => {
      expect(
        await sqlState(c, `INSERT INTO alpha_v4.model_versions (symbol, timeframe, format, model_binary, checksum, feature_names)
                           VALUES ('X', '15m', 'f', '\\x00'::bytea, repeat('0', 64), '{}')`),
      ).toBe('23514');
    });
  });

  it('number new versions and keep at most 10 per symbol and timeframe, whoever writes', async () => {
    await insert(c, 'ADA', 12);
    expect(await versions('ADA')).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    await insert(c, 'ADA', 1, '1h'); // other timeframe: its own budget
    expect(await scalar(`SELECT count(*)::int FROM alpha_v4.model_versions WHERE symbol = 'ADA' AND timeframe = '1h'`)).toBe(1);
  });

  it('never prune the active or the previously active version', async () => {
    await insert(c, 'DOT', 12);
    const active = await rows(`SELECT version, previous_version FROM alpha_v4.activate_model('DOT', '15m', 3)`);
    expect(active).toEqual([{ version: 3, previous_version: null }]);
    await c.query(`SELECT alpha_v4.activate_model('DOT', '15m', 4)`);
    await insert(c, 'DOT', 12);
    expect(await versions('DOT')).toEqual([3, 4, 17, 18, 19, 20, 21, 22, 23, 24]);
    const m = await rows(`SELECT version, previous_version, checksum = encode(sha256(model_binary), 'hex') AS ok
                          FROM alpha_v4.models WHERE symbol = 'DOT' AND timeframe = '15m'`);
    expect(m).toEqual([{ version: 4, previous_version: 3, ok: true }]);
    expect(await sqlState(c, `SELECT alpha_v4.activate_model('DOT', '15m', 999)`)).toBe('P0002');
  });

  it('keep the limit under concurrent writers (two connections, interleaved transactions)', async () => {
    const a = await connect(db.url);
    const b = await connect(db.url);
    try {
      await a.query('BEGIN');
      await b.query('BEGIN');
      await insert(a, 'XRP', 6);
      const pending = insert(b, 'XRP', 6); // waits for a's advisory lock
      await new Promise((r) => setTimeout(r, 200));
      await a.query('COMMIT');
      await pending;
      await b.query('COMMIT');
    } finally {
      await a.end();
      await b.end();
    }
    expect(await versions('XRP')).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });
});

describe('predictions', () => {
  const month = (d: Date) => `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  const ins = `INSERT INTO alpha_v4.predictions (symbol, timeframe, ts, target_ts, horizon, p_up, direction, confidence, size,
                                                 model_version, members)
               VALUES ($1, '15m', $2, $2::timestamptz + interval '15 minutes', 1, $3, $4, 0.2, 0.5, 7, '{"gbdt": 0.6, "mlp": 0.58}')`;

  it('are partitioned by month, with the current and the next three months created', async () => {
    expect(await scalar(`SELECT pg_get_partkeydef('alpha_v4.predictions'::regclass)`)).toBe('RANGE (ts)');
    const parts = (await rows<{ relname: string }>(
      `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'alpha_v4.predictions'::regclass ORDER BY 1`,
    )).map((r) => r.relname);
    const now = new Date();
    for (let k = 0; k <= 3; k++) {
      expect(parts).toContain(`predictions_p${month(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + k, 1)))}`);
    }
    expect(parts).toContain('predictions_default');
  });

  it('never duplicate a retried write, and reject out-of-range values', async () => {
    await rolledBack(c, async () => {
      const ts = '2025-02-03 10:00+00';
      await c.query(ins, ['BTC', ts, 0.6, 1]);
      await c.query(`${ins} ON CONFLICT DO NOTHING`, ['BTC', ts, 0.6, 1]);
      expect(await scalar(`SELECT count(*)::int FROM alpha_v4.predictions WHERE ts = $1`, [ts])).toBe(1);
      expect(await sqlState(c, ins, ['BTC', ts, 0.6, 1])).toBe('23505');
      expect(await sqlState(c, ins, ['ETH', ts, 1.5, 1])).toBe('23514');
      expect(await sqlState(c, ins, ['ETH', ts, 'NaN', 1])).toBe('23514');
      expect(await sqlState(c, ins, ['ETH', ts, 0.5, 2])).toBe('23514');
      expect(
        await sqlState(c, `INSERT INTO alpha_v4.predictions (symbol, timeframe, ts, target_ts, horizon, p_up, direction,
                             confidence, model_version) VALUES ('ETH', '15m', $1, $1, 1, 0.5, 0, 0, 1)`, [ts]),
      ).toBe('23514');
      // A month without a partition lands in the default one, and maintenance gives it its own.
      await c.query(ins, ['BTC', '2019-01-15 00:00+00', 0.5, 0]);
      expect(await scalar(`SELECT tableoid::regclass::text FROM alpha_v4.predictions WHERE ts < '2020-01-01'`)).toBe(
        'alpha_v4.predictions_default',
      );
      await c.query(`SELECT alpha_v4.maintain_partitions()`);
      expect(await scalar(`SELECT tableoid::regclass::text FROM alpha_v4.predictions WHERE ts < '2020-01-01'`)).toBe(
        'alpha_v4.predictions_p201901',
      );
    });
  });

  it('older than 180 days move to predictions_archive, whole old months are dropped, idempotently', async () => {
    await rolledBack(c, async () => {
      const now = new Date();
      const daysAgo = (d: number) => new Date(Math.floor((now.getTime() - d * 86_400_000) / 900_000) * 900_000).toISOString();
      await c.query(`SELECT alpha_v4.ensure_prediction_partitions(0, now(), now() - interval '240 days')`);
      for (const d of [230, 200, 181, 179, 10]) await c.query(ins, ['ARC', daysAgo(d), 0.55, 1]);
      const oldMonth = `predictions_p${month(new Date(daysAgo(230)))}`;
      expect(await scalar(`SELECT to_regclass($1) IS NOT NULL`, [`alpha_v4.${oldMonth}`])).toBe(true);

      expect(Number(await scalar(`SELECT alpha_v4.archive_predictions()`))).toBe(3);
      expect(await scalar(`SELECT count(*)::int FROM alpha_v4.predictions_archive WHERE symbol = 'ARC'`)).toBe(3);
      expect(await scalar(`SELECT count(*)::int FROM alpha_v4.predictions WHERE symbol = 'ARC'`)).toBe(2);
      expect(await scalar(`SELECT to_regclass($1) IS NULL`, [`alpha_v4.${oldMonth}`])).toBe(true);
      const archived = await rows(`SELECT members, p_up FROM alpha_v4.predictions_archive WHERE symbol = 'ARC' LIMIT 1`);
      expect(archived).toEqual([{ members: { gbdt: 0.6, mlp: 0.58 }, p_up: 0.55 }]);
      expect(Number(await scalar(`SELECT alpha_v4.archive_predictions()`))).toBe(0);
      expect(await scalar(`SELECT count(*)::int FROM alpha_v4.predictions_archive WHERE symbol = 'ARC'`)).toBe(3);
    });
  });
});

describe('outcomes, performance log and dashboards', () => {
  it('resolve outcomes from the candle source and compute accuracy, calibration and Sharpe as specified', async () => {
    await rolledBack(c, async () => {
      const t0 = Math.floor((Date.now() - 86_400_000) / 900_000) * 900_000;
      const closes = [100, 102, 101, 101, 105, 104];
      for (let i = 0; i < closes.length; i++) {
        const ts = new Date(t0 + i * 900_000).toISOString();
        await c.query(`INSERT INTO indicators.ohlcv_15m VALUES ('LTC', $1, $2, $2, $2, $2, 10)`, [ts, closes[i]]);
      }
      // Predictions at candles 0..4 for the next candle: p_up, direction, size.
      const preds: [number, number, number][] = [[0.7, 1, 1], [0.3, -1, 0.5], [0.55, 1, 1], [0.8, 1, 2], [0.45, 0, 0]];
      for (let i = 0; i < preds.length; i++) {
        const [p, d, s] = preds[i]!;
        await c.query(
          `INSERT INTO alpha_v4.predictions (symbol, timeframe, ts, target_ts, horizon, p_up, direction, confidence, size, model_version)
           VALUES ('LTC', '15m', $1, $2, 1, $3::float8, $4, abs($3::float8 - 0.5) * 2, $5, 1)`,
          [new Date(t0 + i * 900_000).toISOString(), new Date(t0 + (i + 1) * 900_000).toISOString(), p, d, s],
        );
      }
      const job = await rows(`SELECT name, last_status FROM alpha_v4.run_job('refresh_dashboards')`);
      expect(job).toEqual([{ name: 'refresh_dashboards', last_status: 'succeeded' }]);

      // Outcomes: 102>100 up, 101<102 down, 101=101 not up, 105>101 up, 104<105 down.
      const outcome = [1, 0, 0, 1, 0];
      const ret = closes.slice(1).map((x, i) => x / closes[i]! - 1);
      expect((await rows<{ outcome: number }>(`SELECT outcome FROM alpha_v4.predictions WHERE symbol = 'LTC' ORDER BY ts`)).map((r) => r.outcome)).toEqual(outcome);

      const correct = preds.filter(([, d], i) => (d === 1 && outcome[i] === 1) || (d === -1 && outcome[i] === 0)).length;
      const directional = preds.filter(([, d]) => d !== 0).length;
      const brier = preds.reduce((s, [p], i) => s + (p - outcome[i]!) ** 2, 0) / preds.length;
      const acc = await rows<Record<string, number | string>>(
        `SELECT n_predictions::int AS n, n_directional::int AS nd, n_correct::int AS nc, accuracy, coverage, brier
         FROM alpha_v4.mv_accuracy_7d WHERE symbol = 'LTC'`,
      );
      expect(acc).toHaveLength(1);
      expect(acc[0]).toMatchObject({ n: 5, nd: directional, nc: correct });
      expect(acc[0]!.accuracy).toBeCloseTo(correct / directional, 12);
      expect(acc[0]!.coverage).toBeCloseTo(directional / 5, 12);
      expect(acc[0]!.brier).toBeCloseTo(brier, 12);
      expect(await scalar(`SELECT n_correct::int FROM alpha_v4.mv_accuracy_30d WHERE symbol = 'LTC'`)).toBe(correct);

      // ECE with 10 equal-width bins.
      const bins = new Map<number, { n: number; p: number; o: number }>();
      preds.forEach(([p], i) => {
        const b = Math.min(Math.floor(p * 10), 9);
        const e = bins.get(b) ?? { n: 0, p: 0, o: 0 };
        bins.set(b, { n: e.n + 1, p: e.p + p, o: e.o + outcome[i]! });
      });
      let ece = 0;
      for (const { n, p, o } of bins.values()) ece += (n / preds.length) * Math.abs(p / n - o / n);
      expect(await scalar(`SELECT ece FROM alpha_v4.mv_calibration_error WHERE symbol = 'LTC'`)).toBeCloseTo(ece, 12);

      // Sharpe: mean / sample sd of direction * size * return, annualized by sqrt(525600 / 15 / horizon).
      const r = preds.map(([, d, s], i) => d * s * ret[i]!);
      const mean = r.reduce((a, b) => a + b, 0) / r.length;
      const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / (r.length - 1));
      const sharpe = await rows<{ sharpe: number; total_return: number; max_drawdown: number }>(
        `SELECT sharpe, total_return, max_drawdown FROM alpha_v4.mv_sharpe_ratio WHERE symbol = 'LTC'`,
      );
      expect(sharpe[0]!.sharpe).toBeCloseTo((mean / sd) * Math.sqrt(525_600 / 15), 9);
      expect(sharpe[0]!.total_return).toBeCloseTo(r.reduce((a, b) => a + b, 0), 12);
      let cum = 0;
      let peak = 0;
      let dd = 0;
      for (const x of r) {
        cum += x;
        peak = Math.max(peak, cum);
        dd = Math.max(dd, peak - cum);
      }
      expect(sharpe[0]!.max_drawdown).toBeCloseTo(dd, 12);

      // Performance log: one row per 15-minute bucket.
      const log = await rows<{ n: number; nc: number }>(
        `SELECT n_predictions AS n, n_correct AS nc FROM alpha_v4.performance_log WHERE symbol = 'LTC' ORDER BY ts`,
      );
      expect(log.map((x) => x.n)).toEqual([1, 1, 1, 1, 1]);
      expect(log.reduce((s, x) => s + x.nc, 0)).toBe(correct);
    });
  });
});

describe('candle sources and the real-time path', () => {
  it('notify on each new candle of indicators.ohlcv_15m with its symbol and ts', async () => {
    const listener = await connect(db.url);
    try {
      const got: { channel: string; payload: string | undefined }[] = [];
      listener.on('notification', (n) => got.push({ channel: n.channel, payload: n.payload }));
      await listener.query('LISTEN alpha_v4_ohlcv_15m');
      await c.query(`INSERT INTO indicators.ohlcv_15m VALUES ('BTC', '2025-03-01 00:00+00', 1, 2, 0.5, 1.5, 10),
                                                            ('BTC', '2025-03-01 00:15+00', 1, 2, 0.5, 1.5, 10)`);
      for (let i = 0; i < 50 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      expect(got).toHaveLength(2);
      const payload = JSON.parse(got[0]!.payload!);
      expect(payload.symbol).toBe('BTC');
      expect(new Date(payload.ts).toISOString()).toBe('2025-03-01T00:00:00.000Z');
      expect(payload.table).toBe('indicators.ohlcv_15m');
      expect(new Date(JSON.parse(got[1]!.payload!).ts).toISOString()).toBe('2025-03-01T00:15:00.000Z');
    } finally {
      await listener.end();
      await c.query(`DELETE FROM indicators.ohlcv_15m WHERE symbol = 'BTC'`);
    }
  });

  it("leave users' existing source tables and the legacy alpha schema as they were", async () => {
    const legacy = await createDatabase(cluster, 'legacy');
    extraDbs.push(legacy);
    const l = await connect(legacy.url);
    try {
      await l.query(`
        CREATE SCHEMA indicators; CREATE SCHEMA training; CREATE SCHEMA alpha;
        CREATE TABLE indicators.ohlcv_15m (symbol varchar(20), "time" timestamptz, close numeric, note text);
        CREATE TABLE indicators.ohlcv_1h (symbol text, ts bigint, c float8);
        INSERT INTO indicators.ohlcv_15m VALUES ('BTC', '2025-01-01', 42000.5, 'kept');
        CREATE TABLE training.raw (symbol text, ts timestamptz, close float8);
        CREATE VIEW training.spot_15m AS SELECT symbol, ts, close, close AS open, close AS high, close AS low, 0::float8 AS volume FROM training.raw;
        CREATE TABLE alpha.predictions (id serial PRIMARY KEY, symbol text, p double precision);
        INSERT INTO alpha.predictions (symbol, p) VALUES ('BTC', 0.61);`);
      const snapshot = async () => ({
        columns: (await l.query(`SELECT table_schema, table_name, column_name, data_type, is_nullable, column_default
                                 FROM information_schema.columns WHERE table_schema IN ('indicators', 'training', 'alpha')
                                 ORDER BY 1, 2, 3`)).rows,
        constraints: (await l.query(`SELECT conrelid::regclass::text AS t, conname, pg_get_constraintdef(oid) AS def
                                     FROM pg_constraint WHERE connamespace IN ('indicators'::regnamespace,
                                       'training'::regnamespace, 'alpha'::regnamespace) ORDER BY 1, 2`)).rows,
        relations: (await l.query(`SELECT n.nspname, c.relname, c.relkind, c.relacl::text AS acl FROM pg_class c
                                   JOIN pg_namespace n ON n.oid = c.relnamespace
                                   WHERE n.nspname IN ('indicators', 'training', 'alpha') ORDER BY 1, 2`)).rows,
        data: [
          (await l.query('SELECT * FROM indicators.ohlcv_15m')).rows,
          (await l.query('SELECT * FROM alpha.predictions')).rows,
        ],
        alphaTriggers: (await l.query(`SELECT tgname FROM pg_trigger WHERE tgrelid IN (SELECT oid FROM pg_class
                                       WHERE relnamespace = 'alpha'::regnamespace)`)).rows,
      });
      const before = await snapshot();
      await applyMigrations(legacy.url);
      const after = await snapshot();
      expect(after).toEqual(before);
      // The one addition: the candle notification trigger, which reads the row as JSON (here ts is "time").
      expect(
        (await l.query(`SELECT tgname FROM pg_trigger WHERE tgrelid = 'indicators.ohlcv_15m'::regclass AND NOT tgisinternal`)).rows,
      ).toEqual([{ tgname: 'alpha_v4_notify_candle' }]);
      const listener = await connect(legacy.url);
      try {
        const got: string[] = [];
        listener.on('notification', (n) => got.push(n.payload ?? ''));
        await listener.query('LISTEN alpha_v4_ohlcv_15m');
        await l.query(`INSERT INTO indicators.ohlcv_15m VALUES ('ETH', '2025-01-01 00:15+00', 3300, NULL)`);
        for (let i = 0; i < 50 && got.length < 1; i++) await new Promise((r) => setTimeout(r, 20));
        expect(got).toHaveLength(1);
        const payload = JSON.parse(got[0]!);
        expect(payload.symbol).toBe('ETH');
        expect(new Date(payload.ts).toISOString()).toBe('2025-01-01T00:15:00.000Z');
      } finally {
        await listener.end();
      }
    } finally {
      await l.end();
    }
  });
});

describe('opt-in feature-column indexes', () => {
  it('are not applied by default, and apply on top of the migrations', async () => {
    expect(
      await scalar(`SELECT count(*)::int FROM pg_indexes WHERE schemaname = 'alpha_v4' AND tablename = 'feature_store_15m'`),
    ).toBe(2);
    const opt = await createDatabase(cluster, 'optidx');
    extraDbs.push(opt);
    await applyMigrations(opt.url);
    const o = await connect(opt.url);
    try {
      const { readFileSync } = await import('node:fs');
      await o.query(readFileSync(`${ROOT}supabase/optional/alpha_v4_feature_indexes.sql`, 'utf8'));
      for (const tf of ['15m', '1h']) {
        const n = (await o.query(`SELECT count(*)::int AS n FROM pg_indexes WHERE schemaname = 'alpha_v4' AND tablename = $1`,
          [`feature_store_${tf}`])).rows[0].n;
        expect(n).toBe(FEATURES.length + 2);
      }
    } finally {
      await o.end();
    }
  });
});

describe('supabase db push', () => {
  it('applies the migrations with `supabase db push --db-url` (no Docker needed) and then finds nothing to push', async () => {
    const target = await createDatabase(cluster, 'push');
    extraDbs.push(target);
    const url = `${target.url}?sslmode=disable`;
    const cli = `${ROOT}node_modules/.bin/supabase`;
    const first = await run(cli, ['db', 'push', '--db-url', url, '--yes'], { cwd: ROOT, timeout: 180_000 });
    const out = first.stdout + first.stderr;
    for (const f of migrationFiles()) expect(out).toContain(`Applying migration ${f}`);
    const t = await connect(target.url);
    try {
      const versions = (await t.query('SELECT version FROM supabase_migrations.schema_migrations ORDER BY 1')).rows.map(
        (r) => r.version,
      );
      expect(versions).toEqual(migrationFiles().map((f) => f.slice(0, 14)));
      expect((await t.query(`SELECT count(*)::int AS n FROM alpha_v4.jobs`)).rows[0].n).toBe(5);
    } finally {
      await t.end();
    }
    const second = await run(cli, ['db', 'push', '--db-url', url, '--yes'], { cwd: ROOT, timeout: 180_000 });
    expect(second.stdout + second.stderr).toMatch(/up to date/i);
  });
});
