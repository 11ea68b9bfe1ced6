-- What the prediction pipeline needs from the store: the feature-stream state it resumes from, the model events
-- (activations, load and prediction failures, fallbacks), and a richer performance log (Wilson interval, confident
-- accuracy and coverage, ECE, trailing Sharpe ratio). Idempotent like every file here; it secures its own new
-- objects the way 20261127000700_alpha_v4_security.sql secures the others (RLS enabled, service_role only).

-- ---------------------------------------------------------------------------------------------------------------
-- Feature-stream state: one serialized FeatureStream per (symbol, timeframe, key), key = the caller's identifier of
-- the feature list (the pipeline uses a hash of the model's feature names).

CREATE TABLE IF NOT EXISTS alpha_v4.feature_stream_state (
  symbol text NOT NULL CHECK (symbol <> ''),
  timeframe text NOT NULL CHECK (timeframe IN ('1m', '5m', '15m', '30m', '1h', '4h', '1d')),
  key text NOT NULL CHECK (key <> ''),
  -- Open time of the last candle the state has seen.
  ts timestamptz NOT NULL,
  state jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (symbol, timeframe, key)
);
COMMENT ON TABLE alpha_v4.feature_stream_state IS 'Serialized feature streams (FeatureStream.toJSON()) per symbol, timeframe and feature-list key; ts never moves backwards';

-- ---------------------------------------------------------------------------------------------------------------
-- Model events: what happened to the model serving each market.

CREATE TABLE IF NOT EXISTS alpha_v4.model_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  symbol text NOT NULL CHECK (symbol <> ''),
  timeframe text NOT NULL CHECK (timeframe IN ('1m', '5m', '15m', '30m', '1h', '4h', '1d')),
  at timestamptz NOT NULL DEFAULT now(),
  kind text NOT NULL CHECK (kind IN ('activated', 'load_error', 'checksum_mismatch', 'prediction_error', 'nan_output',
                                     'fallback', 'recovered')),
  -- The version that failed, or that was activated.
  version integer CHECK (version > 0),
  -- The version serving after the event; NULL when nothing could serve.
  served_version integer CHECK (served_version > 0),
  detail text
);
COMMENT ON TABLE alpha_v4.model_events IS 'Model activations, load and prediction failures, fallbacks and recoveries per symbol and timeframe';
CREATE INDEX IF NOT EXISTS model_events_market_at ON alpha_v4.model_events (symbol, timeframe, at);

-- ---------------------------------------------------------------------------------------------------------------
-- Performance log, richer.

INSERT INTO alpha_v4.settings (key, value, description) VALUES
  ('confidence_threshold', '0.55',
   'A directional prediction is confident when max(p_up, 1 - p_up) >= this (performance_log n_confident, coverage)'),
  ('performance_sharpe_window', '30 days',
   'Trailing window of performance_log buckets (up to and including each) over which its sharpe is computed')
ON CONFLICT (key) DO NOTHING;

ALTER TABLE alpha_v4.performance_log
  ADD COLUMN IF NOT EXISTS accuracy_lower double precision CHECK (accuracy_lower >= 0 AND accuracy_lower <= 1),
  ADD COLUMN IF NOT EXISTS accuracy_upper double precision CHECK (accuracy_upper >= 0 AND accuracy_upper <= 1),
  ADD COLUMN IF NOT EXISTS confidence_threshold double precision,
  ADD COLUMN IF NOT EXISTS n_confident integer CHECK (n_confident >= 0),
  ADD COLUMN IF NOT EXISTS n_confident_correct integer CHECK (n_confident_correct >= 0),
  ADD COLUMN IF NOT EXISTS confident_accuracy double precision,
  ADD COLUMN IF NOT EXISTS coverage double precision,
  ADD COLUMN IF NOT EXISTS ece double precision,
  ADD COLUMN IF NOT EXISTS sum_sq_return double precision,
  ADD COLUMN IF NOT EXISTS sharpe double precision;

-- One bound of the Wilson score interval of p_successes out of p_trials (p_sign -1: lower, 1: upper), clamped to
-- [0, 1]; NULL without trials. With p = k / n: (p + z^2/2n +- z sqrt(p (1 - p) / n + z^2 / 4n^2)) / (1 + z^2 / n).
-- Wilson (1927), JASA 22(158), 209-212.
CREATE OR REPLACE FUNCTION alpha_v4.wilson_bound(p_successes bigint, p_trials bigint, p_sign integer,
                                                 p_z double precision DEFAULT 1.959963984540054)
RETURNS double precision LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT CASE WHEN p_trials > 0 THEN
    least(1, greatest(0, (p + z2 / (2 * n) + sign(p_sign) * p_z * sqrt(p * (1 - p) / n + z2 / (4 * n * n))) / (1 + z2 / n)))
  END
  FROM (SELECT p_successes::double precision / nullif(p_trials, 0) AS p, p_trials::double precision AS n,
               p_z * p_z AS z2) v
$$;

