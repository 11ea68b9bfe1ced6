/**
 * Measures where each JS peer differs from TA-Lib (the `talib` binding, the oracle) on a 2,000-candle
 * simulated series: first valid index, max relative difference overall and after warm-up, best alignment lag.
 * Run: `npx tsx bench/peer-diff.ts` (prints a Markdown table; `--json` prints JSON instead).
 */
import { benchCandles, toArrays } from './lib/data.js';
import { renderTable } from './lib/stats.js';
import { oursLibrary, peerLibraries } from './indicators/libraries.js';
import { runTalib, SPECS, talibSeries } from './indicators/specs.js';
import type { BenchInputs, Series } from './indicators/specs.js';

const N = 2000;
const SEED = 42;
/** "After warm-up" = the last WINDOW candles, where every recursive seed has decayed below 1e-12. */
const WINDOW = 1000;

/** Identified causes, keyed `library/INDICATOR[/output]`; see docs/indicators-peers.md for the details. */
const CAUSES: Record<string, string> = {
  '@ixjb94/indicators/EMA': 'seeded with the first value instead of the SMA of the first 20; emitted from candle 0',
  '@ixjb94/indicators/MACD': 'EMAs seeded with the first value; signal seeded with the first MACD value; emitted from candle 25',
  '@ixjb94/indicators/ATR': 'seed = mean of high-low of candle 0 and TR of candles 1..13, one candle early (TA-Lib: TR 1..14)',
  '@ixjb94/indicators/ADX': 'Tulip: first DX from raw 13-change DM sums at candle 13, so the ADX average starts one candle early',
  '@ixjb94/indicators/OBV': 'starts at 0 instead of volume[0]: constant offset',
  'indicatorts/SMA': 'partial averages sum/(i+1) before candle 19',
  'indicatorts/EMA': 'seeded with the first value; emitted from candle 0',
  'indicatorts/RSI': 'Wilder averages seeded with the mean of a 0 (candle 0) and 13 changes; RSI[0] = 0',
  'indicatorts/MACD': 'EMAs seeded with the first value; emitted from candle 0; no histogram',
  'indicatorts/BBANDS': 'partial SMA and zero std dev before candle 19',
  'indicatorts/ATR': 'simple moving average of TR instead of Wilder smoothing',
  'indicatorts/STOCH': 'no %K slowing: its D (SMA3 of fast %K) compared with slow %K; no slow %D',
  'indicatorts/OBV': 'starts at 0 instead of volume[0]: constant offset',
  'indicatorts/MFI': 'flow sign from the change of raw money flow (TP x volume), not of TP; partial sums before candle 14',
  'trading-signals/EMA': 'seeded with the first value; add() returns values from candle 0 (getResult() waits for 20)',
  'trading-signals/MACD': 'EMAs seeded with the first value; signal seeded with the first MACD value; emitted from candle 25',
  'trading-signals/ATR': 'TR of candle 0 = high-low enters the seed average, one candle early (TA-Lib: TR 1..14)',
  'trading-signals/ADX': 'DM averages seeded with a 0 for candle 0 plus 13 changes, so DX and ADX start one candle early',
  'trading-signals/OBV': 'starts at 0 instead of volume[0]: constant offset; OBV(2) emits from candle 1',
  'technicalindicators/RSI': 'output rounded to 2 decimals (toFixed(2))',
  'technicalindicators/MACD': 'fast EMA seeded with the SMA of candles 0..11 (TA-Lib: 14..25, aligned with the slow EMA)',
  'technicalindicators/STOCH': 'no %K slowing: its d (SMA3 of fast %K) compared with slow %K; no slow %D',
  'technicalindicators/ADX': 'Wilder sums seeded with 14 changes, no decay step (TA-Lib: 13 changes, then one step)',
  'technicalindicators/OBV': 'starts at 0 instead of volume[0]: constant offset; emits from candle 1',
  'technicalindicators/MFI': 'skips candle 0 (starts one candle late); output rounded to 2 decimals',
};

