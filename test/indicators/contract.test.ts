/**
 * The shared indicator contract. Every indicator in INDICATORS runs here; none can opt out.
 * - series: the simulated fixtures (test/support/series.ts), the real-market-shaped candles (1m, 5m, 1h; prices
 *   near 1e-3 and 1e5; one candle in five flat; zero-volume runs; filled gaps) and the degenerate ones (every
 *   candle flat; no volume at all), see ./market-series.ts;
 * - parity: batch equals TA-Lib C (npm `talib`) on every series and parameter set: same first valid
 *   index, same NaN positions, values within 1e-9 relative (absolute floor 1e-12 x the output's largest value),
 *   never an infinity;
 * - lookback: meta.lookback(params) equals TA-Lib's begIndex;
 * - stream: next() is bit-identical (Object.is) to batch at every index; peek() of another value leaves the
 *   state untouched; peek(x) equals next(x); toJSON/fromJSON through a JSON string resumes identically. A stream
 *   sees only the candles up to t, so stream = batch is also the no-lookahead check;
 * - NaN (the 'nan-in-close' series): batch keeps TA-Lib's NaN semantics (the parity check above runs on it), while a
 *   stream rejects a bar with a non-finite input it reads: next() and peek() throw INVALID_PARAMETER and the state
 *   (toJSON) is unchanged, so the stream goes on bit-identical to batch over the series without that bar;
 * - errors: every out-of-range, NaN, non-integer or unknown parameter (to compute, stream and meta.lookback), every
 *   malformed input series or parameter object, and every non-finite or missing stream input is a typed error.
 */
import { describe, expect, it } from 'vitest';
import { INDICATORS } from '../../src/indicators/registry.js';
import { HOSTILE_CANDLES, HOSTILE_NUMBERS, HOSTILE_PARAMS, HOSTILE_SERIES } from '../support/hostile.js';
import type { IndicatorDefinition, IndicatorMeta, IndicatorParams, IndicatorStream, InputName } from '../../src/indicators/types.js';
import { call, expectCode, paramSets, streamArgs, takesCandle, values } from './harness.js';
import { SERIES as SIMULATED, type TestSeries } from '../support/series.js';
import { DEGENERATE_SERIES, MARKET_SERIES } from './market-series.js';
import { runTalib } from './talib-oracle.js';

const SERIES: readonly TestSeries[] = [...SIMULATED, ...MARKET_SERIES, ...DEGENERATE_SERIES];

function perturbed(args: unknown[]): unknown[] {
  return args.map((a) => {
    if (typeof a === 'number') return a * 1.37 + 1;
    const c = a as Record<string, number>;
    return { ...c, open: c.open! * 0.9, high: c.high! * 1.5, low: c.low! * 0.5, close: c.close! * 1.2, volume: c.volume! * 3 + 1 };
  });
}

function close(a: number, b: number, floor: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) + floor;
}

function checkParity(def: IndicatorDefinition, s: TestSeries, params: IndicatorParams): void {
  const { meta } = def;
  const ours = def.compute(s.inputs, params);
  const ref = runTalib(meta, s.inputs, params);
  const n = s.inputs.close.length;
  if (ref.nbElement > 0) expect(meta.lookback(params), 'lookback = TA-Lib begIndex').toBe(ref.begIndex);
  for (const o of meta.outputs) {
    const a = ours[o.name]!;
    const b = ref.outputs[o.name]!;
    expect(a.length, `${o.name} length`).toBe(n);
    let maxAbs = 0;
    for (let i = 0; i < n; i++) if (Number.isFinite(b[i]!)) maxAbs = Math.max(maxAbs, Math.abs(b[i]!));
    const floor = 1e-12 * maxAbs;
    for (let i = 0; i < n; i++) {
      if (!close(a[i]!, b[i]!, floor) || Math.abs(a[i]!) === Infinity) {
        throw new Error(`${meta.name} ${JSON.stringify(params)} ${s.name}: ${o.name}[${i}] = ${a[i]} but TA-Lib gives ${b[i]} (begIndex ${ref.begIndex})`);
      }
    }
  }
}

/** Whether every input `meta` reads is finite at each row: the rows a stream accepts. */
function acceptedRows(meta: IndicatorMeta, inputs: Record<InputName, Float64Array>): boolean[] {
  return Array.from(inputs.close, (_, i) => meta.inputs.every((name) => Number.isFinite(inputs[name][i]!)));
}

/** The series without the rows a stream rejects. */
function withoutRejected(inputs: Record<InputName, Float64Array>, accepted: readonly boolean[]): Record<InputName, Float64Array> {
  const out = {} as Record<InputName, Float64Array>;
  for (const k of Object.keys(inputs) as InputName[]) out[k] = inputs[k].filter((_, i) => accepted[i]);
  return out;
}

