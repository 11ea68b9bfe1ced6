/**
 * In-database training (supabase/migrations/20261207000300_alpha_v4_train_in_database.sql).
 *
 * - PostgreSQL 15 with plpython3u and python3-xgboost (the `plpython` oracle: where it is missing the suite is named in
 *   the run's summary line, and under CI=true it fails): `alpha_v4.train_xgboost` trains on simulated candles and
 *   features written through the store, exactly as `SELECT alpha_v4.train_xgboost('BTC', '15m', '2021-01-01',
 *   '2025-06-01')`; the model row is checked against an independent sha256, the labels against closes compared
 *   here (through the in-sample log loss), and the TypeScript scorer (`loadXGBoostModel`, and the pipeline's servable
 *   model) must give the probabilities XGBoost itself computes in the database (`alpha_v4.xgboost_predict`), bit for
 *   bit. Every bad input has its SQLSTATE and message checked.
 * - PGlite (no plpython3u, as on Supabase): the migration applies, says so in a NOTICE, and the three functions are
 *   plpgsql stubs raising feature_not_supported with what to do instead.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Candles } from '../../src/core/types.js';
import { loadXGBoostModel } from '../../src/ensemble/gbdt/io/xgboost.js';
import { computeFeatures } from '../../src/features/index.js';
import { loadServableModel } from '../../src/pipeline/model-codec.js';
import type { ActiveModel, AlphaStore } from '../../src/store/index.js';
import { bitDiff } from '../ensemble/xgboost-fixtures.js';
import { pgliteEngine, postgresEngine } from '../support/engines.js';
import { describeWithOracles } from '../support/oracles.js';
import { MIGRATIONS_DIR } from '../support/pg-cluster.js';
import { candles as simulate } from './fixtures.js';

const MIGRATION = `${MIGRATIONS_DIR}/20261207000300_alpha_v4_train_in_database.sql`;
const M15 = 15 * 60_000;
const T0 = Date.UTC(2024, 0, 1);
const N = 800;
/** The candle removed from the source after the features were written: its row and the row before it lose their label. */
const GAP = 400;
/** ~30 features of the catalogue: lookbacks 0 to 49 (the longer ones leave NaN, stored as NULL, in the first rows). */
const SUBSET = [
  'log_return_1', 'log_return_3', 'log_return_6', 'candle_return', 'body_size', 'body_ratio', 'upper_wick_ratio',
  'lower_wick_ratio', 'close_position', 'range_pct', 'trange_pct', 'gap', 'volume_change', 'sma_9_ratio',
  'sma_21_ratio', 'ema_9_ratio', 'ema_21_ratio', 'rsi_7', 'rsi_14', 'stoch_k_14_3_3', 'stoch_d_14_3_3', 'willr_14',
  'cci_14', 'mom_10', 'roc_10', 'natr_14', 'bbands_percent_b_20', 'bbands_width_20', 'adx_14', 'hour_sin', 'hour_cos',
  'dow_sin', 'sma_50_ratio',
];
const FUNCTIONS = [
  'alpha_v4.train_xgboost(text, text, timestamptz, timestamptz, jsonb, boolean)',
  'alpha_v4.train_lightgbm(text, text, timestamptz, timestamptz, jsonb, boolean)',
  'alpha_v4.xgboost_predict(text, text, integer, timestamptz, timestamptz)',
];
const LANGUAGES = `SELECT l.lanname AS lang FROM unnest($1::text[]) AS f(sig)
                   JOIN pg_proc p ON p.oid = to_regprocedure(f.sig) JOIN pg_language l ON l.oid = p.prolang ORDER BY f.sig`;

interface Summary {
  symbol: string;
  timeframe: string;
  version: number;
  rows: number;
  features: string[];
  params: Record<string, number>;
  train_start: string;
  train_end: string;
  seconds: number;
  format: string;
  checksum: string;
  active: boolean;
  metrics: { rows: number; positives: number; negatives: number; class_balance: number; logloss_in_sample: number; horizon: number; library: string };
}

const iso = (t: number) => new Date(t).toISOString().replace('.000Z', '+00:00');

