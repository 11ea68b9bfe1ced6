/**
 * `npm run bench -- features`: the feature catalogue on 3 symbols x 155,000 15m candles (2021-01-01..2025-06-01),
 * with issue 18's measures beside their goals:
 * - batch on one core: the 274 single-asset features that are not candle patterns (goal <= 1,000 ms), and all of
 *   them (the 61 patterns included);
 * - the TA-Lib-mapped features (patterns apart) against the npm `talib` binding computing the same columns
 *   (bench/features/talib-mapped.ts; goal: keep >= 10x faster);
 * - the parallel speed-up on 2 workers (built package);
 * - streaming, one closed candle through FeatureStream.next (goal <= 5 us), for both feature sets;
 * - the typed-array memory of a batch run against the output matrix, and the throughput against the seed
 *   system's budget of 10,000 feature computations per minute.
 *
 * `npm run bench -- features [--smoke]` (`--smoke`: 3 x 3,000 candles, one run, nothing written).
 */
import { existsSync } from 'node:fs';
import { simulateMarket } from '../../src/core/index.js';
import { computeFeatures, createFeatureStream } from '../../src/features/index.js';
import { FEATURE_DEFS } from '../../src/features/catalogue/index.js';
import { planKernels } from '../../src/features/engine.js';
import type { Candle, Candles } from '../../src/core/types.js';
import { isSmoke, writeResults } from '../lib/results.js';
import { collectGarbage, fmtMs, fmtRatio, fmtSpread, machineInfo, median, nowMs, renderTable } from '../lib/stats.js';
import { benchTalibMapped } from './talib-mapped.js';

/** The single-asset features that are not candle patterns: the catalogue issue 18's goals were set on. */
const NON_PATTERN = FEATURE_DEFS.filter((d) => d.group !== 'pattern').map((d) => d.name);
const GOAL_BATCH_MS = 1000;
const GOAL_STREAM_US = 5;
const GOAL_TALIB_RATIO = 10;

function time(fn: () => void): number {
  collectGarbage();
  const t0 = nowMs();
  fn();
  return nowMs() - t0;
}

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  collectGarbage();
  const t0 = nowMs();
  await fn();
  return nowMs() - t0;
}

