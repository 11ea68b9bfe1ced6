/**
 * Cross-asset features: names as the seed system spells them, the rule for any symbol set, hand-computed values on
 * tiny series (and simple-statistics for correlation and beta), and one test per bad input.
 */
import { sampleCorrelation, sampleCovariance, sampleVariance } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { simulateMarket } from '../../src/core/simulator.js';
import type { Candle, Candles } from '../../src/core/types.js';
import { FEATURES, MissingPeerError, UnknownSymbolError, computeFeatures, createFeatureStream, parseSyntheticName, syntheticFeature, syntheticFeatures } from '../../src/features/index.js';
import { alignCandles } from '../../src/synthetic/index.js';

const T0 = Date.UTC(2024, 2, 1);

/** Flat-bodied candles (open = previous close) with the given closes, 15 minutes apart from T0. */
function closes(values: readonly number[], start = T0): Candles {
  const n = values.length;
  const close = Float64Array.from(values);
  const open = Float64Array.from(values, (c, i) => (i === 0 ? c : values[i - 1]!));
  return {
    time: Float64Array.from({ length: n }, (_, i) => start + i * 900_000),
    open,
    high: Float64Array.from({ length: n }, (_, i) => Math.max(open[i]!, close[i]!)),
    low: Float64Array.from({ length: n }, (_, i) => Math.min(open[i]!, close[i]!)),
    close,
    volume: new Float64Array(n).fill(1),
  };
}

const SELF = ['BTC', 'ETH', 'SOL'] as const;
const synNames = (f: { name: string }[] | readonly { name: string }[]) => f.map((d) => d.name).filter((n) => n.startsWith('syn_'));

describe('names', () => {
  const sim = simulateMarket({ candles: 300, seed: 2 });
  const peers = sim.candles as Record<string, Candles>;

  it('the correlation features are named as the seed system names them', () => {
    const names = new Set(FEATURES.map((f) => f.name));
    for (const n of ['syn_btc_eth_correlation_20', 'syn_btc_sol_correlation_20', 'syn_eth_btc_correlation_20', 'syn_eth_sol_correlation_20', 'syn_sol_btc_correlation_20', 'syn_sol_eth_correlation_20']) {
      expect(names.has(n), n).toBe(true);
      expect(names.has(n.replace(/_20$/, '_50')), n).toBe(true);
      expect(names.has(n.replace(/_20$/, '_100')), n).toBe(true);
    }
  });

  it('there is no standalone syn_btc_correlation_20 and no syn_macro_sentiment, in FEATURES or in any computed frame', () => {
    const banned = ['syn_btc_correlation_20', 'syn_macro_sentiment'];
    for (const b of banned) expect(FEATURES.map((f) => f.name)).not.toContain(b);
    for (const s of SELF) {
      const computed = computeFeatures(peers[s]!, { symbol: s, peers }).names;
      const streamed = createFeatureStream({ symbol: s, peers: ['BTC', 'ETH', 'SOL'] }).names;
      for (const b of banned) {
        expect(computed).not.toContain(b);
        expect(streamed).not.toContain(b);
      }
      for (const n of synNames(computed.map((name) => ({ name })))) expect(n).toMatch(/^syn_([a-z][a-z0-9]*_){2}[a-z_]+_\d+$|^syn_dispersion_btc_eth_sol$/);
    }
    for (const b of banned) expect(() => computeFeatures(peers.BTC!, { symbol: 'BTC', peers, features: [b] })).toThrowError(expect.objectContaining({ code: 'INVALID_PARAMETER', parameter: 'features' }));
  });

  it('each symbol gets its own pairwise features, and FEATURES lists their union', () => {
    const union = new Set<string>();
    for (const s of SELF) {
      const names = synNames(computeFeatures(peers[s]!, { symbol: s, peers }).names.map((name) => ({ name })));
      const self = s.toLowerCase();
      for (const n of names) {
        const p = parseSyntheticName(n)!;
        if (p.kind === 'dispersion') expect(p.members).toEqual(['btc', 'eth', 'sol']);
        else expect(p.self).toBe(self);
        union.add(n);
      }
      const others = SELF.filter((o) => o !== s).map((o) => o.toLowerCase());
      for (const o of others) expect(names).toContain(`syn_${self}_${o}_correlation_20`);
      expect(names.some((n) => n.includes('_beta_'))).toBe(s !== 'BTC');
    }
    expect([...union].sort()).toEqual(synNames(FEATURES.filter((f) => f.group === 'synthetic')).sort());
    expect(FEATURES.filter((f) => f.name.startsWith('syn_')).every((f) => f.group === 'synthetic')).toBe(true);
  });

  it('without symbol and peers only single-asset features are computed', () => {
    expect(synNames(computeFeatures(peers.ETH!).names.map((name) => ({ name })))).toEqual([]);
    expect(synNames(computeFeatures(peers.ETH!, { symbol: 'ETH' }).names.map((name) => ({ name })))).toEqual([]);
    expect(synNames(createFeatureStream({ symbol: 'ETH' }).names.map((name) => ({ name })))).toEqual([]);
  });

  it('any list of symbols gets the pairwise features by the same rule (no hard-coded set)', () => {
    const names = syntheticFeatures('DOGE', ['XRP', 'ADA']).map((d) => d.name);
    expect(names).toContain('syn_doge_xrp_correlation_20');
    expect(names).toContain('syn_doge_ada_correlation_100');
    expect(names).toContain('syn_doge_ada_spread_zscore_20');
    expect(names).toContain('syn_doge_xrp_return_lag_1');
    expect(names).toContain('syn_dispersion_ada_doge_xrp');
    expect(names.some((n) => n.includes('_beta_'))).toBe(false); // no BTC among the peers
    expect(syntheticFeatures('DOGE', ['XRP', 'ADA'], { leader: 'XRP' }).map((d) => d.name)).toContain('syn_doge_xrp_beta_20');
    const sim2 = simulateMarket({ symbols: ['DOGE', 'XRP', 'ADA'], candles: 200, seed: 4 });
    const frame = computeFeatures(sim2.candles.DOGE!, { symbol: 'DOGE', peers: sim2.candles as Record<string, Candles> });
    expect(synNames(frame.names.map((name) => ({ name })))).toEqual(names);
    expect(Number.isFinite(frame.column('syn_doge_xrp_correlation_20')[150]!)).toBe(true);
  });
});

