/**
 * Contract series beyond the simulated ones of test/support/series.ts:
 *
 * - {@link MARKET_SERIES}: the real-market-shaped candles of test/support/market-shaped.ts (1m, 5m, 1h; prices near
 *   1e-3 and 1e5; one candle in five flat; zero-volume runs; filled gaps) as indicator inputs;
 * - {@link DEGENERATE_SERIES}: a series that never moves and one that never trades (issue 12's bad input).
 */
import type { Candles } from '../../src/core/types.js';
import type { InputName } from '../../src/indicators/types.js';
import { MARKET_SHAPED } from '../support/market-shaped.js';
import type { TestSeries } from '../support/series.js';

/**
 * Indicator inputs from candles. `real`/`real0` are the close; `real1` (BETA, CORREL) is the partner's close at the
 * same index, held at its last close past its end (as the fill policy holds a price); `periods` (MAVP) cycles 2..30.
 */
function inputsOf(name: string, c: Candles, partner: Float64Array): TestSeries {
  const n = c.close.length;
  const real1 = new Float64Array(n);
  const periods = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    real1[i] = partner[Math.min(i, partner.length - 1)]!;
    periods[i] = 2 + ((i * 7) % 29);
  }
  return { name, inputs: { open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume, real: c.close, real0: c.close, real1, periods } };
}

/** The partner of each market-shaped series: the 1m altcoin with the 5m BTC, the two 1h series with each other. */
const partner = (k: number) => MARKET_SHAPED[k ^ 1]!.candles.close;

/** {@link MARKET_SHAPED} as contract series. */
export const MARKET_SERIES: readonly TestSeries[] = MARKET_SHAPED.map((m, k) => inputsOf(m.name, m.candles, partner(k)));

function constant(n: number, value: number): Float64Array {
  return new Float64Array(n).fill(value);
}

const FLAT_LENGTH = 400;
const FLAT_PRICE = 0.00159;
const flat = constant(FLAT_LENGTH, FLAT_PRICE);
const altcoin = MARKET_SHAPED[2]!.candles;

/**
 * Issue 12's bad input: every candle flat at 0.00159 (untraded, as the fill policy writes a gap, and traded), and
 * the 1h altcoin series with its volume zeroed (prices still move). Every indicator must equal TA-Lib on them.
 */
export const DEGENERATE_SERIES: readonly TestSeries[] = [
  inputsOf('all-flat-untraded', { time: flat, open: flat, high: flat, low: flat, close: flat, volume: constant(FLAT_LENGTH, 0) }, flat),
  inputsOf('all-flat-traded', { time: flat, open: flat, high: flat, low: flat, close: flat, volume: constant(FLAT_LENGTH, 125) }, partner(2)),
  inputsOf('all-zero-volume', { ...altcoin, volume: constant(altcoin.close.length, 0) }, partner(2)),
];
