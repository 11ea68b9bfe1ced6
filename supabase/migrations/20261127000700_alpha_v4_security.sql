-- Security, Supabase style. Row-level security is enabled on every alpha_v4 table (partitions included).
--   anon, authenticated: read alpha_v4.predictions and the dashboard views (mv_accuracy_7d, mv_accuracy_30d,
--                        mv_calibration_error, mv_sharpe_ratio); nothing else, no writes.
--   service_role:        reads everything and writes every table except settings and jobs (owner-only), runs the
--                        job and partition functions.
-- Materialized views cannot carry RLS: grants alone decide who reads them.
-- Applied last and idempotent: re-running it after a later migration re-secures new objects.

GRANT USAGE ON SCHEMA alpha_v4 TO anon, authenticated, service_role;

REVOKE ALL ON ALL TABLES IN SCHEMA alpha_v4 FROM PUBLIC, anon, authenticated;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA alpha_v4 FROM PUBLIC, anon, authenticated;

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA alpha_v4 TO service_role;
REVOKE INSERT, UPDATE, DELETE ON alpha_v4.settings, alpha_v4.jobs FROM service_role;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA alpha_v4 TO service_role;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA alpha_v4 TO service_role;

GRANT SELECT ON alpha_v4.predictions, alpha_v4.mv_accuracy_7d, alpha_v4.mv_accuracy_30d, alpha_v4.mv_calibration_error,
                alpha_v4.mv_sharpe_ratio TO anon, authenticated;

DO $rls$
DECLARE
  t record;
BEGIN
  -- Every table and partition of the schema.
  FOR t IN SELECT c.oid::regclass AS rel, c.relispartition AS is_partition
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'alpha_v4' AND c.relkind IN ('r', 'p') LOOP
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t.rel);
    IF t.is_partition THEN
      -- Read and written through the parent (whose policies apply); no direct access for the API roles.
      PERFORM alpha_v4.secure_partition(t.rel);
      CONTINUE;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = t.rel AND polname = 'service_role_all') THEN
      EXECUTE format('CREATE POLICY service_role_all ON %s FOR ALL TO service_role USING (true) WITH CHECK (true)', t.rel);
    END IF;
  END LOOP;
  IF NOT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = 'alpha_v4.predictions'::regclass AND polname = 'api_read') THEN
    CREATE POLICY api_read ON alpha_v4.predictions FOR SELECT TO anon, authenticated USING (true);
  END IF;
END
$rls$;
