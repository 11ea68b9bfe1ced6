/**
 * TreeSHAP benchmark: our exact path-dependent TreeSHAP (`predictContributions`) against XGBoost's
 * `predict(pred_contribs=True)` on the same model and rows. XGBoost runs in a Python subprocess (Debian's
 * /usr/bin/python3 with python3-xgboost), which also trains the model on synthetic data.
 *
 * `npm run bench -- treeshap [--rows=1000] [--trees=200] [--depth=6] [--cols=20] [--runs=5] [--python=/usr/bin/python3] [--no-write]
 * [--smoke]` (`--smoke`: 50 rows, 10 trees, one run, nothing written)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadXGBoostModel } from '../src/ensemble/gbdt/io/xgboost.js';
import { writeResults } from './lib/results.js';
import { collectGarbage, fmtMs, fmtRatio, fmtSpread, machineInfo, median, nowMs, renderTable } from './lib/stats.js';

interface Options {
  rows: number;
  trees: number;
  depth: number;
  cols: number;
  runs: number;
  python: string;
  write: boolean;
}

function parseOptions(args: readonly string[]): Options {
  const o: Options = { rows: 1000, trees: 200, depth: 6, cols: 20, runs: 5, python: '/usr/bin/python3', write: true };
  for (const a of args) {
    const [k, v] = a.replace(/^--/, '').split('=');
    if (k === 'rows') o.rows = Number(v);
    else if (k === 'trees') o.trees = Number(v);
    else if (k === 'depth') o.depth = Number(v);
    else if (k === 'cols') o.cols = Number(v);
    else if (k === 'runs') o.runs = Math.max(1, Number(v));
    else if (k === 'python') o.python = v!;
    else if (k === 'no-write') o.write = false;
    else if (k === 'smoke') Object.assign(o, { rows: 50, trees: 10, runs: 1, write: false });
    else throw new Error(`treeshap suite: unknown option ${a}`);
  }
  return o;
}

/** Trains the model, writes model.json, X.f64 and contribs.f32 to argv[1], prints XGBoost's timings as JSON. */
const PY = String.raw`
import json, os, sys, time
import numpy as np
import xgboost as xgb
out, rows, trees, depth, cols, runs = sys.argv[1], *map(int, sys.argv[2:7])
rng = np.random.default_rng(42)
def data(n):
    X = rng.normal(size=(n, cols))
    X[rng.uniform(size=X.shape) < 0.05] = np.nan
    return X
X = data(5000)
Z = np.nan_to_num(X)
y = (rng.uniform(size=len(X)) < 1 / (1 + np.exp(-(Z[:, 0] + Z[:, 1] * Z[:, 2] - np.abs(Z[:, 3]) + 0.5 * Z[:, 4:].sum(1) / 4)))).astype(float)
b = xgb.train({'objective': 'binary:logistic', 'max_depth': depth, 'eta': 0.05, 'seed': 1, 'nthread': os.cpu_count()},
              xgb.DMatrix(X, label=y), num_boost_round=trees)
b.save_model(os.path.join(out, 'model.json'))
Xt = data(rows)
Xt.astype('<f8').tofile(os.path.join(out, 'X.f64'))
res = {}
for nthread in sorted({1, os.cpu_count()}):
    b.set_param({'nthread': nthread})
    d = xgb.DMatrix(Xt, nthread=nthread)
    c = b.predict(d, pred_contribs=True)  # warm-up
    ts, cs = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        c = b.predict(d, pred_contribs=True)
        ts.append((time.perf_counter() - t0) * 1000); cs.append((time.process_time() - c0) * 1000)
    res['xgboost nthread=%d' % nthread] = [sorted(ts)[len(ts) // 2], sorted(cs)[len(cs) // 2]]
np.asarray(c, dtype='<f4').tofile(os.path.join(out, 'contribs.f32'))
print(json.dumps({'version': xgb.__version__, 'times': res, 'nodes': sum(len(t['left_children']) for t in json.loads(b.save_raw('json'))['learner']['gradient_booster']['model']['trees'])}))
`;

/** Runs the suite (see the module doc for the options). */
export async function run(args: readonly string[]): Promise<void> {
  const o = parseOptions(args);
  const machine = machineInfo();
  const dir = mkdtempSync(join(tmpdir(), 'alpha-treeshap-'));
  try {
    const py = spawnSync(o.python, ['-c', PY, dir, String(o.rows), String(o.trees), String(o.depth), String(o.cols), String(o.runs)], { encoding: 'utf8' });
    if (py.status !== 0) {
      process.stdout.write(`treeshap: XGBoost subprocess failed (${o.python}; needs python3-xgboost): ${py.error?.message ?? py.stderr}\n`);
      process.exitCode = 1;
      return;
    }
    const xgbOut = JSON.parse(py.stdout.trim().split('\n').pop()!) as { version: string; times: Record<string, [number, number]>; nodes: number };
    const model = loadXGBoostModel(readFileSync(join(dir, 'model.json'), 'utf8'));
    const xBuf = readFileSync(join(dir, 'X.f64'));
    const X = { rows: o.rows, cols: o.cols, data: new Float64Array(xBuf.buffer.slice(xBuf.byteOffset, xBuf.byteOffset + xBuf.byteLength)) };
    const cBuf = readFileSync(join(dir, 'contribs.f32'));
    const ref = new Float32Array(cBuf.buffer.slice(cBuf.byteOffset, cBuf.byteOffset + cBuf.byteLength));

    let phi = model.predictContributions(X); // warm-up (JIT)
    const times: number[] = [];
    const cpuTimes: number[] = [];
    for (let i = 0; i < o.runs; i++) {
      collectGarbage();
      const c0 = process.cpuUsage();
      const t0 = nowMs();
      phi = model.predictContributions(X);
      times.push(nowMs() - t0);
      const c = process.cpuUsage(c0);
      cpuTimes.push((c.user + c.system) / 1000);
    }
    const ours = median(times);
    const oursCpu = median(cpuTimes);
    let maxDiff = 0;
    for (let i = 0; i < ref.length; i++) maxDiff = Math.max(maxDiff, Math.abs(phi.data[i]! - ref[i]!));
    if (ref.length !== phi.data.length) maxDiff = NaN;

    const header = ['implementation', 'wall ms', 'spread', 'ours / it (wall)', 'CPU ms (all threads)'];
    const rows: string[][] = [['ours (TypeScript, 1 thread)', fmtMs(ours), fmtSpread(times), '1.00x', fmtMs(oursCpu)]];
    for (const [name, [ms, cpu]] of Object.entries(xgbOut.times)) rows.push([`${name} (C++ ${xgbOut.version})`, fmtMs(ms), '-', fmtRatio(ours / ms), fmtMs(cpu)]);
    const title = `TreeSHAP, ${o.rows} rows x ${model.numTrees} trees (depth ${o.depth}, ${xgbOut.nodes} nodes), ${o.cols} features, median of ${o.runs}`;
    const note = `max |ours - XGBoost pred_contribs| = ${maxDiff.toExponential(2)}; load average ${machine.loadAvg} (CPU time is the fairer comparison on a busy machine)`;
    process.stdout.write(`${title}\n${renderTable(header, rows)}\n${note}\n`);
    writeResults(
      { suite: 'treeshap', title: 'exact TreeSHAP, ours vs XGBoost pred_contribs', config: { ...o, python: undefined }, tables: [{ title, header, rows, notes: [note] }], data: { xgboost: xgbOut, oursMs: ours, oursCpuMs: oursCpu, oursRunsMs: times, maxAbsDiff: maxDiff } },
      { machine, smoke: !o.write },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
