-- Scheduled jobs. alpha_v4.jobs lists them; alpha_v4.run_job(name) runs one; alpha_v4.run_due_jobs() runs those
-- whose period has elapsed. Where pg_cron exists (Supabase; postgresql-15-cron with the extension creatable in
-- this database) each job is scheduled with it; elsewhere (PGlite, a database other than cron.database_name) the
-- migration still succeeds and a worker calls the same functions (the library's store does).

CREATE TABLE IF NOT EXISTS alpha_v4.jobs (
  name text PRIMARY KEY,
  -- pg_cron schedule (UTC), and the same period as an interval for workers without cron.
  schedule text NOT NULL,
  period interval NOT NULL,
  description text NOT NULL,
  last_started_at timestamptz,
  last_finished_at timestamptz,
  last_status text CHECK (last_status IN ('succeeded', 'failed')),
  last_error text,
  runs bigint NOT NULL DEFAULT 0
);
COMMENT ON TABLE alpha_v4.jobs IS 'The alpha_v4 maintenance jobs, their schedules and last runs';

INSERT INTO alpha_v4.jobs (name, schedule, period, description) VALUES
  ('refresh_features_15m', '*/15 * * * *', '15 minutes', 'REFRESH MATERIALIZED VIEW CONCURRENTLY alpha_v4.mv_features_15m'),
  ('refresh_features_1h', '0 * * * *', '1 hour', 'REFRESH MATERIALIZED VIEW CONCURRENTLY alpha_v4.mv_features_1h'),
  ('refresh_dashboards', '*/15 * * * *', '15 minutes',
   'resolve_predictions(), log_performance(), then REFRESH ... CONCURRENTLY mv_accuracy_7d, mv_accuracy_30d, mv_calibration_error, mv_sharpe_ratio'),
  ('archive_predictions', '0 3 1 * *', '1 month', 'archive_predictions(): predictions older than 180 days to predictions_archive'),
  ('maintain_partitions', '0 2 * * 1', '7 days', 'maintain_partitions(): coming weekly feature and monthly prediction partitions; drain default partitions')
ON CONFLICT (name) DO UPDATE SET schedule = EXCLUDED.schedule, period = EXCLUDED.period, description = EXCLUDED.description;

-- The body of each job. Dispatches on the name (never executes stored SQL text).
CREATE OR REPLACE FUNCTION alpha_v4.job_body(p_name text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  CASE p_name
    WHEN 'refresh_features_15m' THEN
      REFRESH MATERIALIZED VIEW CONCURRENTLY alpha_v4.mv_features_15m;
    WHEN 'refresh_features_1h' THEN
      REFRESH MATERIALIZED VIEW CONCURRENTLY alpha_v4.mv_features_1h;
    WHEN 'refresh_dashboards' THEN
      PERFORM alpha_v4.resolve_predictions();
      PERFORM alpha_v4.log_performance();
      REFRESH MATERIALIZED VIEW CONCURRENTLY alpha_v4.mv_accuracy_7d;
      REFRESH MATERIALIZED VIEW CONCURRENTLY alpha_v4.mv_accuracy_30d;
      REFRESH MATERIALIZED VIEW CONCURRENTLY alpha_v4.mv_calibration_error;
      REFRESH MATERIALIZED VIEW CONCURRENTLY alpha_v4.mv_sharpe_ratio;
    WHEN 'archive_predictions' THEN
      PERFORM alpha_v4.archive_predictions();
    WHEN 'maintain_partitions' THEN
      PERFORM alpha_v4.maintain_partitions();
    ELSE
      RAISE EXCEPTION 'alpha_v4: unknown job %', p_name USING ERRCODE = 'invalid_parameter_value';
  END CASE;
END
$$;

-- Runs one job now, in the caller's transaction, and records the run in alpha_v4.jobs. With p_raise (the default,
-- as pg_cron calls it) a failure raises and rolls back; with p_raise = false it is recorded (last_status 'failed',
-- last_error) and the returned row says so.
CREATE OR REPLACE FUNCTION alpha_v4.run_job(p_name text, p_raise boolean DEFAULT true)
RETURNS alpha_v4.jobs LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  started timestamptz := clock_timestamp();
  result alpha_v4.jobs;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM alpha_v4.jobs WHERE name = p_name) THEN
    RAISE EXCEPTION 'alpha_v4: unknown job %', p_name USING ERRCODE = 'invalid_parameter_value';
  END IF;
  BEGIN
    PERFORM alpha_v4.job_body(p_name);
  EXCEPTION WHEN OTHERS THEN
    IF p_raise THEN
      RAISE;
    END IF;
    UPDATE alpha_v4.jobs SET last_started_at = started, last_finished_at = clock_timestamp(), last_status = 'failed',
                             last_error = SQLERRM, runs = runs + 1
    WHERE name = p_name RETURNING * INTO result;
    RETURN result;
  END;
  UPDATE alpha_v4.jobs SET last_started_at = started, last_finished_at = clock_timestamp(), last_status = 'succeeded',
                           last_error = NULL, runs = runs + 1
  WHERE name = p_name RETURNING * INTO result;
  RETURN result;