-- Recomputes the performance-log buckets that start at or after p_since (whole buckets only: one that started
-- earlier was computed whole by an earlier run), then the trailing Sharpe ratio of those buckets. Returns the number
-- of buckets written. Per bucket of resolved predictions (y = outcome, r = direction * size * realized_return):
--   accuracy = n_correct / n_directional, accuracy_lower / _upper its 95% Wilson interval (z = 1.959963984540054);
--   n_confident = directional predictions with max(p_up, 1 - p_up) >= setting confidence_threshold (0.55),
--   confident_accuracy = n_confident_correct / n_confident, coverage = n_confident / n_directional;
--   ece = sum over 10 equal-width bins of p_up of n_b / n * |mean p_up - mean y|;
--   strategy_return = sum r, sum_sq_return = sum r^2;
--   sharpe = mean / sample sd of r over the buckets of the trailing setting performance_sharpe_window (30 days)
--            up to and including this one, from their n_predictions, strategy_return and sum_sq_return, times
--            sqrt(365 * 86400 / timeframe seconds / horizon); NULL below 2 predictions or at zero variance (below
--            1e-9 of the mean square: rounding of equal returns).
CREATE OR REPLACE FUNCTION alpha_v4.log_performance(p_since timestamptz DEFAULT now() - interval '2 days')
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  -- The first bucket starting at or after p_since: buckets are recomputed whole, never from part of their rows.
  since timestamptz := CASE WHEN isfinite(p_since)
                            THEN date_bin('15 minutes', p_since - interval '1 microsecond', timestamptz '2000-01-01 00:00:00+00')
                                 + interval '15 minutes'
                            ELSE p_since END;
  threshold double precision := alpha_v4.setting('confidence_threshold', '0.55')::double precision;
  win interval := alpha_v4.setting('performance_sharpe_window', '30 days')::interval;
  n bigint;
