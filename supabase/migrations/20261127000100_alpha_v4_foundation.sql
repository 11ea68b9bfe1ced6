-- alpha_v4 foundation: schemas, the Supabase roles, settings, helper functions, the candle sources and the
-- real-time candle notification.
--
-- Every migration in this folder is idempotent (IF NOT EXISTS, CREATE OR REPLACE, guarded DO blocks) and applies
-- unchanged on PostgreSQL 15, on Supabase and on PGlite (the library's embedded default). None changes a server
-- setting. Optional parts (roles, pg_cron) are guarded by checks, never by failing.

CREATE SCHEMA IF NOT EXISTS alpha_v4;
COMMENT ON SCHEMA alpha_v4 IS 'alpha_v4: features, models, predictions and their metrics (@alpha-v4/core)';
CREATE SCHEMA IF NOT EXISTS indicators;
CREATE SCHEMA IF NOT EXISTS training;

-- The Supabase API roles. Supabase has them; plain PostgreSQL and PGlite get NOLOGIN stand-ins so that the
-- grants and row-level security policies below mean the same everywhere. service_role bypasses RLS on Supabase;
-- here it gets BYPASSRLS only where the migrating user may grant it (a superuser); the explicit service_role
-- policies make it able to write either way.
DO $roles$
DECLARE
  r text;
  may_create boolean;
  is_super boolean;
BEGIN
  SELECT rolsuper OR rolcreaterole, rolsuper INTO may_create, is_super FROM pg_roles WHERE rolname = current_user;
  FOREACH r IN ARRAY ARRAY['anon', 'authenticated', 'service_role'] LOOP
    CONTINUE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r);
    IF NOT may_create THEN
      RAISE EXCEPTION 'alpha_v4: role % is missing and % may not create roles', r, current_user
        USING HINT = 'Create the roles anon, authenticated and service_role (NOLOGIN), then apply again.';
    END IF;
    BEGIN
      IF r = 'service_role' AND is_super THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN NOINHERIT BYPASSRLS', r);
      ELSE
        EXECUTE format('CREATE ROLE %I NOLOGIN NOINHERIT', r);
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- created meanwhile by a concurrent migration of another database of the same cluster
    END;
  END LOOP;
END
$roles$;

-- Settings read by the SQL jobs. Only the owner (the migrating user) changes them; service_role reads them.
CREATE TABLE IF NOT EXISTS alpha_v4.settings (
  key text PRIMARY KEY,
  value text NOT NULL,
  description text NOT NULL DEFAULT '',
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE alpha_v4.settings IS 'Configuration read by the alpha_v4 SQL jobs (source table names, retention, partition horizon).';
INSERT INTO alpha_v4.settings (key, value, description) VALUES
  ('source_15m', 'indicators.ohlcv_15m', 'Live 15-minute candles (symbol, ts timestamptz, open, high, low, close, volume); a view with those columns also works'),
  ('source_1h', 'indicators.ohlcv_1h', 'Live 1-hour candles, same columns'),
  ('history_15m', 'training.spot_15m', 'Historical 15-minute candles for training, same columns'),
  ('predictions_retention', '180 days', 'Predictions older than this move to alpha_v4.predictions_archive'),
  ('feature_partition_weeks_ahead', '4', 'Weekly feature-store partitions created ahead of time'),
  ('prediction_partition_months_ahead', '3', 'Monthly prediction partitions created ahead of time'),
  ('model_versions_keep', '10', 'Versions kept per symbol and timeframe in alpha_v4.model_versions (the active one included)')
ON CONFLICT (key) DO NOTHING;

-- Reads a setting; p_default when it is absent.
CREATE OR REPLACE FUNCTION alpha_v4.setting(p_key text, p_default text DEFAULT NULL)
RETURNS text LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT coalesce((SELECT value FROM alpha_v4.settings WHERE key = p_key), p_default)
$$;

-- Adds the columns that a table lacks (used by the generated feature-store migration so that re-applying it after
-- the catalogue grew adds the new feature columns). Never drops or changes a column.
CREATE OR REPLACE FUNCTION alpha_v4.add_missing_columns(p_table regclass, p_columns text[], p_type text)
RETURNS integer LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  c text;
  added integer := 0;
BEGIN
  FOREACH c IN ARRAY p_columns LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = p_table AND attname = c AND NOT attisdropped) THEN
      EXECUTE format('ALTER TABLE %s ADD COLUMN %I %s', p_table, c, p_type);
      added := added + 1;
    END IF;
  END LOOP;
  RETURN added;
END
$$;

-- Row-level security on a partition created after the security migration: enabled, no direct access for the API
-- roles (they read through the parent, whose policies apply).
CREATE OR REPLACE FUNCTION alpha_v4.secure_partition(p_table regclass)
RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', p_table);
  EXECUTE format('REVOKE ALL ON %s FROM PUBLIC', p_table);
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'anon') THEN
    EXECUTE format('REVOKE ALL ON %s FROM anon', p_table);
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticated') THEN
    EXECUTE format('REVOKE ALL ON %s FROM authenticated', p_table);
  END IF;
END
$$;

-- The default partition of a partitioned table, or NULL.
CREATE OR REPLACE FUNCTION alpha_v4.default_partition(p_parent regclass)
RETURNS regclass LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT c.oid::regclass FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
  WHERE i.inhparent = p_parent AND pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT'
$$;

