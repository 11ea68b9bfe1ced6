/** `npm run bench -- labels [--smoke]`: labels and splits for 155,000 15m candles (goal: at most 50 ms in all; `--smoke`: 3,000 candles, nothing written). */
import { simulateMarket } from '../src/core/index.js';
import { fixedHorizonLabels, purgedKFoldSplits, tripleBarrierLabels, walkForwardSplits } from '../src/labels/index.js';
import { isSmoke, writeResults } from './lib/results.js';
import { collectGarbage, fmtMs, fmtSpread, machineInfo, median, nowMs, renderTable } from './lib/stats.js';

function time(fn: () => unknown): number {
  collectGarbage();
  const t0 = nowMs();
  fn();
  return nowMs() - t0;
}

export async function run(args: readonly string[] = []): Promise<void> {
  const smoke = isSmoke(args);
  const machine = machineInfo();
  const n = smoke ? 3_000 : 155_000;
  const btc = simulateMarket({ symbols: ['BTC'], candles: n, seed: 1 }).candles.BTC!;
  const { t1 } = fixedHorizonLabels(btc.close, { horizon: 4 });
  // 55,000 + 5 x 20,000 at 155,000 candles; the same proportions at other sizes.
  const trainSize = Math.floor((n * 11) / 31);
  const testSize = Math.floor((n * 4) / 31);
  const steps: [string, () => unknown][] = [
    ['fixed-horizon labels (h = 4)', () => fixedHorizonLabels(btc.close, { horizon: 4 })],
    ['triple barrier (h = 16, 2 / 1 sigma, 96-candle volatility)', () => tripleBarrierLabels(btc, { horizon: 16, profitTake: 2, stopLoss: 1 })],
    [`walk-forward splits (expanding, 5 x ${testSize.toLocaleString('en-US')})`, () => walkForwardSplits({ n, trainSize, testSize, t1 })],
    ['purged 5-fold with embargo 96', () => purgedKFoldSplits({ n, k: 5, t1, embargo: 96 })],
  ];
  const runs = smoke ? 1 : 7;
  const rows = steps.map(([name, fn]) => {
    fn();
    const times = Array.from({ length: runs }, () => time(fn));
    return [name, fmtMs(median(times)), fmtSpread(times)];
  });
  const total = rows.reduce((s, r) => s + Number(r[1]), 0);
  const header = [`step (${n.toLocaleString('en-US')} candles)`, 'ms', 'spread'];
  const all = [...rows, ['total', fmtMs(total), '-']];
  const note = `goal: <= 50 ms in all; load ${JSON.stringify(machine.loadAvg)}; medians of ${runs} runs. No peer: the goal is ours.`;
  process.stdout.write(`${renderTable(header, all)}\n${note}\n`);
  writeResults({ suite: 'labels', title: `labels and splits, ${n.toLocaleString('en-US')} candles`, config: { candles: n, runs }, tables: [{ title: 'Labels and splits', header, rows: all, notes: [note] }], data: { totalMs: total } }, { machine, smoke });
}
