-- Predictions (monthly partitions, 180-day retention with archival), the performance log, feature importance and
-- A/B results; partition maintenance for the feature stores and predictions.

-- ---------------------------------------------------------------------------------------------------------------
-- Feature-store partitions: LIST (symbol) -> RANGE (ts) by UTC week (Monday 00:00 UTC).

-- A partition-name suffix for a symbol: lowercase alphanumerics plus a short hash, so that distinct symbols
-- ('BTC-USD', 'btc_usd') never share a partition name.
CREATE OR REPLACE FUNCTION alpha_v4.symbol_suffix(p_symbol text)
RETURNS text LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT left(trim(BOTH '_' FROM regexp_replace(lower(p_symbol), '[^a-z0-9]+', '_', 'g')), 20) || '_' || left(md5(p_symbol), 6)
$$;

-- The per-symbol partition of a feature store, created (sub-partitioned by week, with its own default partition)
-- when missing. Rows of that symbol waiting in the store's default partition are moved into it.
CREATE OR REPLACE FUNCTION alpha_v4.create_symbol_partition(p_store regclass, p_symbol text)
RETURNS regclass LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  nsp text;
  rel text;
  target text;
  def regclass;
  moving boolean := false;
BEGIN
  SELECT n.nspname, c.relname INTO nsp, rel FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.oid = p_store;
  target := format('%I.%I', nsp, rel || '_' || alpha_v4.symbol_suffix(p_symbol));
  IF to_regclass(target) IS NOT NULL THEN
    RETURN to_regclass(target);
  END IF;
  def := alpha_v4.default_partition(p_store);
  IF def IS NOT NULL THEN
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s WHERE symbol = $1)', def) INTO moving USING p_symbol;
  END IF;
  IF moving THEN
    EXECUTE format('LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE', def);
    EXECUTE format('CREATE TABLE %s (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (ts)',
                   target, p_store);
    EXECUTE format('CREATE TABLE %s PARTITION OF %s DEFAULT', target || '_default', target);
    EXECUTE format('INSERT INTO %s SELECT * FROM %s WHERE symbol = $1', target, def) USING p_symbol;
    EXECUTE format('DELETE FROM %s WHERE symbol = $1', def) USING p_symbol;
    EXECUTE format('ALTER TABLE %s ATTACH PARTITION %s FOR VALUES IN (%L)', p_store, target, p_symbol);
  ELSE
    EXECUTE format('CREATE TABLE %s PARTITION OF %s FOR VALUES IN (%L) PARTITION BY RANGE (ts)', target, p_store, p_symbol);
    EXECUTE format('CREATE TABLE %s PARTITION OF %s DEFAULT', target || '_default', target);
  END IF;
  PERFORM alpha_v4.secure_partition(target::regclass);
  PERFORM alpha_v4.secure_partition((target || '_default')::regclass);
  RETURN target::regclass;
END
$$;

-- Creates the symbols' partitions and the weekly partitions covering [p_from, p_to) in the feature store of
-- p_timeframe ('15m' or '1h'). Call it before bulk-loading history so that rows land in their week directly.
-- Returns the number of partitions created.
CREATE OR REPLACE FUNCTION alpha_v4.ensure_feature_partitions(p_timeframe text, p_symbols text[], p_from timestamptz,
                                                              p_to timestamptz)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET TimeZone = 'UTC' AS $$
DECLARE
  store regclass := to_regclass('alpha_v4.feature_store_' || p_timeframe);
  sym text;
  part regclass;
  week timestamptz;
  created integer := 0;
BEGIN
  IF store IS NULL THEN
    RAISE EXCEPTION 'alpha_v4: no feature store for timeframe %', p_timeframe USING ERRCODE = 'invalid_parameter_value';
  END IF;
  FOREACH sym IN ARRAY coalesce(p_symbols, ARRAY[]::text[]) LOOP
    IF to_regclass(format('alpha_v4.%I', 'feature_store_' || p_timeframe || '_' || alpha_v4.symbol_suffix(sym))) IS NULL THEN
      created := created + 1;
    END IF;
    part := alpha_v4.create_symbol_partition(store, sym);
    week := date_trunc('week', p_from, 'UTC');
    WHILE week < p_to LOOP
      IF alpha_v4.create_range_partition(part, (SELECT relname FROM pg_class WHERE oid = part) || '_w'
                                           || to_char(week AT TIME ZONE 'UTC', 'YYYYMMDD'),
                                         week, week + interval '7 days') THEN
        created := created + 1;
      END IF;
      week := week + interval '7 days';
    END LOOP;
  END LOOP;
  RETURN created;
