-- In-database training: alpha_v4.train_xgboost, alpha_v4.train_lightgbm and alpha_v4.xgboost_predict, in plpython3u
-- where the server offers it. Idempotent like every file here.
--
--   SELECT alpha_v4.train_xgboost('BTC', '15m', '2021-01-01', '2025-06-01');
--
-- Where plpython3u is available (Debian's postgresql-plpython3-15, pinned to the server's version; python3-xgboost
-- for Debian's /usr/bin/python3, which plpython3u runs) and the migrating user may create it (a superuser: it is an
-- untrusted language), this file creates the extension and the three functions in plpython3u.
--
-- Elsewhere (PGlite, Supabase: no plpython3u) it applies cleanly, says so in a NOTICE, and creates the same three
-- functions as plpgsql stubs that raise feature_not_supported (0A000) naming what to do instead: train in a Node
-- worker with trainGBDT, or in Python outside the database, and save with saveModelVersion. The stubs keep the
-- functions' names, signatures and grants the same everywhere, so a caller gets that clear error rather than
-- "function does not exist". A plpython3u function created earlier is never replaced by a stub (a later run by a
-- user who may not create plpython3u functions keeps it).
--
-- The training functions (both the same but for the library):
--   alpha_v4.train_xgboost(p_symbol, p_timeframe, p_start, p_end, p_params jsonb DEFAULT '{}',
--                          p_activate boolean DEFAULT true) RETURNS jsonb
--   - Rows: the feature store of the timeframe (alpha_v4.feature_store_15m or _1h; another timeframe is an error),
--     rows of p_symbol with ts in [p_start, p_end).
--   - Label: the close-to-close direction over `horizon` candles (default 1) from the candle source of the timeframe
--     (setting source_<tf>): 1 when close(t + h) > close(t), else 0, where t + h is the open time t plus h candles.
--     A row is dropped when its candle or its label candle is missing from the source, or when the label candle
--     opens at or after p_end: nothing after the window is read (no lookahead past it).
--   - Features: p_params->'features' (feature-store columns, in that order) or, by default, every double precision
--     column of the feature store (symbol and ts aside) that is non-null on every training row, in column order.
--   - Trains binary:logistic gradient-boosted trees with tree_method hist. p_params (a JSON object; any other key is
--     an error) overrides the defaults: n_jobs 4 (threads), n_estimators 200, max_depth 6, learning_rate 0.05,
--     seed 42, horizon 1, min_child_weight 1, subsample 1, colsample_bytree 1, reg_lambda 1, reg_alpha 0, gamma 0,
--     max_bin 256. LightGBM gets them under its own names (num_threads, num_boost_round, min_sum_hessian_in_leaf,
--     bagging_fraction, feature_fraction, lambda_l2, lambda_l1, min_gain_to_split).
--   - Saves the model as the store's saveModelVersion does: INSERT into alpha_v4.model_versions with version NULL
--     (numbered by the trigger), checksum encode(sha256(model_binary), 'hex'), feature_names, train_start/train_end
--     (open times of the first and last training rows), metrics {trainer, library, library_version, rows,
--     positives, negatives, class_balance (share of 1s), logloss_in_sample, horizon, window, params}; format
--     'xgboost-json' (Booster.save_raw('json')) or 'lightgbm-text' (Booster.model_to_string()), both served by the
--     pipeline's predict as one-member ensembles. With p_activate it becomes the active model
--     (alpha_v4.activate_model) and an 'activated' model event is recorded when the active version changes.
--   - Returns {symbol, timeframe, version, rows, features, params, train_start, train_end, seconds, format,
--     checksum, active, metrics}.
--   - Errors (plpy.error with a SQLSTATE): bad arguments 22023 (invalid_parameter_value: a timeframe without a
--     feature store, an empty window, an unknown or out-of-range parameter, an unknown feature); no training row
--     P0002 (no_data_found); a single class, or no usable feature column, 22000 (data_exception); a missing
--     candle source 42P01; the Python module missing for /usr/bin/python3 0A000 (feature_not_supported).
--
--   alpha_v4.xgboost_predict(p_symbol, p_timeframe, p_version integer, p_start, p_end)
--     RETURNS TABLE (ts timestamptz, p_up double precision)
--   - The in-database reference scorer: loads the stored 'xgboost-json' model version (NULL: the active one) into
--     an XGBoost Booster and predicts P(up) for the feature rows of p_symbol with ts in [p_start, p_end), NULL
--     features as missing, ordered by ts. The values are XGBoost's float32 outputs, exactly.
--
-- All three are SECURITY DEFINER with a fixed search_path (and TimeZone UTC), executable by service_role only.

