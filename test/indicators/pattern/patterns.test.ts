/**
 * The candlestick patterns against TA-Lib C, beyond the shared contract test (whose market-shaped series never gap,
 * so that several patterns never occur on them):
 *
 * - pattern-rich series (./rich-series.ts: gaps, doji to very long bodies, inside-bar runs, planted patterns, some
 *   NaN fields), on which each pattern of this part occurs: batch equals TA-Lib (npm `talib`) at every index, with the
 *   default penetration and others; the stream (with peeks and a JSON round trip) equals the batch bit for bit;
 * - other candle settings: batch equals TA-Lib C called with TA_SetCandleSettings (./talib-settings.c), and the
 *   stream with the same `candleSettings` equals the batch;
 * - the hand-built case of each pattern (./cases.ts, also its TSDoc example) gives its value, as TA-Lib does.
 */
import { describe, expect, it } from 'vitest';
import { PATTERN_INDICATORS } from '../../../src/indicators/pattern/index.js';
import { CANDLE_SETTING_NAMES, DEFAULT_CANDLE_SETTINGS, type CandleSetting, type CandleSettingName } from '../../../src/indicators/kernels/candle-settings.js';
import type { IndicatorDefinition } from '../../../src/indicators/types.js';
import { cdlDoji, cdlEngulfing, cdlHikkake } from '../../../src/indicators/index.js';
import { runTalib } from '../talib-oracle.js';
import { richSeries, type Ohlc } from './rich-series.js';
import { CASES, QUIET, type PatternCase } from './cases.js';
import { patternFns, streamOutputs } from './pattern-fns.js';
import { talibWithSettings } from './talib-settings.js';

/** Some fields NaN (every 97th close, every 131st high), as TA-Lib sees them in a batch. */
function withNaN(s: Ohlc): Ohlc {
  const close = s.close.map((v, i) => (i % 97 === 50 ? NaN : v));
  const high = s.high.map((v, i) => (i % 131 === 70 ? NaN : v));
  return { ...s, close, high };
}

const CLEAN: readonly Ohlc[] = [richSeries(1, 2000), richSeries(2, 2000, true)];
const ALL: readonly Ohlc[] = [...CLEAN, withNaN(richSeries(3, 800))];

/** Throws with the first index where `a` and `b` differ (NaN equals NaN). */
function expectSame(a: Float64Array, b: Float64Array, what: string): void {
  expect(a.length, what).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) throw new Error(`${what}: [${i}] = ${a[i]}, expected ${b[i]}`);
  }
}

type Overrides = Partial<Record<CandleSettingName, CandleSetting>>;
const D = DEFAULT_CANDLE_SETTINGS;
const RANGES = ['realBody', 'highLow', 'shadows'] as const;
const every = (f: (k: CandleSettingName, j: number) => Partial<CandleSetting>): Overrides =>
  Object.fromEntries(CANDLE_SETTING_NAMES.map((k, j) => [k, { ...D[k], ...f(k, j) }]));

/** Candle settings other than the defaults, each complete (TA_SetCandleSettings takes all three fields). */
const VARIANTS: Readonly<Record<string, Overrides>> = {
  'short periods, larger factors': every((k, j) => ({ avgPeriod: 1 + (j % 4), factor: D[k].factor * 1.5 })),
  'the candle itself (avgPeriod 0)': every(() => ({ avgPeriod: 0 })),
  'other range types': every((k, j) => ({ rangeType: RANGES[(RANGES.indexOf(D[k].rangeType) + 1 + (j % 2)) % 3]!, avgPeriod: 7 })),
  'long periods': every((_k, j) => ({ avgPeriod: 20 + j })),
};

/** The patterns of this part (issue 19 A): those with a hand-built case. */
const OURS = new Set(CASES.map((c) => c.name));
const TESTED = PATTERN_INDICATORS.filter((d) => OURS.has(d.meta.name));

it('covers the 30 patterns of this part', () => {
  expect(TESTED.map((d) => d.meta.name).sort()).toEqual([...OURS].sort());
  expect(OURS.size).toBe(30);
});