describe('values against hand computation', () => {
  const eth = closes([10, 11, 10.5, 12, 12.5, 12, 13]);
  const btc = closes([100, 102, 101, 101, 104, 103, 105]);
  const sol = closes([5, 5.5, 5.2, 5.9, 6.1, 6.0, 6.6]);
  const peers = { BTC: btc, SOL: sol };
  const col = (name: string) => computeFeatures(eth, { symbol: 'ETH', peers, features: [name] }).column(name);
  const r = (c: Candles, t: number) => Math.log(c.close[t]! / c.close[t - 1]!);
  const rets = (c: Candles, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => r(c, from + k));

  it('relative strength: (c_t / c_{t-n}) / (p_t / p_{t-n})', () => {
    const v = col('syn_eth_btc_relative_strength_2');
    expect(v[0]).toBeNaN();
    expect(v[1]).toBeNaN();
    expect(v[2]).toBeCloseTo(10.5 / 10 / (101 / 100), 15);
    expect(v[6]).toBeCloseTo(13 / 12.5 / (105 / 104), 15);
  });

  it("the peer's lagged log return: ln(p_{t-1} / p_{t-2})", () => {
    const v = col('syn_eth_btc_return_lag_1');
    expect([v[0], v[1]]).toEqual([NaN, NaN]);
    expect(v[2]).toBeCloseTo(Math.log(102 / 100), 15);
    expect(v[4]).toBe(0); // BTC 101 -> 101: a flat candle
    expect(v[6]).toBeCloseTo(Math.log(103 / 104), 15);
  });

  it('dispersion: population sd across the basket of the 1-candle log returns', () => {
    const v = col('syn_dispersion_btc_eth_sol');
    expect(v[0]).toBeNaN();
    for (let t = 1; t < 7; t++) {
      const x = [r(btc, t), r(eth, t), r(sol, t)];
      const m = (x[0]! + x[1]! + x[2]!) / 3;
      expect(v[t], `t = ${t}`).toBeCloseTo(Math.sqrt(((x[0]! - m) ** 2 + (x[1]! - m) ** 2 + (x[2]! - m) ** 2) / 3), 15);
    }
    // The same column, bit for bit, whichever member computes it.
    const fromBtc = computeFeatures(btc, { symbol: 'BTC', peers: { ETH: eth, SOL: sol }, features: ['syn_dispersion_btc_eth_sol'] }).column('syn_dispersion_btc_eth_sol');
    expect(Array.from(fromBtc)).toEqual(Array.from(v));
  });

  it('spread z-score: (d_t - mean) / population sd of d = ln(c) - ln(p) over n', () => {
    const v = col('syn_eth_sol_spread_zscore_3');
    const d = Array.from({ length: 7 }, (_, t) => Math.log(eth.close[t]!) - Math.log(sol.close[t]!));
    expect([v[0], v[1]]).toEqual([NaN, NaN]);
    for (let t = 2; t < 7; t++) {
      const w = d.slice(t - 2, t + 1);
      const m = (w[0]! + w[1]! + w[2]!) / 3;
      const sd = Math.sqrt(w.reduce((s, x) => s + (x - m) ** 2, 0) / 3);
      expect(v[t], `t = ${t}`).toBeCloseTo((d[t]! - m) / sd, 10);
    }
    expect(Array.from(col('syn_eth_sol_spread_zscore_3'))).toEqual(Array.from(computeFeatures(sol, { symbol: 'SOL', peers: { ETH: eth }, features: ['syn_sol_eth_spread_zscore_3'] }).column('syn_sol_eth_spread_zscore_3'), (x) => -x));
  });

  it('correlation and beta of log returns against simple-statistics', () => {
    const c = col('syn_eth_sol_correlation_3');
    const b = computeFeatures(eth, { symbol: 'ETH', peers, features: ['syn_eth_sol_beta_3'] }).column('syn_eth_sol_beta_3');
    expect([c[0], c[1], c[2]]).toEqual([NaN, NaN, NaN]);
    for (let t = 3; t < 7; t++) {
      const x = rets(eth, t - 2, t);
      const y = rets(sol, t - 2, t);
      expect(c[t], `t = ${t}`).toBeCloseTo(sampleCorrelation(x, y), 12);
      expect(b[t], `t = ${t}`).toBeCloseTo(sampleCovariance(x, y) / sampleVariance(y), 12);
    }
  });

  it('a fully flat peer window gives NaN correlation and beta (never Infinity), and 0 beta when only the symbol is flat', () => {
    const flat = closes([50, 50, 50, 50, 50, 50, 50]);
    const f = computeFeatures(eth, { symbol: 'ETH', peers: { BTC: flat }, features: ['syn_eth_btc_correlation_3', 'syn_eth_btc_beta_3', 'syn_eth_btc_spread_zscore_3'] });
    expect(Array.from(f.column('syn_eth_btc_correlation_3')).every(Number.isNaN)).toBe(true);
    expect(Array.from(f.column('syn_eth_btc_beta_3')).every(Number.isNaN)).toBe(true);
    expect(Array.from(f.column('syn_eth_btc_spread_zscore_3')).some(Number.isFinite)).toBe(true); // the spread moves with ETH
    const g = computeFeatures(flat, { symbol: 'BTC', peers: { ETH: eth }, features: ['syn_btc_eth_beta_3', 'syn_btc_eth_correlation_3'] });
    expect(Array.from(g.column('syn_btc_eth_beta_3')).slice(3)).toEqual([0, 0, 0, 0]);
    expect(Array.from(g.column('syn_btc_eth_correlation_3')).every(Number.isNaN)).toBe(true);
  });
});