DO $install$
DECLARE
  -- The Python shared by the three functions, prepended to each body (one source, no copy in this file).
  lib text := $lib$
import json
import math
import time

ALPHA_FEATURE_STORES = {'15m': ('alpha_v4.feature_store_15m', '15 minutes'), '1h': ('alpha_v4.feature_store_1h', '1 hour')}
# name: (kind, default, low, high); kinds: int (low <= v <= high), unit (0 < v <= 1), nonneg (finite v >= 0).
ALPHA_PARAMS = {
    'n_jobs': ('int', 4, 1, 256),
    'n_estimators': ('int', 200, 1, 100000),
    'max_depth': ('int', 6, 1, 64),
    'learning_rate': ('unit', 0.05, 0, 1),
    'seed': ('int', 42, 0, 2147483647),
    'horizon': ('int', 1, 1, 10000),
    'min_child_weight': ('nonneg', 1, 0, None),
    'subsample': ('unit', 1, 0, 1),
    'colsample_bytree': ('unit', 1, 0, 1),
    'reg_lambda': ('nonneg', 1, 0, None),
    'reg_alpha': ('nonneg', 0, 0, None),
    'gamma': ('nonneg', 0, 0, None),
    'max_bin': ('int', 256, 2, 65535),
}
ALPHA_CHUNK_ROWS = 5000


def alpha_fail(fn, message, sqlstate, hint=None, detail=None):
    kw = {'sqlstate': sqlstate}
    if hint is not None:
        kw['hint'] = hint
    if detail is not None:
        kw['detail'] = detail
    plpy.error('%s: %s' % (fn, message), **kw)


def alpha_import(fn, module, install):
    import importlib
    import sys
    try:
        return importlib.import_module(module)
    except ImportError as e:
        alpha_fail(fn, "the %s Python module is not installed for the server's python3 (%s): %s, then call again"
                   % (module, sys.executable or '/usr/bin/python3', install), '0A000',
                   'plpython3u runs Debian\'s /usr/bin/python3 with its dist-packages: install the module for that interpreter', str(e))


def alpha_market(fn, symbol, timeframe, start, end):
    """Checks the market and the window; returns (feature table, candle interval, window start and end as JSON)."""
    if symbol is None or symbol == '':
        alpha_fail(fn, 'p_symbol must be a non-empty symbol, got %s' % json.dumps(symbol), '22023')
    if timeframe not in ALPHA_FEATURE_STORES:
        alpha_fail(fn, 'timeframe %s has no feature store: training reads %s' % (
            json.dumps(timeframe), ' or '.join('%s (%s)' % (t, v[0]) for t, v in ALPHA_FEATURE_STORES.items())), '22023')
    if start is None or end is None:
        alpha_fail(fn, 'p_start and p_end must be timestamps, got %s and %s' % (json.dumps(start), json.dumps(end)), '22023')
    w = plpy.execute(plpy.prepare('SELECT $1 < $2 AS ok, to_jsonb($1) AS s, to_jsonb($2) AS e', ['timestamptz', 'timestamptz']), [start, end])[0]
    if not w['ok']:
        alpha_fail(fn, 'the window [%s, %s) is empty: p_start must be before p_end' % (start, end), '22023')
    table, step = ALPHA_FEATURE_STORES[timeframe]
    return table, step, json.loads(w['s']), json.loads(w['e'])