END
$$;

-- Runs (without raising) every job never run or whose period has elapsed since its last start; returns their rows.
-- The fallback scheduler: a worker calls it every few minutes where pg_cron is absent.
CREATE OR REPLACE FUNCTION alpha_v4.run_due_jobs(p_now timestamptz DEFAULT now())
RETURNS SETOF alpha_v4.jobs LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  j text;
BEGIN
  FOR j IN SELECT name FROM alpha_v4.jobs
           WHERE last_started_at IS NULL OR last_started_at + period <= p_now ORDER BY name LOOP
    RETURN NEXT alpha_v4.run_job(j, false);
  END LOOP;
END
$$;

-- How the jobs are scheduled here: 'pg_cron' with each job's cron job id, or 'function' (call run_job / run_due_jobs).
CREATE OR REPLACE FUNCTION alpha_v4.job_schedule()
RETURNS TABLE (name text, schedule text, scheduler text, cron_jobid bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_cron') THEN
    RETURN QUERY EXECUTE $q$
      SELECT j.name, j.schedule, CASE WHEN c.jobid IS NULL THEN 'function' ELSE 'pg_cron' END, c.jobid
      FROM alpha_v4.jobs j LEFT JOIN cron.job c ON c.jobname = 'alpha_v4_' || j.name AND c.database = current_database()
      ORDER BY j.name $q$;
  ELSE
    RETURN QUERY SELECT j.name, j.schedule, 'function'::text, NULL::bigint FROM alpha_v4.jobs j ORDER BY j.name;
  END IF;
END
$$;

-- pg_cron, where it can be had: created when available and this is its database (cron.database_name), then one
-- cron job per alpha_v4 job, named alpha_v4_<name> (cron.schedule updates a job of the same name: idempotent).
DO $cron$
DECLARE
  j record;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_cron')
     AND EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_cron')
     AND current_setting('cron.database_name', true) = current_database() THEN
    BEGIN
      CREATE EXTENSION IF NOT EXISTS pg_cron;
    EXCEPTION WHEN OTHERS THEN
      RAISE NOTICE 'alpha_v4: pg_cron not created (%); jobs run through alpha_v4.run_job', SQLERRM;
    END;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_cron') THEN
    FOR j IN SELECT name, schedule FROM alpha_v4.jobs ORDER BY name LOOP
      EXECUTE 'SELECT cron.schedule($1, $2, $3)'
        USING 'alpha_v4_' || j.name, j.schedule, format('SELECT alpha_v4.run_job(%L)', j.name);
    END LOOP;
  ELSE
    RAISE NOTICE 'alpha_v4: pg_cron is not available here; call alpha_v4.run_job(name) or alpha_v4.run_due_jobs() from a worker';
  END IF;
END
$cron$;