BEGIN
  IF NOT (threshold >= 0 AND threshold <= 1) THEN
    RAISE EXCEPTION 'alpha_v4: setting confidence_threshold must lie in [0, 1], got %', threshold
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF NOT (win > interval '0') THEN
    RAISE EXCEPTION 'alpha_v4: setting performance_sharpe_window must be a positive interval, got %', win
      USING ERRCODE = 'invalid_parameter_value';
  END IF;

  WITH p AS (
    SELECT symbol, timeframe, horizon, model_version,
           date_bin('15 minutes', ts, timestamptz '2000-01-01 00:00:00+00') AS bucket,
           p_up, outcome::double precision AS y, direction,
           direction * size * coalesce(realized_return, 0) + 0.0 AS r, -- + 0.0: no -0 (a short at size 0) in the sums
           (direction = 1 AND outcome = 1) OR (direction = -1 AND outcome = 0) AS correct,
           direction <> 0 AND greatest(p_up, 1 - p_up) >= threshold AS confident,
           least(floor(p_up * 10), 9) AS bin
    FROM alpha_v4.predictions
    WHERE outcome IS NOT NULL AND ts >= since
  ), bins AS (
    SELECT symbol, timeframe, horizon, model_version, bucket, count(*) AS nb, abs(avg(p_up) - avg(y)) AS gap
    FROM p GROUP BY symbol, timeframe, horizon, model_version, bucket, bin
  ), calibration AS (
    SELECT symbol, timeframe, horizon, model_version, bucket, sum(nb * gap) / sum(nb) AS ece
    FROM bins GROUP BY symbol, timeframe, horizon, model_version, bucket
  ), a AS (
    SELECT symbol, timeframe, horizon, model_version, bucket,
           count(*) AS n_predictions,
           count(*) FILTER (WHERE direction <> 0) AS n_directional,
           count(*) FILTER (WHERE correct) AS n_correct,
           count(*) FILTER (WHERE confident) AS n_confident,
           count(*) FILTER (WHERE confident AND correct) AS n_confident_correct,
           avg((p_up - y) ^ 2) AS brier,
           -avg(y * ln(greatest(p_up, 1e-15)) + (1 - y) * ln(greatest(1 - p_up, 1e-15))) AS log_loss,
           avg(p_up) AS mean_p_up, avg(y) AS base_rate, sum(r) AS strategy_return, sum(r * r) AS sum_sq_return
    FROM p GROUP BY symbol, timeframe, horizon, model_version, bucket
  )
  INSERT INTO alpha_v4.performance_log AS l (symbol, timeframe, horizon, model_version, ts, n_predictions,
                                             n_directional, n_correct, accuracy, accuracy_lower, accuracy_upper, brier,
                                             log_loss, mean_p_up, base_rate, strategy_return, sum_sq_return,
                                             confidence_threshold, n_confident, n_confident_correct,
                                             confident_accuracy, coverage, ece, sharpe, updated_at)
  SELECT a.symbol, a.timeframe, a.horizon, a.model_version, a.bucket, a.n_predictions, a.n_directional, a.n_correct,
         a.n_correct::double precision / nullif(a.n_directional, 0),
         alpha_v4.wilson_bound(a.n_correct, a.n_directional, -1), alpha_v4.wilson_bound(a.n_correct, a.n_directional, 1),
         a.brier, a.log_loss, a.mean_p_up, a.base_rate, a.strategy_return, a.sum_sq_return,
         threshold, a.n_confident, a.n_confident_correct,
         a.n_confident_correct::double precision / nullif(a.n_confident, 0),
         a.n_confident::double precision / nullif(a.n_directional, 0),
         c.ece, NULL, now()
  FROM a JOIN calibration c USING (symbol, timeframe, horizon, model_version, bucket)
  ON CONFLICT (symbol, timeframe, horizon, model_version, ts) DO UPDATE SET
    n_predictions = EXCLUDED.n_predictions, n_directional = EXCLUDED.n_directional, n_correct = EXCLUDED.n_correct,
    accuracy = EXCLUDED.accuracy, accuracy_lower = EXCLUDED.accuracy_lower, accuracy_upper = EXCLUDED.accuracy_upper,
    brier = EXCLUDED.brier, log_loss = EXCLUDED.log_loss, mean_p_up = EXCLUDED.mean_p_up,
    base_rate = EXCLUDED.base_rate, strategy_return = EXCLUDED.strategy_return,
    sum_sq_return = EXCLUDED.sum_sq_return, confidence_threshold = EXCLUDED.confidence_threshold,
    n_confident = EXCLUDED.n_confident, n_confident_correct = EXCLUDED.n_confident_correct,
    confident_accuracy = EXCLUDED.confident_accuracy, coverage = EXCLUDED.coverage, ece = EXCLUDED.ece,
    updated_at = EXCLUDED.updated_at;
  GET DIAGNOSTICS n = ROW_COUNT;

  -- Sharpe over the window (ts - win, ts] of each bucket from `since` on, from the logged sums (buckets logged before
  -- these columns existed, without sum_sq_return, are left out).
  UPDATE alpha_v4.performance_log l SET sharpe = w.sharpe
  FROM (
    SELECT symbol, timeframe, horizon, model_version, ts,
           CASE WHEN wn >= 2 AND wq - ws * ws / wn > 1e-9 * wq THEN
             ws / wn / sqrt((wq - ws * ws / wn) / (wn - 1))
               * sqrt(365.0 * 86400 / CASE timeframe WHEN '1m' THEN 60 WHEN '5m' THEN 300 WHEN '15m' THEN 900
                                                     WHEN '30m' THEN 1800 WHEN '1h' THEN 3600 WHEN '4h' THEN 14400
                                                     ELSE 86400 END / horizon)
           END AS sharpe
    FROM (
      SELECT symbol, timeframe, horizon, model_version, ts,
             sum(n_predictions) FILTER (WHERE sum_sq_return IS NOT NULL) OVER w AS wn,
             sum(strategy_return) FILTER (WHERE sum_sq_return IS NOT NULL) OVER w AS ws,
             sum(sum_sq_return) OVER w AS wq
      FROM alpha_v4.performance_log
      WHERE ts > since - win
      WINDOW w AS (PARTITION BY symbol, timeframe, horizon, model_version ORDER BY ts
                   RANGE BETWEEN win - interval '1 microsecond' PRECEDING AND CURRENT ROW)
    ) sums
  ) w
  WHERE l.symbol = w.symbol AND l.timeframe = w.timeframe AND l.horizon = w.horizon
    AND l.model_version = w.model_version AND l.ts = w.ts AND w.ts >= since;
  RETURN n;
END
$$;

-- Buckets logged before this migration get the new columns (those whose predictions were archived keep NULLs).
SELECT alpha_v4.log_performance(coalesce((SELECT min(ts) FROM alpha_v4.performance_log WHERE sum_sq_return IS NULL),
                                         'infinity'));

-- ---------------------------------------------------------------------------------------------------------------
-- Security of the new objects, as 20261127000700_alpha_v4_security.sql secures the rest: RLS enabled, no access for
-- the API roles, service_role reads and writes through its policy and runs the new function.

REVOKE ALL ON alpha_v4.feature_stream_state, alpha_v4.model_events FROM PUBLIC, anon, authenticated;
GRANT SELECT, INSERT, UPDATE, DELETE ON alpha_v4.feature_stream_state, alpha_v4.model_events TO service_role;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA alpha_v4 TO service_role;
REVOKE ALL ON FUNCTION alpha_v4.wilson_bound(bigint, bigint, integer, double precision) FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION alpha_v4.wilson_bound(bigint, bigint, integer, double precision) TO service_role;

DO $rls$
DECLARE
  t regclass;
BEGIN
  FOREACH t IN ARRAY ARRAY['alpha_v4.feature_stream_state'::regclass, 'alpha_v4.model_events'::regclass] LOOP
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
    IF NOT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = t AND polname = 'service_role_all') THEN
      EXECUTE format('CREATE POLICY service_role_all ON %s FOR ALL TO service_role USING (true) WITH CHECK (true)', t);
    END IF;
  END LOOP;
END
$rls$;