describe('bad inputs are typed errors', () => {
  const sim = simulateMarket({ candles: 120, seed: 6 });
  const { BTC: btc, ETH: eth, SOL: sol } = sim.candles as Record<string, Candles>;
  const candle = (c: Candles, i: number): Candle => ({ time: c.time[i]!, open: c.open[i]!, high: c.high[i]!, low: c.low[i]!, close: c.close[i]!, volume: c.volume[i]! });
  const thrown = (fn: () => unknown): unknown => {
    try {
      fn();
    } catch (e) {
      return e;
    }
    throw new Error('expected an error');
  };

  it('a missing peer names the peer (batch and stream)', () => {
    const e = thrown(() => computeFeatures(eth!, { symbol: 'ETH', peers: { BTC: btc! }, features: ['syn_eth_sol_correlation_20'] }));
    expect(e).toBeInstanceOf(MissingPeerError);
    expect(e).toMatchObject({ code: 'MISSING_PEER', peer: 'SOL', feature: 'syn_eth_sol_correlation_20' });
    expect(thrown(() => computeFeatures(eth!, { features: ['syn_eth_btc_beta_20'] }))).toMatchObject({ code: 'MISSING_PEER', peer: 'BTC' });
    expect(thrown(() => createFeatureStream({ symbol: 'ETH', peers: ['BTC'], features: ['syn_dispersion_btc_eth_sol'] }))).toMatchObject({ code: 'MISSING_PEER', peer: 'SOL' });
    const live = createFeatureStream({ symbol: 'ETH', peers: ['BTC', 'SOL'] });
    expect(thrown(() => live.next(candle(eth!, 0), { BTC: candle(btc!, 0) }))).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'peers.SOL' });
  });

  it('misaligned peers are rejected (batch: times differ; stream: a peer candle of another time)', () => {
    const shifted = { ...btc!, time: Float64Array.from(btc!.time, (t) => t + 900_000) };
    expect(thrown(() => computeFeatures(eth!, { symbol: 'ETH', peers: { BTC: shifted, SOL: sol! } }))).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'peers.BTC' });
    const short = { time: btc!.time.subarray(1), open: btc!.open.subarray(1), high: btc!.high.subarray(1), low: btc!.low.subarray(1), close: btc!.close.subarray(1), volume: btc!.volume.subarray(1) };
    expect(thrown(() => computeFeatures(eth!, { symbol: 'ETH', peers: { BTC: short, SOL: sol! } }))).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'peers.BTC' });
    const live = createFeatureStream({ symbol: 'ETH', peers: ['BTC', 'SOL'] });
    expect(thrown(() => live.next(candle(eth!, 1), { BTC: candle(btc!, 0), SOL: candle(sol!, 1) }))).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'peers.BTC' });
  });

  it('mismatched timeframes: aligning 15m with 1h candles throws TIMEFRAME_MISMATCH', () => {
    const hourly = closes([1, 2, 3, 4], T0);
    const h = { ...hourly, time: Float64Array.from(hourly.time, (_, i) => T0 + i * 3_600_000) };
    expect(thrown(() => alignCandles({ ETH: eth!, BTC: h }, { timeframe: '15m' }))).toMatchObject({ code: 'TIMEFRAME_MISMATCH', symbol: 'BTC' });
  });

  it('an unknown symbol: one that cannot be spelled in a name, or a feature of another symbol', () => {
    expect(thrown(() => computeFeatures(eth!, { symbol: 'ETH-USD', peers: { BTC: btc! } }))).toBeInstanceOf(UnknownSymbolError);
    expect(thrown(() => syntheticFeatures('ETH', ['BTC_PERP']))).toMatchObject({ code: 'UNKNOWN_SYMBOL', symbol: 'BTC_PERP' });
    expect(thrown(() => computeFeatures(btc!, { symbol: 'BTC', peers: { ETH: eth! }, features: ['syn_eth_btc_correlation_20'] }))).toMatchObject({ code: 'UNKNOWN_SYMBOL', symbol: 'BTC' });
    expect(thrown(() => computeFeatures(btc!, { peers: { ETH: eth!, SOL: sol! }, features: ['syn_eth_sol_correlation_20', 'syn_sol_eth_correlation_20'] }))).toMatchObject({ code: 'UNKNOWN_SYMBOL' });
    expect(thrown(() => createFeatureStream({ symbol: 'SOL', peers: ['BTC', 'ETH'], features: ['syn_dispersion_btc_eth'] }))).toMatchObject({ code: 'UNKNOWN_SYMBOL', symbol: 'SOL' });
  });

  it('a window below 2 (by name or by option) is an InvalidParameterError naming the window', () => {
    for (const name of ['syn_eth_btc_correlation_1', 'syn_eth_btc_beta_0', 'syn_eth_btc_spread_zscore_1', 'syn_eth_btc_relative_strength_0']) {
      expect(thrown(() => computeFeatures(eth!, { symbol: 'ETH', peers: { BTC: btc! }, features: [name] })), name).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'window' });
    }
    expect(thrown(() => syntheticFeatures('ETH', ['BTC'], { correlationWindows: [20, 1] }))).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'window' });
    expect(thrown(() => syntheticFeatures('ETH', ['BTC'], { returnLags: [0] }))).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'lag' });
  });

  it('malformed names, self pairs and duplicate peers are InvalidParameterErrors', () => {
    for (const name of ['syn_eth_btc_correlation_020', 'syn_eth_btc_corr_20', 'syn_eth_eth_correlation_20', 'syn_dispersion_eth_btc', 'syn_dispersion_btc_btc']) {
      expect(thrown(() => syntheticFeature(name, { peers: ['BTC', 'ETH'] })), name).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'features' });
    }
    expect(thrown(() => syntheticFeatures('ETH', ['BTC', 'btc']))).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'peers' });
    expect(thrown(() => syntheticFeatures('E'.repeat(30), ['B'.repeat(20)]))).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'symbol' });
  });
});
