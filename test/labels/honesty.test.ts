/**
 * Honesty tests: the whole pipeline (features -> labels -> purged walk-forward -> GBDT -> out-of-sample metrics)
 * must report chance on a random walk, recover a planted signal's Bayes accuracy, and catch a leaky feature.
 */
import { describe, expect, it } from 'vitest';
import { simulateMarket } from '../../src/core/simulator.js';
import type { Candles } from '../../src/core/types.js';
import { computeFeatures } from '../../src/features/index.js';
import { assertNoLookahead, fixedHorizonLabels, LookaheadError, walkForwardSplits } from '../../src/labels/index.js';
import { accuracy, wilsonInterval } from '../../src/calibration/metrics.js';
import { trainGBDT } from '../../src/ensemble/index.js';
import { rsi } from '../../src/indicators/index.js';

const FEATURES = ['rsi_14', 'log_return_1', 'log_return_6', 'macd_hist_12_26_9_pct', 'natr_14', 'bbands_percent_b_20', 'stoch_k_14_3_3'];
const N = 30_000;

/** Out-of-sample predictions of a small GBDT over purged walk-forward splits; returns labels and probabilities. */
function walkForward(candles: Candles, extra?: Float64Array): { labels: number[]; probs: number[]; rows: number[] } {
  const frame = computeFeatures(candles, { features: FEATURES });
  const columns = extra ? [...frame.columns, extra] : [...frame.columns];
  const { label, t1 } = fixedHorizonLabels(candles.close, { horizon: 1 });
  const cols = columns.length;
  const matrix = (rows: Int32Array) => {
    const data = new Float64Array(rows.length * cols);
    rows.forEach((r, i) => columns.forEach((c, j) => (data[i * cols + j] = c[r]!)));
    return { rows: rows.length, cols, data };
  };
  const usable = (rows: Int32Array) => rows.filter((r) => r >= 100 && !Number.isNaN(label[r]!));
  const out = { labels: [] as number[], probs: [] as number[], rows: [] as number[] };
  for (const { train, test } of walkForwardSplits({ n: N, trainSize: 10_000, testSize: 5_000, t1 })) {
    const tr = usable(train);
    const te = usable(test);
    const model = trainGBDT(matrix(tr), Array.from(tr, (r) => label[r]!), { maxDepth: 3, nEstimators: 60, learningRate: 0.1, seed: 1 });
    const p = model.predictProba(matrix(te));
    te.forEach((r, i) => {
      out.labels.push(label[r]!);
      out.probs.push(p[i]!);
      out.rows.push(r);
    });
  }
  return out;
}

describe('honesty', () => {
  it('on a random walk, out-of-sample accuracy is chance: its 95% interval contains 0.5 and is tighter than +-2%', () => {
    const candles = simulateMarket({ symbols: ['BTC'], candles: N, seed: 314 }).candles.BTC!;
    const { labels, probs } = walkForward(candles);
    const acc = accuracy(labels, probs);
    expect(acc.n).toBeGreaterThan(19_000);
    expect(acc.upper - acc.lower).toBeLessThan(0.04);
    expect(acc.lower).toBeLessThanOrEqual(0.5);
    expect(acc.upper).toBeGreaterThanOrEqual(0.5);
  });

  it('with a planted signal, it recovers the Bayes accuracy within 2 points', () => {
    const sim = simulateMarket({ symbols: ['BTC'], candles: N, seed: 2718, signal: { strength: 0.2 } });
    const signal = sim.signal!.BTC!;
    const { labels, probs, rows } = walkForward(sim.candles.BTC!, signal);
    // The Bayes rule knows the planted signal: predict up iff signal[t] > 0. Its accuracy on the same rows:
    const bayesHits = rows.reduce((k, r, i) => k + ((signal[r]! > 0 ? 1 : 0) === labels[i] ? 1 : 0), 0);
    const bayes = wilsonInterval(bayesHits, rows.length).value;
    const acc = accuracy(labels, probs).value;
    expect(bayes).toBeGreaterThan(0.55);
    expect(Math.abs(acc - bayes)).toBeLessThan(0.02);
  });

  it('catches a deliberately leaky feature (the next return) and passes an honest one', () => {
    const candles = simulateMarket({ symbols: ['BTC'], candles: 2_000, seed: 1 }).candles.BTC!;
    const cuts = [300, 999, 1500];
    const leaky = (c: Candles) => ({ next_return: Float64Array.from(c.close, (x, t) => (t + 1 < c.close.length ? c.close[t + 1]! / x - 1 : NaN)) });
    expect(() => assertNoLookahead(leaky, candles, cuts)).toThrowError(LookaheadError);
    expect(() => assertNoLookahead(leaky, candles, cuts)).toThrowError(expect.objectContaining({ code: 'LOOKAHEAD', column: 'next_return', index: 300 }));
    expect(() => assertNoLookahead((c) => ({ rsi_14: rsi(c.close, 14) }), candles, cuts)).not.toThrow();
  });
});
