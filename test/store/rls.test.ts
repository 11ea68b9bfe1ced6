/**
 * Row-level security and grants, proven by logging in: one LOGIN user per Supabase role (anon, authenticated,
 * service_role), each a plain member of that role (so service_role's user has no BYPASSRLS and writes through the
 * policies alone), plus `SET LOCAL ROLE` inside a transaction for the roles themselves.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminQuery,
  applyMigrations,
  connect,
  createDatabase,
  getCluster,
  type PgCluster,
  type TestDatabase,
} from '../support/pg-cluster.js';

type Role = 'anon' | 'authenticated' | 'service_role';
const ROLES: readonly Role[] = ['anon', 'authenticated', 'service_role'];

/** What anon and authenticated may read: predictions and the dashboard views. */
const PUBLIC_READ = ['predictions', 'mv_accuracy_7d', 'mv_accuracy_30d', 'mv_calibration_error', 'mv_sharpe_ratio'];

let cluster: PgCluster;
let db: TestDatabase;
let owner: pg.Client;
const tag = randomBytes(3).toString('hex');
const password = randomBytes(12).toString('hex');
const users = Object.fromEntries(ROLES.map((r) => [r, `rls_${tag}_${r}`])) as Record<Role, string>;
const clients = {} as Record<Role, pg.Client>;
let relations: { name: string; kind: string }[] = [];
let partition = '';

beforeAll(async () => {
  cluster = await getCluster();
  db = await createDatabase(cluster, 'rls');
  await applyMigrations(db.url);
  owner = await connect(db.url);
  await owner.query(`
    INSERT INTO indicators.ohlcv_15m VALUES ('BTC', date_bin('15 minutes', now() - interval '1 day', '2000-01-01'), 1, 1, 1, 100, 1),
                                            ('BTC', date_bin('15 minutes', now() - interval '1 day', '2000-01-01') + interval '15 minutes', 1, 1, 1, 101, 1);
    INSERT INTO alpha_v4.predictions (symbol, timeframe, ts, target_ts, horizon, p_up, direction, confidence, size, model_version)
    VALUES ('BTC', '15m', date_bin('15 minutes', now() - interval '1 day', '2000-01-01'),
            date_bin('15 minutes', now() - interval '1 day', '2000-01-01') + interval '15 minutes', 1, 0.6, 1, 0.2, 0.5, 1);
    INSERT INTO alpha_v4.model_versions (symbol, timeframe, format, model_binary, checksum, feature_names)
    VALUES ('BTC', '15m', 'alpha-v4-gbdt', '\\x0102'::bytea, encode(sha256('\\x0102'::bytea), 'hex'), ARRAY['rsi_14']);
    SELECT alpha_v4.activate_model('BTC', '15m', 1);
    SELECT alpha_v4.run_job('refresh_dashboards');`);
  relations = (
    await owner.query(`SELECT c.relname AS name, c.relkind::text AS kind FROM pg_class c
                       JOIN pg_namespace n ON n.oid = c.relnamespace
                       WHERE n.nspname = 'alpha_v4' AND c.relkind IN ('r', 'p', 'm') AND NOT c.relispartition ORDER BY 1`)
  ).rows;
  partition = (
    await owner.query(`SELECT tableoid::regclass::text AS p FROM alpha_v4.predictions LIMIT 1`)
  ).rows[0].p;
  for (const r of ROLES) {
    await adminQuery(cluster, `CREATE ROLE "${users[r]}" LOGIN INHERIT PASSWORD '${password}' IN ROLE ${r}`);
    clients[r] = await connect(cluster.url(db.name, users[r], password));
  }
}, 180_000);

afterAll(async () => {
  for (const r of ROLES) await clients[r]?.end();
  await owner?.end();
  await db?.drop();
  for (const r of ROLES) await adminQuery(cluster, `DROP ROLE IF EXISTS "${users[r]}"`).catch(() => undefined);
  await cluster?.stop();
}, 60_000);

