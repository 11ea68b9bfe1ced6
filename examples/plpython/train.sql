-- In-database training with plpython3u (see README.md beside this file).
-- Needs: the alpha_v4 migrations applied on a PostgreSQL server with postgresql-plpython3-15 and python3-xgboost;
-- candles in the timeframe's source (setting source_15m, default indicators.ohlcv_15m) and features in
-- alpha_v4.feature_store_15m for the window. Run as the migrating user or as service_role.
--
--   psql "$DATABASE_URL" -f examples/plpython/train.sql

-- 1. Train on every stored row of the window, with the defaults, save as a new version and make it active.
--    Dates without a zone are read in the session's TimeZone.
SELECT alpha_v4.train_xgboost('BTC', '15m', '2021-01-01', '2025-06-01');
-- Returns one jsonb summary (values from a run on simulated candles; params and metrics.params shortened):
-- {
--   "symbol": "BTC", "timeframe": "15m", "version": 3, "rows": 299,
--   "features": ["log_return_1", "rsi_14"],
--   "params": {"n_jobs": 4, "n_estimators": 200, "max_depth": 6, "learning_rate": 0.05, "seed": 42, "horizon": 1, ...},
--   "train_start": "2024-01-01T00:00:00+00:00", "train_end": "2024-01-04T02:30:00+00:00",
--   "seconds": 0.134, "format": "xgboost-json",
--   "checksum": "2c48bb51e3c142068db72d7e34710274e9f898b1adc0005dba7ff672ff897287", "active": true,
--   "metrics": {"trainer": "alpha_v4.train_xgboost", "library": "xgboost", "library_version": "1.7.4",
--               "rows": 299, "positives": 155, "negatives": 144, "class_balance": 0.5183946488294314,
--               "logloss_in_sample": 0.006943080960338604, "horizon": 1,
--               "window": {"start": "2021-01-01T00:00:00+00:00", "end": "2025-06-01T00:00:00+00:00"}, "params": {...}}
-- }

-- 2. The same with parameters: named features, a 4-candle horizon, 2 threads, a smaller forest; saved, not activated.
SELECT alpha_v4.train_xgboost('BTC', '15m', '2024-01-01', '2025-01-01',
  '{"features": ["rsi_14", "log_return_1", "natr_14"], "horizon": 4, "n_jobs": 2, "n_estimators": 100}', false);

-- 3. What is active now, and what was saved.
SELECT version, format, checksum, feature_names, metrics ->> 'logloss_in_sample' AS logloss, train_start, train_end
FROM alpha_v4.models WHERE symbol = 'BTC' AND timeframe = '15m';
SELECT version, format, created_at FROM alpha_v4.model_versions WHERE symbol = 'BTC' AND timeframe = '15m' ORDER BY version;

-- 4. XGBoost's own probabilities for stored feature rows, in the database (NULL version: the active model). The
--    TypeScript scorer (loadXGBoostModel, the pipeline's predict) gives these values bit for bit.
SELECT ts, p_up FROM alpha_v4.xgboost_predict('BTC', '15m', NULL, '2024-01-03 00:00+00', '2024-01-03 01:00+00');
--            ts           |         p_up
-- ------------------------+-----------------------
--  2024-01-03 00:00:00+00 | 0.0030761726666241884
--  2024-01-03 00:15:00+00 |  0.003520948113873601
--  2024-01-03 00:30:00+00 |  0.006575334817171097
--  2024-01-03 00:45:00+00 |    0.9810853004455566
