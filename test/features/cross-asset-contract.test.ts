/**
 * The catalogue contract (test/features/catalogue.test.ts) for every cross-asset entry of FEATURES, computed the way
 * it must be: for its symbol, with the other symbols as peers, aligned by alignCandles under both policies.
 *
 * - lookback: the first defined value is at index `lookback`;
 * - no lookahead: cutting ANY ONE of the three series at t (the others continue), re-aligning and recomputing gives
 *   the same value at t, bit for bit;
 * - streaming: next() equals batch bit for bit at every candle, peek() (of perturbed candles, peers included) leaves
 *   no trace, a JSON round trip mid-series resumes exactly, fromHistory with peers seeds the same state.
 *
 * The data have missing candles (so 'inner' and 'carry' differ) and a flat BTC stretch longer than 100 candles (an
 * exchange outage: correlations and betas against BTC must be NaN there, never Infinity).
 */
import { describe, expect, it } from 'vitest';
import { sliceCandles } from '../../src/core/candles.js';
import { Rng } from '../../src/core/rng.js';
import { simulateMarket } from '../../src/core/simulator.js';
import type { Candle, Candles } from '../../src/core/types.js';
import { FEATURES, computeFeatures, createFeatureStream, parseSyntheticName, restoreFeatureStream } from '../../src/features/index.js';
import { alignCandles, type AlignPolicy } from '../../src/synthetic/index.js';

const N = 1500;
const SYMBOLS = ['BTC', 'ETH', 'SOL'] as const;
const FLAT = [700, 830] as const;

function market(): Record<string, Candles> {
  const sim = simulateMarket({ symbols: [...SYMBOLS], candles: N, seed: 99, start: '2024-03-01T00:00:00Z' });
  const rng = new Rng(21);
  const out: Record<string, Candles> = {};
  for (const s of SYMBOLS) {
    const c = sim.candles[s]!;
    const keep = Array.from(c.time, (_, i) => s === 'BTC' || i < 150 || rng.uniform() > 0.02);
    const pick = (a: Float64Array) => Float64Array.from(a.filter((_, i) => keep[i]));
    out[s] = { time: pick(c.time), open: pick(c.open), high: pick(c.high), low: pick(c.low), close: pick(c.close), volume: pick(c.volume) };
  }
  const btc = out.BTC!;
  for (let i = FLAT[0]; i < FLAT[1]; i++) {
    const last = btc.close[FLAT[0] - 1]!;
    btc.open[i] = btc.high[i] = btc.low[i] = btc.close[i] = last;
  }
  btc.open[FLAT[1]] = btc.close[FLAT[0] - 1]!;
  btc.high[FLAT[1]] = Math.max(btc.high[FLAT[1]]!, btc.open[FLAT[1]]!);
  btc.low[FLAT[1]] = Math.min(btc.low[FLAT[1]]!, btc.open[FLAT[1]]!);
  return out;
}

const data = market();
const synthetic = FEATURES.filter((f) => f.group === 'synthetic');
const ownerOf = (name: string): string => {
  const p = parseSyntheticName(name)!;
  return p.kind === 'dispersion' ? 'ETH' : p.self.toUpperCase(); // the dispersion is checked through one member
};
const namesOf = (s: string) => synthetic.filter((f) => ownerOf(f.name) === s).map((f) => f.name);
const candle = (c: Candles, i: number): Candle => ({ time: c.time[i]!, open: c.open[i]!, high: c.high[i]!, low: c.low[i]!, close: c.close[i]!, volume: c.volume[i]! });

