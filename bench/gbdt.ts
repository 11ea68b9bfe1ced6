/**
 * gbdt suite: our trainGBDT vs native XGBoost (python3-xgboost, tree_method=hist) on the same simulated data, at 1
 * and 2 threads each (issue 18's training row), then the scorer (bench/gbdt-score.ts: ours vs XGBoost's
 * inplace_predict and onnxruntime-node on 30,000 rows x 200 trees of depth 6, 200 features).
 *
 * Data: `--rows` 15m BTC candles from the simulator with a planted signal (`--strength`), features = the first
 * `--features - 1` columns of the feature catalogue plus the planted signal, label = next candle up. The first 80%
 * of rows (in time order) train, the last 20% test. Each trainer runs in a fresh child process (so its peak RSS is
 * its own): ours single-threaded and with trainGBDTParallel at `--threads` (bench/gbdt-run.ts), XGBoost with nthread 1
 * and `--threads` (bench/gbdt_xgboost.py); `--runs` rounds, the trainers' order rotating. `--leafwise` adds our
 * leaf-wise trainer (and XGBoost lossguide).
 * Times: "prep" = binning (ours) / DMatrix construction (XGBoost; its quantile sketch runs inside training),
 * "total" = prep + training.
 *
 * ml-xgboost (XGBoost in WebAssembly, bench/gbdt-mlxgboost.ts) works through its public API only up to about 6,000
 * training rows of 200 features: it runs, with ours and XGBoost again, on the first `--ml-rows` training rows
 * (default 6,000) of the same series, in a table of its own.
 *
 * `npm run bench -- gbdt [--rows=75000 --features=100 --rounds=100 --depth=6 --eta=0.3 --leaves=64 --seed=1
 *  --strength=0.3 --threads=2 --runs=2 --ml-rows=6000 --score-rows=30000 --score-features=200 --score-trees=200
 *  --no-xgboost --no-ml-xgboost --no-score --leafwise --no-write --smoke]` (`--smoke`: 1,500 rows x 20 features,
 *  10 rounds, one run, ml-xgboost on 1,000 rows, a scorer of 20 trees on 1,000 rows, nothing written)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulateMarket } from '../src/core/simulator.js';
import { computeFeatures } from '../src/features/index.js';
import { benchScorer } from './gbdt-score.js';
import { tableText, writeResults } from './lib/results.js';
import { fmtMs, fmtRatio, fmtSpread, machineInfo, median, renderTable } from './lib/stats.js';

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
  /** The multi-thread count of both trainers (each also runs on one thread). */
  threads: number;
  /** Rounds of the trainers, their order rotating. */
  runs: number;
  maxBin: number;
  /** Training rows of the ml-xgboost comparison (its public API fails past about 6,000 x 200). */
  mlRows: number;
  /** The scorer: rows scored (as many train XGBoost's model), features, trees. */
  scoreRows: number;
  scoreFeatures: number;
  scoreTrees: number;
  xgboost: boolean;
  mlXgboost: boolean;
  score: boolean;
  leafwise: boolean;
  write: boolean;
  smoke: boolean;
}

const FLAGS: Record<string, (o: Options) => void> = {
  'no-xgboost': (o) => (o.xgboost = false),
  'no-ml-xgboost': (o) => (o.mlXgboost = false),
  'no-score': (o) => (o.score = false),
  leafwise: (o) => (o.leafwise = true),
  'no-write': (o) => (o.write = false),
  smoke: (o) => Object.assign(o, { rows: 1500, features: 20, rounds: 10, runs: 1, mlRows: 1000, scoreRows: 1000, scoreFeatures: 20, scoreTrees: 20, write: false, smoke: true }),
};

