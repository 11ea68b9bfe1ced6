-- Dashboard materialized views over resolved predictions, per (symbol, timeframe, horizon, model_version). Each has
-- the unique index that REFRESH MATERIALIZED VIEW CONCURRENTLY needs; the refresh_dashboards job refreshes them.
-- Correct = direction 1 with outcome 1, or direction -1 with outcome 0; direction 0 (no trade) counts towards
-- coverage only.

CREATE MATERIALIZED VIEW IF NOT EXISTS alpha_v4.mv_accuracy_7d AS
SELECT symbol, timeframe, horizon, model_version,
       count(*)::bigint AS n_predictions,
       count(*) FILTER (WHERE direction <> 0)::bigint AS n_directional,
       count(*) FILTER (WHERE (direction = 1 AND outcome = 1) OR (direction = -1 AND outcome = 0))::bigint AS n_correct,
       count(*) FILTER (WHERE (direction = 1 AND outcome = 1) OR (direction = -1 AND outcome = 0))::double precision
         / nullif(count(*) FILTER (WHERE direction <> 0), 0) AS accuracy,
       count(*) FILTER (WHERE direction <> 0)::double precision / count(*) AS coverage,
       avg((p_up - outcome) ^ 2) AS brier,
       avg(p_up) AS mean_p_up,
       avg(outcome::double precision) AS base_rate,
       min(ts) AS first_ts,
       max(ts) AS last_ts,
       now() AS refreshed_at
FROM alpha_v4.predictions
WHERE outcome IS NOT NULL AND ts >= now() - interval '7 days'
GROUP BY symbol, timeframe, horizon, model_version
WITH DATA;
CREATE UNIQUE INDEX IF NOT EXISTS mv_accuracy_7d_key ON alpha_v4.mv_accuracy_7d (symbol, timeframe, horizon, model_version);

CREATE MATERIALIZED VIEW IF NOT EXISTS alpha_v4.mv_accuracy_30d AS
SELECT symbol, timeframe, horizon, model_version,
       count(*)::bigint AS n_predictions,
       count(*) FILTER (WHERE direction <> 0)::bigint AS n_directional,
       count(*) FILTER (WHERE (direction = 1 AND outcome = 1) OR (direction = -1 AND outcome = 0))::bigint AS n_correct,
       count(*) FILTER (WHERE (direction = 1 AND outcome = 1) OR (direction = -1 AND outcome = 0))::double precision
         / nullif(count(*) FILTER (WHERE direction <> 0), 0) AS accuracy,
       count(*) FILTER (WHERE direction <> 0)::double precision / count(*) AS coverage,
       avg((p_up - outcome) ^ 2) AS brier,
       avg(p_up) AS mean_p_up,
       avg(outcome::double precision) AS base_rate,
       min(ts) AS first_ts,
       max(ts) AS last_ts,
       now() AS refreshed_at
FROM alpha_v4.predictions
WHERE outcome IS NOT NULL AND ts >= now() - interval '30 days'
GROUP BY symbol, timeframe, horizon, model_version
WITH DATA;
CREATE UNIQUE INDEX IF NOT EXISTS mv_accuracy_30d_key ON alpha_v4.mv_accuracy_30d (symbol, timeframe, horizon, model_version);

-- Expected calibration error over the last 30 days: 10 equal-width bins of p_up,
-- ece = sum over bins of (n_bin / n) * |mean p_up - frequency of up|; mce = the largest bin gap.
CREATE MATERIALIZED VIEW IF NOT EXISTS alpha_v4.mv_calibration_error AS
WITH bins AS (
  SELECT symbol, timeframe, horizon, model_version,
         least(floor(p_up * 10), 9)::integer AS bin,
         count(*) AS n,
         avg(p_up) AS mean_p,
         avg(outcome::double precision) AS freq
  FROM alpha_v4.predictions
  WHERE outcome IS NOT NULL AND ts >= now() - interval '30 days'
  GROUP BY 1, 2, 3, 4, 5
)
SELECT symbol, timeframe, horizon, model_version,
       sum(n)::bigint AS n_predictions,
       sum(n * abs(mean_p - freq)) / sum(n) AS ece,
       max(abs(mean_p - freq)) AS mce,
       jsonb_agg(jsonb_build_object('bin', bin, 'n', n, 'mean_p', mean_p, 'freq', freq) ORDER BY bin) AS bins,
       now() AS refreshed_at
FROM bins
GROUP BY symbol, timeframe, horizon, model_version
WITH DATA;
CREATE UNIQUE INDEX IF NOT EXISTS mv_calibration_error_key ON alpha_v4.mv_calibration_error (symbol, timeframe, horizon, model_version);

-- Sharpe ratio of the strategy over the last 30 days. Per prediction the strategy return is
-- direction * size * realized_return; sharpe = mean / sample stddev * sqrt(periods per year / horizon), with
-- periods per year = 525600 / timeframe minutes. max_drawdown is the largest fall of the cumulative (summed)
-- return from its running peak (starting at 0).
CREATE MATERIALIZED VIEW IF NOT EXISTS alpha_v4.mv_sharpe_ratio AS
WITH r AS (
  SELECT symbol, timeframe, horizon, model_version, ts,
         direction * size * realized_return AS ret,
         CASE timeframe WHEN '1m' THEN 1 WHEN '5m' THEN 5 WHEN '15m' THEN 15 WHEN '30m' THEN 30
                        WHEN '1h' THEN 60 WHEN '4h' THEN 240 ELSE 1440 END AS minutes
  FROM alpha_v4.predictions
  WHERE outcome IS NOT NULL AND realized_return IS NOT NULL AND ts >= now() - interval '30 days'
), c AS (
  SELECT *, sum(ret) OVER w AS cum FROM r
  WINDOW w AS (PARTITION BY symbol, timeframe, horizon, model_version ORDER BY ts)
), d AS (
  SELECT *, greatest(max(cum) OVER w, 0) - cum AS drawdown FROM c
  WINDOW w AS (PARTITION BY symbol, timeframe, horizon, model_version ORDER BY ts)
)
SELECT symbol, timeframe, horizon, model_version,
       count(*)::bigint AS n_predictions,
       avg(ret) AS mean_return,
       stddev_samp(ret) AS stddev_return,
       avg(ret) / nullif(stddev_samp(ret), 0) * sqrt(525600.0 / min(minutes) / horizon) AS sharpe,
       sum(ret) AS total_return,
       count(*) FILTER (WHERE ret > 0)::double precision / nullif(count(*) FILTER (WHERE ret <> 0), 0) AS win_rate,
       max(drawdown) AS max_drawdown,
       now() AS refreshed_at
FROM d
GROUP BY symbol, timeframe, horizon, model_version
WITH DATA;
CREATE UNIQUE INDEX IF NOT EXISTS mv_sharpe_ratio_key ON alpha_v4.mv_sharpe_ratio (symbol, timeframe, horizon, model_version);