describe.each(['inner', 'carry'] as AlignPolicy[])("synthetic catalogue contract, policy '%s'", (policy) => {
  const aligned = alignCandles(data, { timeframe: '15m', policy });
  const frames = Object.fromEntries(SYMBOLS.map((s) => [s, computeFeatures(aligned[s]!, { symbol: s, peers: aligned, features: namesOf(s) })]));

  it('covers every synthetic entry, each computed for its own symbol', () => {
    expect(synthetic.length).toBeGreaterThanOrEqual(50);
    expect(SYMBOLS.flatMap(namesOf).sort()).toEqual(synthetic.map((f) => f.name).sort());
    const dispersion = computeFeatures(aligned.SOL!, { symbol: 'SOL', peers: aligned, features: ['syn_dispersion_btc_eth_sol'] }).column('syn_dispersion_btc_eth_sol');
    expect(Array.from(dispersion)).toEqual(Array.from(frames.ETH!.column('syn_dispersion_btc_eth_sol')));
  });

  it.each(synthetic.map((f) => [f.name, f] as const))('%s: first value at its lookback', (name, f) => {
    const c = frames[ownerOf(name)]!.column(name);
    for (let i = 0; i < f.lookback; i++) if (!Number.isNaN(c[i]!)) throw new Error(`${name}[${i}] = ${c[i]} before lookback ${f.lookback}`);
    expect(Number.isFinite(c[f.lookback]!), `${name}[${f.lookback}]`).toBe(true);
    for (let i = 0; i < c.length; i++) if (Math.abs(c[i]!) === Infinity) throw new Error(`${name}[${i}] is infinite`);
  });

  it('the flat BTC stretch gives NaN correlations and betas against BTC (zero variance), then values again', () => {
    const t = aligned.BTC!.time;
    const lastFlat = t.findIndex((x) => x > data.BTC!.time[FLAT[1] - 1]!) - 1;
    const after = t.findIndex((x) => x >= data.BTC!.time[FLAT[1] + 120]!);
    expect(aligned.BTC!.close[lastFlat]).toBe(aligned.BTC!.close[lastFlat - 100]);
    for (const s of ['ETH', 'SOL'] as const) {
      const f = frames[s]!;
      const self = s.toLowerCase();
      for (const n of [`syn_${self}_btc_correlation_20`, `syn_${self}_btc_correlation_100`, `syn_${self}_btc_beta_20`, `syn_${self}_btc_beta_100`]) {
        expect(f.column(n)[lastFlat], n).toBeNaN();
        expect(Number.isFinite(f.column(n)[after]!), n).toBe(true);
      }
    }
    expect(frames.BTC!.column('syn_btc_eth_correlation_20')[lastFlat]).toBeNaN();
  });

  const rng = new Rng(policy === 'inner' ? 5 : 6);
  const cuts = SYMBOLS.flatMap((cut) => Array.from({ length: 4 }, () => [cut, 150 + Math.floor(rng.uniform() * (N - 170))] as const));
  it.each(cuts)('no lookahead: %s cut at row %i, the others continue', (cut, row) => {
    const t = data[cut]!.time[row]!;
    const part = alignCandles({ ...data, [cut]: sliceCandles(data[cut]!, 0, row + 1) }, { timeframe: '15m', policy });
    let finite = 0;
    for (const s of SYMBOLS) {
      const full = frames[s]!;
      const at = aligned[s]!.time.indexOf(t);
      if (at < 0) continue; // t is not on this policy's grid (a symbol lacks it under 'inner')
      const got = computeFeatures(part[s]!, { symbol: s, peers: part, features: namesOf(s) });
      expect(got.time[at]).toBe(t);
      for (let j = 0; j < full.names.length; j++) {
        const a = got.columns[j]![at]!;
        const b = full.columns[j]![at]!;
        if (!Object.is(a, b)) throw new Error(`${full.names[j]} at ${new Date(t).toISOString()} (${cut} cut): ${a} on the cut series, ${b} on the full ones`);
        if (Number.isFinite(a)) finite++;
      }
    }
    expect(finite).toBeGreaterThan(0);
  });

  it.each([...SYMBOLS])('%s: stream next() equals batch bit for bit; peek() leaves no trace; JSON state resumes', (s) => {
    const peers = SYMBOLS.filter((p) => p !== s);
    const names = namesOf(s);
    const batch = frames[s]!;
    let stream = createFeatureStream({ symbol: s, peers, features: names });
    const n = aligned[s]!.time.length;
    for (let i = 0; i < n; i++) {
      const c = candle(aligned[s]!, i);
      const row = Object.fromEntries(peers.map((p) => [p, candle(aligned[p]!, i)]));
      if (i % 7 === 3) {
        const bumped = Object.fromEntries(peers.map((p) => [p, { ...row[p]!, high: row[p]!.high * 1.05, close: row[p]!.close * 1.03 }]));
        stream.peek({ ...c, high: c.high * 1.05, close: c.close * 1.02 }, bumped);
      }
      const peeked = i % 11 === 5 ? Float64Array.from(stream.peek(c, row)) : undefined;
      const got = stream.next(c, row);
      for (let j = 0; j < names.length; j++) {
        if (!Object.is(got[j], batch.columns[j]![i])) throw new Error(`${names[j]}[${i}]: stream ${got[j]}, batch ${batch.columns[j]![i]}`);
        if (peeked && !Object.is(peeked[j], got[j])) throw new Error(`${names[j]}[${i}]: peek ${peeked[j]}, next ${got[j]}`);
      }
      if (i === 700) stream = restoreFeatureStream(JSON.parse(JSON.stringify(stream.toJSON())));
    }
  });

  it('the default stream of a symbol with peers (single-asset + its syn_* features) matches computeFeatures; fromHistory takes peers', () => {
    const s = 'SOL';
    const peers = ['BTC', 'ETH'];
    const batch = computeFeatures(aligned[s]!, { symbol: s, peers: { BTC: aligned.BTC!, ETH: aligned.ETH! } });
    const k = 1000;
    const history = Object.fromEntries(peers.map((p) => [p, sliceCandles(aligned[p]!, 0, k)]));
    const live = createFeatureStream({ symbol: s, peers }).fromHistory(sliceCandles(aligned[s]!, 0, k), history);
    expect(live.names).toEqual(batch.names);
    expect(live.names.filter((x) => x.startsWith('syn_'))).toEqual(namesOf(s).concat(['syn_dispersion_btc_eth_sol']));
    const resumed = restoreFeatureStream(JSON.parse(JSON.stringify(live.toJSON())));
    for (let i = k; i < k + 50; i++) {
      const row = Object.fromEntries(peers.map((p) => [p, candle(aligned[p]!, i)]));
      const a = live.next(candle(aligned[s]!, i), row);
      const b = resumed.next(candle(aligned[s]!, i), row);
      for (let j = 0; j < batch.names.length; j++) {
        if (!Object.is(a[j], batch.columns[j]![i]) || !Object.is(b[j], a[j])) throw new Error(`${batch.names[j]}[${i}]: stream ${a[j]}, resumed ${b[j]}, batch ${batch.columns[j]![i]}`);
      }
    }
  });
});
