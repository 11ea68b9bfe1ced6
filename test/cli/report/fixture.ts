/**
 * A store holding a small, fully known report: BTC and ETH 15m candles over two days (and BTC's 1h resampling),
 * predictions at horizons 1 and 4 (15m) and 1 (1h) whose probabilities follow a fixed pattern, resolved by the store,
 * and two SHAP runs in the importance history (only the later one counts). `expected` recomputes from the candles,
 * in the test's own arithmetic, what the report must show.
 */
import { resample } from '../../../src/core/resample.js';
import { simulateMarket } from '../../../src/core/simulator.js';
import type { Candles } from '../../../src/core/types.js';
import type { AlphaStore } from '../../../src/store/index.js';

export const START = Date.UTC(2025, 0, 1);
const M15 = 15 * 60_000;
const H1 = 60 * 60_000;
/** Predictions are made on the first two days; 16 more 15m candles let every target close. */
const DAYS = 2;
export const NOW = START + (DAYS * 96 + 16) * M15;

/** The series of the fixture, in the report's order. */
export const SERIES = [
  { timeframe: '15m', horizon: 1 },
  { timeframe: '15m', horizon: 4 },
  { timeframe: '1h', horizon: 1 },
] as const;

/** One prediction as the test knows it. */
export interface KnownPrediction {
  symbol: string;
  timeframe: '15m' | '1h';
  horizon: number;
  ts: number;
  pUp: number;
  direction: -1 | 0 | 1;
  size: number;
  outcome: number;
  realized: number;
}

/** The later SHAP run: BTC 15m and ETH 15m; `rsi_14` only in BTC's. */
export const IMPORTANCE_AT = new Date(START + DAYS * 86_400_000);
const LATEST = [
  { symbol: 'BTC', feature: 'natr_14', importance: 0.04 },
  { symbol: 'BTC', feature: 'rsi_14', importance: 0.05 },
  { symbol: 'BTC', feature: 'log_return_1', importance: 0.01 },
  { symbol: 'ETH', feature: 'natr_14', importance: 0.02 },
  { symbol: 'ETH', feature: 'log_return_1', importance: 0.03 },
];

/** The candles of the fixture. */
export function fixtureCandles(): Record<'15m' | '1h', Record<string, Candles>> {
  const sim = simulateMarket({ symbols: ['BTC', 'ETH'], timeframe: '15m', start: START, candles: DAYS * 96 + 16, seed: 5 });
  return { '15m': { BTC: sim.candles.BTC!, ETH: sim.candles.ETH! }, '1h': { BTC: resample(sim.candles.BTC!, '15m', '1h') } };
}

/** The predictions, with outcomes and realized returns computed here from the closes. */
export function knownPredictions(): KnownPrediction[] {
  const candles = fixtureCandles();
  const out: KnownPrediction[] = [];
  for (const { timeframe, horizon } of SERIES) {
    for (const [k, [symbol, c]] of Object.entries(candles[timeframe]).entries()) {
      const step = timeframe === '15m' ? M15 : H1;
      const made = (DAYS * 86_400_000) / step;
      for (let i = 0; i < made; i++) {
        // A fixed pattern: confident on some candles, unsure on others, exactly 0.5 (no call) every 37th.
        const pUp = i % 37 === 5 ? 0.5 : 0.5 + 0.18 * Math.sin(0.7 * i + k + horizon);
        const direction = pUp > 0.5 ? 1 : pUp < 0.5 ? -1 : 0;
        const close = c.close[i]!, later = c.close[i + horizon]!;
        out.push({ symbol, timeframe, horizon, ts: c.time[i]!, pUp, direction, size: Math.abs(pUp - 0.5), outcome: later > close ? 1 : 0, realized: later / close - 1 });
      }
    }
  }
  return out;
}

/** Fills a migrated store: candles, predictions (resolved by the store at NOW), two SHAP runs. */
export async function fillStore(store: AlphaStore): Promise<void> {
  const candles = fixtureCandles();
  for (const timeframe of ['15m', '1h'] as const) {
    for (const [symbol, c] of Object.entries(candles[timeframe])) await store.writeCandles({ symbol, timeframe, candles: c });
  }
  const predictions = knownPredictions().map((p) => ({
    symbol: p.symbol, timeframe: p.timeframe, ts: p.ts, horizon: p.horizon, pUp: p.pUp, direction: p.direction,
    confidence: Math.max(p.pUp, 1 - p.pUp), size: p.size, modelVersion: 1,
  }));
  await store.writePredictions(predictions);
  await store.resolvePredictions(NOW);
  const run = (at: Date, rows: typeof LATEST) => rows.map((r) => ({ symbol: r.symbol, timeframe: '15m', model_version: 1, method: 'shap', computed_at: at, feature: r.feature, importance: r.importance, rank: 1 }));
  await store.db.insertInto('alpha_v4.feature_importance_history').values([
    ...run(new Date(START), [{ symbol: 'BTC', feature: 'adx_14', importance: 9 }]), // older: must not count
    ...run(IMPORTANCE_AT, LATEST),
    // Another method at the same time: must not count either.
    { symbol: 'BTC', timeframe: '15m', model_version: 1, method: 'gain', computed_at: IMPORTANCE_AT, feature: 'cci_14', importance: 7, rank: 1 },
  ]).execute();
}

/** The SHAP bars the report must show: the later run, averaged over its two models (0 where missing). */
export const EXPECTED_IMPORTANCE = [
  { feature: 'natr_14', importance: (0.04 + 0.02) / 2 },
  { feature: 'rsi_14', importance: (0.05 + 0) / 2 },
  { feature: 'log_return_1', importance: (0.01 + 0.03) / 2 },
];