interface Row {
  indicator: string;
  library: string;
  output: string;
  firstValid: number;
  talibFirst: number;
  offset: number;
  maxRelAll: number;
  maxRelLate: number;
  bestLag: number;
  cause: string;
}

/** Index (in input candles) of the first finite value of a series that ends at candle n - 1. */
function firstValid(a: ArrayLike<number>, n: number): number {
  for (let j = 0; j < a.length; j++) if (Number.isFinite(a[j]!)) return n - a.length + j;
  return -1;
}

/** Value at input candle i of a series ending at candle n - 1, NaN outside it. */
function at(a: ArrayLike<number>, n: number, i: number): number {
  const j = i - (n - a.length);
  return j >= 0 && j < a.length ? a[j]! : NaN;
}

/** max |x - ref| / max |ref| over candles [from, n), NaN in x counting as infinite. */
function maxRel(x: ArrayLike<number>, ref: ArrayLike<number>, n: number, from: number, lag = 0): number {
  let scale = 0;
  let worst = 0;
  for (let i = from; i < n; i++) scale = Math.max(scale, Math.abs(at(ref, n, i)));
  for (let i = from; i < n; i++) {
    const r = at(ref, n, i);
    const v = at(x, n, i + lag);
    if (!Number.isFinite(r)) continue;
    worst = Math.max(worst, Number.isFinite(v) ? Math.abs(v - r) : Infinity);
  }
  return worst / (scale || 1);
}

function measure(): Row[] {
  const typed = benchCandles(N, SEED);
  const arrays = toArrays(typed);
  const candles = arrays.close.map((close, i) => ({ open: arrays.open[i]!, high: arrays.high[i]!, low: arrays.low[i]!, close, volume: arrays.volume[i]! }));
  const inputs: BenchInputs = { typed, arrays, candles };
  const libs = [oursLibrary(inputs), ...peerLibraries(inputs).filter((l) => l.id !== 'talib')];
  const rows: Row[] = [];
  for (const spec of SPECS) {
    const ref: Series = talibSeries(runTalib(spec, arrays, N, (x) => x as number[]));
    for (const lib of libs) {
      const impl = lib.impl(spec);
      if (impl === undefined) continue;
      const got = impl.series(impl.run());
      for (const output of spec.outputs) {
        const x = got[output];
        const r = ref[output]!;
        if (x === undefined) continue;
        const f = firstValid(x, N);
        const tf = firstValid(r, N);
        const from = Math.max(f, tf);
        const late = N - WINDOW;
        let bestLag = 0;
        let best = maxRel(x, r, N - 2, late, 0);
        for (const lag of [-2, -1, 1, 2]) {
          const d = maxRel(x, r, N - 2, late, lag);
          if (d < best * 0.5) [best, bestLag] = [d, lag];
        }
        rows.push({
          indicator: spec.label,
          library: lib.id,
          output,
          firstValid: f,
          talibFirst: tf,
          offset: f - tf,
          maxRelAll: f < 0 ? Infinity : maxRel(x, r, N, from),
          maxRelLate: maxRel(x, r, N, late),
          bestLag,
          cause: CAUSES[`${lib.id}/${spec.name}/${output}`] ?? CAUSES[`${lib.id}/${spec.name}`] ?? '',
        });
      }
    }
  }
  return rows;
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return 'inf';
  if (x === 0) return '0';
  return x.toExponential(1);
}

const rows = measure();
if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify({ n: N, seed: SEED, window: WINDOW, rows }, null, 2)}\n`);
} else {
  process.stdout.write(
    `${renderTable(
      ['indicator', 'library', 'output', 'first valid (TA-Lib)', 'offset', 'max rel diff, all', `max rel diff, last ${WINDOW}`, 'cause'],
      rows.map((r) => [
        r.indicator,
        r.library,
        r.output,
        `${r.firstValid} (${r.talibFirst})`,
        String(r.offset),
        fmt(r.maxRelAll),
        fmt(r.maxRelLate) + (r.bestLag !== 0 ? ` (lag ${r.bestLag})` : ''),
        r.cause,
      ]),
      ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'l'],
    )}\n`,
  );
}
