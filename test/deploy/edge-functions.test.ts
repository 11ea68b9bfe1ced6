/**
 * The prediction Edge Functions under real Deno (node_modules/.bin/deno, offline), answering real HTTP on 127.0.0.1,
 * on a PostgreSQL 15 database of the test cluster (migrated, live candles of BTC/ETH/SOL at 15m and 1h, small BTC
 * models trained and activated at both timeframes; no ETH or SOL model):
 *
 * - predict-btc-15m: a service-role JWT or the function secret gets 200, the predictions of the Node pipeline
 *   (`predictHorizons` at the same `now`) field for field, and those rows written; a retry writes nothing new;
 *   every unauthorized header gets 401 with its reason; every malformed body 400 with zod's message; GET 405;
 * - predict-btc: both timeframes in one invocation, each equal to the Node pipeline's;
 * - predict-eth-15m (no ETH model): 404 NO_ACTIVE_MODEL, nothing written;
 * - predict-btc-1h with a 20 ms budget: 503 timeout, nothing written (not even after the abandoned work settles);
 * - the other five start and answer 401 to a caller without credentials;
 * - a database that cannot be reached: 503 DATABASE_UNAVAILABLE; no credential configured: 500 EDGE_CONFIG;
 * - the cron SQL (supabase/cron/schedule-edge-functions.sql) run against stand-ins of pg_cron, pg_net and Vault:
 *   its job posts to the six functions with the Vault secret, and each request, replayed, is authorized.
 *
 * Cold start, warm latency and the module sizes are printed (not asserted).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateMarket } from '../../src/core/simulator.js';
import { timeframeMs } from '../../src/core/timeframe.js';
import type { Candles } from '../../src/core/types.js';
import { predictHorizons } from '../../src/pipeline/predict.js';
import type { AlphaStore } from '../../src/store/types.js';
import { activateModel, sql, written, writeLive } from '../pipeline/fixtures.js';
import { postgresEngine } from '../support/engines.js';
import { DENO, denoArgs, FUNCTIONS, ROOT, startFunction, type EdgeProcess } from './edge-deno.js';
import { epochSeconds, signJwt } from './edge-jwt.js';

const run = promisify(execFile);

const JWT_SECRET = 'test-jwt-secret-0123456789abcdefghij';
const FUNCTION_SECRET = 'test-function-secret-0123456789';
const SERVICE = () => signJwt({ iss: 'supabase', role: 'service_role', exp: epochSeconds(3600) }, JWT_SECRET);
const CANDLES = 700;
const TRAIN = 600;
/** Both timeframes' latest candle closes here (a round hour); `now` is 5 minutes later. */
const END = Date.UTC(2024, 0, 8);
const NOW = END + 5 * 60_000;

/** BTC, ETH and SOL candles of one timeframe, the last one closing at END. */
function marketEnding(timeframe: '15m' | '1h', seed: number): Readonly<Record<string, Candles>> {
  return simulateMarket({ candles: CANDLES, timeframe, start: END - CANDLES * timeframeMs(timeframe), seed }).candles;
}

/** A JSON POST to a function. */
async function post(fn: EdgeProcess, body: unknown, authorization?: string): Promise<{ status: number; json: Record<string, unknown>; ms: number }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization !== undefined) headers.authorization = authorization;
  const t0 = performance.now();
  const res = await fetch(fn.url, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const json = (await res.json()) as Record<string, unknown>;
  return { status: res.status, json, ms: performance.now() - t0 };
}

/** The predictions as JSON carries them (dates as ISO strings). */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

const engine = postgresEngine('edge_fn');
let store: AlphaStore;
let url: string;
const fns = new Map<string, EdgeProcess>();
const fn = (name: string): EdgeProcess => fns.get(name)!;
const versions: Record<string, number> = {};
let env: Record<string, string>;
let coldMs = 0;

