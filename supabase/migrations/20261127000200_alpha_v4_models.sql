-- Models: every saved version (at most 10 per symbol and timeframe, enforced here) and the active one.

CREATE TABLE IF NOT EXISTS alpha_v4.model_versions (
  symbol text NOT NULL CHECK (symbol <> ''),
  timeframe text NOT NULL CHECK (timeframe IN ('1m', '5m', '15m', '30m', '1h', '4h', '1d')),
  -- Assigned by the database (previous maximum + 1) when inserted as NULL.
  version integer NOT NULL CHECK (version > 0),
  format text NOT NULL CHECK (format <> ''),
  model_binary bytea NOT NULL,
  -- Lowercase hex sha256 of model_binary, checked by the database.
  checksum text NOT NULL,
  feature_names text[] NOT NULL,
  metrics jsonb NOT NULL DEFAULT '{}'::jsonb,
  train_start timestamptz,
  train_end timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (symbol, timeframe, version),
  CONSTRAINT model_versions_checksum_sha256 CHECK (checksum = encode(sha256(model_binary), 'hex')),
  CONSTRAINT model_versions_training_window CHECK (train_start IS NULL OR train_end IS NULL OR train_start <= train_end),
  CONSTRAINT model_versions_metrics_object CHECK (jsonb_typeof(metrics) = 'object')
);
COMMENT ON TABLE alpha_v4.model_versions IS 'Saved model versions; at most model_versions_keep (10) per symbol and timeframe, pruned by trigger';

CREATE TABLE IF NOT EXISTS alpha_v4.models (
  symbol text NOT NULL,
  timeframe text NOT NULL CHECK (timeframe IN ('1m', '5m', '15m', '30m', '1h', '4h', '1d')),
  version integer NOT NULL,
  -- The version that was active before this one (for rollback), if any.
  previous_version integer,
  format text NOT NULL,
  model_binary bytea NOT NULL,
  checksum text NOT NULL,
  feature_names text[] NOT NULL,
  metrics jsonb NOT NULL DEFAULT '{}'::jsonb,
  train_start timestamptz,
  train_end timestamptz,
  created_at timestamptz NOT NULL,
  activated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (symbol, timeframe),
  CONSTRAINT models_checksum_sha256 CHECK (checksum = encode(sha256(model_binary), 'hex'))
);
COMMENT ON TABLE alpha_v4.models IS 'The active model per symbol and timeframe (a copy of its model_versions row)';

-- Serializes writers of one (symbol, timeframe) and numbers new versions.
CREATE OR REPLACE FUNCTION alpha_v4.model_versions_before_insert()
RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('alpha_v4.model_versions'), hashtext(NEW.symbol || '|' || NEW.timeframe));
  IF NEW.version IS NULL THEN
    SELECT coalesce(max(version), 0) + 1 INTO NEW.version
    FROM alpha_v4.model_versions WHERE symbol = NEW.symbol AND timeframe = NEW.timeframe;
  END IF;
  RETURN NEW;
END
$$;

-- Deletes all but the p_keep versions to keep: the active one, the previously active one, then the newest.
-- Returns the number deleted.
CREATE OR REPLACE FUNCTION alpha_v4.prune_model_versions(p_symbol text, p_timeframe text, p_keep integer DEFAULT NULL)
RETURNS integer LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  keep integer := coalesce(p_keep, alpha_v4.setting('model_versions_keep', '10')::integer);
  deleted integer;
BEGIN
  DELETE FROM alpha_v4.model_versions v
  USING (
    SELECT mv.version,
           row_number() OVER (ORDER BY (mv.version = m.version) DESC NULLS LAST,
                                       (mv.version = m.previous_version) DESC NULLS LAST,
                                       mv.version DESC) AS rn
    FROM alpha_v4.model_versions mv
    LEFT JOIN alpha_v4.models m ON m.symbol = mv.symbol AND m.timeframe = mv.timeframe
    WHERE mv.symbol = p_symbol AND mv.timeframe = p_timeframe
  ) ranked
  WHERE v.symbol = p_symbol AND v.timeframe = p_timeframe AND v.version = ranked.version AND ranked.rn > keep;
  GET DIAGNOSTICS deleted = ROW_COUNT;
  RETURN deleted;
END
$$;

CREATE OR REPLACE FUNCTION alpha_v4.model_versions_after_insert()
RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM alpha_v4.prune_model_versions(NEW.symbol, NEW.timeframe);
  RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER model_versions_number
  BEFORE INSERT ON alpha_v4.model_versions FOR EACH ROW EXECUTE FUNCTION alpha_v4.model_versions_before_insert();
CREATE OR REPLACE TRIGGER model_versions_prune
  AFTER INSERT ON alpha_v4.model_versions FOR EACH ROW EXECUTE FUNCTION alpha_v4.model_versions_after_insert();

-- Makes a saved version the active model of its symbol and timeframe (in the caller's transaction) and returns the
-- active row. Raises no_data_found (P0002) when that version does not exist.
CREATE OR REPLACE FUNCTION alpha_v4.activate_model(p_symbol text, p_timeframe text, p_version integer)
RETURNS alpha_v4.models LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  result alpha_v4.models;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('alpha_v4.model_versions'), hashtext(p_symbol || '|' || p_timeframe));
  INSERT INTO alpha_v4.models AS m (symbol, timeframe, version, previous_version, format, model_binary, checksum,
                                    feature_names, metrics, train_start, train_end, created_at, activated_at)
  SELECT v.symbol, v.timeframe, v.version, NULL, v.format, v.model_binary, v.checksum, v.feature_names, v.metrics,
         v.train_start, v.train_end, v.created_at, now()
  FROM alpha_v4.model_versions v
  WHERE v.symbol = p_symbol AND v.timeframe = p_timeframe AND v.version = p_version
  ON CONFLICT (symbol, timeframe) DO UPDATE SET
    previous_version = CASE WHEN m.version = EXCLUDED.version THEN m.previous_version ELSE m.version END,
    version = EXCLUDED.version, format = EXCLUDED.format, model_binary = EXCLUDED.model_binary,
    checksum = EXCLUDED.checksum, feature_names = EXCLUDED.feature_names, metrics = EXCLUDED.metrics,
    train_start = EXCLUDED.train_start, train_end = EXCLUDED.train_end, created_at = EXCLUDED.created_at,
    activated_at = EXCLUDED.activated_at
  RETURNING * INTO result;
  IF result.symbol IS NULL THEN
    RAISE EXCEPTION 'alpha_v4: model version % of % % does not exist', p_version, p_symbol, p_timeframe
      USING ERRCODE = 'no_data_found';
  END IF;
  RETURN result;
END
$$;