-- A timestamptz as a UTC literal, independent of the session's TimeZone and DateStyle.
CREATE OR REPLACE FUNCTION alpha_v4.utc_literal(p_ts timestamptz)
RETURNS text LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT to_char(p_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || '+00'
$$;

-- Creates the range partition [p_from, p_to) on column ts of p_parent, named p_name in the parent's schema. Rows of
-- that range already in the default partition are moved into it first, so that creating a partition never fails
-- and never loses a row. Returns false when the partition exists already.
CREATE OR REPLACE FUNCTION alpha_v4.create_range_partition(p_parent regclass, p_name text, p_from timestamptz, p_to timestamptz)
RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET TimeZone = 'UTC' AS $$
DECLARE
  nsp text;
  target text;
  def regclass;
  moving boolean := false;
BEGIN
  SELECT n.nspname INTO nsp FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = p_parent;
  target := format('%I.%I', nsp, p_name);
  IF to_regclass(target) IS NOT NULL THEN
    RETURN false;
  END IF;
  def := alpha_v4.default_partition(p_parent);
  IF def IS NOT NULL THEN
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s WHERE ts >= $1 AND ts < $2)', def) INTO moving USING p_from, p_to;
  END IF;
  IF moving THEN
    EXECUTE format('LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE', def);
    EXECUTE format('CREATE TABLE %s (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', target, p_parent);
    EXECUTE format('INSERT INTO %s SELECT * FROM %s WHERE ts >= $1 AND ts < $2', target, def) USING p_from, p_to;
    EXECUTE format('DELETE FROM %s WHERE ts >= $1 AND ts < $2', def) USING p_from, p_to;
    EXECUTE format('ALTER TABLE %s ATTACH PARTITION %s FOR VALUES FROM (%L) TO (%L)', p_parent, target,
                   alpha_v4.utc_literal(p_from), alpha_v4.utc_literal(p_to));
  ELSE
    EXECUTE format('CREATE TABLE %s PARTITION OF %s FOR VALUES FROM (%L) TO (%L)', target, p_parent,
                   alpha_v4.utc_literal(p_from), alpha_v4.utc_literal(p_to));
  END IF;
  PERFORM alpha_v4.secure_partition(target::regclass);
  RETURN true;
END
$$;

-- Minimal candle sources for tests and the demo: created only when missing, never altered. Users' own tables
-- (or views) with at least (symbol, ts, open, high, low, close, volume) are read as they are; their names are
-- configurable (alpha_v4.settings and the library's store options).
DO $sources$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['indicators.ohlcv_15m', 'indicators.ohlcv_1h', 'training.spot_15m'] LOOP
    CONTINUE WHEN to_regclass(t) IS NOT NULL;
    EXECUTE format($ddl$
      CREATE TABLE %s (
        symbol text NOT NULL,
        ts timestamptz NOT NULL,
        open double precision NOT NULL,
        high double precision NOT NULL,
        low double precision NOT NULL,
        close double precision NOT NULL,
        volume double precision NOT NULL,
        PRIMARY KEY (symbol, ts)
      )$ddl$, t);
    EXECUTE format('COMMENT ON TABLE %s IS %L', t, 'Minimal candle table created by alpha_v4 (candle open time ts, UTC)');
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO service_role', t);
  END LOOP;
END
$sources$;
GRANT USAGE ON SCHEMA indicators, training TO service_role;

-- Real-time path: pg_notify on every new candle. Payload: {"symbol": ..., "ts": ..., "table": ...}. The function
-- reads the row as JSON, so it works on users' tables whatever their other columns (ts may also be called time,
-- timestamp or open_time) and can never make their inserts fail.
CREATE OR REPLACE FUNCTION alpha_v4.notify_candle()
RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  r jsonb := to_jsonb(NEW);
BEGIN
  PERFORM pg_notify(TG_ARGV[0], jsonb_build_object(
    'symbol', r -> 'symbol',
    'ts', coalesce(r -> 'ts', r -> 'time', r -> 'timestamp', r -> 'open_time'),
    'table', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME)::text);
  RETURN NULL;
END
$$;

-- Attaches alpha_v4.notify_candle to a candle table (for sources under other names). Idempotent.
CREATE OR REPLACE FUNCTION alpha_v4.attach_candle_notify(p_table regclass, p_channel text)
RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  EXECUTE format('CREATE OR REPLACE TRIGGER alpha_v4_notify_candle AFTER INSERT ON %s FOR EACH ROW '
                 'EXECUTE FUNCTION alpha_v4.notify_candle(%L)', p_table, p_channel);
END
$$;

DO $notify$
DECLARE
  src record;
BEGIN
  FOR src IN SELECT * FROM (VALUES ('indicators.ohlcv_15m', 'alpha_v4_ohlcv_15m'),
                                   ('indicators.ohlcv_1h', 'alpha_v4_ohlcv_1h')) AS s(tbl, channel) LOOP
    -- Tables only (a view cannot carry this trigger); a table we may not alter gets a warning, not a failure.
    CONTINUE WHEN NOT EXISTS (SELECT 1 FROM pg_class WHERE oid = to_regclass(src.tbl) AND relkind IN ('r', 'p'));
    BEGIN
      PERFORM alpha_v4.attach_candle_notify(src.tbl::regclass, src.channel);
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE WARNING 'alpha_v4: no candle notifications on % (%)', src.tbl, SQLERRM;
    END;
  END LOOP;
END
$notify$;

-- What this database offers the library: pg_cron and plpython3u availability. Lets the library pick fallbacks.
CREATE OR REPLACE FUNCTION alpha_v4.capabilities()
RETURNS TABLE (name text, available boolean, installed boolean, detail text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT e.name,
         EXISTS (SELECT 1 FROM pg_available_extensions a WHERE a.name = e.name),
         EXISTS (SELECT 1 FROM pg_extension x WHERE x.extname = e.name),
         CASE e.name
           WHEN 'pg_cron' THEN 'cron.database_name = ' || coalesce(current_setting('cron.database_name', true), '(unset)')
           ELSE ''
         END
  FROM (VALUES ('pg_cron'), ('plpython3u')) AS e(name)
$$;