/** The training rows as the brief defines them, computed here from the candles: indices i with their label. */
function expectedRows(c: Candles, present: (i: number) => boolean, start: number, end: number, h: number): { index: number[]; label: number[] } {
  const index: number[] = [];
  const label: number[] = [];
  for (let i = 0; i + h < c.time.length; i++) {
    if (c.time[i]! < start || c.time[i]! >= end || c.time[i + h]! >= end || !present(i) || !present(i + h)) continue;
    index.push(i);
    label.push(c.close[i + h]! > c.close[i]! ? 1 : 0);
  }
  return { index, label };
}

/** Mean binary log loss with the probabilities clipped to [1e-15, 1 - 1e-15]. */
function logLoss(p: ArrayLike<number>, y: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(Math.max(p[i]!, 1e-15), 1 - 1e-15);
    s += y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return -s / y.length;
}

/** Rejection of a query as { code, message, hint }. */
async function failure(client: pg.Client, sql: string, params: unknown[] = []): Promise<{ code?: string; message: string; hint?: string }> {
  const e = await client.query(sql, params).then(
    () => new Error(`expected ${sql} to fail`),
    (err: unknown) => err as { code?: string; message: string; hint?: string },
  );
  return e;
}

describeWithOracles('migrate, then alpha_v4.train_xgboost in plpython3u: the TypeScript scorer equals XGBoost in the database', ['plpython'], () => {
  const engine = postgresEngine('train_in_db');
  let store: AlphaStore;
  let client: pg.Client;
  const c = simulate('BTC', N, T0);
  const frame = computeFeatures(c, { features: SUBSET });
  const present = (i: number) => i !== GAP;

  beforeAll(async () => {
    store = await engine.open();
    client = await engine.connect(store);
    await store.writeCandles({ symbol: 'BTC', timeframe: '15m', candles: c });
    await store.upsertFeatures({ symbol: 'BTC', timeframe: '15m', frame });
    await client.query('DELETE FROM indicators.ohlcv_15m WHERE symbol = $1 AND ts = $2', ['BTC', new Date(c.time[GAP]!)]);
  }, 300_000);

  afterAll(async () => {
    await client?.end();
    await engine.dispose();
  }, 120_000);

  /** The stored model's probabilities by the TypeScript scorer and by XGBoost in the database, over every feature row. */
  async function bothScorers(model: ActiveModel): Promise<{ ts: Float64Array; database: Float64Array; typescript: Float64Array; served: Float64Array }> {
    const from = iso(c.time[0]!);
    const to = iso(c.time[N - 1]! + M15);
    const r = await client.query<{ ts: Date; p_up: number }>('SELECT ts, p_up FROM alpha_v4.xgboost_predict($1, $2, $3, $4, $5)', ['BTC', '15m', model.version, from, to]);
    const stored = await store.readFeatures({ symbol: 'BTC', timeframe: '15m', from, to, names: model.featureNames });
    const X = stored.toMatrix(model.featureNames);
    const served = await loadServableModel(model);
    const [score] = await served.predict(X);
    return {
      ts: Float64Array.from(r.rows, (row) => row.ts.getTime()),
      database: Float64Array.from(r.rows, (row) => row.p_up),
      typescript: loadXGBoostModel(model.binary).predictProba(X),
      served: score!.pUp,
    };
  }

  describe("the exact call: SELECT alpha_v4.train_xgboost('BTC', '15m', '2021-01-01', '2025-06-01')", () => {
    let summary: Summary;
    let model: ActiveModel;
    const { index, label } = expectedRows(c, present, Date.UTC(2021, 0, 1), Date.UTC(2025, 5, 1), 1);

    beforeAll(async () => {
      const r = await client.query<{ train_xgboost: Summary }>(`SELECT alpha_v4.train_xgboost('BTC', '15m', '2021-01-01', '2025-06-01')`);
      summary = r.rows[0]!.train_xgboost;
      model = (await store.loadActiveModel('BTC', '15m'))!;
    }, 300_000);

    it('returns the summary: the training rows, the default features and parameters, the window of the rows', () => {
      expect(summary).toMatchObject({ symbol: 'BTC', timeframe: '15m', version: 1, rows: index.length, format: 'xgboost-json', active: true });
      expect(index.length).toBe(N - 3); // the last row (no later candle), the gap's row and the row before it
      expect(summary.params).toEqual({
        n_jobs: 4, n_estimators: 200, max_depth: 6, learning_rate: 0.05, seed: 42, horizon: 1, min_child_weight: 1,
        subsample: 1, colsample_bytree: 1, reg_lambda: 1, reg_alpha: 0, gamma: 0, max_bin: 256,
      });
      expect(summary.train_start).toBe(iso(c.time[index[0]!]!));
      expect(summary.train_end).toBe(iso(c.time[index.at(-1)!]!));
      expect(summary.seconds).toBeGreaterThanOrEqual(0);
      // Default features: the columns non-null on every training row (the catalogue's others were never written).
      const complete = SUBSET.filter((name) => index.every((i) => !Number.isNaN(frame.column(name)[i]!)));
      expect([...summary.features].sort()).toEqual([...complete].sort());
      expect(complete.length).toBeGreaterThan(5);
      expect(complete.length).toBeLessThan(SUBSET.length);
    });

    it('saves a model_versions row as saveModelVersion does, checksum and format included, and activates it', async () => {
      expect(model.version).toBe(summary.version);
      expect(model.format).toBe('xgboost-json');
      expect(model.featureNames).toEqual(summary.features);
      expect(model.checksum).toBe(createHash('sha256').update(model.binary).digest('hex'));
      expect(summary.checksum).toBe(model.checksum);
      expect(model.trainStart?.getTime()).toBe(c.time[index[0]!]);
      expect(model.trainEnd?.getTime()).toBe(c.time[index.at(-1)!]);
      const json = JSON.parse(Buffer.from(model.binary).toString('utf8'));
      expect(json.learner.gradient_booster.model.trees.length).toBe(200);
      expect(json.learner.feature_names).toEqual(summary.features);
      const versions = await store.listModelVersions('BTC', '15m');
      expect(versions.map((v) => [v.version, v.format])).toEqual([[1, 'xgboost-json']]);
      const events = await store.readModelEvents({ symbol: 'BTC', timeframe: '15m' });
      expect(events.map((e) => [e.kind, e.version, e.servedVersion])).toEqual([['activated', 1, 1]]);
    });

    it('labels each row with close(t + 1) > close(t): counts and in-sample log loss agree with labels computed here', async () => {
      const positives = label.reduce((a, b) => a + b, 0);
      expect(summary.metrics).toMatchObject({ rows: index.length, positives, negatives: index.length - positives, horizon: 1, library: 'xgboost' });
      expect(summary.metrics.class_balance).toBeCloseTo(positives / index.length, 15);
      const X = frame.toMatrix(summary.features);
      const p = loadXGBoostModel(model.binary).predictProba(X);
      expect(summary.metrics.logloss_in_sample).toBeCloseTo(logLoss(index.map((i) => p[i]!), label), 10);
    });

    it('loadXGBoostModel and the servable model give the probabilities XGBoost computes in the database, bit for bit', async () => {
      const s = await bothScorers(model);
      expect(Array.from(s.ts)).toEqual(Array.from(c.time));
      expect(bitDiff(s.typescript, s.database)).toEqual({ mismatches: 0, maxAbs: 0 });
      expect(bitDiff(s.served, s.database)).toEqual({ mismatches: 0, maxAbs: 0 });
      for (const v of s.database) expect(Math.fround(v)).toBe(v); // XGBoost's float32 outputs
      expect(new Set(s.database).size).toBeGreaterThan(50);
    });
  });

  describe('p_params: a narrower window, explicit features (NULLs included), horizon 2, a small forest, not activated', () => {
    let summary: Summary;
    const start = c.time[100]!;
    const end = c.time[700]!;
    const { index, label } = expectedRows(c, present, start, end, 2);
    const params = { n_estimators: 25, max_depth: 4, learning_rate: 0.3, n_jobs: 2, horizon: 2, seed: 7, features: SUBSET };

    beforeAll(async () => {
      const r = await client.query<{ s: Summary }>('SELECT alpha_v4.train_xgboost($1, $2, $3, $4, $5, false) AS s', ['BTC', '15m', iso(start), iso(end), JSON.stringify(params)]);
      summary = r.rows[0]!.s;
    }, 300_000);

    it('trains on the rows and features asked for and leaves the active model alone', async () => {
      expect(summary).toMatchObject({ version: 2, rows: index.length, features: SUBSET, active: false });
      expect(summary.params).toMatchObject({ n_estimators: 25, max_depth: 4, learning_rate: 0.3, n_jobs: 2, horizon: 2, seed: 7 });
      expect(summary.metrics.positives).toBe(label.reduce((a, b) => a + b, 0));
      expect(summary.train_start).toBe(iso(start));
      expect(summary.train_end).toBe(iso(c.time[index.at(-1)!]!));
      expect((await store.loadActiveModel('BTC', '15m'))!.version).toBe(1);
    });

    it('scores bit for bit on every row, the warm-up rows with NULL features (missing values) included', async () => {
      const saved = (await store.listModelVersions('BTC', '15m')).find((v) => v.version === 2)!;
      expect(saved.format).toBe('xgboost-json');
      await store.activateModel('BTC', '15m', 2);
      const model = (await store.loadActiveModel('BTC', '15m'))!;
      const p = loadXGBoostModel(model.binary).predictProba(frame.toMatrix(SUBSET));
      expect(summary.metrics.logloss_in_sample).toBeCloseTo(logLoss(index.map((i) => p[i]!), label), 10);
      const s = await bothScorers(model);
      expect(Number.isNaN(frame.column('sma_50_ratio')[0]!)).toBe(true);
      expect(bitDiff(s.typescript, s.database)).toEqual({ mismatches: 0, maxAbs: 0 });
      expect(bitDiff(s.served, s.database)).toEqual({ mismatches: 0, maxAbs: 0 });
    });
  });

  describe('errors', () => {
    const call = (params: object, start = '2021-01-01', end = '2025-06-01', timeframe = '15m') =>
      failure(client, 'SELECT alpha_v4.train_xgboost($1, $2, $3, $4, $5)', ['BTC', timeframe, start, end, JSON.stringify(params)]);

    it('a window without rows: no_data_found (P0002)', async () => {
      const e = await call({}, '2010-01-01', '2010-02-01');
      expect(e.code).toBe('P0002');
      expect(e.message).toContain('no training rows for BTC 15m');
    });

    it('a window whose rows all have one label: data_exception (22000)', async () => {
      // [t, t + 2 candles): one row with a label candle inside the window.
      const e = await call({}, iso(c.time[10]!), iso(c.time[12]!));
      expect(e.code).toBe('22000');
      expect(e.message).toContain('all 1 training rows of BTC 15m');
      expect(e.message).toContain('training needs both classes');
    });

    it('a timeframe without a feature store: invalid_parameter_value (22023)', async () => {
      const e = await call({}, undefined, undefined, '5m');
      expect(e.code).toBe('22023');
      expect(e.message).toContain('timeframe "5m" has no feature store');
    });

    it('an empty window: 22023', async () => {
      const e = await call({}, '2024-01-02', '2024-01-01');
      expect(e.code).toBe('22023');
      expect(e.message).toContain('is empty: p_start must be before p_end');
    });

    const bad: [string, object, string][] = [
      ['an unknown key', { n_trees: 5 }, 'unknown key(s) n_trees in p_params'],
      ['n_jobs 0', { n_jobs: 0 }, 'p_params.n_jobs must be an integer in [1, 256], got 0'],
      ['a fractional n_estimators', { n_estimators: 2.5 }, 'p_params.n_estimators must be an integer'],
      ['learning_rate 0', { learning_rate: 0 }, 'p_params.learning_rate must be a number in (0, 1], got 0'],
      ['horizon 0', { horizon: 0 }, 'p_params.horizon must be an integer in [1, 10000], got 0'],
      ['a negative reg_lambda', { reg_lambda: -1 }, 'p_params.reg_lambda must be a finite number >= 0'],
      ['features not an array', { features: 'rsi_14' }, 'p_params.features must be a non-empty array of feature names'],
      ['an unknown feature', { features: ['rsi_14', 'no_such_feature'] }, 'p_params.features: no_such_feature not a feature column of alpha_v4.feature_store_15m'],
      ['a feature twice', { features: ['rsi_14', 'rsi_14'] }, 'p_params.features names rsi_14 more than once'],
    ];
    for (const [what, params, message] of bad) {
      it(`p_params with ${what}: 22023`, async () => {
        const e = await call(params);
        expect(e.code).toBe('22023');
        expect(e.message).toContain(message);
      });
    }

    it('an empty symbol: 22023', async () => {
      const e = await failure(client, `SELECT alpha_v4.train_xgboost('', '15m', '2021-01-01', '2025-06-01')`);
      expect(e.code).toBe('22023');
      expect(e.message).toContain('p_symbol must be a non-empty symbol, got ""');
    });

    it('a NULL p_start: 22023', async () => {
      const e = await failure(client, `SELECT alpha_v4.train_xgboost('BTC', '15m', NULL, '2025-06-01')`);
      expect(e.code).toBe('22023');
      expect(e.message).toContain('p_start and p_end must be timestamps, got null and');
    });

    it('a NULL p_activate: 22023', async () => {
      const e = await failure(client, `SELECT alpha_v4.train_xgboost('BTC', '15m', '2021-01-01', '2025-06-01', '{}', NULL)`);
      expect(e.code).toBe('22023');
      expect(e.message).toContain('p_activate must be true or false, got null');
    });

    it('a candle source that does not exist: undefined_table (42P01)', async () => {
      await client.query('BEGIN');
      try {
        await client.query(`UPDATE alpha_v4.settings SET value = 'indicators.no_such_candles' WHERE key = 'source_15m'`);
        const e = await failure(client, `SELECT alpha_v4.train_xgboost('BTC', '15m', '2021-01-01', '2025-06-01')`);
        expect(e.code).toBe('42P01');
        expect(e.message).toContain('the candle source "indicators.no_such_candles" (setting source_15m) does not exist');
      } finally {
        await client.query('ROLLBACK');
      }
    });

    it('no feature column complete on every training row (and none named): data_exception (22000)', async () => {
      // ETH: rsi_14 alone, NULL over its 14 warm-up rows.
      const eth = simulate('ETH', 60, T0, '15m', 3);
      await store.writeCandles({ symbol: 'ETH', timeframe: '15m', candles: eth });
      await store.upsertFeatures({ symbol: 'ETH', timeframe: '15m', frame: computeFeatures(eth, { features: ['rsi_14'] }) });
      const e = await failure(client, `SELECT alpha_v4.train_xgboost('ETH', '15m', '2021-01-01', '2025-06-01')`);
      expect(e.code).toBe('22000');
      expect(e.message).toContain('no feature column of alpha_v4.feature_store_15m is non-null on every one of the 59 training rows of ETH 15m');
    });

    it('p_params with a number beyond float64 (1e400, an integer of 401 digits in jsonb): 22023', async () => {
      const e = await failure(client, `SELECT alpha_v4.train_xgboost('BTC', '15m', '2021-01-01', '2025-06-01', '{"reg_lambda": 1e400}')`);
      expect(e.code).toBe('22023');
      expect(e.message).toContain('p_params.reg_lambda must be a finite number >= 0, got 1000000');
    });

    it('p_params not an object: 22023', async () => {
      const e = await failure(client, `SELECT alpha_v4.train_xgboost('BTC', '15m', '2021-01-01', '2025-06-01', '[1]')`);
      expect(e.code).toBe('22023');
      expect(e.message).toContain('p_params must be a JSON object');
    });

    it('xgboost_predict of a version that does not exist: P0002', async () => {
      const e = await failure(client, `SELECT * FROM alpha_v4.xgboost_predict('BTC', '15m', 99, '2021-01-01', '2025-06-01')`);
      expect(e.code).toBe('P0002');
      expect(e.message).toContain('BTC 15m has no saved version 99');
    });

    it('train_lightgbm: a clear error naming the missing lightgbm module and its Debian package (or, where it is installed, a lightgbm-text model)', async () => {
      let installed = true;
      try {
        execFileSync('/usr/bin/python3', ['-c', 'import lightgbm'], { stdio: 'ignore' });
      } catch {
        installed = false;
      }
      const sql = `SELECT alpha_v4.train_lightgbm('BTC', '15m', '2021-01-01', '2025-06-01', '{"n_estimators": 5}', false) AS s`;
      if (installed) {
        const r = await client.query<{ s: Summary }>(sql);
        expect(r.rows[0]!.s.format).toBe('lightgbm-text');
        return;
      }
      const e = await failure(client, sql);
      expect(e.code).toBe('0A000');
      expect(e.message).toContain("the lightgbm Python module is not installed for the server's python3 (/usr/bin/python3): apt install python3-lightgbm");
    });
  });

  it('the migration applies again (idempotent) and the functions stay plpython3u, SECURITY DEFINER, service_role only', async () => {
    const notices: string[] = [];
    const onNotice = (n: { message?: string }) => notices.push(n.message ?? '');
    client.on('notice', onNotice);
    try {
      await client.query(readFileSync(MIGRATION, 'utf8'));
    } finally {
      client.off('notice', onNotice);
    }
    expect(notices).toContain('alpha_v4: plpython3u is available: alpha_v4.train_xgboost, train_lightgbm and xgboost_predict are created in it');
    const langs = await client.query(LANGUAGES, [FUNCTIONS]);
    expect(langs.rows.map((r) => r.lang)).toEqual(['plpython3u', 'plpython3u', 'plpython3u']);
    const acl = await client.query(
      `SELECT bool_and(p.prosecdef) AS definer,
              bool_and(has_function_privilege('service_role', p.oid, 'EXECUTE')) AS service,
              bool_or(has_function_privilege('anon', p.oid, 'EXECUTE') OR has_function_privilege('authenticated', p.oid, 'EXECUTE')) AS api
       FROM unnest($1::text[]) AS f(sig) JOIN pg_proc p ON p.oid = to_regprocedure(f.sig)`,
      [FUNCTIONS],
    );
    expect(acl.rows[0]).toEqual({ definer: true, service: true, api: false });
    const again = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM alpha_v4.xgboost_predict('BTC', '15m', NULL, '2021-01-01', '2025-06-01')`);
    expect(again.rows[0]!.n).toBe(N);
  });
});

describe('migrate without plpython3u (PGlite, as on Supabase): the migration applies and the functions are stubs', () => {
  const engine = pgliteEngine();
  let db: PGlite;

  beforeAll(async () => {
    const store = await engine.open();
    db = store.driver.pglite as unknown as PGlite;
  }, 300_000);

  afterAll(async () => {
    await engine.dispose();
  }, 60_000);

  it('applies again with a NOTICE saying plpython3u is not available; the three functions are plpgsql stubs', async () => {
    const notices: string[] = [];
    await db.exec(readFileSync(MIGRATION, 'utf8'), { onNotice: (n) => notices.push(n.message ?? '') });
    expect(notices.some((m) => m.startsWith('alpha_v4: plpython3u is not available here (the plpython3u extension is not available on this server)'))).toBe(true);
    const langs = await db.query<{ lang: string }>(LANGUAGES, [FUNCTIONS]);
    expect(langs.rows.map((r) => r.lang)).toEqual(['plpgsql', 'plpgsql', 'plpgsql']);
    const ext = await db.query(`SELECT 1 FROM pg_extension WHERE extname = 'plpython3u'`);
    expect(ext.rows).toEqual([]);
  });

  for (const [name, sql] of [
    ['train_xgboost', `SELECT alpha_v4.train_xgboost('BTC', '15m', '2021-01-01', '2025-06-01')`],
    ['train_lightgbm', `SELECT alpha_v4.train_lightgbm('BTC', '15m', '2021-01-01', '2025-06-01')`],
    ['xgboost_predict', `SELECT * FROM alpha_v4.xgboost_predict('BTC', '15m', 1, '2021-01-01', '2025-06-01')`],
  ] as const) {
    it(`${name} raises feature_not_supported (0A000) saying what to do instead`, async () => {
      const e = (await db.query(sql).then(
        () => new Error('expected an error'),
        (err: unknown) => err,
      )) as { code?: string; message: string; hint?: string };
      expect(e.code).toBe('0A000');
      expect(e.message).toBe(`alpha_v4.${name}: in-database training needs plpython3u, which this database does not offer (the plpython3u extension is not available on this server)`);
      expect(e.hint).toContain('train in a Node worker (trainGBDT, trainMarketModel)');
      expect(e.hint).toContain('saveModelVersion');
    });
  }
});