function parseOptions(args: readonly string[]): Options {
  const o: Options = { rows: 75_000, features: 100, rounds: 100, depth: 6, eta: 0.3, leaves: 64, seed: 1, strength: 0.3, threads: 2, runs: 2, maxBin: 256, mlRows: 6000, scoreRows: 30_000, scoreFeatures: 200, scoreTrees: 200, xgboost: true, mlXgboost: true, score: true, leafwise: false, write: true, smoke: false };
  for (const a of args) {
    const [k0, v] = a.replace(/^--/, '').split('=');
    const k = k0!.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (v === undefined && FLAGS[k0!] !== undefined) FLAGS[k0!]!(o);
    else if (v !== undefined && typeof (o as unknown as Record<string, unknown>)[k] === 'number' && Number.isFinite(Number(v))) (o as unknown as Record<string, number>)[k] = Number(v);
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

/** One trainer configuration of the suite and its runs. */
interface TrainerRun {
  name: string;
  trainer: string;
  policy: 'depthwise' | 'leafwise';
  threads: number;
  /** Training rows. */
  rows: number;
  /** The command, run once per round. */
  cmd: [string, string[]];
  results: (RunResult | string)[];
}

/** The median run of a trainer (by total time; AUC and log loss are the same in every run), or its failure. */
function summary(t: TrainerRun): RunResult | string {
  const ok = t.results.filter((r): r is RunResult => typeof r === 'object');
  if (ok.length === 0) return t.results.find((r) => typeof r === 'string') ?? 'not run';
  const pick = (f: (r: RunResult) => number) => median(ok.map(f));
  return { ...ok[0]!, prepMs: pick((r) => r.prepMs), trainMs: pick((r) => r.trainMs), totalMs: pick((r) => r.totalMs), maxRssMB: pick((r) => r.maxRssMB) };
}

const TABLE_HEADER = ['trainer', 'policy', 'threads', 'train rows', 'runs', 'prep ms', 'train ms', 'total ms', 'total spread', 'total / XGBoost', 'test AUC', 'AUC - XGBoost', 'test log loss', 'peak RSS MB'];

/** XGBoost's run with the same rows and threads, and the same policy if it ran (else depth-wise). */
function reference(runs: readonly TrainerRun[], t: TrainerRun): RunResult | undefined {
  const same = runs.filter((x) => x.trainer.startsWith('XGBoost') && x.rows === t.rows && x.threads === t.threads);
  const r = summary(same.find((x) => x.policy === t.policy) ?? same[0] ?? ({ results: [] } as unknown as TrainerRun));
  return typeof r === 'object' ? r : undefined;
}

/** Table rows, ratios against XGBoost at the same thread count, policy (else depth-wise) and rows. */
function tableRows(runs: readonly TrainerRun[]): string[][] {
  return runs.map((t) => {
    const r = summary(t);
    const head = [t.trainer, t.policy, String(t.threads), String(t.rows), String(t.results.length)];
    if (typeof r === 'string') return [...head, r, '', '', '', '', '', '', '', ''];
    const x = reference(runs, t);
    const totals = t.results.filter((v): v is RunResult => typeof v === 'object').map((v) => v.totalMs);
    const dAuc = x ? r.auc - x.auc : undefined;
    return [...head, fmtMs(r.prepMs), fmtMs(r.trainMs), fmtMs(r.totalMs), fmtSpread(totals), x ? fmtRatio(r.totalMs / x.totalMs) : '-', r.auc.toFixed(4), dAuc === undefined ? '-' : `${dAuc >= 0 ? '+' : ''}${dAuc.toFixed(4)}`, r.logloss.toFixed(4), r.maxRssMB.toFixed(0)];
  });
}

/** Runs every trainer once per round, the order rotating between rounds. */
function runRounds(trainers: readonly TrainerRun[], rounds: number, log: (s: string) => void): void {
  for (let round = 0; round < rounds; round++) {
    for (let j = 0; j < trainers.length; j++) {
      const t = trainers[(j + round) % trainers.length]!;
      log(`  round ${round + 1}/${rounds}: ${t.name} (${t.rows} training rows) ...`);
      t.results.push(runChild(...t.cmd));
    }
  }
}

/** Runs the gbdt suite: prints the tables and writes bench/results/gbdt.json. */
export async function run(args: readonly string[]): Promise<void> {
  const o = parseOptions(args);
  const machine = machineInfo();
  const log = (s: string): void => void process.stdout.write(`${s}\n`);
  const dirs = ['', '-capped', '-score'].map((tag) => mkdtempSync(join(tmpdir(), `alpha-v4-gbdt${tag}-`)));
  const [dir, capped, scoreDir] = dirs as [string, string, string];
  try {
    log(`gbdt: ${o.rows.toLocaleString('en-US')} rows x ${o.features} features (simulated BTC 15m, planted signal strength ${o.strength}, seed ${o.seed}), 80/20 time split`);
    log(`      ${o.rounds} rounds, learning rate ${o.eta}, depth-wise max depth ${o.depth}${o.leafwise ? ` / leaf-wise ${o.leaves} leaves` : ''}, max_bin ${o.maxBin}, 1 and ${o.threads} threads, ${o.runs} round(s)`);
    const ds = writeDataset(dir, o);
    const nTrain = Math.floor(o.rows * 0.8);
    log(`      label: next candle up (positive rate ${(ds.positiveRate * 100).toFixed(1)}%)`);
    const base = { rounds: o.rounds, depth: o.depth, numLeaves: o.leaves, eta: o.eta, maxBin: o.maxBin };
    const ours = (policy: 'depthwise' | 'leafwise', threads: number, data = dir, rows = nTrain): TrainerRun => ({
      name: `ours ${policy} ${threads} thread(s)${data === dir ? '' : ' capped'}`,
      trainer: threads > 1 ? 'ours (trainGBDTParallel)' : 'ours (trainGBDT)',
      policy,
      threads,
      rows,
      cmd: [process.execPath, ['--import', 'tsx', join(HERE, 'gbdt-run.ts'), data, JSON.stringify({ ...base, policy, threads })]],
      results: [],
    });
    const xgb = (policy: 'depthwise' | 'leafwise', threads: number, data = dir, rows = nTrain): TrainerRun => ({
      name: `xgboost ${policy} nthread=${threads}${data === dir ? '' : ' capped'}`,
      trainer: 'XGBoost hist',
      policy,
      threads,
      rows,
      cmd: ['/usr/bin/python3', [join(HERE, 'gbdt_xgboost.py'), data, JSON.stringify({ ...base, policy, nthread: threads })]],
      results: [],
    });
    const full: TrainerRun[] = [];
    for (const threads of [1, o.threads]) {
      if (o.xgboost) full.push(xgb('depthwise', threads));
      full.push(ours('depthwise', threads));
    }
    if (o.leafwise) {
      if (o.xgboost) full.push(xgb('leafwise', 1));
      full.push(ours('leafwise', 1));
    }
    runRounds(full, o.runs, log);

    // ml-xgboost, with ours and XGBoost on the same capped training rows, one thread each.
    const small: TrainerRun[] = [];
    const mlTrain = Math.min(o.mlRows, nTrain);
    if (o.mlXgboost) {
      writeDataset(capped, { ...o, rows: Math.ceil(mlTrain / 0.8) });
      if (o.xgboost) small.push(xgb('depthwise', 1, capped, mlTrain));
      small.push({ name: 'ml-xgboost depthwise capped', trainer: 'ml-xgboost (wasm)', policy: 'depthwise', threads: 1, rows: mlTrain, cmd: [process.execPath, ['--import', 'tsx', join(HERE, 'gbdt-mlxgboost.ts'), capped, JSON.stringify({ ...base, policy: 'depthwise' })]], results: [] });
      small.push(ours('depthwise', 1, capped, mlTrain));
      runRounds(small, 1, log);
    }

    let scorer: Awaited<ReturnType<typeof benchScorer>> | undefined;
    if (o.score && o.xgboost) {
      log(`  scorer: XGBoost trains ${o.scoreTrees} trees on ${o.scoreRows} rows x ${o.scoreFeatures} features, then ours, XGBoost and onnxruntime-node score the next ${o.scoreRows} ...`);
      writeDataset(scoreDir, { ...o, rows: 2 * o.scoreRows, features: o.scoreFeatures });
      scorer = await benchScorer(scoreDir, { trainRows: o.scoreRows, scoreRows: o.scoreRows, cols: o.scoreFeatures, rounds: o.scoreTrees, depth: o.depth, runs: o.smoke ? 1 : 7 });
    }

    const notes = [
      'Ratios and AUC differences are against XGBoost at the same thread count with the same policy (depth-wise when XGBoost leaf-wise was not run) on the same training rows. Times are medians of the rounds; each run is a fresh process.',
      'Peak RSS includes the float32 input (rows x features x 4 bytes) in both processes.',
    ];
    log('');
    log(renderTable(TABLE_HEADER, tableRows(full), ['l', 'l']));
    const goals: Record<string, unknown> = {};
    for (const threads of [1, o.threads]) {
      const od = summary(full.find((r) => r.name === `ours depthwise ${threads} thread(s)`)!);
      const xd = o.xgboost ? summary(full.find((r) => r.name === `xgboost depthwise nthread=${threads}`)!) : undefined;
      if (typeof od !== 'object' || typeof xd !== 'object') continue;
      const ratio = od.totalMs / xd.totalMs;
      const dAuc = od.auc - xd.auc;
      goals[`threads${threads}`] = { timeRatio: ratio, aucDelta: dAuc, meetsTimeGoal: ratio <= GOAL_TIME_RATIO, meetsAucGoal: dAuc >= GOAL_AUC_DELTA };
      notes.push(`Goal at ${threads} thread(s), depth-wise, ours vs XGBoost: total time <= XGBoost's: ${ratio <= GOAL_TIME_RATIO ? 'met' : 'MISSED'} (${fmtRatio(ratio)}); AUC >= XGBoost's - 0.002: ${dAuc >= GOAL_AUC_DELTA ? 'met' : 'MISSED'} (${dAuc >= 0 ? '+' : ''}${dAuc.toFixed(4)})`);
    }
    for (const n of notes) log(n);
    const mlNotes = [`ml-xgboost's public API (number[][] in, WebAssembly heap) fails past about 6,000 x 200 ("RuntimeError: memory access out of bounds"): this table uses the first ${mlTrain} training rows, the same test fraction, one run each.`];
    if (small.length > 0) {
      log('');
      log(renderTable(TABLE_HEADER, tableRows(small), ['l', 'l']));
      for (const n of mlNotes) log(n);
    }
    if (scorer !== undefined) log(`\n${tableText(scorer.table)}`);
    const od1 = summary(full.find((r) => r.name === 'ours depthwise 1 thread(s)')!);
    writeResults(
      {
        suite: 'gbdt',
        title: `trainGBDT vs XGBoost (python3-xgboost, hist) and ml-xgboost (wasm), ${nTrain.toLocaleString('en-US')} training rows x ${o.features}, ${o.rounds} rounds; the scorer vs XGBoost and onnxruntime-node`,
        config: { ...o, warmup: WARMUP, features: ds.names.length, split: '80/20 time order', positiveRate: ds.positiveRate },
        tables: [
          { title: `Training: ${nTrain.toLocaleString('en-US')} training rows x ${o.features} features, ${o.rounds} rounds, depth ${o.depth}, ${o.maxBin} bins`, header: TABLE_HEADER, rows: tableRows(full), align: ['l', 'l'], notes },
          ...(small.length > 0 ? [{ title: `ml-xgboost: ${mlTrain.toLocaleString('en-US')} training rows x ${o.features} features`, header: TABLE_HEADER, rows: tableRows(small), align: ['l', 'l'] as ('l' | 'r')[], notes: mlNotes }] : []),
          ...(scorer === undefined ? [] : [scorer.table]),
        ],
        capacity: [
          {
            key: 'gbdt.oursDepthwiseTrainMs',
            value: typeof od1 === 'object' ? od1.totalMs : null,
            unit: 'ms',
            what: `trainGBDT depth-wise, ${nTrain} rows x ${o.features} features x ${o.rounds} rounds, one thread (a retraining's cost)`,
          },
        ],
        data: { runs: [...full, ...small].map(({ cmd: _cmd, ...t }) => t), goals, scorer: scorer?.data },
      },
      { machine, smoke: !o.write },
    );
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}
