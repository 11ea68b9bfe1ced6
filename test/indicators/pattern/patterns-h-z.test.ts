/**
 * Hand cases and planted-pattern parity for CDLHOMINGPIGEON ... CDLXSIDEGAP3METHODS (31 TA-Lib candlestick patterns).
 *
 * - Hand cases: each pattern's TSDoc example (quiet candles, then the pattern's candles): the value written by hand
 *   in the example is what our stream, our batch and TA-Lib C (npm `talib`) all give at the last candle.
 * - Planted patterns: the shared contract series rarely show the rarer patterns (a mat hold, a kicking, a ladder
 *   bottom), so each pattern also runs on series of random quiet candles with its example planted every few candles,
 *   each copy rescaled and jittered (on a price grid, so that equalities happen, and off it), where it fires
 *   sometimes and misses sometimes: batch must equal TA-Lib at every index, and the stream must equal the batch.
 * - Other candle settings: on a planted series and a pattern-rich one (./rich-series.ts), batch equals TA-Lib C called
 *   with TA_SetCandleSettings (./talib-settings.ts), and the stream with the same `candleSettings` (with peeks and a
 *   JSON round trip, ./pattern-fns.ts) equals the batch.
 */
import { describe, expect, it } from 'vitest';
import { getIndicator } from '../../../src/indicators/registry.js';
import { CANDLE_SETTING_NAMES, DEFAULT_CANDLE_SETTINGS, type CandleSetting, type CandleSettingName } from '../../../src/indicators/kernels/candle-settings.js';
import type { Candle } from '../../../src/core/types.js';
import type { IndicatorDefinition } from '../../../src/indicators/types.js';
import { runTalib } from '../talib-oracle.js';
import { richSeries, rng } from './rich-series.js';
import { patternFns, streamOutputs } from './pattern-fns.js';
import { talibWithSettings } from './talib-settings.js';

type Bar = readonly [open: number, high: number, low: number, close: number];

interface HandCase {
  readonly name: string;
  /** Quiet candles (open 10, high 11.5, low 9.5, close 11) before the pattern. */
  readonly quiet: number;
  readonly bars: readonly Bar[];
  readonly want: number;
}

const Q: Bar = [10, 11.5, 9.5, 11];

