import { IndicatorsSync } from '@ixjb94/indicators';
import * as its from 'indicatorts';
import * as ts from 'trading-signals';
import * as ti from 'technicalindicators';
import { adxInto, atrInto, bbandsInto, emaInto, macdInto, mfiInto, obvInto, rsiInto, smaInto, stochInto, type IndicatorInputs } from '../../src/indicators/index.js';
import { ourDefinition, runTalib, talibSeries, TALIB_OUTPUT } from './specs.js';
import { tulindLibrary } from './tulind.js';
import type { BenchInputs, BenchSpec, Impl, Library, Series } from './specs.js';

/** Column of an array of result objects (untimed post-processing). */
function pluck<T>(rows: readonly (T | undefined)[], key: keyof T): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i]?.[key];
    out[i] = typeof v === 'number' ? v : NaN;
  }
  return out;
}

/** Ours: the registry definition's `compute`, which calls the batch function on the Float64Array columns. */
export function oursLibrary(inp: BenchInputs): Library {
  const t = inp.typed;
  return {
    id: 'ours',
    api: 'getIndicator(name).compute(Float64Array inputs, params) (thin wrapper over the batch function)',
    impl(spec) {
      const def = ourDefinition(spec.name);
      if (def === undefined) return undefined;
      const params: Record<string, number> = {};
      for (const p of def.meta.params) {
        const v = spec.talibParams[p.talib];
        if (v !== undefined) params[p.name] = v;
      }
      const inputs: IndicatorInputs = {};
      for (const name of def.meta.inputs) {
        if (name === 'real') inputs.real = t.close;
        else if (name === 'open' || name === 'high' || name === 'low' || name === 'close' || name === 'volume') inputs[name] = t[name];
      }
      const outs = def.meta.outputs;
      return {
        run: () => def.compute(inputs, params),
        series(result) {
          const r = result as Record<string, Float64Array>;
          const s: Series = {};
          for (const o of outs) s[TALIB_OUTPUT[o.talib] ?? o.name] = r[o.name]!;
          return s;
        },
      };
    },
  };
}

/**
 * Ours, writing into the caller's buffers: the `...Into` variants with outputs allocated once, outside the timed
 * call (the way a streaming backtest or a worker reuses its buffers).
 */
export function oursIntoLibrary(inp: BenchInputs): Library {
  const { n, high: h, low: l, close: c, volume: v } = inp.typed;
  const buf = () => new Float64Array(n);
  const one = (run: (out: Float64Array) => Float64Array): Impl => {
    const out = buf();
    return { run: () => run(out), series: (r) => ({ value: r as Float64Array }) };
  };
  return {
    id: 'ours (Into)',
    api: '<fn>Into(out, Float64Array inputs, params): the caller\'s preallocated output buffers',
    impl(spec) {
      switch (spec.name) {
        case 'SMA': return one((o) => smaInto(o, c, 20));
        case 'EMA': return one((o) => emaInto(o, c, 20));
        case 'RSI': return one((o) => rsiInto(o, c, 14));
        case 'ATR': return one((o) => atrInto(o, h, l, c, 14));
        case 'ADX': return one((o) => adxInto(o, h, l, c, 14));
        case 'OBV': return one((o) => obvInto(o, c, v));
        case 'MFI': return one((o) => mfiInto(o, h, l, c, v, 14));
        case 'MACD': {
          const out = { macd: buf(), signal: buf(), hist: buf() };
          return { run: () => macdInto(out, c, 12, 26, 9), series: (r) => ({ ...(r as typeof out) }) };
        }
        case 'BBANDS': {
          const out = { upper: buf(), middle: buf(), lower: buf() };
          return { run: () => bbandsInto(out, c, 20, 2, 2, 0), series: (r) => ({ ...(r as typeof out) }) };
        }
        case 'STOCH': {
          const out = { slowK: buf(), slowD: buf() };
          return { run: () => stochInto(out, h, l, c, 14, 3, 0, 3, 0), series: (r) => ({ k: (r as typeof out).slowK, d: (r as typeof out).slowD }) };
        }
        default: return undefined;
      }
    },
  };
}

/** `talib` native binding; the Float64Array → number[] conversion is part of the timed call. */
export function talibLibrary(inp: BenchInputs): Library {
  return {
    id: 'talib',
    api: 'talib.execute({ name, ... }) sync; timing includes Array.from(Float64Array) for each input',
    impl(spec) {
      return { run: () => runTalib(spec, inp.typed, inp.typed.n, (x) => Array.from(x)), series: (r) => talibSeries(r as Parameters<typeof talibSeries>[0]) };
    },
  };
}