beforeAll(async () => {
  store = await engine.open();
  url = engine.url(store);
  const m15 = marketEnding('15m', 31);
  const h1 = marketEnding('1h', 32);
  await writeLive(store, '15m', m15, 0, CANDLES);
  await writeLive(store, '1h', h1, 0, CANDLES);
  versions['15m'] = (await activateModel(store, m15, 'BTC', '15m', TRAIN)).version;
  versions['1h'] = (await activateModel(store, h1, 'BTC', '1h', TRAIN)).version;
  env = { SUPABASE_DB_URL: url, ALPHA_V4_JWT_SECRET: JWT_SECRET, ALPHA_V4_FUNCTION_SECRET: FUNCTION_SECRET };
  const names = ['predict-btc-15m', 'predict-btc', 'predict-eth-15m', 'predict-eth-1h', 'predict-sol-15m', 'predict-sol-1h', 'predict-eth'];
  const started = await Promise.all([
    ...names.map(async (name) => [name, await startFunction(name, env)] as const),
    (async () => ['predict-btc-1h', await startFunction('predict-btc-1h', { ...env, ALPHA_V4_BUDGET_MS: '20' })] as const)(),
    // A database that cannot be reached (nothing listens on port 1), and a deployment without credentials.
    (async () => ['predict-sol', await startFunction('predict-sol', { ...env, SUPABASE_DB_URL: 'postgresql://postgres:none@127.0.0.1:1/alpha_v4' })] as const)(),
    (async () => ['misconfigured', await startFunction('predict-sol-1h', { SUPABASE_DB_URL: url })] as const)(),
  ]);
  for (const [key, p] of started) fns.set(key, p);
}, 240_000);

afterAll(async () => {
  await Promise.all([...fns.values()].map((p) => p.stop()));
  await engine.dispose();
}, 120_000);

