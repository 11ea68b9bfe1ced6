/**
 * One feature through `computeFeatures` against the bare indicator function and `@ixjb94/indicators` on the same
 * candles (issue 18: the engine's per-call cost for a single feature must stay within 10% of the bare function).
 */
import { IndicatorsSync } from '@ixjb94/indicators';
import type { Candles } from '../../src/core/types.js';
import { computeFeatures } from '../../src/features/index.js';
import { adx, atr, ema, mfi, obv, rsi } from '../../src/indicators/index.js';
import type { ResultTable } from '../lib/results.js';
import { fmtMs, fmtRatio, fmtSpread, interleaved, median } from '../lib/stats.js';
import type { OhlcvArrays } from '../lib/data.js';

/** The goal: computeFeatures for one feature at most this many times the bare function. */
const GOAL_OVER_BARE = 1.1;

interface Case {
  feature: string;
  bare: (c: Candles) => unknown;
  peer: (lib: IndicatorsSync, a: OhlcvArrays) => unknown;
}

const CASES: readonly Case[] = [
  { feature: 'rsi_14', bare: (c) => rsi(c.close, 14), peer: (l, a) => l.rsi(a.close, 14) },
  { feature: 'ema_21', bare: (c) => ema(c.close, 21), peer: (l, a) => l.ema(a.close, 21) },
  { feature: 'atr_14', bare: (c) => atr(c.high, c.low, c.close, 14), peer: (l, a) => l.atr(a.high, a.low, a.close, 14) },
  { feature: 'adx_14', bare: (c) => adx(c.high, c.low, c.close, 14), peer: (l, a) => l.adx(a.high, a.low, 14) },
  { feature: 'mfi_14', bare: (c) => mfi(c.high, c.low, c.close, c.volume, 14), peer: (l, a) => l.mfi(a.high, a.low, a.close, a.volume, 14) },
  { feature: 'obv', bare: (c) => obv(c.close, c.volume), peer: (l, a) => l.obv(a.close, a.volume) },
];

/** The table: per feature, median ms of computeFeatures, the bare function and the peer, interleaved `runs` times. */
export function benchOneFeature(candles: Candles, arrays: OhlcvArrays, runs: number): ResultTable {
  const lib = new IndicatorsSync();
  const header = ['feature', 'computeFeatures ms', 'spread', 'bare function ms', '@ixjb94/indicators ms', 'computeFeatures / bare', 'computeFeatures / peer', `goal <= ${GOAL_OVER_BARE}x bare`];
  const rows = CASES.map(({ feature, bare, peer }) => {
    const t = interleaved({ engine: () => computeFeatures(candles, { features: [feature] }), bare: () => bare(candles), peer: () => peer(lib, arrays) }, runs);
    const [e, b, p] = [median(t.engine!), median(t.bare!), median(t.peer!)];
    return [feature, fmtMs(e), fmtSpread(t.engine!), fmtMs(b), fmtMs(p), fmtRatio(e / b), fmtRatio(e / p), e / b <= GOAL_OVER_BARE ? 'met' : 'MISSED'];
  });
  const n = candles.time.length.toLocaleString('en-US');
  return {
    title: `One feature through computeFeatures, ${n} candles, median of ${runs} interleaved rounds`,
    header,
    rows,
    notes: ['computeFeatures(candles, { features: [name] }) returns a frame (validation of the candles included); the bare function is the src/indicators batch function on the same Float64Array columns; the peer takes number[].'],
  };
}