describe.each(TESTED.map((d) => [d.meta.name, d] as const))('%s', (name, def: IndicatorDefinition) => {
  const fns = patternFns(def);
  const penetrations = def.meta.params.length === 0 ? [undefined] : [def.meta.params[0]!.default, 0, 1.5];

  it('equals TA-Lib on pattern-rich series; the stream equals the batch', () => {
    for (const penetration of penetrations) {
      ALL.forEach((s, k) => {
        const ours = fns.batch(s, undefined, penetration);
        expectSame(ours, runTalib(def.meta, s as never, penetration === undefined ? {} : { penetration }).outputs.value!, `${name} series ${k} penetration ${penetration}`);
        if (k < CLEAN.length) expectSame(streamOutputs(fns, s, undefined, penetration), ours, `${name} stream, series ${k}`);
      });
    }
  });

  it('equals TA-Lib C under other candle settings; so does the stream', () => {
    const requests = Object.values(VARIANTS).flatMap((settings) => CLEAN.map((series) => ({ name, series, settings, penetration: penetrations[0] })));
    const refs = talibWithSettings(requests);
    requests.forEach(({ series, settings }, r) => {
      const label = `${name} with ${Object.keys(VARIANTS)[Math.floor(r / CLEAN.length)]}`;
      const options = { candleSettings: settings };
      const ours = fns.batch(series, options);
      expectSame(ours, refs[r]!, label);
      expectSame(streamOutputs(fns, series, options), ours, `${label}, stream`);
    });
  });

  it('occurs on the pattern-rich series (the parity above is not vacuous)', () => {
    const params: Record<string, number> = penetrations[0] === undefined ? {} : { penetration: penetrations[0] };
    const found = CLEAN.reduce((n, s) => n + runTalib(def.meta, s as never, params).outputs.value!.filter((v) => v !== 0 && !Number.isNaN(v)).length, 0);
    expect(found).toBeGreaterThan(0);
  });
});

/** The 12 quiet candles, then the case's candles. */
function caseSeries(c: PatternCase): Ohlc {
  const rows = [...Array.from({ length: 12 }, () => QUIET), ...c.candles];
  const col = (k: number) => new Float64Array(rows.map((r) => r[k]!));
  return { open: col(0), high: col(1), low: col(2), close: col(3) };
}

describe('hand-built cases (the TSDoc examples)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const def = PATTERN_INDICATORS.find((d) => d.meta.name === name)!;
    const fns = patternFns(def);
    const s = caseSeries(c);
    const last = s.close.length - 1;
    const ours = fns.batch(s);
    expect(ours[last]).toBe(c.expected);
    expect(runTalib(def.meta, s as never, def.meta.params.length === 0 ? {} : { penetration: def.meta.params[0]!.default }).outputs.value![last]).toBe(c.expected);
    expectSame(streamOutputs(fns, s), ours, `${name} stream`);
  });

  it('the array examples of CDLDOJI, CDLENGULFING and CDLHIKKAKE', () => {
    const f = (...v: number[]) => new Float64Array(v);
    const open = new Float64Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const close = open.map((o, i) => (i < 10 ? o + 1 : o));
    const nan = (k: number) => Array.from({ length: k }, () => NaN);
    expect(Array.from(cdlDoji(open, open.map((o) => o + 1.5), open.map((o) => o - 0.5), close))).toEqual([...nan(10), 100]);
    expect(Array.from(cdlEngulfing(f(5, 10, 7.5), f(11, 11, 12), f(4, 7, 7), f(6, 8, 11)))).toEqual([NaN, NaN, 100]);
    const high = f(20, 20, 20, 12, 11, 13, 12);
    const low = f(0, 0, 5, 6, 5, 7, 7);
    expect(Array.from(cdlHikkake(f(9, 9, 9, 9, 8, 8, 8), high, low, f(9, 9, 9, 9, 8, 12.5, 9)))).toEqual([...nan(5), 200, 0]);
  });
});
