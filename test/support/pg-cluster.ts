/**
 * A real PostgreSQL 15 cluster for tests.
 *
 * - In CI, `.ci/run` starts one with scripts/pg/start.sh and exports `ALPHA_PG_URL` / `PGHOST`, `PGPORT`, `PGUSER`,
 *   `PGPASSWORD`, `PGDATABASE` (plus `ALPHA_PG_CRON`, `ALPHA_PG_PLPYTHON`): the tests use it and leave it running.
 * - Elsewhere the first call in a test file starts a throwaway cluster (random free port on 127.0.0.1, temporary data
 *   directory) with scripts/pg/start.sh; `stop()` removes it, and a watchdog removes it when the test process exits
 *   anyway.
 *
 * Test files never share a database: {@link createDatabase} makes a fresh one per use. The cluster's own database
 * (`PGDATABASE`, alpha_v4) is the only one where pg_cron can be created (cron.database_name); only the cron test
 * migrates it.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** Repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The migrations folder (Supabase CLI layout). */
export const MIGRATIONS_DIR = `${ROOT}supabase/migrations`;

/** A running cluster. */
export interface PgCluster {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** The cluster's own database: pg_cron's `cron.database_name` when pg_cron is preloaded. */
  readonly database: string;
  /** pg_cron is preloaded (and creatable in {@link database}). */
  readonly cron: boolean;
  /** plpython3u is installed on the server. */
  readonly plpython: boolean;
  /** Started by this process (and stopped by {@link stop}), rather than provided by CI. */
  readonly owned: boolean;
  /** A connection URL for a database of this cluster (default: {@link database}). */
  url(database?: string, user?: string, password?: string): string;
  /** Stops and deletes the cluster if this process started it; no-op otherwise. */
  stop(): Promise<void>;
}

let clusterPromise: Promise<PgCluster> | undefined;

function fromEnv(env: NodeJS.ProcessEnv): Omit<PgCluster, 'url' | 'stop' | 'owned'> | undefined {
  if (env.ALPHA_PG_URL) {
    const u = new URL(env.ALPHA_PG_URL);
    return {
      host: u.hostname,
      port: Number(u.port || 5432),
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
      database: decodeURIComponent(u.pathname.slice(1)) || 'postgres',
      cron: env.ALPHA_PG_CRON === '1',
      plpython: env.ALPHA_PG_PLPYTHON === '1',
    };
  }
  if (env.PGHOST && env.PGPORT) {
    return {
      host: env.PGHOST,
      port: Number(env.PGPORT),
      user: env.PGUSER ?? 'postgres',
      password: env.PGPASSWORD ?? '',
      database: env.PGDATABASE ?? 'postgres',
      cron: env.ALPHA_PG_CRON === '1',
      plpython: env.ALPHA_PG_PLPYTHON === '1',
    };
  }
  return undefined;
}

function parseExports(text: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const line of text.split('\n')) {
    const m = /^export ([A-Z_]+)='?([^']*)'?$/.exec(line.trim());
    if (m) env[m[1]!] = m[2]!;
  }
  return env;
}

function make(base: Omit<PgCluster, 'url' | 'stop' | 'owned'>, dir: string | undefined): PgCluster {
  let stopped = false;
  return {
    ...base,
    owned: dir !== undefined,
    url(database = base.database, user = base.user, password = base.password) {
      return `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${base.host}:${base.port}/${encodeURIComponent(database)}`;
    },
    async stop() {
      if (dir === undefined || stopped) return;
      stopped = true;
      clusterPromise = undefined;
      await run('bash', [`${ROOT}scripts/pg/stop.sh`, dir]);
    },
  };
}

async function start(): Promise<PgCluster> {
  const provided = fromEnv(process.env);
  if (provided) return make(provided, undefined);
  const { stdout } = await run('bash', [`${ROOT}scripts/pg/start.sh`, '--watch-pid', String(process.pid)], {
    timeout: 120_000,
  });
  const env = parseExports(stdout);
  const base = fromEnv(env);
  if (!base || !env.ALPHA_PG_DIR) throw new Error(`scripts/pg/start.sh printed no cluster settings:\n${stdout}`);
  return make(base, env.ALPHA_PG_DIR);
}

/** The cluster for this test process: CI's, or one started on first use. */
export function getCluster(): Promise<PgCluster> {
  clusterPromise ??= start();
  return clusterPromise;
}

/** A fresh database of the cluster. */
export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  /** Drops the database (terminating its connections). */
  drop(): Promise<void>;
}

/** Runs one statement on the cluster's own database as the cluster's superuser. */
export async function adminQuery(cluster: PgCluster, sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: cluster.url() });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/** Creates a database with a unique name (prefix + random suffix). */
export async function createDatabase(cluster: PgCluster, prefix: string): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`.toLowerCase();
  await adminQuery(cluster, `CREATE DATABASE "${name}"`);
  return {
    name,
    url: cluster.url(name),
    async drop() {
      await adminQuery(cluster, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/** The migration files in the order the Supabase CLI applies them. */
export function migrationFiles(dir: string = MIGRATIONS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort();
}

/** Notices raised while applying, per file. */
export type MigrationNotices = Record<string, string[]>;

/**
 * Applies every migration file to a database, each file as one simple-protocol query (one implicit transaction),
 * as `psql -1 -f` would. Returns the notices each file raised.
 */
export async function applyMigrations(url: string, dir: string = MIGRATIONS_DIR): Promise<MigrationNotices> {
  const client = new pg.Client({ connectionString: url });
  const notices: MigrationNotices = {};
  let current = '';
  client.on('notice', (n) => {
    (notices[current] ??= []).push(n.message ?? '');
  });
  await client.connect();
  try {
    for (const file of migrationFiles(dir)) {
      current = file;
      await client.query(readFileSync(`${dir}/${file}`, 'utf8'));
    }
  } finally {
    await client.end();
  }
  return notices;
}

/** Connects a client (the caller ends it). */
export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}
