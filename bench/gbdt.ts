/**
 * gbdt suite: our trainGBDT vs native XGBoost (python3-xgboost, tree_method=hist) on the same simulated data.
 *
 * Data: `--rows` 15m BTC candles from the simulator with a planted signal (`--strength`), features = the first
 * `--features - 1` columns of the feature catalogue plus the planted signal, label = next candle up. The first 80%
 * of rows (in time order) train, the last 20% test. Each trainer runs in a fresh child process (so its peak RSS is
 * its own): ours single-threaded and, with `--ours-threads` > 1, with trainGBDTParallel (bench/gbdt-run.ts),
 * XGBoost with `--nthread` threads (bench/gbdt_xgboost.py).
 * Times: "prep" = binning (ours) / DMatrix construction (XGBoost; its quantile sketch runs inside training),
 * "total" = prep + training.
 *
 * ml-xgboost (XGBoost in WebAssembly, bench/gbdt-mlxgboost.ts) works through its public API only up to about 6,000
 * training rows of 200 features: it runs, with ours and XGBoost again, on the first `--ml-rows` training rows
 * (default 6,000) of the same series, in a table of its own.
 *
 * `npm run bench -- gbdt [--rows=150000 --features=200 --rounds=200 --depth=6 --eta=0.3 --leaves=64 --seed=1
 *  --strength=0.3 --nthread=2 --ours-threads=2 --ml-rows=6000 --no-xgboost --no-ml-xgboost --xgb-leafwise --no-write
 *  --smoke]` (`--smoke`: 1,500 rows x 20 features, 10 rounds, ml-xgboost on 1,000 rows, nothing written)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulateMarket } from '../src/core/simulator.js';
import { computeFeatures } from '../src/features/index.js';
import { writeResults } from './lib/results.js';
import { fmtMs, fmtRatio, machineInfo, renderTable } from './lib/stats.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const WARMUP = 2000;
const GOAL_TIME_RATIO = 1;
const GOAL_AUC_DELTA = -0.002;

interface Options {
  rows: number;
  features: number;
  rounds: number;
  depth: number;
  eta: number;
  leaves: number;
  seed: number;
  strength: number;
  nthread: number;
  oursThreads: number;
  maxBin: number;
  /** Training rows of the ml-xgboost comparison (its public API fails past about 6,000 x 200). */
  mlRows: number;
  xgboost: boolean;
  mlXgboost: boolean;
  xgbLeafwise: boolean;
  write: boolean;
}

function parseOptions(args: readonly string[]): Options {
  const o: Options = { rows: 150_000, features: 200, rounds: 200, depth: 6, eta: 0.3, leaves: 64, seed: 1, strength: 0.3, nthread: 2, oursThreads: 2, maxBin: 256, mlRows: 6000, xgboost: true, mlXgboost: true, xgbLeafwise: false, write: true };
  for (const a of args) {
    const [k0, v] = a.replace(/^--/, '').split('=');
    const k = k0 === 'ours-threads' ? 'oursThreads' : k0 === 'ml-rows' ? 'mlRows' : k0;
    if (k === 'no-xgboost') o.xgboost = false;
    else if (k === 'no-ml-xgboost') o.mlXgboost = false;
    else if (k === 'smoke') Object.assign(o, { rows: 1500, features: 20, rounds: 10, mlRows: 1000, write: false });
    else if (k === 'xgb-leafwise') o.xgbLeafwise = true;
    else if (k === 'no-write') o.write = false;
    else if (k !== undefined && k in o && v !== undefined && !['xgboost', 'mlXgboost', 'write', 'xgbLeafwise'].includes(k)) (o as unknown as Record<string, number>)[k] = Number(v);
    else throw new Error(`gbdt suite: unknown option ${a}`);
  }
  return o;
}

/** One trainer run's report (printed as JSON by the child process). */
interface RunResult {
  prepMs: number;
  trainMs: number;
  totalMs: number;
  auc: number;
  logloss: number;
  maxRssMB: number;
  binsMB?: number;
  nodes?: number;
  version?: string;
}

/** Builds the dataset and writes X (float32), y (float64) and meta.json into `dir`. */
function writeDataset(dir: string, o: Options): { names: string[]; positiveRate: number } {
  const n = WARMUP + o.rows + 1;
  const sim = simulateMarket({ candles: n, seed: o.seed, symbols: ['BTC'], signal: { strength: o.strength } });
  const candles = sim.candles.BTC!;
  const signal = sim.signal!.BTC!;
  const frame = computeFeatures(candles);
  const names = frame.names.slice(0, o.features - 1);
  const cols = names.map((name) => frame.column(name));
  const F = o.features;
  const X = new Float32Array(o.rows * F);
  const y = new Float64Array(o.rows);
  let pos = 0;
  for (let i = 0; i < o.rows; i++) {
    const t = WARMUP + i;
    for (let j = 0; j < F - 1; j++) X[i * F + j] = cols[j]![t]!;
    X[i * F + F - 1] = signal[t]!;
    y[i] = candles.close[t + 1]! > candles.close[t]! ? 1 : 0;
    pos += y[i]!;
  }
  const nTrain = Math.floor(o.rows * 0.8);
  writeFileSync(join(dir, 'X.f32'), new Uint8Array(X.buffer));
  writeFileSync(join(dir, 'y.f64'), new Uint8Array(y.buffer));
  writeFileSync(join(dir, 'meta.json'), JSON.stringify({ rows: o.rows, cols: F, nTrain }));
  return { names: [...names, 'planted_signal'], positiveRate: pos / o.rows };
}