describe('predict-btc-15m under Deno', () => {
  it('a service-role JWT gets 200: the Node pipeline\'s predictions at the same now, every horizon written in one call', async () => {
    const reference = await predictHorizons({ store, symbol: 'BTC', timeframe: '15m', now: NOW, write: false });
    const before = await written(store);
    const res = await post(fn('predict-btc-15m'), { now: new Date(NOW).toISOString() }, `Bearer ${SERVICE()}`);
    coldMs = performance.now() - fn('predict-btc-15m').spawnedAt;
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.predictions).toEqual(asJson(reference));
    expect((res.json.predictions as { horizon: number }[]).map((p) => p.horizon)).toEqual([1, 4]);
    expect(res.json.servedBy).toEqual({ markets: [{ symbol: 'BTC', timeframe: '15m', modelVersion: versions['15m'], fallback: false }], cold: true, invocation: 1 });
    expect(res.json.written).toEqual({ rows: 2, unchanged: 0 });
    expect(res.json.budgetMs).toBe(8000);
    const rows = await sql<{ ts: Date; target_ts: Date; horizon: number; p_up: number; direction: number; confidence: number; size: number; model_version: number; members: Record<string, number> }>(
      store,
      "SELECT ts, target_ts, horizon, p_up, direction, confidence, size, model_version, members FROM alpha_v4.predictions WHERE symbol = 'BTC' AND timeframe = '15m' ORDER BY horizon",
    );
    expect(rows.map((r) => ({ ts: r.ts.toISOString(), targetTs: r.target_ts.toISOString(), horizon: r.horizon, pUp: r.p_up, direction: r.direction, confidence: r.confidence, size: r.size, modelVersion: r.model_version, members: r.members }))).toEqual(
      reference.map((p) => ({ ts: p.ts.toISOString(), targetTs: p.targetTs.toISOString(), horizon: p.horizon, pUp: p.pUp, direction: p.direction, confidence: p.confidence, size: p.size, modelVersion: p.modelVersion, members: p.members })),
    );
    expect((await written(store))['alpha_v4.predictions']).toBe(before['alpha_v4.predictions']! + 2);
  });

  it('the function secret gets 200 too, warm; a retry at the same now writes nothing new; epoch-ms now is the same clock', async () => {
    const res = await post(fn('predict-btc-15m'), { now: NOW }, `Bearer ${FUNCTION_SECRET}`);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.written).toEqual({ rows: 0, unchanged: 2 });
    expect(res.json.servedBy).toMatchObject({ cold: false, invocation: 2 });
  });

  it("horizons 'first' with write false: only the smallest horizon, nothing written", async () => {
    const before = await written(store);
    const res = await post(fn('predict-btc-15m'), { now: NOW, write: false, horizons: 'first' }, `Bearer ${SERVICE()}`);
    expect(res.status).toBe(200);
    expect((res.json.predictions as { horizon: number }[]).map((p) => p.horizon)).toEqual([1]);
    expect(res.json.written).toBeNull();
    expect(await written(store)).toEqual(before);
  });

  const unauthorized: [string, () => string | undefined, string][] = [
    ['no Authorization header', () => undefined, 'no Authorization header'],
    ['another scheme', () => `Basic ${Buffer.from('user:pass').toString('base64')}`, 'the Authorization scheme is not Bearer'],
    ['a bearer without a token', () => 'Bearer', 'expected one token after Bearer'],
    ['two tokens', () => `Bearer ${FUNCTION_SECRET} ${FUNCTION_SECRET}`, 'expected one token after Bearer'],
    ['a wrong secret', () => 'Bearer not-the-function-secret', 'neither the function secret nor a JWT'],
    ['a JWT signed with another secret', () => `Bearer ${signJwt({ role: 'service_role', exp: epochSeconds(3600) }, 'another-secret-0123456789abcdef')}`, 'signature does not verify'],
    ['a tampered payload', () => { const [h, , s] = SERVICE().split('.'); return `Bearer ${h}.${Buffer.from(JSON.stringify({ role: 'service_role', exp: epochSeconds(7200) })).toString('base64url')}.${s}`; }, 'signature does not verify'],
    ['the anon role', () => `Bearer ${signJwt({ role: 'anon', exp: epochSeconds(3600) }, JWT_SECRET)}`, 'the JWT role is "anon", not service_role'],
    ['an expired token', () => `Bearer ${signJwt({ role: 'service_role', exp: epochSeconds(-60) }, JWT_SECRET)}`, 'the JWT expired at'],
    ['a token without exp', () => `Bearer ${signJwt({ role: 'service_role' }, JWT_SECRET)}`, 'no numeric exp claim'],
    ['a token not valid yet', () => `Bearer ${signJwt({ role: 'service_role', exp: epochSeconds(3600), nbf: epochSeconds(600) }, JWT_SECRET)}`, 'not valid yet'],
    ['alg none', () => `Bearer ${signJwt({ role: 'service_role', exp: epochSeconds(3600) }, JWT_SECRET, { alg: 'none', typ: 'JWT' })}`, 'the JWT algorithm is "none", not HS256'],
    ['alg HS512', () => `Bearer ${signJwt({ role: 'service_role', exp: epochSeconds(3600) }, JWT_SECRET, { alg: 'HS512', typ: 'JWT' })}`, 'the JWT algorithm is "HS512", not HS256'],
    ['a header that is not JSON', () => `Bearer ${Buffer.from('not json').toString('base64url')}.e30.c2ln`, 'the JWT header is not base64url JSON'],
  ];
  it.each(unauthorized)('401 for %s, nothing written', async (_label, header, reason) => {
    const before = await written(store);
    const res = await post(fn('predict-btc-15m'), { now: NOW }, header());
    expect(res.status).toBe(401);
    expect(res.json.error).toBe('unauthorized');
    expect(res.json.reason).toContain(reason);
    expect(await written(store)).toEqual(before);
  });

  const malformed: [string, string, string[]][] = [
    ['a body that is not JSON', '{"now": ', ['the body is not JSON']],
    ['an unknown key', JSON.stringify({ now: NOW, symbol: 'ETH' }), ['Unrecognized key: "symbol"']],
    ['write of the wrong type', JSON.stringify({ write: 'yes' }), ['Invalid input: expected boolean, received string', '→ at write']],
    ['now neither ISO nor epoch ms', JSON.stringify({ now: 'yesterday' }), ['→ at now']],
    ['now a negative number', JSON.stringify({ now: -5 }), ['→ at now']],
    ['horizons not all or first', JSON.stringify({ horizons: 'some' }), ['Invalid option: expected one of "all"|"first"', '→ at horizons']],
    ['a body that is an array', '[]', ['Invalid input: expected object, received array']],
  ];
  it.each(malformed)('400 for %s, with zod\'s message', async (_label, body, parts) => {
    const res = await post(fn('predict-btc-15m'), body, `Bearer ${FUNCTION_SECRET}`);
    expect(res.status).toBe(400);
    expect(res.json.error).toBe('invalid_request');
    for (const part of parts) expect(res.json.reason).toContain(part);
  });

  it('405 for GET', async () => {
    const res = await fetch(fn('predict-btc-15m').url, { headers: { authorization: `Bearer ${FUNCTION_SECRET}` } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(await res.json()).toEqual({ error: 'method_not_allowed', reason: 'GET is not allowed: POST a JSON body' });
  });

  it('latency (printed): cold start to the first 200, warm invocations', async () => {
    // A cold start on its own: a new process (a new isolate), its first invocation opening the store and loading the model.
    const solo = await startFunction('predict-btc-15m', env);
    const first = await post(solo, { now: NOW, write: false }, `Bearer ${FUNCTION_SECRET}`);
    const soloFirst = performance.now() - solo.spawnedAt;
    await solo.stop();
    expect(first.status).toBe(200);
    expect(first.json.servedBy).toMatchObject({ cold: true, invocation: 1 });
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await post(fn('predict-btc-15m'), { now: NOW, write: false }, `Bearer ${FUNCTION_SECRET}`);
      expect(res.status).toBe(200);
      warm.push(res.ms);
    }
    warm.sort((a, b) => a - b);
    const p = fn('predict-btc-15m');
    console.log(
      [
        `predict-btc-15m under Deno, alone: listening ${Math.round(solo.listeningAt - solo.spawnedAt)} ms after spawn, first 200 ${Math.round(soloFirst)} ms after spawn (that invocation ${Math.round(first.ms)} ms, ${first.json.elapsedMs} ms inside the handler)`,
        `with ${fns.size} Deno processes starting at once: listening ${Math.round(p.listeningAt - p.spawnedAt)} ms, first 200 ${Math.round(coldMs)} ms after spawn`,
        `warm round trips (write false) ${warm.map((w) => Math.round(w)).join(', ')} ms (median ${Math.round(warm[2]!)})`,
      ].join('\n'),
    );
  });
});

