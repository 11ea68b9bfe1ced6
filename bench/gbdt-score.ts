/**
 * The gbdt suite's scorer table: a 200-tree depth-6 model trained by XGBoost (python3-xgboost, hist) scored on
 * `scoreRows` rows x `cols` features, by ours (`loadXGBoostModel(...).predict`), by XGBoost's own
 * `Booster.inplace_predict` (bench/gbdt_score.py, in its process) and by onnxruntime-node on our ONNX export of the
 * same model, at 1 and 2 threads (ours at 2: `createTreeScorerPool`, workers started once, outside the timing). Ours must stay bit-identical to XGBoost: the table
 * says how many of the rows' probabilities equal XGBoost's float32 output exactly.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Matrix } from '../src/core/types.js';
import { loadXGBoostModel } from '../src/ensemble/gbdt/io/xgboost.js';
import { toONNX } from '../src/ensemble/onnx/to-onnx.js';
import { createTreeScorerPool } from '../src/ensemble/gbdt/predict-parallel.node.js';
import type { ResultTable } from './lib/results.js';
import { fmtMs, fmtRatio, fmtSpread, median, nowMs } from './lib/stats.js';

/** What the scorer table measures. */
export interface ScorerOptions {
  trainRows: number;
  scoreRows: number;
  cols: number;
  rounds: number;
  depth: number;
  runs: number;
}

/** One scorer's timed calls at one thread count. */
interface Timing {
  scorer: string;
  threads: number;
  runsMs: number[];
}

async function timeRuns(fn: () => unknown, runs: number): Promise<number[]> {
  for (let w = 0; w < 2; w++) await fn();
  const out: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = nowMs();
    await fn();
    out.push(nowMs() - t0);
  }
  return out;
}

/** Runs the scorer comparison on the dataset in `dir` (X.f32, y.f64, meta.json as bench/gbdt.ts writes them). */
export async function benchScorer(dir: string, o: ScorerOptions): Promise<{ table: ResultTable; data: Record<string, unknown> }> {
  const cfg = { trainRows: o.trainRows, scoreRows: o.scoreRows, rounds: o.rounds, depth: o.depth, threads: [1, 2], runs: o.runs };
  const out = execFileSync('/usr/bin/python3', [join(dirname(fileURLToPath(import.meta.url)), 'gbdt_score.py'), dir, JSON.stringify(cfg)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const xgbRun = JSON.parse(out.trim().split('\n').pop()!) as { timesMs: Record<string, number[]>; version: string };
  const xb = readFileSync(join(dir, 'X.f32'));
  const all = new Float32Array(xb.buffer, xb.byteOffset, xb.byteLength / 4);
  const X: Matrix & { data: Float32Array } = { rows: o.scoreRows, cols: o.cols, data: all.subarray(o.trainRows * o.cols, (o.trainRows + o.scoreRows) * o.cols) };
  const model = loadXGBoostModel(readFileSync(join(dir, 'model.json'), 'utf8'));
  const pb = readFileSync(join(dir, 'xgb.f32'));
  const reference = new Float32Array(pb.buffer, pb.byteOffset, o.scoreRows);
  const ours = model.predict(X);
  let identical = 0;
  let maxDiff = 0;
  for (let i = 0; i < o.scoreRows; i++) {
    if (Math.fround(ours[i]!) === reference[i]) identical++;
    maxDiff = Math.max(maxDiff, Math.abs(ours[i]! - reference[i]!));
  }

  const timings: Timing[] = [];
  for (const t of [1, 2]) timings.push({ scorer: `XGBoost ${xgbRun.version} inplace_predict`, threads: t, runsMs: xgbRun.timesMs[String(t)]! });
  timings.push({ scorer: 'ours: loadXGBoostModel(json).predict', threads: 1, runsMs: await timeRuns(() => model.predict(X), o.runs) });
  const pool = await createTreeScorerPool({ threads: 2 });
  try {
    const pooled = pool.predict(model, X);
    if (pooled.some((p, i) => p !== ours[i])) throw new Error('gbdt scorer bench: the 2-thread pool differs from model.predict');
    timings.push({ scorer: 'ours: createTreeScorerPool({ threads: 2 }).predict', threads: 2, runsMs: await timeRuns(() => pool.predict(model, X), o.runs) });
  } finally {
    await pool.close();
  }
  const ort = await import('onnxruntime-node');
  const onnx = toONNX(model);
  for (const t of [1, 2]) {
    const session = await ort.InferenceSession.create(onnx, { intraOpNumThreads: t, interOpNumThreads: 1 });
    const input = { X: new ort.Tensor('float32', X.data, [X.rows, X.cols]) };
    timings.push({ scorer: 'onnxruntime-node on toONNX(model)', threads: t, runsMs: await timeRuns(() => session.run(input), o.runs) });
  }

  const xgbAt = (t: number) => median(timings.find((x) => x.scorer.startsWith('XGBoost') && x.threads === t)!.runsMs);
  const header = ['scorer', 'threads', 'median ms', 'spread', 'ms / XGBoost (same threads)'];
  const rows = timings.map(({ scorer, threads, runsMs }) => [scorer, String(threads), fmtMs(median(runsMs)), fmtSpread(runsMs), fmtRatio(median(runsMs) / xgbAt(threads))]);
  const oursAt = (t: number) => median(timings.find((x) => x.scorer.startsWith('ours') && x.threads === t)!.runsMs);
  const notes = [
    `Model: XGBoost binary:logistic, ${o.rounds} trees of depth ${o.depth}, trained on ${o.trainRows.toLocaleString('en-US')} rows; scored: the next ${o.scoreRows.toLocaleString('en-US')} rows x ${o.cols} features (float32). Medians of ${o.runs} calls after 2 warm-up calls; XGBoost's thread counts alternate in its process.`,
    `Ours vs XGBoost: ${identical.toLocaleString('en-US')} of ${o.scoreRows.toLocaleString('en-US')} probabilities identical to XGBoost's float32 output (max |diff| ${maxDiff.toExponential(2)}).`,
    `Goal (issue 18): ours <= 1.0x XGBoost at the same thread count: ${[1, 2].map((t) => `${t} thread(s) ${fmtRatio(oursAt(t) / xgbAt(t))} (${oursAt(t) / xgbAt(t) <= 1 ? 'met' : 'MISSED'})`).join('; ')}.`,
  ];
  return {
    table: { title: `Scoring: ${o.scoreRows.toLocaleString('en-US')} rows x ${o.rounds} trees of depth ${o.depth}, ${o.cols} features`, header, rows, align: ['l'], notes },
    data: { timings, identical, rows: o.scoreRows, maxDiff, version: xgbRun.version },
  };
}