END
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- Predictions.

CREATE TABLE IF NOT EXISTS alpha_v4.predictions (
  symbol text NOT NULL CHECK (symbol <> ''),
  timeframe text NOT NULL CHECK (timeframe IN ('1m', '5m', '15m', '30m', '1h', '4h', '1d')),
  -- Open time of the candle whose close the prediction was made at.
  ts timestamptz NOT NULL,
  -- Open time of the candle whose close is predicted (ts + horizon candles).
  target_ts timestamptz NOT NULL,
  horizon integer NOT NULL CHECK (horizon > 0),
  p_up double precision NOT NULL CHECK (p_up >= 0 AND p_up <= 1),
  direction smallint NOT NULL CHECK (direction IN (-1, 0, 1)),
  confidence double precision NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
  size double precision NOT NULL DEFAULT 0 CHECK (size >= 0 AND size < 'Infinity'),
  model_version integer NOT NULL,
  -- Per-member probabilities of the ensemble, e.g. {"gbdt": 0.61, "mlp": 0.57}.
  members jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(members) = 'object'),
  -- Filled by alpha_v4.resolve_predictions() once the target candle exists: 1 when close(target_ts) > close(ts).
  outcome smallint CHECK (outcome IN (0, 1)),
  realized_return double precision,
  resolved_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT predictions_target_after_ts CHECK (target_ts > ts),
  -- A retried write of the same prediction conflicts here instead of duplicating.
  PRIMARY KEY (symbol, timeframe, ts, horizon, model_version)
) PARTITION BY RANGE (ts);
COMMENT ON TABLE alpha_v4.predictions IS 'Predictions, partitioned by month of ts; rows older than predictions_retention (180 days) move to predictions_archive';
CREATE TABLE IF NOT EXISTS alpha_v4.predictions_default PARTITION OF alpha_v4.predictions DEFAULT;
CREATE INDEX IF NOT EXISTS predictions_unresolved ON alpha_v4.predictions (timeframe, target_ts) WHERE outcome IS NULL;

CREATE TABLE IF NOT EXISTS alpha_v4.predictions_archive (
  symbol text NOT NULL,
  timeframe text NOT NULL,
  ts timestamptz NOT NULL,
  target_ts timestamptz NOT NULL,
  horizon integer NOT NULL,
  p_up double precision NOT NULL,
  direction smallint NOT NULL,
  confidence double precision NOT NULL,
  size double precision NOT NULL,
  model_version integer NOT NULL,
  members jsonb NOT NULL,
  outcome smallint,
  realized_return double precision,
  resolved_at timestamptz,
  created_at timestamptz NOT NULL,
  archived_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (symbol, timeframe, ts, horizon, model_version)
);
COMMENT ON TABLE alpha_v4.predictions_archive IS 'Predictions past the retention window, moved here by alpha_v4.archive_predictions()';
CREATE INDEX IF NOT EXISTS predictions_archive_ts_brin ON alpha_v4.predictions_archive USING brin (ts);

-- Creates the monthly prediction partitions from p_from's month through p_months_ahead months after p_now's.
CREATE OR REPLACE FUNCTION alpha_v4.ensure_prediction_partitions(p_months_ahead integer DEFAULT NULL,
                                                                 p_now timestamptz DEFAULT now(),
                                                                 p_from timestamptz DEFAULT NULL)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET TimeZone = 'UTC' AS $$
DECLARE
  ahead integer := coalesce(p_months_ahead, alpha_v4.setting('prediction_partition_months_ahead', '3')::integer);
  month timestamptz := date_trunc('month', coalesce(p_from, p_now), 'UTC');
  last timestamptz := date_trunc('month', p_now, 'UTC') + make_interval(months => ahead);
  created integer := 0;