describe('the other functions under Deno', () => {
  it('predict-btc: 15m and 1h in one invocation, each the Node pipeline\'s at the same now; the new 1h rows written', async () => {
    const reference = [
      ...(await predictHorizons({ store, symbol: 'BTC', timeframe: '15m', now: NOW, write: false })),
      ...(await predictHorizons({ store, symbol: 'BTC', timeframe: '1h', now: NOW, write: false })),
    ];
    const res = await post(fn('predict-btc'), { now: NOW }, `Bearer ${SERVICE()}`);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.predictions).toEqual(asJson(reference));
    expect((res.json.servedBy as { markets: unknown[] }).markets).toEqual([
      { symbol: 'BTC', timeframe: '15m', modelVersion: versions['15m'], fallback: false },
      { symbol: 'BTC', timeframe: '1h', modelVersion: versions['1h'], fallback: false },
    ]);
    expect(res.json.written).toEqual({ rows: 2, unchanged: 2 });
    const n = await sql<{ n: string }>(store, "SELECT count(*) AS n FROM alpha_v4.predictions WHERE symbol = 'BTC' AND timeframe = '1h'");
    expect(Number(n[0]!.n)).toBe(2);
  });

  it('predict-eth-15m, whose market has no model: 404 NO_ACTIVE_MODEL, nothing written', async () => {
    const before = await written(store);
    const res = await post(fn('predict-eth-15m'), { now: NOW }, `Bearer ${SERVICE()}`);
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ error: 'NO_ACTIVE_MODEL', reason: 'ETH 15m: ETH 15m has no active model', failures: [{ market: 'ETH 15m', error: 'NO_ACTIVE_MODEL', status: 404 }] });
    expect(await written(store)).toEqual(before);
  });

  it('predict-btc-1h with a 20 ms budget: 503 timeout, nothing written, even once the abandoned work has settled', async () => {
    const before = await written(store);
    const res = await post(fn('predict-btc-1h'), { now: NOW }, `Bearer ${SERVICE()}`);
    expect(res.status, JSON.stringify(res.json)).toBe(503);
    expect(res.json).toMatchObject({ error: 'timeout', budgetMs: 20 });
    expect(res.json.reason).toContain('the budget of 20 ms (2 ms of it kept for the write) ran out');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await written(store)).toEqual(before);
    expect(fn('predict-btc-1h').output()).not.toMatch(/error|uncaught/i);
  });

  it.each(['predict-eth-1h', 'predict-sol-15m', 'predict-sol-1h', 'predict-eth', 'predict-sol'])('%s starts and answers 401 to a caller without credentials', async (name) => {
    const res = await post(fn(name), {});
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'unauthorized', reason: 'no Authorization header' });
  });
});

