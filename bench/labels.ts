/** `npm run bench -- labels`: labels and splits for 155,000 15m candles (goal: at most 50 ms in all). */
import { simulateMarket } from '../src/core/index.js';
import { fixedHorizonLabels, purgedKFoldSplits, tripleBarrierLabels, walkForwardSplits } from '../src/labels/index.js';
import { collectGarbage, fmtMs, machineInfo, median, nowMs, renderTable } from './lib/stats.js';

function time(fn: () => unknown): number {
  collectGarbage();
  const t0 = nowMs();
  fn();
  return nowMs() - t0;
}

export async function run(): Promise<void> {
  const n = 155_000;
  const btc = simulateMarket({ symbols: ['BTC'], candles: n, seed: 1 }).candles.BTC!;
  const { t1 } = fixedHorizonLabels(btc.close, { horizon: 4 });
  const steps: [string, () => unknown][] = [
    ['fixed-horizon labels (h = 4)', () => fixedHorizonLabels(btc.close, { horizon: 4 })],
    ['triple barrier (h = 16, 2 / 1 sigma, 96-candle volatility)', () => tripleBarrierLabels(btc, { horizon: 16, profitTake: 2, stopLoss: 1 })],
    ['walk-forward splits (expanding, 5 x 20,000)', () => walkForwardSplits({ n, trainSize: 55_000, testSize: 20_000, t1 })],
    ['purged 5-fold with embargo 96', () => purgedKFoldSplits({ n, k: 5, t1, embargo: 96 })],
  ];
  const rows = steps.map(([name, fn]) => {
    fn();
    return [name, fmtMs(median(Array.from({ length: 7 }, () => time(fn))))] as const;
  });
  const total = rows.reduce((s, r) => s + Number(r[1]), 0);
  process.stdout.write(`${renderTable(['step (155,000 candles)', 'ms'], [...rows, ['total', fmtMs(total)]])}\n`);
  process.stdout.write(`goal: <= 50 ms in all; load ${JSON.stringify(machineInfo().loadAvg)}; medians of 7 runs\n`);
}