/** Microseconds per closed candle of a stream of `features` seeded with `history` candles, per block of 1,000 streamed. */
function streamBlocksUs(c: Candles, features: readonly string[] | undefined, history: number, streamed: number): number[] {
  const stream = createFeatureStream(features === undefined ? {} : { features }).fromHistory({
    time: c.time.subarray(0, history),
    open: c.open.subarray(0, history),
    high: c.high.subarray(0, history),
    low: c.low.subarray(0, history),
    close: c.close.subarray(0, history),
    volume: c.volume.subarray(0, history),
  });
  const candle: Candle = { time: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  const blocks: number[] = [];
  for (let i = history; i < history + streamed; i += 1000) {
    const t0 = nowMs();
    for (let j = i; j < i + 1000; j++) {
      candle.time = c.time[j]!;
      candle.open = c.open[j]!;
      candle.high = c.high[j]!;
      candle.low = c.low[j]!;
      candle.close = c.close[j]!;
      candle.volume = c.volume[j]!;
      stream.next(candle);
    }
    blocks.push(nowMs() - t0); // ms per 1,000 candles = us per candle
  }
  return blocks;
}

export async function run(args: readonly string[] = []): Promise<void> {
  const smoke = isSmoke(args);
  const CANDLES = smoke ? 3_000 : 155_000;
  const RUNS = smoke ? 1 : 3;
  /** Candles streamed after a history of STREAM_HISTORY, in blocks of 1,000. */
  const STREAMED = smoke ? 1_000 : 5_000;
  const STREAM_HISTORY = smoke ? 2_000 : 10_000;
  const info = machineInfo();
  const simRuns = Array.from({ length: RUNS }, () => time(() => simulateMarket({ candles: CANDLES, seed: 1 })));
  const simMs = median(simRuns);
  const sim = simulateMarket({ candles: CANDLES, seed: 1 });
  const bySymbol = sim.candles as Record<string, Candles>;
  const all = FEATURE_DEFS.length;

  const batch = (features?: readonly string[]) => Array.from({ length: RUNS }, () => time(() => sim.symbols.forEach((s) => computeFeatures(bySymbol[s]!, features === undefined ? {} : { features }))));
  const coreRuns = batch(NON_PATTERN);
  const batchRuns = batch();
  const coreMs = median(coreRuns);
  const batchMs = median(batchRuns);
  const mapped = benchTalibMapped(bySymbol, RUNS);

  let parallelMs: number | undefined;
  let parallelRuns: number[] = [];
  const built = new URL('../../dist/node.js', import.meta.url);
  if (existsSync(built)) {
    const { computeFeaturesParallel } = (await import(built.href)) as typeof import('../../src/node.js');
    await computeFeaturesParallel(bySymbol, { workers: 2 });
    const runs: number[] = [];
    for (let r = 0; r < RUNS; r++) runs.push(await timeAsync(() => computeFeaturesParallel(bySymbol, { workers: 2 })));
    parallelMs = median(runs);
    parallelRuns = runs;
  } else {
    process.stdout.write('parallel: dist/ not built (npm run build), skipping the 2-worker measurement\n');
  }

  const coreBlocks = streamBlocksUs(bySymbol.BTC!, NON_PATTERN, STREAM_HISTORY, STREAMED);
  const perCandle = streamBlocksUs(bySymbol.BTC!, undefined, STREAM_HISTORY, STREAMED);
  const coreStreamUs = median(coreBlocks);
  const streamUs = median(perCandle);

  const kernels = planKernels(FEATURE_DEFS);
  const kernelColumns = kernels.reduce((s, k) => s + k.outputs.length, 0);
  const formulaColumns = FEATURE_DEFS.filter((d) => d.formula !== undefined).length;
  const outputBytes = CANDLES * all * 8;
  const runBytes = CANDLES * (kernelColumns + formulaColumns) * 8;

  const perMinuteBatch = (60_000 / batchMs) * 3 * CANDLES;
  const perMinuteStream = 60_000_000 / streamUs;
  const n = CANDLES.toLocaleString('en-US');
  const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
  const talibRatio = mapped.talibMs / mapped.oursMs;
  const header = ['measure', 'result', 'spread', 'peer', 'goal', 'verdict'];
  const rows = [
    [`simulate 3 x ${n} candles`, `${fmtMs(simMs)} ms`, fmtSpread(simRuns), '-', '-', '-'],
    [`batch, the ${NON_PATTERN.length} non-pattern single-asset features, 3 x ${n}, one core`, `${fmtMs(coreMs)} ms`, fmtSpread(coreRuns), '-', `<= ${GOAL_BATCH_MS} ms`, verdict(coreMs <= GOAL_BATCH_MS)],
    [`batch, all ${all} single-asset features (61 patterns included), one core`, `${fmtMs(batchMs)} ms`, fmtSpread(batchRuns), '-', '-', '-'],
    [`the ${mapped.features} TA-Lib-mapped features (patterns apart), 3 x ${n}`, `${fmtMs(mapped.oursMs)} ms`, fmtSpread(mapped.oursRunsMs), `talib binding ${fmtMs(mapped.talibMs)} ms (${fmtRatio(talibRatio)} ours)`, `>= ${GOAL_TALIB_RATIO}x faster`, verdict(talibRatio >= GOAL_TALIB_RATIO)],
    [`batch, all ${all}, on 2 workers (speed-up)`, parallelMs === undefined ? '-' : `${fmtMs(parallelMs)} ms (${(batchMs / parallelMs).toFixed(2)}x)`, fmtSpread(parallelRuns), '-', '-', '-'],
    [`streaming, the ${NON_PATTERN.length} non-pattern features, one closed candle`, `${coreStreamUs.toFixed(1)} us`, coreBlocks.length > 1 ? `${fmtSpread(coreBlocks)} us` : '-', '-', `<= ${GOAL_STREAM_US} us`, verdict(coreStreamUs <= GOAL_STREAM_US)],
    [`streaming, all ${all} features, one closed candle`, `${streamUs.toFixed(1)} us`, perCandle.length > 1 ? `${fmtSpread(perCandle)} us` : '-', '-', '-', '-'],
    ['typed arrays of a batch run / output matrix', `${(runBytes / 2 ** 20).toFixed(0)} MiB / ${(outputBytes / 2 ** 20).toFixed(0)} MiB = ${(runBytes / outputBytes).toFixed(2)}x`, '-', '-', '<= 2x', verdict(runBytes <= 2 * outputBytes)],
    ['candle feature vectors per minute, batch (one core)', `${(perMinuteBatch / 1e6).toFixed(1)} M = ${(perMinuteBatch / 10_000).toFixed(0)}x budget`, '-', '-', '10,000/min', verdict(perMinuteBatch >= 10_000)],
    ['candle feature vectors per minute, streaming', `${(perMinuteStream / 1e6).toFixed(2)} M = ${(perMinuteStream / 10_000).toFixed(0)}x budget`, '-', '-', '10,000/min', verdict(perMinuteStream >= 10_000)],
  ];
  const note = `machine: ${info.cpuModel}, ${info.cpus} cores, load ${JSON.stringify(info.loadAvg)}; medians of ${RUNS} runs (streaming: of the ${STREAMED / 1000} blocks of 1,000 candles after ${STREAM_HISTORY.toLocaleString('en-US')} of history). The talib binding runs once (one call per feature and symbol, number[] copies of its inputs included). No peer computes the whole catalogue.`;
  process.stdout.write(`${renderTable(header, rows)}\n${note}\n`);
  writeResults(
    {
      suite: 'features',
      title: `the ${all}-feature single-asset catalogue on 3 symbols x ${n} 15m candles, batch and streaming`,
      config: { candlesPerSymbol: CANDLES, runs: RUNS, streamed: STREAMED, streamHistory: STREAM_HISTORY },
      tables: [{ title: 'Feature computation', header, rows, notes: [note] }],
      capacity: [
        { key: 'features.streamUsPerCandle', value: streamUs, unit: 'us', what: `one closed candle of one symbol through FeatureStream.next, all ${all} single-asset features, one core` },
        { key: 'features.batchUsPerCandle', value: (batchMs * 1000) / (3 * CANDLES), unit: 'us', what: 'one candle of computeFeatures (batch), all single-asset features, one core' },
      ],
      data: { features: all, nonPattern: NON_PATTERN.length, candlesPerSymbol: CANDLES, simulateMs: simMs, simulateRunsMs: simRuns, coreMs, coreRunsMs: coreRuns, batchMs, batchRunsMs: batchRuns, talibMapped: mapped, parallelMs, parallelRunsMs: parallelRuns, coreStreamUsPerCandle: coreStreamUs, coreStreamBlocksUs: coreBlocks, streamUsPerCandle: streamUs, streamBlocksUs: perCandle, outputBytes, runBytes, kernels: kernels.length },
    },
    { machine: info, smoke },
  );
}
