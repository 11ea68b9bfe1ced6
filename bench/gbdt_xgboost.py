#!/usr/bin/python3
"""XGBoost side of the gbdt benchmark (bench/gbdt.ts runs it as a child process).

Usage: /usr/bin/python3 bench/gbdt_xgboost.py <data-dir> '<config json>'
Reads <data-dir>/{X.f32,y.f64,meta.json}, trains python3-xgboost (tree_method=hist) on the training rows and
prints one JSON line: timings (DMatrix construction, training), held-out AUC / log loss (scikit-learn), peak RSS.
"""
import json
import os
import resource
import sys
import time

import numpy as np
import xgboost as xgb
from sklearn.metrics import log_loss, roc_auc_score


def main():
    data_dir, cfg = sys.argv[1], json.loads(sys.argv[2])
    meta = json.load(open(os.path.join(data_dir, 'meta.json')))
    rows, cols, n_train = meta['rows'], meta['cols'], meta['nTrain']
    X = np.fromfile(os.path.join(data_dir, 'X.f32'), dtype='<f4').reshape(rows, cols)
    y = np.fromfile(os.path.join(data_dir, 'y.f64'), dtype='<f8')
    params = {
        'tree_method': 'hist', 'objective': 'binary:logistic', 'nthread': cfg['nthread'], 'max_bin': cfg['maxBin'],
        'eta': cfg['eta'], 'reg_lambda': 1.0, 'min_child_weight': 1.0, 'base_score': float(np.mean(y[:n_train])),
    }
    if cfg['policy'] == 'leafwise':
        params.update(grow_policy='lossguide', max_leaves=cfg['numLeaves'], max_depth=0)
    else:
        params.update(max_depth=cfg['depth'])
    t0 = time.perf_counter()
    dtrain = xgb.DMatrix(X[:n_train], label=y[:n_train], nthread=cfg['nthread'])
    t1 = time.perf_counter()
    booster = xgb.train(params, dtrain, num_boost_round=cfg['rounds'])
    t2 = time.perf_counter()
    p = booster.predict(xgb.DMatrix(X[n_train:], nthread=cfg['nthread']))
    yt = y[n_train:]
    print(json.dumps({
        'prepMs': (t1 - t0) * 1000, 'trainMs': (t2 - t1) * 1000, 'totalMs': (t2 - t0) * 1000,
        'auc': float(roc_auc_score(yt, p)), 'logloss': float(log_loss(yt, p)),
        'maxRssMB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        'version': xgb.__version__,
    }))


if __name__ == '__main__':
    main()
