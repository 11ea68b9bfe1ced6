/**
 * `npm run bench -- features`: the feature catalogue on 3 symbols x 155,000 15m candles (2021-01-01..2025-06-01).
 * Reports the simulator's time, batch time on one core, the parallel speed-up on 2 workers (built package),
 * streaming time per closed candle, the typed-array memory of a batch run against the output matrix, and the
 * throughput against the seed system's budget of 10,000 feature computations per minute.
 *
 * `npm run bench -- features [--smoke]` (`--smoke`: 3 x 3,000 candles, one run, nothing written).
 */
import { existsSync } from 'node:fs';
import { simulateMarket } from '../../src/core/index.js';
import { FEATURES, computeFeatures, createFeatureStream } from '../../src/features/index.js';
import { FEATURE_DEFS } from '../../src/features/catalogue/index.js';
import { planKernels } from '../../src/features/engine.js';
import type { Candle, Candles } from '../../src/core/types.js';
import { isSmoke, writeResults } from '../lib/results.js';
import { collectGarbage, fmtMs, fmtSpread, machineInfo, median, nowMs, renderTable } from '../lib/stats.js';

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

export async function run(args: readonly string[] = []): Promise<void> {
  const smoke = isSmoke(args);
  const CANDLES = smoke ? 3_000 : 155_000;
  const RUNS = smoke ? 1 : 3;
  /** Candles streamed after the history, in blocks of 1,000. */
  const STREAMED = smoke ? 1_000 : 5_000;
  const info = machineInfo();
  const simRuns = Array.from({ length: RUNS }, () => time(() => simulateMarket({ candles: CANDLES, seed: 1 })));
  const simMs = median(simRuns);
  const sim = simulateMarket({ candles: CANDLES, seed: 1 });
  const bySymbol = sim.candles as Record<string, Candles>;
  const features = FEATURES.length;

  const batchRuns = Array.from({ length: RUNS }, () => time(() => sim.symbols.forEach((s) => computeFeatures(bySymbol[s]!))));
  const batchMs = median(batchRuns);

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

  const btc = bySymbol.BTC!;
  const history = CANDLES - STREAMED;
  const stream = createFeatureStream().fromHistory({
    time: btc.time.subarray(0, history),
    open: btc.open.subarray(0, history),
    high: btc.high.subarray(0, history),
    low: btc.low.subarray(0, history),
    close: btc.close.subarray(0, history),
    volume: btc.volume.subarray(0, history),
  });
  const c: Candle = { time: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  const perCandle: number[] = [];
  for (let i = history; i < CANDLES; i += 1000) {
    const t0 = nowMs();
    for (let j = i; j < i + 1000; j++) {
      c.time = btc.time[j]!;
      c.open = btc.open[j]!;
      c.high = btc.high[j]!;
      c.low = btc.low[j]!;
      c.close = btc.close[j]!;
      c.volume = btc.volume[j]!;
      stream.next(c);
    }
    perCandle.push(((nowMs() - t0) / 1000) * 1000);
  }
  const streamUs = median(perCandle);

  const kernels = planKernels(FEATURE_DEFS);
  const kernelColumns = kernels.reduce((s, k) => s + k.outputs.length, 0);
  const formulaColumns = FEATURE_DEFS.filter((d) => d.formula !== undefined).length;
  const outputBytes = CANDLES * features * 8;
  const runBytes = CANDLES * (kernelColumns + formulaColumns) * 8;

  const perMinuteBatch = (60_000 / batchMs) * 3 * CANDLES;
  const perMinuteStream = 60_000_000 / streamUs;
  const n = CANDLES.toLocaleString('en-US');
  const header = ['measure', 'result', 'spread', 'goal'];
  const rows = [
    [`simulate 3 x ${n} candles`, `${fmtMs(simMs)} ms`, fmtSpread(simRuns), 'well under 1 s'],
    [`batch, all ${features} features, 3 x ${n}, one core`, `${fmtMs(batchMs)} ms`, fmtSpread(batchRuns), '<= 1000 ms'],
    ['batch on 2 workers (speed-up)', parallelMs === undefined ? '-' : `${fmtMs(parallelMs)} ms (${(batchMs / parallelMs).toFixed(2)}x)`, fmtSpread(parallelRuns), '-'],
    ['streaming, all features, one closed candle', `${streamUs.toFixed(1)} us`, perCandle.length > 1 ? `${fmtSpread(perCandle)} us` : '-', '<= 20 us'],
    ['typed arrays of a batch run / output matrix', `${(runBytes / 2 ** 20).toFixed(0)} MiB / ${(outputBytes / 2 ** 20).toFixed(0)} MiB = ${(runBytes / outputBytes).toFixed(2)}x`, '-', '<= 2x'],
    ['candle feature vectors per minute, batch (one core)', `${(perMinuteBatch / 1e6).toFixed(1)} M = ${(perMinuteBatch / 10_000).toFixed(0)}x budget`, '-', '10,000/min'],
    ['candle feature vectors per minute, streaming', `${(perMinuteStream / 1e6).toFixed(2)} M = ${(perMinuteStream / 10_000).toFixed(0)}x budget`, '-', '10,000/min'],
  ];
  const note = `machine: ${info.cpuModel}, ${info.cpus} cores, load ${JSON.stringify(info.loadAvg)}; medians of ${RUNS} runs (streaming: of the ${STREAMED / 1000} blocks of 1,000 candles). No peer computes this catalogue: the goals are the system's budgets.`;
  process.stdout.write(`${renderTable(header, rows)}\n${note}\n`);
  writeResults(
    {
      suite: 'features',
      title: `the ${features}-feature catalogue on 3 symbols x ${n} 15m candles, batch and streaming`,
      config: { candlesPerSymbol: CANDLES, runs: RUNS, streamed: STREAMED },
      tables: [{ title: 'Feature computation', header, rows, notes: [note] }],
      capacity: [
        { key: 'features.streamUsPerCandle', value: streamUs, unit: 'us', what: `one closed candle of one symbol through FeatureStream.next, all ${features} single-asset features, one core` },
        { key: 'features.batchUsPerCandle', value: (batchMs * 1000) / (3 * CANDLES), unit: 'us', what: 'one candle of computeFeatures (batch), all single-asset features, one core' },
      ],
      data: { features, candlesPerSymbol: CANDLES, simulateMs: simMs, simulateRunsMs: simRuns, batchMs, batchRunsMs: batchRuns, parallelMs, parallelRunsMs: parallelRuns, streamUsPerCandle: streamUs, streamBlocksUs: perCandle, outputBytes, runBytes, kernels: kernels.length },
    },
    { machine: info, smoke },
  );
}