/** @ixjb94/indicators: the synchronous class (the default `Indicators` wraps the same code in Promises). */
export function ixjbLibrary(inp: BenchInputs): Library {
  const lib = new IndicatorsSync();
  const { high: h, low: l, close: c, volume: v } = inp.arrays;
  const one = (run: () => number[]): Impl => ({ run, series: (r) => ({ value: r as number[] }) });
  const many = (run: () => number[][], names: readonly string[]): Impl => ({
    run,
    series(r) {
      const rows = r as number[][];
      const s: Series = {};
      names.forEach((n, i) => (s[n] = rows[i]!));
      return s;
    },
  });
  return {
    id: '@ixjb94/indicators',
    api: 'new IndicatorsSync().<fn>(number[] ...)',
    impl(spec) {
      switch (spec.name) {
        case 'SMA': return one(() => lib.sma(c, 20));
        case 'EMA': return one(() => lib.ema(c, 20));
        case 'RSI': return one(() => lib.rsi(c, 14));
        case 'MACD': return many(() => lib.macd(c, 12, 26, 9), ['macd', 'signal', 'hist']);
        case 'BBANDS': return many(() => lib.bbands(c, 20, 2), ['lower', 'middle', 'upper']);
        case 'ATR': return one(() => lib.atr(h, l, c, 14));
        case 'STOCH': return many(() => lib.stoch(h, l, c, 14, 3, 3), ['k', 'd']);
        case 'ADX': return one(() => lib.adx(h, l, 14));
        case 'OBV': return one(() => lib.obv(c, v));
        case 'MFI': return one(() => lib.mfi(h, l, c, v, 14));
        default: return undefined;
      }
    },
  };
}

/** indicatorts: plain functions over number[] (no ADX). */
export function indicatortsLibrary(inp: BenchInputs): Library {
  const { high: h, low: l, close: c, volume: v } = inp.arrays;
  const one = (run: () => number[]): Impl => ({ run, series: (r) => ({ value: r as number[] }) });
  return {
    id: 'indicatorts',
    api: 'its.<fn>(number[] ..., config); its stoch has no %K slowing: its d (SMA3 of fast %K) is compared with slow %K',
    impl(spec) {
      switch (spec.name) {
        case 'SMA': return one(() => its.sma(c, { period: 20 }));
        case 'EMA': return one(() => its.ema(c, { period: 20 }));
        case 'RSI': return one(() => its.rsi(c, { period: 14 }));
        case 'MACD':
          return {
            run: () => its.macd(c, { fast: 12, slow: 26, signal: 9 }),
            series: (r) => {
              const m = r as its.MACDResult;
              return { macd: m.macdLine, signal: m.signalLine };
            },
          };
        case 'BBANDS':
          return { run: () => its.bb(c, { period: 20 }), series: (r) => ({ ...(r as its.BBResult) }) };
        case 'ATR': return { run: () => its.atr(h, l, c, { period: 14 }), series: (r) => ({ value: (r as its.ATRResult).atrLine }) };
        case 'STOCH': return { run: () => its.stoch(h, l, c, { kPeriod: 14, dPeriod: 3 }), series: (r) => ({ k: (r as its.StochResult).d }) };
        case 'OBV': return one(() => its.obv(c, v));
        case 'MFI': return one(() => its.mfi(h, l, c, v, { period: 14 }));
        default: return undefined;
      }
    },
  };
}

/**
 * trading-signals: streaming classes only, no batch API. Fastest path: a loop of `update(x, false)`
 * (what `add` does) storing each result in a preallocated Float64Array; candle indicators get
 * prebuilt `{ open, high, low, close, volume }` objects.
 */