const CASES: readonly HandCase[] = [
  { name: 'CDLHOMINGPIGEON', quiet: 12, bars: [[12, 12.1, 9.9, 10], [11.5, 11.6, 10.4, 10.5]], want: 100 },
  { name: 'CDLIDENTICAL3CROWS', quiet: 12, bars: [[12, 12.2, 10.95, 11], [11, 11.2, 9.95, 10], [10, 10.2, 8.95, 9]], want: -100 },
  { name: 'CDLINNECK', quiet: 12, bars: [[12, 12.1, 9.9, 10], [9.5, 10.1, 9.4, 10.05]], want: -100 },
  { name: 'CDLINVERTEDHAMMER', quiet: 12, bars: [[9.6, 10.8, 9.55, 9.9]], want: 100 },
  { name: 'CDLKICKING', quiet: 12, bars: [[12, 12.05, 9.95, 10], [12.5, 15.05, 12.45, 15]], want: 100 },
  { name: 'CDLKICKINGBYLENGTH', quiet: 12, bars: [[13, 13.05, 9.95, 10], [13.5, 15.05, 13.45, 15]], want: -100 },
  {
    name: 'CDLLADDERBOTTOM',
    quiet: 12,
    bars: [[11, 11.1, 9.9, 10], [10.5, 10.6, 9.4, 9.5], [10, 10.1, 8.9, 9], [9.2, 9.8, 8.4, 8.5], [9.3, 10.1, 9.2, 10]],
    want: 100,
  },
  { name: 'CDLLONGLEGGEDDOJI', quiet: 12, bars: [[10, 11, 9, 10.1]], want: 100 },
  { name: 'CDLLONGLINE', quiet: 12, bars: [[12, 12.3, 9.8, 10]], want: -100 },
  { name: 'CDLMARUBOZU', quiet: 12, bars: [[10, 12.55, 9.95, 12.5]], want: 100 },
  { name: 'CDLMATCHINGLOW', quiet: 6, bars: [[12, 12.1, 9.9, 10], [11, 11.1, 9.9, 10.05]], want: 100 },
  {
    name: 'CDLMATHOLD',
    quiet: 12,
    bars: [[10, 12.1, 9.9, 12], [12.6, 12.7, 12.1, 12.2], [12.1, 12.2, 11.5, 11.6], [11.8, 11.9, 11.2, 11.4], [11.5, 13.1, 11.4, 13]],
    want: 100,
  },
  { name: 'CDLMORNINGDOJISTAR', quiet: 12, bars: [[12, 12.1, 9.9, 10], [9.4, 9.7, 9.1, 9.45], [9.8, 11.3, 9.7, 11.2]], want: 100 },
  { name: 'CDLMORNINGSTAR', quiet: 12, bars: [[12, 12.1, 9.9, 10], [9.5, 9.6, 9.1, 9.2], [9.8, 11.3, 9.7, 11.2]], want: 100 },
  { name: 'CDLONNECK', quiet: 12, bars: [[12, 12.1, 9.9, 10], [9.5, 10, 9.4, 9.92]], want: -100 },
  { name: 'CDLPIERCING', quiet: 12, bars: [[12, 12.1, 9.9, 10], [9.5, 11.6, 9.4, 11.5]], want: 100 },
  { name: 'CDLRICKSHAWMAN', quiet: 12, bars: [[10, 11, 9, 10.1]], want: 100 },
  {
    name: 'CDLRISEFALL3METHODS',
    quiet: 12,
    bars: [[10, 12.1, 9.9, 12], [11.8, 11.9, 11.3, 11.5], [11.5, 11.6, 11, 11.2], [11.2, 11.3, 10.7, 10.9], [11, 12.6, 10.9, 12.5]],
    want: 100,
  },
  { name: 'CDLSEPARATINGLINES', quiet: 12, bars: [[11, 11.2, 9.8, 10], [11, 13.2, 10.95, 13]], want: 100 },
  { name: 'CDLSHOOTINGSTAR', quiet: 12, bars: [[11.2, 12.4, 11.15, 11.5]], want: -100 },
  { name: 'CDLSHORTLINE', quiet: 12, bars: [[10, 10.8, 9.8, 10.5]], want: 100 },
  { name: 'CDLSPINNINGTOP', quiet: 12, bars: [[10.5, 11.5, 9.5, 10.2]], want: -100 },
  { name: 'CDLSTALLEDPATTERN', quiet: 12, bars: [[10, 12.1, 9.9, 12], [11.5, 13.55, 11.4, 13.5], [13.5, 14, 13.4, 13.8]], want: -100 },
  { name: 'CDLSTICKSANDWICH', quiet: 7, bars: [[12, 12.1, 9.9, 10], [10.5, 11.6, 10.2, 11.5], [12, 12.1, 9.9, 10.02]], want: 100 },
  { name: 'CDLTAKURI', quiet: 12, bars: [[10.9, 11, 9, 10.95]], want: 100 },
  { name: 'CDLTASUKIGAP', quiet: 7, bars: [[11.5, 12.8, 11.9, 12.7], [12.4, 12.5, 11.3, 11.4]], want: 100 },
  { name: 'CDLTHRUSTING', quiet: 12, bars: [[12, 12.1, 9.9, 10], [9.5, 10.8, 9.4, 10.7]], want: -100 },
  { name: 'CDLTRISTAR', quiet: 12, bars: [[10, 10.5, 9.5, 10.05], [9, 9.5, 8.5, 9.05], [10, 10.5, 9.5, 10.05]], want: 100 },
  { name: 'CDLUNIQUE3RIVER', quiet: 12, bars: [[12, 12.1, 9.9, 10], [11, 11.1, 9, 10.5], [9.5, 9.9, 9.4, 9.8]], want: 100 },
  { name: 'CDLUPSIDEGAP2CROWS', quiet: 12, bars: [[10, 12.1, 9.9, 12], [13, 13.1, 12.4, 12.5], [13.2, 13.3, 12.1, 12.2]], want: -100 },
  { name: 'CDLXSIDEGAP3METHODS', quiet: 0, bars: [[10, 11.2, 9.9, 11], [12, 13.2, 11.9, 13], [12.5, 12.6, 10.4, 10.5]], want: 100 },
];

interface Ohlc {
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
}

function columns(bars: readonly Bar[]): Ohlc {
  const col = (k: number) => Float64Array.from(bars, (b) => b[k]!);
  return { open: col(0), high: col(1), low: col(2), close: col(3) };
}

function streamAll(def: IndicatorDefinition, s: Ohlc, params: Record<string, number>): Float64Array {
  const stream = def.stream(params);
  const next = stream.next.bind(stream) as (candle: Candle) => number;
  return Float64Array.from(s.close, (_, i) => next({ time: i, open: s.open[i]!, high: s.high[i]!, low: s.low[i]!, close: s.close[i]!, volume: 1 }));
}

/**
 * Random quiet candles (bodies 0.2-1.6, shadows 0-0.8, small gaps) with `bars` planted every 15-30 candles: each copy
 * moved to the running price, rescaled by 0.85-1.15 and jittered by up to 0.15 per price (rounded to 0.05 when
 * `grid`), then made a valid candle (high ≥ open, close; low ≤ open, close).
 */
function planted(bars: readonly Bar[], seed: number, n: number, grid: boolean): Ohlc {
  const r = rng(seed);
  const round = (x: number) => (grid ? Math.round(x * 20) / 20 : x);
  const out: Bar[] = [];
  let price = 100;
  let next = 12;
  while (out.length < n) {
    if (out.length >= next) {
      const scale = 0.85 + 0.3 * r();
      for (const b of bars) {
        const [o, h, l, c] = b.map((p) => round(price + (p - 10) * scale + (r() - 0.5) * 0.3));
        out.push([o!, Math.max(h!, o!, c!), Math.min(l!, o!, c!), c!]);
      }
      price = out[out.length - 1]![3];
      next = out.length + 15 + Math.floor(r() * 15);
      continue;
    }
    const o = round(price + (r() - 0.5) * 0.4);
    const c = round(o + (r() < 0.5 ? -1 : 1) * (0.2 + 1.4 * r()));
    out.push([o, round(Math.max(o, c) + 0.8 * r()), round(Math.min(o, c) - 0.8 * r()), c]);
    price = c;
  }
  return columns(out.slice(0, n));
}