function runChild(cmd: string, args: string[]): RunResult | string {
  try {
    const out = execFileSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'pipe'] });
    const line = out.trim().split('\n').pop()!;
    return JSON.parse(line) as RunResult;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    return `failed: ${(err.stderr ?? err.message).trim().split('\n').slice(-3).join(' | ')}`;
  }
}

/** One trainer's run in the suite. */
interface TrainerRun {
  name: string;
  trainer: string;
  policy: string;
  /** Training rows. */
  rows: number;
  result: RunResult | string;
}

const TABLE_HEADER = ['trainer', 'policy', 'train rows', 'prep ms', 'train ms', 'total ms', 'total / XGBoost', 'test AUC', 'AUC - XGBoost', 'test log loss', 'peak RSS MB'];

/** Table rows, ratios against XGBoost with the same policy (else depth-wise) on the same rows. */
function tableRows(runs: readonly TrainerRun[]): string[][] {
  const ref = (policy: string, rows: number): RunResult | undefined => {
    const same = runs.filter((x) => x.trainer.startsWith('XGBoost') && x.rows === rows);
    const r = same.find((x) => x.policy === policy)?.result ?? same[0]?.result;
    return typeof r === 'object' ? r : undefined;
  };
  return runs.map(({ trainer, policy, rows, result }) => {
    if (typeof result === 'string') return [trainer, policy, String(rows), result, '', '', '', '', '', '', ''];
    const x = ref(policy, rows);
    return [
      trainer,
      policy,
      String(rows),
      fmtMs(result.prepMs),
      fmtMs(result.trainMs),
      fmtMs(result.totalMs),
      x ? fmtRatio(result.totalMs / x.totalMs) : '-',
      result.auc.toFixed(4),
      x ? (result.auc - x.auc >= 0 ? '+' : '') + (result.auc - x.auc).toFixed(4) : '-',
      result.logloss.toFixed(4),
      result.maxRssMB.toFixed(0),
    ];
  });
}