/** next() and peek() of `args` throw INVALID_PARAMETER naming the indicator, and leave the state as it was. */
function expectRejected(meta: IndicatorMeta, stream: IndicatorStream, args: unknown[]): void {
  const before = JSON.stringify(stream.toJSON());
  for (const method of ['next', 'peek'] as const) {
    const e = expectCode(() => call(stream, method, args), 'INVALID_PARAMETER');
    expect(e.message.startsWith(`${meta.name}.`), e.message).toBe(true);
    expect(JSON.stringify(stream.toJSON()), `${method} changed the state`).toBe(before);
  }
}

function checkStream(def: IndicatorDefinition, s: TestSeries, params: IndicatorParams): void {
  const { meta } = def;
  const accepted = acceptedRows(meta, s.inputs);
  const batch = def.compute(accepted.every(Boolean) ? s.inputs : withoutRejected(s.inputs, accepted), params);
  const n = s.inputs.close.length;
  let stream = def.stream(params);
  for (let i = 0, j = 0; i < n; i++) {
    const args = streamArgs(meta, s.inputs, i);
    if (!accepted[i]) {
      expectRejected(meta, stream, args);
      continue;
    }
    if (i % 5 === 1) call(stream, 'peek', perturbed(args));
    const peeked = i % 3 === 0 ? values(meta, call(stream, 'peek', args)) : undefined;
    const got = values(meta, call(stream, 'next', args));
    const at = j++;
    meta.outputs.forEach((o, k) => {
      const want = batch[o.name]![at]!;
      if (!Object.is(got[k], want)) throw new Error(`${meta.name} ${JSON.stringify(params)} ${s.name}: stream ${o.name}[${i}] = ${got[k]}, batch ${want}`);
      if (peeked && !Object.is(peeked[k], got[k])) throw new Error(`${meta.name} ${s.name}: peek ${o.name}[${i}] = ${peeked[k]}, next ${got[k]}`);
    });
    if (i === Math.floor(n / 2)) {
      const Ctor = stream.constructor as unknown as { fromJSON(j: unknown): IndicatorStream };
      stream = Ctor.fromJSON(JSON.parse(JSON.stringify(stream.toJSON())));
    }
  }
}

describe.each(INDICATORS.map((d) => [d.meta.name, d] as const))('%s', (_name, def) => {
  const sets = paramSets(def.meta);

  it.each(sets.map((p) => [JSON.stringify(p), p] as const))('matches TA-Lib and streams bit-exactly with %s', (_label, params) => {
    for (const s of SERIES) {
      checkParity(def, s, params);
      checkStream(def, s, params);
    }
  });

  it('has complete metadata', () => {
    const m = def.meta;
    expect(m.name).toMatch(/^[A-Z0-9_]+$/);
    expect(m.description.length).toBeGreaterThan(3);
    expect(m.outputs.length).toBeGreaterThan(0);
    for (const p of m.params) {
      expect(p.min, `${p.name} min <= default`).toBeLessThanOrEqual(p.default);
      expect(p.default, `${p.name} default <= max`).toBeLessThanOrEqual(p.max);
      expect(p.talib).toMatch(/^optIn/);
    }
  });

  it('rejects bad parameters with INVALID_PARAMETER (compute, stream and meta.lookback)', () => {
    const input = SERIES[0]!.inputs;
    const { meta } = def;
    const everywhere = (params: unknown) => {
      expectCode(() => def.compute(input, params as Partial<IndicatorParams>), 'INVALID_PARAMETER');
      expectCode(() => def.stream(params as Partial<IndicatorParams>), 'INVALID_PARAMETER');
      expectCode(() => meta.lookback(params as Partial<IndicatorParams>), 'INVALID_PARAMETER');
    };
    for (const p of meta.params) {
      const bad = [p.min - 1, p.max + 1, NaN, Infinity, -Infinity, null, '1', true, {}, [p.default], ...(p.integer ? [p.default + 0.5] : [])];
      for (const v of bad) {
        if (typeof v !== 'number' || v > p.max || v < p.min || !Number.isFinite(v) || (p.integer && !Number.isInteger(v))) everywhere({ [p.name]: v });
      }
    }
    for (const [, params] of HOSTILE_PARAMS) everywhere(params);
    const defaults = Object.fromEntries(meta.params.map((p) => [p.name, p.default]));
    expect(meta.lookback(), 'lookback() takes the defaults').toBe(meta.lookback(defaults));
    expect(meta.lookback({}), 'lookback({}) takes the defaults').toBe(meta.lookback(defaults));
  });

  it('rejects missing, mistyped and misaligned inputs', () => {
    const input = SERIES[0]!.inputs;
    for (const inputs of [null, undefined, 'close', [input.close], input.close]) {
      expectCode(() => def.compute(inputs as unknown as typeof input), 'INVALID_PARAMETER');
    }
    for (const name of def.meta.inputs) {
      for (const [, v] of HOSTILE_SERIES) expectCode(() => def.compute({ ...input, [name]: v as Float64Array }), 'INVALID_PARAMETER');
      if (def.meta.inputs.length > 1) expectCode(() => def.compute({ ...input, [name]: input[name].subarray(1) }), 'LENGTH_MISMATCH');
    }
  });

  it('rejects stream inputs that are not finite numbers, leaving the state unchanged', () => {
    const { meta } = def;
    const s = SERIES[0]!.inputs;
    const stream = def.stream();
    const twin = def.stream();
    for (let i = 0; i < 40; i++) {
      call(stream, 'next', streamArgs(meta, s, i));
      call(twin, 'next', streamArgs(meta, s, i));
    }
    const good = streamArgs(meta, s, 40);
    const cases: [string, unknown[]][] = takesCandle(meta)
      ? HOSTILE_CANDLES.filter(([, c]) => !meta.inputs.every((f) => Number.isFinite((c as Record<string, unknown> | null)?.[f]))).map(([name, c]) => [name, [c]])
      : meta.inputs.flatMap((input, k) => HOSTILE_NUMBERS.map(([name, v]): [string, unknown[]] => [`${input} ${name}`, good.map((g, j) => (j === k ? v : g))]));
    expect(cases.length).toBeGreaterThan(10);
    for (const [name, args] of cases) {
      try {
        expectRejected(meta, stream, args);
      } catch (e) {
        throw new Error(`${meta.name} stream given ${name}: ${(e as Error).message}`);
      }
    }
    expect(values(meta, call(stream, 'next', good))).toEqual(values(meta, call(twin, 'next', good)));
  });

  it('restores only its own state', () => {
    const stream = def.stream();
    const Ctor = stream.constructor as unknown as { fromJSON(j: unknown): IndicatorStream };
    expectCode(() => Ctor.fromJSON({ indicator: 'NOPE', args: (stream.toJSON() as { args: unknown[] }).args, state: {} }), 'INVALID_STATE');
    expectCode(() => Ctor.fromJSON(null), 'INVALID_STATE');
  });
});