BEGIN
  WHILE month <= last LOOP
    IF alpha_v4.create_range_partition('alpha_v4.predictions', 'predictions_p' || to_char(month AT TIME ZONE 'UTC', 'YYYYMM'),
                                       month, (month AT TIME ZONE 'UTC' + interval '1 month') AT TIME ZONE 'UTC') THEN
      created := created + 1;
    END IF;
    month := (month AT TIME ZONE 'UTC' + interval '1 month') AT TIME ZONE 'UTC';
  END LOOP;
  RETURN created;
END
$$;

-- Weekly maintenance of every partitioned alpha_v4 table: gives symbols waiting in a feature store's default
-- partition their own partition, splits the weeks (months) waiting in default partitions into their own
-- partitions, and creates the coming weeks (months). Returns the number of partitions created.
CREATE OR REPLACE FUNCTION alpha_v4.maintain_partitions(p_now timestamptz DEFAULT now())
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET TimeZone = 'UTC' AS $$
DECLARE
  weeks integer := alpha_v4.setting('feature_partition_weeks_ahead', '4')::integer;
  tf text;
  store regclass;
  def regclass;
  sym text;
  part record;
  wk timestamptz;
  created integer := 0;
BEGIN
  FOREACH tf IN ARRAY ARRAY['15m', '1h'] LOOP
    store := to_regclass('alpha_v4.feature_store_' || tf);
    CONTINUE WHEN store IS NULL;
    def := alpha_v4.default_partition(store);
    IF def IS NOT NULL THEN
      FOR sym IN EXECUTE format('SELECT DISTINCT symbol FROM %s', def) LOOP
        created := created + alpha_v4.ensure_feature_partitions(tf, ARRAY[sym], p_now, p_now);
      END LOOP;
    END IF;
    FOR part IN
      SELECT c.oid::regclass AS rel, pg_get_expr(c.relpartbound, c.oid) AS bound
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = store AND c.relkind = 'p'
    LOOP
      sym := substring(part.bound FROM '^FOR VALUES IN \(''(.*)''\)$');
      CONTINUE WHEN sym IS NULL;
      sym := replace(sym, '''''', '''');
      def := alpha_v4.default_partition(part.rel);
      IF def IS NOT NULL THEN
        FOR wk IN EXECUTE format('SELECT DISTINCT date_trunc(''week'', ts, ''UTC'') FROM %s', def) LOOP
          created := created + alpha_v4.ensure_feature_partitions(tf, ARRAY[sym], wk, wk + interval '1 second');
        END LOOP;
      END IF;
      created := created + alpha_v4.ensure_feature_partitions(tf, ARRAY[sym], p_now, p_now + make_interval(weeks => weeks));
    END LOOP;
  END LOOP;

  def := alpha_v4.default_partition('alpha_v4.predictions');
  IF def IS NOT NULL THEN
    FOR wk IN EXECUTE format('SELECT DISTINCT date_trunc(''month'', ts, ''UTC'') FROM %s', def) LOOP
      created := created + alpha_v4.ensure_prediction_partitions(0, wk, wk);
    END LOOP;
  END IF;
  created := created + alpha_v4.ensure_prediction_partitions(NULL, p_now);
  RETURN created;
END
$$;

-- Moves predictions older than the retention window (setting predictions_retention, 180 days) into
-- predictions_archive, dropping the monthly partitions that lie wholly before the cutoff. Returns the number of
-- rows archived. Idempotent: an archived row that is archived again updates its copy.
CREATE OR REPLACE FUNCTION alpha_v4.archive_predictions(p_now timestamptz DEFAULT now(), p_retention interval DEFAULT NULL)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET TimeZone = 'UTC' AS $$
DECLARE
  cutoff timestamptz := p_now - coalesce(p_retention, alpha_v4.setting('predictions_retention', '180 days')::interval);
  moved bigint;
  part record;
BEGIN
  INSERT INTO alpha_v4.predictions_archive AS a (symbol, timeframe, ts, target_ts, horizon, p_up, direction, confidence,
                                                 size, model_version, members, outcome, realized_return, resolved_at,
                                                 created_at, archived_at)
  SELECT symbol, timeframe, ts, target_ts, horizon, p_up, direction, confidence, size, model_version, members,
         outcome, realized_return, resolved_at, created_at, now()
  FROM alpha_v4.predictions WHERE ts < cutoff
  ON CONFLICT (symbol, timeframe, ts, horizon, model_version) DO UPDATE SET
    target_ts = EXCLUDED.target_ts, p_up = EXCLUDED.p_up, direction = EXCLUDED.direction,
    confidence = EXCLUDED.confidence, size = EXCLUDED.size, members = EXCLUDED.members,
    outcome = EXCLUDED.outcome, realized_return = EXCLUDED.realized_return, resolved_at = EXCLUDED.resolved_at,
    created_at = EXCLUDED.created_at, archived_at = EXCLUDED.archived_at;
  GET DIAGNOSTICS moved = ROW_COUNT;
  -- Whole months before the cutoff: drop the partition (its rows are archived above).
  FOR part IN
    SELECT c.oid::regclass AS rel,
           substring(pg_get_expr(c.relpartbound, c.oid) FROM 'TO \(''([^'']+)''\)')::timestamptz AS upper_bound
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'alpha_v4.predictions'::regclass AND pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'
  LOOP
    IF part.upper_bound <= cutoff THEN
      EXECUTE format('DROP TABLE %s', part.rel);
    END IF;
  END LOOP;
  DELETE FROM alpha_v4.predictions WHERE ts < cutoff;
  RETURN moved;
END
$$;

-- Fills outcome and realized_return of the predictions whose target candle exists in the candle source of their
-- timeframe (setting source_<timeframe>, a table or view with symbol, ts, close). Returns the number resolved.
CREATE OR REPLACE FUNCTION alpha_v4.resolve_predictions(p_now timestamptz DEFAULT now())
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  tf text;
  src regclass;
  n bigint;
  total bigint := 0;
BEGIN
  FOR tf IN SELECT DISTINCT timeframe FROM alpha_v4.predictions WHERE outcome IS NULL AND target_ts <= p_now LOOP
    src := to_regclass(alpha_v4.setting('source_' || tf));
    IF src IS NULL THEN
      RAISE NOTICE 'alpha_v4: no candle source for timeframe % (setting source_%)', tf, tf;
      CONTINUE;
    END IF;
    EXECUTE format($q$
      UPDATE alpha_v4.predictions p
      SET realized_return = t.close / s.close - 1, outcome = (t.close > s.close)::integer, resolved_at = $2
      FROM %1$s s, %1$s t
      WHERE p.timeframe = $1 AND p.outcome IS NULL AND p.target_ts <= $2
        AND s.symbol = p.symbol AND s.ts = p.ts AND t.symbol = p.symbol AND t.ts = p.target_ts AND s.close > 0
    $q$, src) USING tf, p_now;
    GET DIAGNOSTICS n = ROW_COUNT;
    total := total + n;
  END LOOP;
  RETURN total;
END
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- Performance log: one row per 15-minute bucket of prediction time, symbol, timeframe, horizon and model version.

CREATE TABLE IF NOT EXISTS alpha_v4.performance_log (
  symbol text NOT NULL,
  timeframe text NOT NULL,
  horizon integer NOT NULL,
  model_version integer NOT NULL,
  ts timestamptz NOT NULL CHECK (date_bin('15 minutes', ts, timestamptz '2000-01-01 00:00:00+00') = ts),
  n_predictions integer NOT NULL CHECK (n_predictions >= 0),
  n_directional integer NOT NULL CHECK (n_directional >= 0),
  n_correct integer NOT NULL CHECK (n_correct >= 0 AND n_correct <= n_directional),
  accuracy double precision,
  brier double precision,
  log_loss double precision,
  mean_p_up double precision,
  base_rate double precision,
  strategy_return double precision,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (symbol, timeframe, horizon, model_version, ts)
);
COMMENT ON TABLE alpha_v4.performance_log IS 'Resolved-prediction metrics per 15-minute bucket (filled by alpha_v4.log_performance())';
CREATE INDEX IF NOT EXISTS performance_log_ts_brin ON alpha_v4.performance_log USING brin (ts);

-- Recomputes the performance-log buckets of predictions made since p_since. Returns the number of buckets written.
CREATE OR REPLACE FUNCTION alpha_v4.log_performance(p_since timestamptz DEFAULT now() - interval '2 days')
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  n bigint;
BEGIN
  INSERT INTO alpha_v4.performance_log AS l (symbol, timeframe, horizon, model_version, ts, n_predictions,
                                             n_directional, n_correct, accuracy, brier, log_loss, mean_p_up,
                                             base_rate, strategy_return, updated_at)
  SELECT symbol, timeframe, horizon, model_version,
         date_bin('15 minutes', ts, timestamptz '2000-01-01 00:00:00+00'),
         count(*), count(*) FILTER (WHERE direction <> 0),
         count(*) FILTER (WHERE (direction = 1 AND outcome = 1) OR (direction = -1 AND outcome = 0)),
         count(*) FILTER (WHERE (direction = 1 AND outcome = 1) OR (direction = -1 AND outcome = 0))::double precision
           / nullif(count(*) FILTER (WHERE direction <> 0), 0),
         avg((p_up - outcome) ^ 2),
         -avg(outcome * ln(greatest(p_up, 1e-15)) + (1 - outcome) * ln(greatest(1 - p_up, 1e-15))),
         avg(p_up), avg(outcome), sum(direction * size * coalesce(realized_return, 0)), now()
  FROM alpha_v4.predictions
  WHERE outcome IS NOT NULL AND ts >= p_since
  GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (symbol, timeframe, horizon, model_version, ts) DO UPDATE SET
    n_predictions = EXCLUDED.n_predictions, n_directional = EXCLUDED.n_directional, n_correct = EXCLUDED.n_correct,
    accuracy = EXCLUDED.accuracy, brier = EXCLUDED.brier, log_loss = EXCLUDED.log_loss,
    mean_p_up = EXCLUDED.mean_p_up, base_rate = EXCLUDED.base_rate, strategy_return = EXCLUDED.strategy_return,
    updated_at = EXCLUDED.updated_at;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- Feature importance history and A/B results.

CREATE TABLE IF NOT EXISTS alpha_v4.feature_importance_history (
  symbol text NOT NULL,
  timeframe text NOT NULL,
  model_version integer NOT NULL,
  -- 'gain', 'weight', 'cover', 'shap', 'permutation', ...
  method text NOT NULL CHECK (method <> ''),
  computed_at timestamptz NOT NULL,
  feature text NOT NULL,
  importance double precision NOT NULL,
  rank integer CHECK (rank > 0),
  PRIMARY KEY (symbol, timeframe, model_version, method, computed_at, feature)
);
COMMENT ON TABLE alpha_v4.feature_importance_history IS 'Feature importances per model version, method and computation time';

CREATE TABLE IF NOT EXISTS alpha_v4.ab_test_results (
  test_name text NOT NULL,
  symbol text NOT NULL,
  timeframe text NOT NULL,
  window_start timestamptz NOT NULL,
  window_end timestamptz NOT NULL,
  -- What was compared, e.g. 'alpha' (the legacy schema) and 'alpha_v4:12'.
  champion text NOT NULL,
  challenger text NOT NULL,
  n_samples integer NOT NULL CHECK (n_samples >= 0),
  champion_accuracy double precision,
  challenger_accuracy double precision,
  champion_brier double precision,
  challenger_brier double precision,
  champion_sharpe double precision,
  challenger_sharpe double precision,
  p_value double precision CHECK (p_value >= 0 AND p_value <= 1),
  winner text CHECK (winner IN ('champion', 'challenger', 'none')),
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (test_name, symbol, timeframe, window_start, window_end),
  CONSTRAINT ab_test_results_window CHECK (window_start < window_end)
);
COMMENT ON TABLE alpha_v4.ab_test_results IS 'A/B comparisons (e.g. the legacy alpha schema against alpha_v4) per window';

-- The current and coming months' prediction partitions.
SELECT alpha_v4.ensure_prediction_partitions();
