/**
 * Stress part 2: sustained feature computations through the streaming path, as the live system makes them: BTC,
 * ETH and SOL at 15m and 1h, each a `createFeatureStream({ symbol, peers })` (every single-asset feature and the
 * symbol's cross-asset `syn_*` features) seeded from `history` candles, then `next(candle, peers)` for every stream in
 * turn until `seconds` pass or `steps` candles per stream are used up. One computation = one stream's `next`.
 */
import { simulateMarket } from '../../src/core/simulator.js';
import type { Candle, Candles } from '../../src/core/types.js';
import { createFeatureStream, type FeatureStream } from '../../src/features/index.js';
import { nowMs } from '../lib/stats.js';

const SYMBOLS = ['BTC', 'ETH', 'SOL'] as const;

/** What {@link stressFeatures} measured. */
export interface FeatureStreamResult {
  readonly streams: number;
  readonly features: number;
  readonly computations: number;
  readonly wallMs: number;
  readonly perMinute: number;
  /** Process CPU (user + system) per computation. */
  readonly cpuMsPerComputation: number;
  /** CPU over wall time during the loop: cores busy (1 = one core). */
  readonly cores: number;
}

const cut = (c: Candles, from: number, to: number): Candles => ({ time: c.time.subarray(from, to), open: c.open.subarray(from, to), high: c.high.subarray(from, to), low: c.low.subarray(from, to), close: c.close.subarray(from, to), volume: c.volume.subarray(from, to) });

function at(c: Candles, i: number, into: Candle): Candle {
  into.time = c.time[i]!;
  into.open = c.open[i]!;
  into.high = c.high[i]!;
  into.low = c.low[i]!;
  into.close = c.close[i]!;
  into.volume = c.volume[i]!;
  return into;
}

/** Runs the streams for at most `seconds` and `steps` candles each. */
export function stressFeatures(o: { history: number; steps: number; seconds: number }): FeatureStreamResult {
  const lanes: { symbol: string; candles: Candles; all: Record<string, Candles>; stream: FeatureStream }[] = [];
  for (const timeframe of ['15m', '1h'] as const) {
    const sim = simulateMarket({ symbols: [...SYMBOLS], timeframe, candles: o.history + o.steps, seed: 21 });
    for (const symbol of SYMBOLS) {
      const peers = SYMBOLS.filter((s) => s !== symbol);
      const stream = createFeatureStream({ symbol, peers }).fromHistory(cut(sim.candles[symbol]!, 0, o.history), Object.fromEntries(peers.map((p) => [p, cut(sim.candles[p]!, 0, o.history)])));
      lanes.push({ symbol, candles: sim.candles[symbol]!, all: sim.candles, stream });
    }
  }
  const own: Candle = { time: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  const peerCandles = Object.fromEntries(SYMBOLS.map((s) => [s, { ...own }]));
  let computations = 0;
  const c0 = process.cpuUsage();
  const t0 = nowMs();
  const deadline = t0 + o.seconds * 1000;
  for (let i = o.history; i < o.history + o.steps && nowMs() < deadline; i++) {
    for (const lane of lanes) {
      const peers: Record<string, Candle> = {};
      for (const s of SYMBOLS) if (s !== lane.symbol) peers[s] = at(lane.all[s]!, i, peerCandles[s]!);
      lane.stream.next(at(lane.candles, i, own), peers);
      computations++;
    }
  }
  const wallMs = nowMs() - t0;
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return { streams: lanes.length, features: lanes[0]!.stream.names.length, computations, wallMs, perMinute: (computations / wallMs) * 60_000, cpuMsPerComputation: cpuMs / computations, cores: cpuMs / wallMs };
}