type Overrides = Partial<Record<CandleSettingName, CandleSetting>>;
const D = DEFAULT_CANDLE_SETTINGS;
const RANGES = ['realBody', 'highLow', 'shadows'] as const;
const each = (f: (k: CandleSettingName, j: number) => Partial<CandleSetting>): Overrides =>
  Object.fromEntries(CANDLE_SETTING_NAMES.map((k, j) => [k, { ...D[k], ...f(k, j) }]));

/** Candle settings other than the defaults, each complete (TA_SetCandleSettings takes all three fields). */
const SETTINGS: readonly (readonly [string, Overrides])[] = [
  ['periods 2-4, factors × 0.7', each((k, j) => ({ avgPeriod: 2 + (j % 3), factor: D[k].factor * 0.7 }))],
  ['the candle itself (avgPeriod 0)', each(() => ({ avgPeriod: 0 }))],
  ['range types rotated, period 6', each((k) => ({ rangeType: RANGES[(RANGES.indexOf(D[k].rangeType) + 1) % 3]!, avgPeriod: 6 }))],
  ['periods 12-22', each((_k, j) => ({ avgPeriod: 12 + j }))],
  ['only bodyLong and near changed', { bodyLong: { rangeType: 'highLow', avgPeriod: 3, factor: 0.5 }, near: { rangeType: 'realBody', avgPeriod: 8, factor: 1 } }],
];

describe.each(CASES.map((c) => [c.name, c] as const))('%s', (name, c) => {
  const def = getIndicator(name);
  const penetration = def.meta.params[0]?.default;

  it('gives the hand-computed value of its example, as TA-Lib does', () => {
    const s = columns([...Array.from({ length: c.quiet }, () => Q), ...c.bars]);
    const last = s.close.length - 1;
    const params: Record<string, number> = penetration === undefined ? {} : { penetration };
    expect(def.compute(s, params).value![last]).toBe(c.want);
    expect(streamAll(def, s, params)[last]).toBe(c.want);
    expect(runTalib(def.meta, s, params).outputs.value![last]).toBe(c.want);
  });

  it('equals TA-Lib on series with the pattern planted, and streams bit-exactly', () => {
    const paramSets = penetration === undefined ? [{}] : [{ penetration }, { penetration: 0 }, { penetration: 1 }];
    let fired = 0;
    let missed = 0;
    for (const [seed, grid] of [[1, true], [2, false], [3, true]] as const) {
      const s = planted(c.bars, seed * 7919 + name.length, 1500, grid);
      for (const params of paramSets) {
        const ours = def.compute(s, params).value!;
        const ref = runTalib(def.meta, s, params).outputs.value!;
        const streamed = streamAll(def, s, params);
        for (let i = 0; i < ours.length; i++) {
          if (!Object.is(ours[i], ref[i])) throw new Error(`${name} ${JSON.stringify(params)} seed ${seed}: [${i}] = ${ours[i]}, TA-Lib ${ref[i]}`);
          if (!Object.is(streamed[i], ours[i])) throw new Error(`${name} seed ${seed}: stream [${i}] = ${streamed[i]}, batch ${ours[i]}`);
        }
        if (params === paramSets[0]) {
          fired += ours.filter((v) => v === c.want).length;
          missed += ours.filter((v) => v === 0).length;
        }
      }
    }
    // the planted copies exercise both sides of the rule
    expect(fired).toBeGreaterThanOrEqual(10);
    expect(missed).toBeGreaterThan(fired);
  });

  it('equals TA-Lib C under other candle settings; so does the stream', () => {
    const fns = patternFns(def);
    const series = [planted(c.bars, 17 + name.length, 1200, true), richSeries(23, 1200, true)];
    const requests = SETTINGS.flatMap(([, settings]) => series.map((s) => ({ name, series: s, settings, penetration })));
    const refs = talibWithSettings(requests);
    requests.forEach(({ series: s, settings }, r) => {
      const label = `${name} with ${SETTINGS[Math.floor(r / series.length)]![0]}`;
      const ours = fns.batch(s, { candleSettings: settings });
      for (let i = 0; i < ours.length; i++) if (!Object.is(ours[i], refs[r]![i])) throw new Error(`${label}: [${i}] = ${ours[i]}, TA-Lib ${refs[r]![i]}`);
      const streamed = streamOutputs(fns, s, { candleSettings: settings });
      for (let i = 0; i < ours.length; i++) if (!Object.is(streamed[i], ours[i])) throw new Error(`${label}: stream [${i}] = ${streamed[i]}, batch ${ours[i]}`);
    });
  });
});

it('covers the 31 patterns of this file once each', () => {
  expect(new Set(CASES.map((c) => c.name)).size).toBe(31);
});