/** SQLSTATE of a statement run by client (undefined on success); a write that succeeds is rolled back. */
async function attempt(client: pg.Client, sql: string, params: unknown[] = []): Promise<string | undefined> {
  await client.query('BEGIN');
  try {
    await client.query(sql, params);
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code ?? 'unknown';
  } finally {
    await client.query('ROLLBACK');
  }
}

const PREDICTION = `INSERT INTO alpha_v4.predictions (symbol, timeframe, ts, target_ts, horizon, p_up, direction, confidence,
                      size, model_version) VALUES ('ETH', '15m', now(), now() + interval '15 minutes', 1, 0.5, 0, 0, 0, 1)`;

describe('row-level security and grants, per role, by logging in', () => {
  it('every alpha_v4 table and partition has RLS enabled; every table has the service_role policy', async () => {
    const off = await owner.query(`SELECT c.oid::regclass::text AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                                   WHERE n.nspname = 'alpha_v4' AND c.relkind IN ('r', 'p') AND NOT c.relrowsecurity`);
    expect(off.rows).toEqual([]);
    const partitions = await owner.query(`SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                                          WHERE n.nspname = 'alpha_v4' AND c.relispartition`);
    expect(partitions.rows[0].n).toBeGreaterThan(3);
    for (const { name, kind } of relations) {
      if (kind === 'm') continue;
      const pol = await owner.query(`SELECT polname FROM pg_policy WHERE polrelid = $1::regclass ORDER BY 1`, [`alpha_v4.${name}`]);
      expect(pol.rows.map((p) => p.polname), name).toEqual(name === 'predictions' ? ['api_read', 'service_role_all'] : ['service_role_all']);
    }
  });

  for (const role of ['anon', 'authenticated'] as const) {
    it(`${role} reads predictions and the dashboard views only`, async () => {
      const c = clients[role];
      for (const { name } of relations) {
        const state = await attempt(c, `SELECT * FROM alpha_v4.${name} LIMIT 1`);
        expect(state, `${role} SELECT ${name}`).toBe(PUBLIC_READ.includes(name) ? undefined : '42501');
      }
      expect((await c.query('SELECT count(*)::int AS n FROM alpha_v4.predictions')).rows[0].n).toBe(1);
      expect((await c.query('SELECT n_predictions::int AS n FROM alpha_v4.mv_accuracy_7d')).rows).toEqual([{ n: 1 }]);
      // Not the partitions directly, nor the sources' alpha_v4 functions.
      expect(await attempt(c, `SELECT * FROM ${partition}`)).toBe('42501');
      expect(await attempt(c, `SELECT alpha_v4.run_job('refresh_dashboards')`)).toBe('42501');
      expect(await attempt(c, 'SELECT alpha_v4.maintain_partitions()')).toBe('42501');
    });

    it(`${role} cannot write anything`, async () => {
      const c = clients[role];
      expect(await attempt(c, PREDICTION)).toBe('42501');
      expect(await attempt(c, 'UPDATE alpha_v4.predictions SET p_up = 1')).toBe('42501');
      expect(await attempt(c, 'DELETE FROM alpha_v4.predictions')).toBe('42501');
      expect(
        await attempt(c, `INSERT INTO alpha_v4.model_versions (symbol, timeframe, format, model_binary, checksum, feature_names)
                          VALUES ('X', '15m', 'f', '\\x00'::bytea, encode(sha256('\\x00'::bytea), 'hex'), '{}')`),
      ).toBe('42501');
      expect(await attempt(c, `INSERT INTO alpha_v4.feature_store_15m (symbol, ts) VALUES ('X', now())`)).toBe('42501');
      expect(await attempt(c, `UPDATE alpha_v4.settings SET value = 'x'`)).toBe('42501');
      expect(await attempt(c, `REFRESH MATERIALIZED VIEW alpha_v4.mv_accuracy_7d`)).toBe('42501');
    });
  }

  it('service_role (as a plain member, without BYPASSRLS) reads everything and writes through the policies', async () => {
    const c = clients.service_role;
    expect((await c.query(`SELECT rolbypassrls FROM pg_roles WHERE rolname = current_user`)).rows[0].rolbypassrls).toBe(false);
    for (const { name } of relations) expect(await attempt(c, `SELECT * FROM alpha_v4.${name} LIMIT 1`), name).toBeUndefined();
    expect((await c.query('SELECT count(*)::int AS n FROM alpha_v4.models')).rows[0].n).toBe(1);
    expect(await attempt(c, PREDICTION)).toBeUndefined();
    expect(await attempt(c, 'UPDATE alpha_v4.predictions SET size = 0.1')).toBeUndefined();
    expect(await attempt(c, 'DELETE FROM alpha_v4.predictions')).toBeUndefined();
    expect(
      await attempt(c, `INSERT INTO alpha_v4.model_versions (symbol, timeframe, format, model_binary, checksum, feature_names)
                        SELECT 'BTC', '15m', 'f', b, encode(sha256(b), 'hex'), '{}'
                        FROM (SELECT ('\\x' || lpad(to_hex(i), 4, '0'))::bytea AS b FROM generate_series(1, 12) i) x`),
    ).toBeUndefined();
    expect(
      await attempt(c, `SELECT alpha_v4.ensure_feature_partitions('15m', ARRAY['ETH'], now(), now() + interval '8 days')`),
    ).toBeUndefined();
    expect(await attempt(c, `INSERT INTO alpha_v4.feature_store_15m (symbol, ts, rsi_14) VALUES ('ETH', now(), 50)`)).toBeUndefined();
    expect(await attempt(c, `SELECT alpha_v4.run_job('refresh_dashboards')`)).toBeUndefined();
    expect(await attempt(c, `SELECT alpha_v4.run_job('maintain_partitions')`)).toBeUndefined();
    expect(await attempt(c, `SELECT alpha_v4.activate_model('BTC', '15m', 1)`)).toBeUndefined();
    // Settings and the job table belong to the owner.
    expect(await attempt(c, `UPDATE alpha_v4.settings SET value = 'public.x' WHERE key = 'source_15m'`)).toBe('42501');
    expect(await attempt(c, `UPDATE alpha_v4.jobs SET period = '1 second'`)).toBe('42501');
  });

  it('SET LOCAL ROLE gives the same answers inside a transaction (service_role itself bypasses RLS)', async () => {
    const probe = async (role: Role, sql: string) => {
      await owner.query('BEGIN');
      try {
        await owner.query(`SET LOCAL ROLE ${role}`);
        await owner.query(sql);
        return undefined;
      } catch (e) {
        return (e as { code?: string }).code;
      } finally {
        await owner.query('ROLLBACK');
      }
    };
    expect(await probe('anon', 'SELECT * FROM alpha_v4.predictions')).toBeUndefined();
    expect(await probe('anon', PREDICTION)).toBe('42501');
    expect(await probe('authenticated', 'SELECT * FROM alpha_v4.models')).toBe('42501');
    expect(await probe('service_role', PREDICTION)).toBeUndefined();
    expect(await probe('service_role', 'SELECT * FROM alpha_v4.models')).toBeUndefined();
  });

  it('row-level security holds even where a grant is added by mistake', async () => {
    await owner.query('BEGIN');
    try {
      await owner.query('GRANT SELECT, INSERT ON alpha_v4.models TO anon');
      await owner.query('SET LOCAL ROLE anon');
      expect((await owner.query('SELECT count(*)::int AS n FROM alpha_v4.models')).rows[0].n).toBe(0);
      await expect(
        owner.query(`INSERT INTO alpha_v4.models (symbol, timeframe, version, format, model_binary, checksum, feature_names, created_at)
                     VALUES ('X', '15m', 1, 'f', '\\x00'::bytea, encode(sha256('\\x00'::bytea), 'hex'), '{}', now())`),
      ).rejects.toMatchObject({ code: '42501' });
    } finally {
      await owner.query('ROLLBACK');
    }
    expect((await owner.query('SELECT count(*)::int AS n FROM alpha_v4.models')).rows[0].n).toBe(1);
  });
});
