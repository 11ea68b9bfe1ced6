/** Setting a database up for the store: applying the migrations, and telling what the database offers. */
import { checkOptions } from '../../core/options.js';
import type { StoreEngine } from '../drivers/driver.js';
import { StoreError } from '../errors.js';
import { runMigrations, type MigrateOptions, type Migration, type MigrationResult } from '../migrator.js';
import type { ResolvedSources } from './candles.js';
import { optionKeys } from './checks.js';
import { OPERATION_POOLS, type StoreContext } from './context.js';

/** What the database offers. */
export interface StoreCapabilities {
  readonly engine: StoreEngine;
  /** pg_cron installed in this database: the jobs run by themselves. Otherwise call `AlphaStore.runDueJobs`. */
  readonly pgCron: boolean;
  /** plpython3u installed. */
  readonly plpython3u: boolean;
  /** How the jobs are scheduled: `'pg_cron'` or `'function'` (a worker calls run_job / run_due_jobs). */
  readonly scheduler: 'pg_cron' | 'function';
  /** COPY is available to the bulk writes. */
  readonly copy: boolean;
}

/** What {@link migrate} applies by default, and the candle sources to record for the SQL jobs. */
export interface MigrateDefaults {
  /** The store's default migrations, or the function that loads them (the Node factories': supabase/migrations). */
  readonly migrations: readonly Migration[] | (() => readonly Migration[]) | undefined;
  /** The candle sources to record in alpha_v4.settings, when the store's options set any. */
  readonly sources: ResolvedSources | undefined;
}

const MIGRATE_KEYS = optionKeys<MigrateOptions>({ migrations: true, onChanged: true });

/**
 * Applies the migrations (idempotent; each in its own transaction, recorded in alpha_v4_meta.schema_migrations),
 * then records configured candle sources in alpha_v4.settings, so that the SQL jobs (resolve_predictions) read the
 * same candle tables as the library.
 *
 * @example
 * ```ts
 * (await migrate(ctx, { migrations: loadMigrations(), sources: undefined })).applied // => ['20261127000100', ...]
 * ```
 */
export async function migrate(ctx: StoreContext, defaults: MigrateDefaults, options: MigrateOptions = {}): Promise<MigrationResult> {
  ctx.assertOpen('migrate');
  checkOptions(options, MIGRATE_KEYS, 'options');
  const given = options.migrations ?? defaults.migrations;
  const migrations = typeof given === 'function' ? given() : given;
  if (!migrations || migrations.length === 0) {
    throw new StoreError('STORE_CONFIG', 'migrate: no migrations given (pass options.migrations, or use a Node factory that loads supabase/migrations)');
  }
  const result = await runMigrations(ctx.driver, migrations, options.onChanged);
  const sources = defaults.sources;
  if (sources) {
    await ctx.run(OPERATION_POOLS.migrate, 'migrate: recording the candle sources', 'STORE_WRITE', async (s) => {
      const entries = [
        ...Object.entries(sources.live).map(([tf, name]) => [`source_${tf}`, name] as const),
        ...Object.entries(sources.history).map(([tf, name]) => [`history_${tf}`, name] as const),
      ];
      for (const [key, name] of entries) {
        await s.query(
          `INSERT INTO alpha_v4.settings (key, value, description) VALUES ($1, $2, 'set by the store options')
           ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
          [key, name],
        );
      }
    });
  }
  return result;
}

/**
 * What the database offers (pg_cron, plpython3u, COPY) and how the jobs are scheduled.
 *
 * @example
 * ```ts
 * (await capabilities(ctx)).scheduler // => 'function' on PGlite
 * ```
 */
export function capabilities(ctx: StoreContext): Promise<StoreCapabilities> {
  return ctx.run(OPERATION_POOLS.capabilities, 'capabilities', 'STORE_READ', async (s) => {
    const caps = await s.query<{ name: string; installed: boolean }>('SELECT name, installed FROM alpha_v4.capabilities()');
    const jobs = await s.query<{ scheduler: string }>('SELECT scheduler FROM alpha_v4.job_schedule()');
    const installed = (n: string) => caps.rows.some((r) => r.name === n && r.installed);
    return {
      engine: ctx.driver.engine,
      pgCron: installed('pg_cron'),
      plpython3u: installed('plpython3u'),
      scheduler: jobs.rows.length > 0 && jobs.rows.every((r) => r.scheduler === 'pg_cron') ? 'pg_cron' : 'function',
      copy: ctx.driver.canCopy,
    };
  });
}