export function tradingSignalsLibrary(inp: BenchInputs): Library {
  const c = inp.arrays.close;
  const candles = inp.candles;
  const n = c.length;
  const scalar = (make: () => { update(x: number, replace: boolean): number | null }): Impl => ({
    run() {
      const ind = make();
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = ind.update(c[i]!, false) ?? NaN;
      return out;
    },
    series: (r) => ({ value: r as Float64Array }),
  });
  const candle = (make: () => { update(x: (typeof candles)[number], replace: boolean): number | null }): Impl => ({
    run() {
      const ind = make();
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = ind.update(candles[i]!, false) ?? NaN;
      return out;
    },
    series: (r) => ({ value: r as Float64Array }),
  });
  return {
    id: 'trading-signals',
    api: 'streaming only: loop of ind.update(x, false) (= add) into a Float64Array; candle objects prebuilt',
    impl(spec) {
      switch (spec.name) {
        case 'SMA': return scalar(() => new ts.SMA(20));
        case 'EMA': return scalar(() => new ts.EMA(20));
        case 'RSI': return scalar(() => new ts.RSI(14));
        case 'MACD':
          return {
            run() {
              const ind = new ts.MACD(new ts.EMA(12), new ts.EMA(26), new ts.EMA(9));
              const macd = new Float64Array(n);
              const signal = new Float64Array(n);
              const hist = new Float64Array(n);
              for (let i = 0; i < n; i++) {
                const r = ind.update(c[i]!, false);
                macd[i] = r ? r.macd : NaN;
                signal[i] = r ? r.signal : NaN;
                hist[i] = r ? r.histogram : NaN;
              }
              return { macd, signal, hist };
            },
            series: (r) => ({ ...(r as Series) }),
          };
        case 'BBANDS':
          return {
            run() {
              const ind = new ts.BollingerBands(20, 2);
              const upper = new Float64Array(n);
              const middle = new Float64Array(n);
              const lower = new Float64Array(n);
              for (let i = 0; i < n; i++) {
                const r = ind.update(c[i]!, false);
                upper[i] = r ? r.upper : NaN;
                middle[i] = r ? r.middle : NaN;
                lower[i] = r ? r.lower : NaN;
              }
              return { upper, middle, lower };
            },
            series: (r) => ({ ...(r as Series) }),
          };
        case 'ATR': return candle(() => new ts.ATR(14));
        case 'STOCH':
          return {
            run() {
              const ind = new ts.StochasticOscillator({ kPeriod: 14, kSlowingPeriod: 3, dPeriod: 3 });
              const k = new Float64Array(n);
              const d = new Float64Array(n);
              for (let i = 0; i < n; i++) {
                const r = ind.update(candles[i]!, false);
                k[i] = r ? r.stochK : NaN;
                d[i] = r ? r.stochD : NaN;
              }
              return { k, d };
            },
            series: (r) => ({ ...(r as Series) }),
          };
        case 'ADX': return candle(() => new ts.ADX(14));
        case 'OBV': return candle(() => new ts.OBV(2));
        case 'MFI': return candle(() => new ts.MFI(14));
        default: return undefined;
      }
    },
  };
}

/** technicalindicators: the lower-case batch functions (generator-based internally), number[] inputs. */
export function technicalIndicatorsLibrary(inp: BenchInputs): Library {
  const { high, low, close, volume } = inp.arrays;
  const one = (run: () => number[]): Impl => ({ run, series: (r) => ({ value: r as number[] }) });
  return {
    id: 'technicalindicators',
    api: 'ti.<fn>({ values | high, low, close, volume, period ... }); its stochastic has no %K slowing: d compared with slow %K',
    impl(spec) {
      switch (spec.name) {
        case 'SMA': return one(() => ti.sma({ period: 20, values: close }));
        case 'EMA': return one(() => ti.ema({ period: 20, values: close }));
        case 'RSI': return one(() => ti.rsi({ period: 14, values: close }));
        case 'MACD':
          return {
            run: () => ti.macd({ values: close, fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, SimpleMAOscillator: false, SimpleMASignal: false }),
            series(r) {
              const rows = r as ReturnType<typeof ti.macd>;
              return { macd: pluck(rows, 'MACD'), signal: pluck(rows, 'signal'), hist: pluck(rows, 'histogram') };
            },
          };
        case 'BBANDS':
          return {
            run: () => ti.bollingerbands({ period: 20, stdDev: 2, values: close }),
            series(r) {
              const rows = r as ReturnType<typeof ti.bollingerbands>;
              return { upper: pluck(rows, 'upper'), middle: pluck(rows, 'middle'), lower: pluck(rows, 'lower') };
            },
          };
        case 'ATR': return one(() => ti.atr({ high, low, close, period: 14 }));
        case 'STOCH':
          return {
            run: () => ti.stochastic({ high, low, close, period: 14, signalPeriod: 3 }),
            series: (r) => ({ k: pluck(r as ReturnType<typeof ti.stochastic>, 'd') }),
          };
        case 'ADX':
          return { run: () => ti.adx({ high, low, close, period: 14 }), series: (r) => ({ value: pluck(r as ReturnType<typeof ti.adx>, 'adx') }) };
        case 'OBV': return one(() => ti.obv({ close, volume }));
        case 'MFI': return one(() => ti.mfi({ high, low, close, volume, period: 14 }));
        default: return undefined;
      }
    },
  };
}

/** Peer columns in table order. */
export function peerLibraries(inp: BenchInputs): Library[] {
  return [ixjbLibrary(inp), indicatortsLibrary(inp), tradingSignalsLibrary(inp), technicalIndicatorsLibrary(inp), tulindLibrary(inp), talibLibrary(inp)];
}

export type { BenchSpec };