describe('failures of the deployment under Deno', () => {
  it('a database that cannot be reached: 503 DATABASE_UNAVAILABLE for each market, again on the next invocation', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await post(fn('predict-sol'), { now: NOW }, `Bearer ${FUNCTION_SECRET}`);
      expect(res.status).toBe(503);
      expect(res.json).toMatchObject({ error: 'DATABASE_UNAVAILABLE', failures: [{ market: 'SOL 15m', error: 'DATABASE_UNAVAILABLE', status: 503 }, { market: 'SOL 1h', error: 'DATABASE_UNAVAILABLE', status: 503 }] });
      expect(res.json.reason).toContain('ECONNREFUSED');
    }
  });

  it('no credential configured: every invocation 500 EDGE_CONFIG naming the variables, with or without a key', async () => {
    for (const authorization of [undefined, `Bearer ${FUNCTION_SECRET}`]) {
      const res = await post(fn('misconfigured'), {}, authorization);
      expect(res.status).toBe(500);
      expect(res.json).toEqual({ error: 'EDGE_CONFIG', reason: 'no credential is configured: set ALPHA_V4_JWT_SECRET (the project JWT secret) or ALPHA_V4_FUNCTION_SECRET' });
    }
  });
});

describe('the cron SQL', () => {
  it('posts {} to the six functions with the Vault secret, timeout 10 s; replayed, every request is authorized', async () => {
    const client = await engine.connect(store);
    try {
      // Stand-ins of what Supabase provides: Vault's decrypted view, pg_net's http_post (recording), pg_cron's schedule.
      await client.query(`
        CREATE SCHEMA vault; CREATE SCHEMA net; CREATE SCHEMA cron;
        CREATE TABLE vault.secrets (name text PRIMARY KEY, secret text);
        CREATE VIEW vault.decrypted_secrets AS SELECT name, secret AS decrypted_secret FROM vault.secrets;
        CREATE TABLE net.requests (id bigserial PRIMARY KEY, url text, body jsonb, params jsonb, headers jsonb, timeout_milliseconds int);
        CREATE FUNCTION net.http_post(url text, body jsonb DEFAULT '{}', params jsonb DEFAULT '{}', headers jsonb DEFAULT '{"Content-Type": "application/json"}', timeout_milliseconds int DEFAULT 5000)
          RETURNS bigint LANGUAGE sql AS $$ INSERT INTO net.requests (url, body, params, headers, timeout_milliseconds) VALUES (url, body, params, headers, timeout_milliseconds) RETURNING id $$;
        CREATE TABLE cron.job (jobname text PRIMARY KEY, schedule text, command text);
        CREATE FUNCTION cron.schedule(job_name text, schedule text, command text) RETURNS bigint LANGUAGE sql AS
          $$ INSERT INTO cron.job VALUES (job_name, schedule, command) ON CONFLICT (jobname) DO UPDATE SET schedule = excluded.schedule, command = excluded.command RETURNING 1::bigint $$;
        INSERT INTO vault.secrets VALUES ('alpha_v4_project_url', 'https://abcdefghijklmnopqrst.supabase.co'), ('alpha_v4_function_key', '${FUNCTION_SECRET}');
      `);
      const script = readFileSync(join(ROOT, 'supabase/cron/schedule-edge-functions.sql'), 'utf8');
      await client.query(script);
      await client.query(script); // run twice: the job is updated in place
      const jobs = (await client.query<{ jobname: string; schedule: string; command: string }>('SELECT * FROM cron.job')).rows;
      expect(jobs.map((j) => [j.jobname, j.schedule])).toEqual([['alpha-v4-predict', '1,16,31,46 * * * *']]);
      await client.query(jobs[0]!.command); // what pg_cron runs at each tick
      const requests = (await client.query<{ url: string; body: unknown; headers: Record<string, string>; timeout_milliseconds: number }>('SELECT url, body, headers, timeout_milliseconds FROM net.requests ORDER BY id')).rows;
      const names = ['predict-btc-15m', 'predict-btc-1h', 'predict-eth-15m', 'predict-eth-1h', 'predict-sol-15m', 'predict-sol-1h'];
      expect(requests.map((r) => r.url)).toEqual(names.map((n) => `https://abcdefghijklmnopqrst.supabase.co/functions/v1/${n}`));
      for (const r of requests) {
        expect(r.body).toEqual({});
        expect(r.headers).toEqual({ 'Content-Type': 'application/json', Authorization: `Bearer ${FUNCTION_SECRET}` });
        expect(r.timeout_milliseconds).toBe(10_000);
      }
      // Replayed against the functions running here (with the clock of the test data): authorized, and answered as
      // each market's state says (BTC 15m predicts; ETH and SOL have no model).
      const statuses = await Promise.all(
        requests.map(async (r) => {
          const name = r.url.split('/').pop()!;
          const res = await fetch(fn(name).url, { method: 'POST', headers: r.headers, body: JSON.stringify({ ...(r.body as object), now: NOW, write: false }) });
          return [name, res.status];
        }),
      );
      const byName = Object.fromEntries(statuses) as Record<string, number>;
      // BTC 1h's 20 ms budget may or may not suffice now that its isolate is warm: either answer is authorized.
      expect([200, 503]).toContain(byName['predict-btc-1h']);
      expect({ ...byName, 'predict-btc-1h': 'authorized' }).toEqual({ 'predict-btc-15m': 200, 'predict-btc-1h': 'authorized', 'predict-eth-15m': 404, 'predict-eth-1h': 404, 'predict-sol-15m': 404, 'predict-sol-1h': 404 });
    } finally {
      await client.query('DROP SCHEMA IF EXISTS vault, net, cron CASCADE');
      await client.end();
    }
  });
});

