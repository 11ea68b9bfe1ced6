import { describeValue } from '../core/describe.js';
import { CandleValidationError, InvalidParameterError } from '../core/errors.js';
import { checkOptions } from '../core/options.js';
import { parseTimeframe, timeframeMs, type Timeframe } from '../core/timeframe.js';
import { allocateCandles, type Candles } from '../core/types.js';
import { TimeframeMismatchError } from './errors.js';
import { assertSeries, seriesPath, seriesRecord } from './series-checks.js';

/**
 * How {@link alignCandles} treats a time at which some symbols have a candle and others do not:
 *
 * - `'inner'`: keep only the times at which every symbol has a candle (an inner join; nothing is invented);
 * - `'carry'`: keep every time at which any symbol has a candle, from the first time at which all symbols have
 *   started; a symbol missing a candle gets a carried one: open = high = low = close = its last close, volume 0,
 *   flagged in `carried` (the same flat candle as `validateCandles(..., { gaps: 'fill' })` inserts).
 */
export type AlignPolicy = 'inner' | 'carry';

/** Options of {@link alignCandles}. */
export interface AlignOptions {
  /** The timeframe every symbol's candles must be on. */
  timeframe: Timeframe;
  /** Missing-candle policy; default `'inner'`. */
  policy?: AlignPolicy;
}

/** One symbol's candles on the common time grid of {@link alignCandles}. */
export interface AlignedCandles extends Candles {
  readonly timeframe: Timeframe;
  /** 1 where the row is a carried candle (policy `'carry'` only), else 0. */
  readonly carried: Uint8Array;
}

/**
 * Aligns several symbols' candles on one time grid, so that they can be passed as `peers` to `computeFeatures`
 * (which requires peers on exactly the candles' times). Every input is validated first (`assertCandles` on the
 * `timeframe` grid, issues named `<symbol>.<field>`), and must be `timeframe` candles (see {@link TimeframeMismatchError}).
 * Bad options (an unknown key, a missing timeframe, another policy) and a `bySymbol` that is no record of candles are
 * `InvalidParameterError`s. The output arrays are new (inputs are never aliased or modified).
 *
 * No lookahead: whether a time is on the grid, and the values at it, depend only on candles at or before that time
 * (a carried candle repeats the last close before it; the `'carry'` grid starts where the last symbol starts). So
 * cutting any one input at time t leaves every aligned row up to t unchanged.
 *
 * Times at which no symbol has a candle stay gaps; fill them per symbol first with
 * `validateCandles(c, { timeframe, gaps: 'fill' })` if needed.
 *
 * @example
 * ```ts
 * const aligned = alignCandles({ BTC: btc, ETH: eth, SOL: sol }, { timeframe: '15m', policy: 'carry' })
 * aligned.SOL.carried // Uint8Array: 1 where SOL had no candle and its last close was carried
 * computeFeatures(aligned.ETH, { symbol: 'ETH', peers: aligned })
 * ```
 */
export function alignCandles(bySymbol: Readonly<Record<string, Candles>>, options: AlignOptions): Record<string, AlignedCandles> {
  const o = checkOptions(options, OPTIONS, 'options');
  const timeframe = parseTimeframe(o.timeframe);
  const policy = o.policy ?? 'inner';
  if (policy !== 'inner' && policy !== 'carry') throw new InvalidParameterError('policy', `expected 'inner' or 'carry', got ${describeValue(policy)}`);
  const symbols = Object.keys(seriesRecord(bySymbol, 'bySymbol'));
  if (symbols.length === 0) throw new InvalidParameterError('bySymbol', 'no symbols');
  for (const s of symbols) checkSeries(s, bySymbol[s]!, timeframe);
  const series = symbols.map((s) => bySymbol[s]!);
  const grid = policy === 'inner' ? innerTimes(series) : unionTimes(series);
  if (grid.length === 0) throw new InvalidParameterError('bySymbol', 'no candle time is common to all symbols');
  const out: Record<string, AlignedCandles> = {};
  symbols.forEach((s, k) => (out[s] = onGrid(series[k]!, grid, timeframe)));
  return out;
}