def alpha_finite(v):
    """True for a JSON number that is a finite float64 (an integer of 400 digits is not)."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return False
    try:
        return math.isfinite(float(v))
    except OverflowError:
        return False


def alpha_params(fn, raw):
    """p_params checked against ALPHA_PARAMS: (every parameter with its value, the features asked for or None)."""
    given = json.loads(raw) if raw is not None else {}
    if not isinstance(given, dict):
        alpha_fail(fn, 'p_params must be a JSON object, got %s' % raw, '22023')
    unknown = sorted(k for k in given if k != 'features' and k not in ALPHA_PARAMS)
    if unknown:
        alpha_fail(fn, 'unknown key(s) %s in p_params; the keys are features, %s' % (', '.join(unknown), ', '.join(ALPHA_PARAMS)), '22023')
    params = {}
    for name, (kind, default, low, high) in ALPHA_PARAMS.items():
        v = given.get(name, default)
        number = alpha_finite(v)
        if kind == 'int':
            ok, want = isinstance(v, int) and not isinstance(v, bool) and low <= v <= high, 'an integer in [%d, %d]' % (low, high)
        elif kind == 'unit':
            ok, want = number and 0 < v <= 1, 'a number in (0, 1]'
        else:
            ok, want = number and v >= 0, 'a finite number >= 0'
        if not ok:
            alpha_fail(fn, 'p_params.%s must be %s, got %s' % (name, want, json.dumps(v)), '22023')
        params[name] = v
    features = given.get('features')
    if features is not None:
        if not isinstance(features, list) or not features or not all(isinstance(f, str) and f for f in features):
            alpha_fail(fn, 'p_params.features must be a non-empty array of feature names, got %s' % json.dumps(features), '22023')
        twice = sorted({f for f in features if features.count(f) > 1})
        if twice:
            alpha_fail(fn, 'p_params.features names %s more than once' % ', '.join(twice), '22023')
    return params, features


def alpha_columns(table):
    """The feature columns of a feature-store table (double precision, symbol and ts aside), in column order."""
    return [r['name'] for r in plpy.execute(plpy.prepare(
        "SELECT attname::text AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped"
        " AND atttypid = 'double precision'::regtype AND attname NOT IN ('symbol', 'ts') ORDER BY attnum", ['text']), [table])]


def alpha_unknown_features(fn, table, names, what):
    known = set(alpha_columns(table))
    unknown = [f for f in names if f not in known]
    if unknown:
        alpha_fail(fn, '%s: %s not a feature column of %s' % (what, ', '.join(unknown), table), '22023')


def alpha_source(fn, timeframe):
    """The candle source of the timeframe (setting source_<tf>), as a quoted relation name."""
    key = 'source_' + timeframe
    r = plpy.execute(plpy.prepare('SELECT v, to_regclass(v)::text AS rel FROM (SELECT alpha_v4.setting($1) AS v) s', ['text']), [key])[0]
    if r['rel'] is None:
        alpha_fail(fn, 'the candle source %s (setting %s) does not exist' % (json.dumps(r['v']), key), '42P01',
                   "point the setting at a table or view with symbol, ts, close: UPDATE alpha_v4.settings SET value = ... WHERE key = '%s'" % key)
    return r['rel']


def alpha_fetch(np, plan, args, k, labelled):
    """Runs plan (rows ts, x float8[k] and, when labelled, y) in chunks: (ts JSON strings, X float32 n x k, y float32 or None)."""
    ts, xs, ys = [], [], []
    cursor = plpy.cursor(plan, args)
    while True:
        rows = cursor.fetch(ALPHA_CHUNK_ROWS)
        if not rows:
            break
        ts.extend(json.loads(r['ts']) for r in rows)
        # float8 values (None for NULL: NaN, XGBoost's missing) rounded to float32, as XGBoost reads them.
        xs.append(np.array([r['x'] for r in rows], dtype=np.float64).reshape(len(rows), k).astype(np.float32))
        if labelled:
            ys.extend(r['y'] for r in rows)
    X = np.concatenate(xs) if xs else np.empty((0, k), dtype=np.float32)
    return ts, X, (np.array(ys, dtype=np.float32) if labelled else None)


def alpha_training_set(fn, np, symbol, timeframe, start, end, params, features):
    """The training rows: (feature names, open times, X, labels)."""
    table, step = ALPHA_FEATURE_STORES[timeframe]
    source = alpha_source(fn, timeframe)
    h = params['horizon']
    lag = '$4 * interval %s' % plpy.quote_literal(step)
    rows = ('FROM %s f JOIN %s c0 ON c0.symbol = f.symbol AND c0.ts = f.ts JOIN %s c1 ON c1.symbol = f.symbol AND c1.ts = f.ts + %s'
            ' WHERE f.symbol = $1 AND f.ts >= $2 AND f.ts < $3 AND f.ts + %s < $3') % (table, source, source, lag, lag)
    types, args = ['text', 'timestamptz', 'timestamptz', 'int4'], [symbol, start, end, h]
    if features is not None:
        alpha_unknown_features(fn, table, features, 'p_params.features')
        names = features
    else:
        candidates = alpha_columns(table)
        counts = ''.join(', count(f.%s) AS k%d' % (plpy.quote_ident(c), i) for i, c in enumerate(candidates))
        stats = plpy.execute(plpy.prepare('SELECT count(*) AS n' + counts + ' ' + rows, types), args)[0]
        names = [c for i, c in enumerate(candidates) if stats['k%d' % i] == stats['n']]
        if stats['n'] > 0 and not names:
            alpha_fail(fn, 'no feature column of %s is non-null on every one of the %d training rows of %s %s' % (table, stats['n'], symbol, timeframe),
                       '22000', "name the features: p_params => '{\"features\": [\"rsi_14\", ...]}'")
    x = ', '.join('f.' + plpy.quote_ident(c) for c in names)
    plan = plpy.prepare('SELECT to_jsonb(f.ts)::text AS ts, ARRAY[%s]::float8[] AS x, (c1.close > c0.close)::int AS y %s ORDER BY f.ts' % (x, rows), types)
    ts, X, y = alpha_fetch(np, plan, args, len(names), True)
    n = len(ts)
    if n == 0:
        present = plpy.execute(plpy.prepare('SELECT count(*) AS n FROM %s WHERE symbol = $1 AND ts >= $2 AND ts < $3' % table, types[:3]), args[:3])[0]['n']
        alpha_fail(fn, 'no training rows for %s %s in [%s, %s): %d feature row(s) in the window, none with its candle and its label candle'
                   ' (%d candle(s) later, opening before p_end) in %s' % (symbol, timeframe, start, end, present, h, source), 'P0002')
    positives = int(y.sum())
    if positives == 0 or positives == n:
        alpha_fail(fn, 'all %d training rows of %s %s in [%s, %s) have label %d (close %d candle(s) later above the close): training needs both classes'
                   % (n, symbol, timeframe, start, end, 1 if positives else 0, h), '22000', 'widen the window')
    return names, ts, X, y


def alpha_log_loss(np, y, p):
    q = np.clip(np.asarray(p, dtype=np.float64), 1e-15, 1 - 1e-15)
    yy = y.astype(np.float64)
    return float(-np.mean(yy * np.log(q) + (1 - yy) * np.log(1 - q)))


def alpha_save(fn, symbol, timeframe, fmt, binary, names, metrics, train_start, train_end, activate):
    """Inserts the model version (as the store's saveModelVersion does) and activates it; returns (version, checksum, active)."""
    market = ['text', 'text']
    plpy.execute(plpy.prepare("SELECT pg_advisory_xact_lock(hashtext('alpha_v4.model_versions'), hashtext($1 || '|' || $2))", market), [symbol, timeframe])
    row = plpy.execute(plpy.prepare(
        'INSERT INTO alpha_v4.model_versions (symbol, timeframe, version, format, model_binary, checksum, feature_names, metrics, train_start, train_end)'
        " VALUES ($1, $2, NULL, $3, $4, encode(sha256($4), 'hex'), $5, $6, $7, $8) RETURNING version, checksum",
        market + ['text', 'bytea', 'text[]', 'jsonb', 'timestamptz', 'timestamptz']),
        [symbol, timeframe, fmt, binary, names, json.dumps(metrics), train_start, train_end])[0]
    version = row['version']
    if activate:
        before = plpy.execute(plpy.prepare('SELECT version FROM alpha_v4.models WHERE symbol = $1 AND timeframe = $2', market), [symbol, timeframe])
        previous = before[0]['version'] if before.nrows() else None
        plpy.execute(plpy.prepare('SELECT version FROM alpha_v4.activate_model($1, $2, $3)', market + ['int4']), [symbol, timeframe, version])
        if previous != version:
            detail = ('no model was active before' if previous is None else 'replaces version %d' % previous) + ' (trained by %s)' % fn
            plpy.execute(plpy.prepare(
                "INSERT INTO alpha_v4.model_events (symbol, timeframe, kind, version, served_version, detail, at) VALUES ($1, $2, 'activated', $3, $3, $4, clock_timestamp())",
                market + ['int4', 'text']), [symbol, timeframe, version, detail])
    return version, row['checksum'], bool(activate)


def alpha_train(fn, library, fmt, fit, symbol, timeframe, start, end, raw_params, activate):
    """Checks, reads, trains with fit(np, X, y, names, params) -> (model bytes, in-sample P(up), library version), saves."""
    began = time.monotonic()
    np = alpha_import(fn, 'numpy', 'apt install python3-numpy')
    _, _, window_start, window_end = alpha_market(fn, symbol, timeframe, start, end)
    params, features = alpha_params(fn, raw_params)
    if activate is None:
        alpha_fail(fn, 'p_activate must be true or false, got null', '22023')
    names, ts, X, y = alpha_training_set(fn, np, symbol, timeframe, start, end, params, features)
    binary, p, library_version = fit(np, X, y, names, params)
    n, positives = len(ts), int(y.sum())
    metrics = {
        'trainer': fn, 'library': library, 'library_version': library_version, 'rows': n, 'positives': positives,
        'negatives': n - positives, 'class_balance': positives / n, 'logloss_in_sample': alpha_log_loss(np, y, p),
        'horizon': params['horizon'], 'window': {'start': window_start, 'end': window_end}, 'params': params,
    }
    version, checksum, active = alpha_save(fn, symbol, timeframe, fmt, binary, names, metrics, ts[0], ts[-1], activate)
    return json.dumps({
        'symbol': symbol, 'timeframe': timeframe, 'version': version, 'rows': n, 'features': names, 'params': params,
        'train_start': ts[0], 'train_end': ts[-1], 'seconds': round(time.monotonic() - began, 3), 'format': fmt,
        'checksum': checksum, 'active': active, 'metrics': metrics,
    })
$lib$;

  xgboost_body text := $py$
FN = 'alpha_v4.train_xgboost'
xgb = alpha_import(FN, 'xgboost', 'apt install python3-xgboost')


def fit(np, X, y, names, params):
    d = xgb.DMatrix(X, label=y, missing=np.nan, feature_names=names, nthread=params['n_jobs'])
    booster = xgb.train({
        'objective': 'binary:logistic', 'tree_method': 'hist', 'verbosity': 0, 'nthread': params['n_jobs'],
        'max_depth': params['max_depth'], 'eta': params['learning_rate'], 'seed': params['seed'],
        'min_child_weight': params['min_child_weight'], 'subsample': params['subsample'],
        'colsample_bytree': params['colsample_bytree'], 'lambda': params['reg_lambda'], 'alpha': params['reg_alpha'],
        'gamma': params['gamma'], 'max_bin': params['max_bin'],
    }, d, num_boost_round=params['n_estimators'])
    return bytes(booster.save_raw('json')), booster.predict(d), xgb.__version__


return alpha_train(FN, 'xgboost', 'xgboost-json', fit, p_symbol, p_timeframe, p_start, p_end, p_params, p_activate)
$py$;

  lightgbm_body text := $py$
FN = 'alpha_v4.train_lightgbm'
lgb = alpha_import(FN, 'lightgbm', 'apt install python3-lightgbm where your Debian release packages it (bookworm does not), or pip install lightgbm for that interpreter')


def fit(np, X, y, names, params):
    config = {
        'objective': 'binary', 'verbose': -1, 'deterministic': True, 'force_row_wise': True,
        'num_threads': params['n_jobs'], 'max_depth': params['max_depth'], 'learning_rate': params['learning_rate'],
        'seed': params['seed'], 'min_sum_hessian_in_leaf': params['min_child_weight'],
        'bagging_fraction': params['subsample'], 'bagging_freq': 1 if params['subsample'] < 1 else 0,
        'feature_fraction': params['colsample_bytree'], 'lambda_l2': params['reg_lambda'],
        'lambda_l1': params['reg_alpha'], 'min_gain_to_split': params['gamma'], 'max_bin': params['max_bin'],
    }
    booster = lgb.train(config, lgb.Dataset(X, label=y, feature_name=names, params=config), num_boost_round=params['n_estimators'])
    return booster.model_to_string().encode('utf-8'), booster.predict(X), lgb.__version__


return alpha_train(FN, 'lightgbm', 'lightgbm-text', fit, p_symbol, p_timeframe, p_start, p_end, p_params, p_activate)
$py$;

  predict_body text := $py$
FN = 'alpha_v4.xgboost_predict'
np = alpha_import(FN, 'numpy', 'apt install python3-numpy')
xgb = alpha_import(FN, 'xgboost', 'apt install python3-xgboost')
table, _, _, _ = alpha_market(FN, p_symbol, p_timeframe, p_start, p_end)
found = plpy.execute(plpy.prepare(
    'SELECT version, format, model_binary, feature_names FROM alpha_v4.model_versions WHERE symbol = $1 AND timeframe = $2'
    ' AND version = coalesce($3, (SELECT version FROM alpha_v4.models WHERE symbol = $1 AND timeframe = $2))',
    ['text', 'text', 'int4']), [p_symbol, p_timeframe, p_version])
if not found.nrows():
    alpha_fail(FN, '%s %s has %s' % (p_symbol, p_timeframe, 'no active model' if p_version is None else 'no saved version %d' % p_version), 'P0002')
model = found[0]
if model['format'] != 'xgboost-json':
    alpha_fail(FN, '%s %s v%d is a %s model; this scorer reads xgboost-json' % (p_symbol, p_timeframe, model['version'], model['format']), '22023')
names = model['feature_names']
alpha_unknown_features(FN, table, names, '%s %s v%d feature_names' % (p_symbol, p_timeframe, model['version']))
booster = xgb.Booster()
booster.load_model(bytearray(model['model_binary']))
x = ', '.join(plpy.quote_ident(c) for c in names)
plan = plpy.prepare('SELECT to_jsonb(ts)::text AS ts, ARRAY[%s]::float8[] AS x FROM %s WHERE symbol = $1 AND ts >= $2 AND ts < $3 ORDER BY ts'
                    % (x, table), ['text', 'timestamptz', 'timestamptz'])
ts, X, _ = alpha_fetch(np, plan, [p_symbol, p_start, p_end], len(names), False)
if not ts:
    return []
p = booster.predict(xgb.DMatrix(X, missing=np.nan, feature_names=names))
return [(t, float(v)) for t, v in zip(ts, p)]
$py$;

  functions text[][] := ARRAY[
    ARRAY['train_xgboost', '(p_symbol text, p_timeframe text, p_start timestamptz, p_end timestamptz, p_params jsonb DEFAULT ''{}'', p_activate boolean DEFAULT true) RETURNS jsonb', 'VOLATILE'],
    ARRAY['train_lightgbm', '(p_symbol text, p_timeframe text, p_start timestamptz, p_end timestamptz, p_params jsonb DEFAULT ''{}'', p_activate boolean DEFAULT true) RETURNS jsonb', 'VOLATILE'],
    ARRAY['xgboost_predict', '(p_symbol text, p_timeframe text, p_version integer, p_start timestamptz, p_end timestamptz) RETURNS TABLE (ts timestamptz, p_up double precision)', 'STABLE']
  ];
  bodies text[] := ARRAY[xgboost_body, lightgbm_body, predict_body];
  signatures text[] := ARRAY['alpha_v4.train_xgboost(text, text, timestamptz, timestamptz, jsonb, boolean)',
                             'alpha_v4.train_lightgbm(text, text, timestamptz, timestamptz, jsonb, boolean)',
                             'alpha_v4.xgboost_predict(text, text, integer, timestamptz, timestamptz)'];
  reason text;
  i integer;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'plpython3u') THEN
    reason := 'the plpython3u extension is not available on this server';
  ELSE
    BEGIN
      CREATE EXTENSION IF NOT EXISTS plpython3u;
      FOR i IN 1 .. array_length(functions, 1) LOOP
        EXECUTE format('CREATE OR REPLACE FUNCTION alpha_v4.%s%s LANGUAGE plpython3u %s SECURITY DEFINER '
                       'SET search_path = pg_catalog, pg_temp SET TimeZone = ''UTC'' AS %L',
                       functions[i][1], functions[i][2], functions[i][3], lib || bodies[i]);
      END LOOP;
      RAISE NOTICE 'alpha_v4: plpython3u is available: alpha_v4.train_xgboost, train_lightgbm and xgboost_predict are created in it';
      RETURN;
    EXCEPTION WHEN insufficient_privilege OR undefined_file OR undefined_object OR feature_not_supported THEN
      reason := SQLERRM;
    END;
  END IF;
  FOR i IN 1 .. array_length(functions, 1) LOOP
    IF EXISTS (SELECT 1 FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
               WHERE p.oid = to_regprocedure(signatures[i]) AND l.lanname = 'plpython3u') THEN
      RAISE NOTICE 'alpha_v4: % stays as it is (a plpython3u function created earlier)', signatures[i];
      CONTINUE;
    END IF;
    EXECUTE format('CREATE OR REPLACE FUNCTION alpha_v4.%s%s LANGUAGE plpgsql %s SET search_path = pg_catalog, pg_temp AS %L',
                   functions[i][1], functions[i][2], functions[i][3], format($stub$
BEGIN
  RAISE EXCEPTION USING MESSAGE = %L, ERRCODE = 'feature_not_supported', HINT = %L;
END
$stub$, format('alpha_v4.%s: in-database training needs plpython3u, which this database does not offer (%s)', functions[i][1], reason),
        'On Supabase or PGlite, train in a Node worker (trainGBDT, trainMarketModel) or in Python outside the database, '
        'and save the model with saveModelVersion; on your own PostgreSQL, install postgresql-plpython3-15 (pinned to '
        'the server''s version) and python3-xgboost, then apply the migrations again.'));
  END LOOP;
  RAISE NOTICE 'alpha_v4: plpython3u is not available here (%): alpha_v4.train_xgboost, train_lightgbm and xgboost_predict raise feature_not_supported', reason;