it('covers the 135 TA-Lib indicators outside the math group: 74 functions and the 61 candlestick patterns', () => {
  const functions = (
    'ACCBANDS BBANDS DEMA EMA HT_TRENDLINE KAMA MA MAMA MAVP MIDPOINT MIDPRICE SAR SAREXT SMA T3 TEMA TRIMA WMA ' +
    'ADX ADXR APO AROON AROONOSC BOP CCI CMO DX IMI MACD MACDEXT MACDFIX MFI MINUS_DI MINUS_DM MOM PLUS_DI PLUS_DM PPO ROC ROCP ROCR ROCR100 RSI STOCH STOCHF STOCHRSI TRIX ULTOSC WILLR ' +
    'ATR NATR TRANGE AD ADOSC OBV HT_DCPERIOD HT_DCPHASE HT_PHASOR HT_SINE HT_TRENDMODE ' +
    'BETA CORREL LINEARREG LINEARREG_ANGLE LINEARREG_INTERCEPT LINEARREG_SLOPE STDDEV TSF VAR AVGPRICE AVGDEV MEDPRICE TYPPRICE WCLPRICE'
  ).split(' ');
  const patterns = (
    '2CROWS 3BLACKCROWS 3INSIDE 3LINESTRIKE 3OUTSIDE 3STARSINSOUTH 3WHITESOLDIERS ABANDONEDBABY ADVANCEBLOCK BELTHOLD ' +
    'BREAKAWAY CLOSINGMARUBOZU CONCEALBABYSWALL COUNTERATTACK DARKCLOUDCOVER DOJI DOJISTAR DRAGONFLYDOJI ENGULFING ' +
    'EVENINGDOJISTAR EVENINGSTAR GAPSIDESIDEWHITE GRAVESTONEDOJI HAMMER HANGINGMAN HARAMI HARAMICROSS HIGHWAVE HIKKAKE ' +
    'HIKKAKEMOD HOMINGPIGEON IDENTICAL3CROWS INNECK INVERTEDHAMMER KICKING KICKINGBYLENGTH LADDERBOTTOM LONGLEGGEDDOJI ' +
    'LONGLINE MARUBOZU MATCHINGLOW MATHOLD MORNINGDOJISTAR MORNINGSTAR ONNECK PIERCING RICKSHAWMAN RISEFALL3METHODS ' +
    'SEPARATINGLINES SHOOTINGSTAR SHORTLINE SPINNINGTOP STALLEDPATTERN STICKSANDWICH TAKURI TASUKIGAP THRUSTING TRISTAR ' +
    'UNIQUE3RIVER UPSIDEGAP2CROWS XSIDEGAP3METHODS'
  )
    .split(' ')
    .map((p) => `CDL${p}`);
  expect(functions).toHaveLength(74);
  expect(patterns).toHaveLength(61);
  expect(INDICATORS.map((d) => d.meta.name).sort()).toEqual([...functions, ...patterns].sort());
  expect(INDICATORS.filter((d) => d.meta.group === 'pattern').map((d) => d.meta.name).sort()).toEqual([...patterns].sort());
});
