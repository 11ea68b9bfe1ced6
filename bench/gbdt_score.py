#!/usr/bin/python3
"""XGBoost side of the gbdt scorer benchmark (bench/gbdt-score.ts runs it as a child process).

Usage: /usr/bin/python3 bench/gbdt_score.py <data-dir> '<config json>'
Reads <data-dir>/{X.f32,meta.json}; trains python3-xgboost (tree_method=hist) for `rounds` rounds of depth `depth` on
the first `trainRows` rows (labels y.f64), saves the model to <data-dir>/model.json, then times
`Booster.inplace_predict` on the next `scoreRows` rows at each thread count of `threads` (warm-up calls first, then
`runs` timed calls per count, counts alternating) and writes its probabilities to <data-dir>/xgb.f32. Prints one
JSON line: the milliseconds of each timed call per thread count, and the version.
"""
import json
import os
import sys
import time

import numpy as np
import xgboost as xgb


def main():
    data_dir, cfg = sys.argv[1], json.loads(sys.argv[2])
    meta = json.load(open(os.path.join(data_dir, 'meta.json')))
    rows, cols = meta['rows'], meta['cols']
    n_train, n_score = cfg['trainRows'], cfg['scoreRows']
    X = np.fromfile(os.path.join(data_dir, 'X.f32'), dtype='<f4').reshape(rows, cols)
    y = np.fromfile(os.path.join(data_dir, 'y.f64'), dtype='<f8')
    params = {'tree_method': 'hist', 'objective': 'binary:logistic', 'max_depth': cfg['depth'], 'eta': 0.3, 'nthread': 2}
    booster = xgb.train(params, xgb.DMatrix(X[:n_train], label=y[:n_train], nthread=2), num_boost_round=cfg['rounds'])
    booster.save_model(os.path.join(data_dir, 'model.json'))
    S = np.ascontiguousarray(X[n_train:n_train + n_score])
    times = {str(t): [] for t in cfg['threads']}
    for t in cfg['threads']:
        booster.set_param({'nthread': t})
        for _ in range(2):
            booster.inplace_predict(S)
    for _ in range(cfg['runs']):
        for t in cfg['threads']:
            booster.set_param({'nthread': t})
            t0 = time.perf_counter()
            p = booster.inplace_predict(S)
            times[str(t)].append((time.perf_counter() - t0) * 1000)
    p.astype('<f4').tofile(os.path.join(data_dir, 'xgb.f32'))
    print(json.dumps({'timesMs': times, 'version': xgb.__version__}))


if __name__ == '__main__':
    main()