/** Runs the gbdt suite: prints the tables and writes bench/results/gbdt.json. */
export async function run(args: readonly string[]): Promise<void> {
  const o = parseOptions(args);
  const machine = machineInfo();
  const log = (s: string): void => void process.stdout.write(`${s}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'alpha-v4-gbdt-'));
  const capped = mkdtempSync(join(tmpdir(), 'alpha-v4-gbdt-capped-'));
  try {
    log(`gbdt: ${o.rows.toLocaleString('en-US')} rows x ${o.features} features (simulated BTC 15m, planted signal strength ${o.strength}, seed ${o.seed}), 80/20 time split`);
    log(`      ${o.rounds} rounds, learning rate ${o.eta}, depth-wise max depth ${o.depth} / leaf-wise ${o.leaves} leaves, max_bin ${o.maxBin}`);
    const ds = writeDataset(dir, o);
    const nTrain = Math.floor(o.rows * 0.8);
    log(`      label: next candle up (positive rate ${(ds.positiveRate * 100).toFixed(1)}%)`);
    const base = { rounds: o.rounds, depth: o.depth, numLeaves: o.leaves, eta: o.eta, maxBin: o.maxBin };
    const runs: TrainerRun[] = [];
    const ours = (policy: 'depthwise' | 'leafwise', threads = 1, data = dir, rows = nTrain): void => {
      const tag = threads > 1 ? ` ${threads} threads` : '';
      log(`  ours ${policy}${tag} (${rows} training rows) ...`);
      runs.push({ name: `ours ${policy}${tag}${data === dir ? '' : ' capped'}`, trainer: threads > 1 ? `ours (${threads} threads)` : 'ours (1 thread)', policy, rows, result: runChild(process.execPath, ['--import', 'tsx', join(HERE, 'gbdt-run.ts'), data, JSON.stringify({ ...base, policy, threads })]) });
    };
    const xgb = (policy: 'depthwise' | 'leafwise', data = dir, rows = nTrain): void => {
      log(`  xgboost ${policy} (nthread=${o.nthread}, ${rows} training rows) ...`);
      runs.push({ name: `xgboost ${policy}${data === dir ? '' : ' capped'}`, trainer: `XGBoost hist (nthread=${o.nthread})`, policy, rows, result: runChild('/usr/bin/python3', [join(HERE, 'gbdt_xgboost.py'), data, JSON.stringify({ ...base, policy, nthread: o.nthread })]) });
    };
    // Interleave the trainers so that slow drifts of machine load hit both.
    if (o.xgboost) xgb('depthwise');
    ours('depthwise');
    if (o.oursThreads > 1) ours('depthwise', o.oursThreads);
    ours('leafwise');
    if (o.xgboost && o.xgbLeafwise) xgb('leafwise');

    // ml-xgboost, with ours and XGBoost on the same capped training rows.
    const mlTrain = Math.min(o.mlRows, nTrain);
    if (o.mlXgboost) {
      writeDataset(capped, { ...o, rows: Math.ceil(mlTrain / 0.8) });
      if (o.xgboost) xgb('depthwise', capped, mlTrain);
      log(`  ml-xgboost depthwise (wasm, ${mlTrain} training rows) ...`);
      runs.push({ name: 'ml-xgboost depthwise capped', trainer: 'ml-xgboost (wasm, 1 thread)', policy: 'depthwise', rows: mlTrain, result: runChild(process.execPath, ['--import', 'tsx', join(HERE, 'gbdt-mlxgboost.ts'), capped, JSON.stringify({ ...base, policy: 'depthwise' })]) });
      ours('depthwise', 1, capped, mlTrain);
    }

    const full = runs.filter((r) => r.rows === nTrain && !r.name.endsWith('capped'));
    const small = runs.filter((r) => r.name.endsWith('capped'));
    const notes = [
      'Ratios and AUC differences are against XGBoost with the same policy (depth-wise when XGBoost leaf-wise was not run) on the same training rows.',
      'Peak RSS includes the float32 input (rows x features x 4 bytes) in both processes.',
    ];
    log('');
    log(renderTable(TABLE_HEADER, tableRows(full), ['l', 'l']));
    for (const n of notes) log(n);
    const mlNotes = [`ml-xgboost's public API (number[][] in, WebAssembly heap) fails past about 6,000 x 200 ("RuntimeError: memory access out of bounds"): this table uses the first ${mlTrain} training rows, the same test fraction.`];
    if (small.length > 0) {
      log('');
      log(renderTable(TABLE_HEADER, tableRows(small), ['l', 'l']));
      for (const n of mlNotes) log(n);
    }
    const od = full.find((r) => r.name === 'ours depthwise')?.result;
    const xd = full.find((r) => r.name === 'xgboost depthwise')?.result;
    const summary: Record<string, unknown> = {};
    if (typeof od === 'object' && typeof xd === 'object') {
      const ratio = od.totalMs / xd.totalMs;
      const dAuc = od.auc - xd.auc;
      summary.timeRatio = ratio;
      summary.aucDelta = dAuc;
      summary.meetsTimeGoal = ratio <= GOAL_TIME_RATIO;
      summary.meetsAucGoal = dAuc >= GOAL_AUC_DELTA;
      const goal = `Goals (depth-wise, ours vs XGBoost): train time <= XGBoost's: ${ratio <= GOAL_TIME_RATIO ? 'MET' : 'MISSED'} (${fmtRatio(ratio)}); AUC >= XGBoost - 0.002: ${dAuc >= GOAL_AUC_DELTA ? 'MET' : 'MISSED'} (${dAuc >= 0 ? '+' : ''}${dAuc.toFixed(4)})`;
      notes.push(goal);
      log(goal);
    }
    writeResults(
      {
        suite: 'gbdt',
        title: `trainGBDT vs XGBoost (python3-xgboost, hist) and ml-xgboost (wasm), ${o.rows.toLocaleString('en-US')} x ${o.features}, ${o.rounds} rounds`,
        config: { ...o, warmup: WARMUP, features: ds.names.length, split: '80/20 time order', positiveRate: ds.positiveRate },
        tables: [
          { title: `${nTrain.toLocaleString('en-US')} training rows x ${o.features} features`, header: TABLE_HEADER, rows: tableRows(full), align: ['l', 'l'], notes },
          ...(small.length > 0 ? [{ title: `ml-xgboost: ${mlTrain.toLocaleString('en-US')} training rows x ${o.features} features`, header: TABLE_HEADER, rows: tableRows(small), align: ['l', 'l'] as ('l' | 'r')[], notes: mlNotes }] : []),
        ],
        capacity: [
          {
            key: 'gbdt.oursDepthwiseTrainMs',
            value: typeof od === 'object' ? od.totalMs : null,
            unit: 'ms',
            what: `trainGBDT depth-wise, ${nTrain} rows x ${o.features} features x ${o.rounds} rounds, one thread (a retraining's cost)`,
          },
        ],
        data: { runs, summary },
      },
      { machine, smoke: !o.write },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(capped, { recursive: true, force: true });
  }
}
