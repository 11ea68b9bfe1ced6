/**
 * The feature stream's hot path reads each kernel's methods once (see FeatureStreamEngine and IndicatorKernelStream):
 * what it caches is no state. The saved state holds the indicator's fields only, a restored stream goes on bit for
 * bit as the batch computation of the same candles, and peek leaves the committed state as it was.
 */
import { describe, expect, it } from 'vitest';
import { simulateMarket } from '../../src/core/simulator.js';
import type { Candle, Candles } from '../../src/core/types.js';
import { computeFeatures, createFeatureStream, restoreFeatureStream } from '../../src/features/index.js';
import { indicatorKernel } from '../../src/features/kernels/indicator.js';

const candles = simulateMarket({ symbols: ['BTC'], candles: 300, seed: 18 }).candles.BTC!;
const FEATURES = ['rsi_14', 'macd_signal_12_26_9', 'atr_14', 'sma_50_ratio', 'cdl_engulfing', 'trange'];

function head(c: Candles, n: number): Candles {
  return { time: c.time.subarray(0, n), open: c.open.subarray(0, n), high: c.high.subarray(0, n), low: c.low.subarray(0, n), close: c.close.subarray(0, n), volume: c.volume.subarray(0, n) };
}

function candleAt(c: Candles, i: number): Candle {
  return { time: c.time[i]!, open: c.open[i]!, high: c.high[i]!, low: c.low[i]!, close: c.close[i]!, volume: c.volume[i]! };
}

describe('feature stream: cached methods are no state', () => {
  it("an indicator kernel's saved state is the indicator's, without the cached method", () => {
    const stream = indicatorKernel('RSI', { period: 14 }).stream();
    const out = new Float64Array(1);
    stream.next(Float64Array.of(100), out);
    const saved = JSON.parse(JSON.stringify(stream.toJSON())) as { state: Record<string, unknown> };
    expect(Object.keys(saved.state)).not.toContain('advance');
    expect(Object.keys(saved.state)).toContain('inner');
  });

  it('a restored stream goes on as the batch of the same candles, bit for bit, and peek changes nothing', () => {
    const names = FEATURES;
    const batch = computeFeatures(candles, { features: names });
    const live = createFeatureStream({ features: names }).fromHistory(head(candles, 200));
    const resumed = restoreFeatureStream(JSON.parse(JSON.stringify(live.toJSON())));
    for (let i = 200; i < 300; i++) {
      const c = candleAt(candles, i);
      const peeked = Array.from(resumed.peek({ ...c, close: c.close * 1.01, high: c.high * 1.01 }));
      expect(peeked).toHaveLength(names.length);
      const values = resumed.next(c);
      names.forEach((name, f) => expect(Object.is(values[f], batch.column(name)[i])).toBe(true));
    }
  });
});