describe('the deployment layout', () => {
  const functions = ['predict-btc-15m', 'predict-btc-1h', 'predict-eth-15m', 'predict-eth-1h', 'predict-sol-15m', 'predict-sol-1h', 'predict-btc', 'predict-eth', 'predict-sol'];
  const local = JSON.parse(readFileSync(join(FUNCTIONS, 'deno.json'), 'utf8')) as { nodeModulesDir: string; imports: Record<string, string> };
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string>; peerDependencies: Record<string, string> };

  it('the local config maps each subpath to its dist/ build, npm packages from node_modules (manual)', () => {
    expect(local.nodeModulesDir).toBe('manual');
    for (const [specifier, target] of Object.entries(local.imports)) expect(target).toBe(`../../dist/${specifier.split('/').pop()}.js`);
  });

  it.each(functions)('%s/deno.json (what `supabase functions deploy` uses) maps the same subpaths to npm:@alpha-v4/core at the package version, pg and zod at its ranges', (name) => {
    const deploy = JSON.parse(readFileSync(join(FUNCTIONS, name, 'deno.json'), 'utf8')) as { imports: Record<string, string> };
    expect(deploy.imports).toEqual({
      ...Object.fromEntries(Object.keys(local.imports).map((s) => [s, `npm:@alpha-v4/core@${pkg.version}/${s.split('/').pop()}`])),
      pg: `npm:pg@${pkg.peerDependencies.pg}`,
      zod: `npm:zod@${pkg.dependencies.zod}`,
    });
  });

  it('module sizes of one function (printed): deno info over predict-btc-15m', async () => {
    const { stdout } = await run(DENO, ['info', '--no-remote', '--json', '--config', join(FUNCTIONS, 'deno.json'), join(FUNCTIONS, 'predict-btc-15m/index.ts')], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', DENO_NO_UPDATE_CHECK: '1' }, maxBuffer: 1 << 26 });
    const modules = (JSON.parse(stdout) as { modules: { specifier: string; size?: number }[] }).modules;
    const sum = (test: (s: string) => boolean) => modules.filter((m) => test(m.specifier)).reduce((a, m) => a + (m.size ?? 0), 0);
    const ours = sum((s) => s.includes('/supabase/functions/'));
    const library = sum((s) => s.includes('/dist/'));
    const npm = [...new Set(modules.map((m) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(m.specifier)?.[1]).filter((p) => p !== undefined && !p.startsWith('@types')))];
    expect(ours).toBeGreaterThan(0);
    console.log(`predict-btc-15m module graph (deno info, unminified): function code ${(ours / 1024).toFixed(1)} KiB, @alpha-v4/core dist ${(library / 1024).toFixed(1)} KiB in ${modules.filter((m) => m.specifier.includes('/dist/')).length} files; npm packages ${npm.join(', ')}; command: deno ${denoArgs('predict-btc-15m').join(' ')}`);
  });
});

