/**
 * `npm run bench -- synthetic`: cross-asset features on 3 symbols x 155,000 15m candles.
 * Reports alignCandles (both policies, with 1% of SOL's candles missing), batch computation of every symbol's syn_*
 * features, streaming time per closed candle, and the rolling correlation's time per update for windows 20, 100 and
 * 1000 (O(1) updates: the cost must not grow with the window). `--smoke`: 3 x 3,000 candles, one run, nothing written.
 */
import { simulateMarket } from '../src/core/index.js';
import type { Candle, Candles } from '../src/core/types.js';
import { FEATURES, computeFeatures, createFeatureStream, parseSyntheticName } from '../src/features/index.js';
import { alignCandles, rollingCorrelation } from '../src/synthetic/index.js';
import { isSmoke, writeResults } from './lib/results.js';
import { collectGarbage, fmtMs, machineInfo, median, nowMs, renderTable } from './lib/stats.js';

const SYMBOLS = ['BTC', 'ETH', 'SOL'] as const;

function time(fn: () => void): number {
  collectGarbage();
  const t0 = nowMs();
  fn();
  return nowMs() - t0;
}

function dropEvery(c: Candles, every: number): Candles {
  const keep = (_: number, i: number) => i % every !== 7;
  return { time: c.time.filter(keep), open: c.open.filter(keep), high: c.high.filter(keep), low: c.low.filter(keep), close: c.close.filter(keep), volume: c.volume.filter(keep) };
}

export async function run(args: readonly string[] = []): Promise<void> {
  const smoke = isSmoke(args);
  const CANDLES = smoke ? 3_000 : 155_000;
  const RUNS = smoke ? 1 : 3;
  const info = machineInfo();
  const sim = simulateMarket({ candles: CANDLES, seed: 1 });
  const data: Record<string, Candles> = { BTC: sim.candles.BTC!, ETH: sim.candles.ETH!, SOL: dropEvery(sim.candles.SOL!, 100) };
  const innerMs = median(Array.from({ length: RUNS }, () => time(() => alignCandles(data, { timeframe: '15m', policy: 'inner' }))));
  const carryMs = median(Array.from({ length: RUNS }, () => time(() => alignCandles(data, { timeframe: '15m', policy: 'carry' }))));
  const aligned = alignCandles(data, { timeframe: '15m', policy: 'carry' });

  const names = (s: string) => FEATURES.filter((f) => f.group === 'synthetic').map((f) => f.name).filter((n) => {
    const p = parseSyntheticName(n)!;
    return p.kind === 'dispersion' ? s === 'BTC' : p.self === s.toLowerCase();
  });
  const total = SYMBOLS.reduce((k, s) => k + names(s).length, 0);
  const batchMs = median(Array.from({ length: RUNS }, () => time(() => SYMBOLS.forEach((s) => computeFeatures(aligned[s]!, { symbol: s, peers: aligned, features: names(s) })))));

  const ethNames = FEATURES.filter((f) => f.group === 'synthetic' && (f.name.startsWith('syn_eth_') || f.name === 'syn_dispersion_btc_eth_sol')).map((f) => f.name);
  const history = CANDLES - (smoke ? 1_000 : 5_000);
  const cut = (c: Candles, n: number): Candles => ({ time: c.time.subarray(0, n), open: c.open.subarray(0, n), high: c.high.subarray(0, n), low: c.low.subarray(0, n), close: c.close.subarray(0, n), volume: c.volume.subarray(0, n) });
  const stream = createFeatureStream({ symbol: 'ETH', peers: ['BTC', 'SOL'], features: ethNames }).fromHistory(cut(aligned.ETH!, history), { BTC: cut(aligned.BTC!, history), SOL: cut(aligned.SOL!, history) });
  const at = (c: Candles, i: number, into: Candle): Candle => {
    into.time = c.time[i]!;
    into.open = c.open[i]!;
    into.high = c.high[i]!;
    into.low = c.low[i]!;
    into.close = c.close[i]!;
    into.volume = c.volume[i]!;
    return into;
  };
  const c: Candle = { time: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  const peers = { BTC: { ...c }, SOL: { ...c } };
  const perCandle: number[] = [];
  const n = aligned.ETH!.time.length;
  for (let i = history; i + 1000 <= n; i += 1000) {
    const t0 = nowMs();
    for (let j = i; j < i + 1000; j++) {
      at(aligned.BTC!, j, peers.BTC);
      at(aligned.SOL!, j, peers.SOL);
      stream.next(at(aligned.ETH!, j, c), peers);
    }
    perCandle.push(nowMs() - t0);
  }
  const streamUs = median(perCandle);

  const lr = (x: Float64Array) => Float64Array.from(x, (v, i) => (i === 0 ? NaN : Math.log(v / x[i - 1]!)));
  const rx = lr(sim.candles.ETH!.close);
  const ry = lr(sim.candles.BTC!.close);
  const corrNs = Object.fromEntries([20, 100, 1000].map((w) => [w, (median(Array.from({ length: RUNS }, () => time(() => rollingCorrelation(rx, ry, w)))) * 1e6) / CANDLES]));

  const n3 = CANDLES.toLocaleString('en-US');
  const rows = [
    [`alignCandles 'inner', 3 x ${n3} (1% of SOL missing)`, `${fmtMs(innerMs)} ms`, '-'],
    ["alignCandles 'carry', same", `${fmtMs(carryMs)} ms`, '-'],
    [`batch, every symbol's syn_* features (${total} columns), 3 x ${n3}`, `${fmtMs(batchMs)} ms`, '-'],
    [`streaming, ETH's ${ethNames.length} syn_* features, one closed candle (with 2 peers)`, `${streamUs.toFixed(2)} us`, 'O(1)'],
    ['rolling correlation per update, window 20 / 100 / 1000', `${corrNs[20]!.toFixed(0)} / ${corrNs[100]!.toFixed(0)} / ${corrNs[1000]!.toFixed(0)} ns`, 'flat in the window'],
  ];
  const header = ['measure', 'result', 'goal'];
  const note = `machine: ${String(info.cpuModel)}, ${String(info.cpus)} cores, load ${JSON.stringify(info.loadAvg)}; medians of ${RUNS} runs`;
  process.stdout.write(`${renderTable(header, rows)}\n${note}\n`);
  writeResults(
    {
      suite: 'synthetic',
      title: `cross-asset features on 3 symbols x ${n3} 15m candles`,
      config: { candlesPerSymbol: CANDLES, runs: RUNS },
      tables: [{ title: 'Cross-asset features', header, rows, notes: [note] }],
      data: { alignInnerMs: innerMs, alignCarryMs: carryMs, batchMs, batchColumns: total, streamUsPerCandle: streamUs, streamFeatures: ethNames.length, correlationNsPerUpdate: corrNs },
    },
    { machine: info, smoke },
  );
}