END
$install$;

COMMENT ON FUNCTION alpha_v4.train_xgboost(text, text, timestamptz, timestamptz, jsonb, boolean) IS
  'Trains XGBoost (binary:logistic, hist) on the feature store in [p_start, p_end) with close-to-close direction labels, saves and activates it (format xgboost-json); returns a summary. plpython3u; a stub raising 0A000 where it is not available. See 20261207000300_alpha_v4_train_in_database.sql';
COMMENT ON FUNCTION alpha_v4.train_lightgbm(text, text, timestamptz, timestamptz, jsonb, boolean) IS
  'As alpha_v4.train_xgboost with LightGBM (format lightgbm-text); 0A000 when the lightgbm Python module or plpython3u is missing';
COMMENT ON FUNCTION alpha_v4.xgboost_predict(text, text, integer, timestamptz, timestamptz) IS
  'The in-database reference scorer: P(up) of a stored xgboost-json model version (NULL: the active one) for the feature rows in [p_start, p_end), by XGBoost itself';

REVOKE ALL ON FUNCTION alpha_v4.train_xgboost(text, text, timestamptz, timestamptz, jsonb, boolean),
                       alpha_v4.train_lightgbm(text, text, timestamptz, timestamptz, jsonb, boolean),
                       alpha_v4.xgboost_predict(text, text, integer, timestamptz, timestamptz)
  FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION alpha_v4.train_xgboost(text, text, timestamptz, timestamptz, jsonb, boolean),
                          alpha_v4.train_lightgbm(text, text, timestamptz, timestamptz, jsonb, boolean),
                          alpha_v4.xgboost_predict(text, text, integer, timestamptz, timestamptz)
  TO service_role;