const OPTIONS = ['timeframe', 'policy'] as const;

/**
 * Validates one symbol's candles on the `timeframe` grid (the core candle checks, issues named `<symbol>.<field>`)
 * and checks that they are `timeframe` candles: a series whose only faults are times off the grid, or that is tagged
 * with another timeframe, or whose candles are never one timeframe apart, is a {@link TimeframeMismatchError}.
 */
function checkSeries(symbol: string, c: Candles, timeframe: Timeframe): void {
  const label = seriesPath('', symbol);
  const tagged = (c as { timeframe?: unknown } | null)?.timeframe;
  if (tagged !== undefined && tagged !== timeframe) throw new TimeframeMismatchError(symbol, timeframe, `the series is tagged ${describeValue(tagged)}`);
  try {
    assertSeries(c, label, timeframe);
  } catch (e) {
    const offGrid = e instanceof CandleValidationError && e.issues.length === e.issueCount && e.issues.every((i) => i.reason === 'off_grid');
    if (!offGrid) throw e;
    const first = e.issues[0]!;
    throw new TimeframeMismatchError(symbol, timeframe, `row ${first.row}: ${first.message}`);
  }
  const step = timeframeMs(timeframe);
  const t = c.time;
  if (t.length < 2) return;
  let minStep = Infinity;
  for (let i = 1; i < t.length; i++) minStep = Math.min(minStep, t[i]! - t[i - 1]!);
  if (minStep !== step) throw new TimeframeMismatchError(symbol, timeframe, `no two consecutive candles are one ${timeframe} apart (closest: ${minStep / 60_000} minutes)`);
}

/** Times present in every series (each strictly increasing). */
function innerTimes(series: readonly Candles[]): Float64Array {
  const first = series[0]!.time;
  const at = new Int32Array(series.length);
  const out: number[] = [];
  for (let i = 0; i < first.length; i++) {
    const t = first[i]!;
    let all = true;
    for (let k = 1; k < series.length; k++) {
      const tk = series[k]!.time;
      let j = at[k]!;
      while (j < tk.length && tk[j]! < t) j++;
      at[k] = j;
      if (j === tk.length || tk[j] !== t) all = false;
    }
    if (all) out.push(t);
  }
  return Float64Array.from(out);
}

/** Times present in any series, from the latest first time on. */
function unionTimes(series: readonly Candles[]): Float64Array {
  let start = -Infinity;
  for (const s of series) start = Math.max(start, s.time[0]!);
  const at = series.map((s) => {
    let j = 0;
    while (s.time[j]! < start) j++;
    return j;
  });
  const out: number[] = [];
  for (;;) {
    let t = Infinity;
    series.forEach((s, k) => {
      if (at[k]! < s.time.length) t = Math.min(t, s.time[at[k]!]!);
    });
    if (t === Infinity) break;
    out.push(t);
    series.forEach((s, k) => {
      if (s.time[at[k]!] === t) at[k]!++;
    });
  }
  return Float64Array.from(out);
}

/** A series on `grid`: its own candle where it has one, else its last close carried with volume 0. */
function onGrid(c: Candles, grid: Float64Array, timeframe: Timeframe): AlignedCandles {
  const n = grid.length;
  const out = allocateCandles(n);
  out.time.set(grid);
  const carried = new Uint8Array(n);
  let j = -1;
  for (let i = 0; i < n; i++) {
    const t = grid[i]!;
    while (j + 1 < c.time.length && c.time[j + 1]! <= t) j++;
    if (c.time[j] === t) {
      out.open[i] = c.open[j]!;
      out.high[i] = c.high[j]!;
      out.low[i] = c.low[j]!;
      out.close[i] = c.close[j]!;
      out.volume[i] = c.volume[j]!;
    } else {
      const last = c.close[j]!;
      out.open[i] = out.high[i] = out.low[i] = out.close[i] = last;
      carried[i] = 1;
    }
  }
  return { ...out, timeframe, carried };
}
