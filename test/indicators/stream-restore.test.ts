/**
 * Stream restores and inputs (issue 13, items 6, 7 and 9): the reproductions, `restoreStreamState` on an
 * existing stream, and a sweep of every hostile state value (./hostile.ts) into every field of every indicator's
 * state, each of which must give a `StateError` or a stream that goes on without throwing.
 */
import { describe, expect, it } from 'vitest';
import { INDICATORS } from '../../src/indicators/registry.js';
import { AlphaError, InvalidParameterError, StateError } from '../../src/core/errors.js';
import { restoreStreamState, type BaseStream, type SerializedStream } from '../../src/core/stream.js';
import { RsiStream, rsiMeta } from '../../src/indicators/momentum/rsi.js';
import { SmaStream } from '../../src/indicators/overlap/sma.js';
import { StochStream } from '../../src/indicators/momentum/stoch.js';
import { MavpStream } from '../../src/indicators/overlap/mavp.js';
import { MacdStream } from '../../src/indicators/momentum/macd.js';
import { DemaStream } from '../../src/indicators/overlap/dema.js';
import type { IndicatorStream } from '../../src/indicators/types.js';
import { SERIES } from '../support/series.js';
import { HOSTILE_STATE_VALUES } from '../support/hostile.js';
import { call, expectCode, streamArgs } from './harness.js';

const close = SERIES[0]!.inputs.close;
const json = (s: { toJSON(): unknown }): SerializedStream => JSON.parse(JSON.stringify(s.toJSON())) as SerializedStream;
const fed = <T extends { next(x: number): unknown }>(s: T, n: number): T => {
  for (let i = 0; i < n; i++) s.next(close[i]!);
  return s;
};

function withState(j: SerializedStream, field: string, value: unknown): SerializedStream {
  return { ...j, state: { ...j.state, [field]: value } };
}

describe('the issue reproductions', () => {
  it('a tampered RSI period (state or arguments) is a StateError naming the field', () => {
    const saved = json(fed(new RsiStream(14), 30));
    const e = expectCode(() => RsiStream.fromJSON(withState(saved, 'period', -5)), 'INVALID_STATE');
    expect(e.message).toBe('RSI.period: must be 14 (set by the constructor), got -5');
    const a = expectCode(() => RsiStream.fromJSON({ ...saved, args: [-5] }), 'INVALID_STATE');
    expect(a.message).toContain('RSI.period: must be an integer in [2, 100000], got -5');
  });

  it('an SMA head of 1e6 is a StateError naming the field', () => {
    const saved = json(fed(new SmaStream(30), 50));
    expect(expectCode(() => SmaStream.fromJSON(withState(saved, 'head', 1e6)), 'INVALID_STATE').message).toBe('SMA.head: must be an integer in [0, 29], got 1000000');
  });

  it('next(undefined), next("abc") and next({ high: 1 }) are InvalidParameterErrors and change nothing', () => {
    const rsi = fed(new RsiStream(14), 20);
    const before = JSON.stringify(rsi.toJSON());
    for (const bad of [undefined, 'abc']) {
      const e = expectCode(() => rsi.next(bad as unknown as number), 'INVALID_PARAMETER');
      expect(e).toBeInstanceOf(InvalidParameterError);
      expect((e as InvalidParameterError).parameter).toBe('RSI.real');
    }
    expect(JSON.stringify(rsi.toJSON())).toBe(before);
    expect(rsi.next(close[20]!), 'the stream goes on as if the bad inputs never came').toBe(fed(new RsiStream(14), 20).next(close[20]!));
    const stoch = new StochStream();
    const e = expectCode(() => stoch.next({ high: 1 } as never), 'INVALID_PARAMETER');
    expect(e.message).toBe('STOCH.candle.low: must be a finite number, got undefined');
    expect(expectCode(() => stoch.peek(undefined as never), 'INVALID_PARAMETER').message).toBe(
      'STOCH.candle: expected a candle with finite high, low, close, got undefined',
    );
  });

  it('meta.lookback() takes the defaults; bad parameters are typed errors', () => {
    expect(rsiMeta.lookback()).toBe(14);
    expect(rsiMeta.lookback({ period: 20 })).toBe(20);
    expect(expectCode(() => rsiMeta.lookback({ period: -5 }), 'INVALID_PARAMETER').message).toBe('RSI.period: must be an integer in [2, 100000], got -5');
    expect(expectCode(() => rsiMeta.lookback(null as never), 'INVALID_PARAMETER').message).toBe('RSI.params: expected an object of parameters, got null');
  });
});

describe('restores', () => {
  it('round-trip -0, NaN and infinities exactly', () => {
    const sma = new SmaStream(3);
    for (const x of [-0, -0, 1]) sma.next(x);
    const saved = json(sma);
    expect(saved.state.window).toEqual(['-0', '-0', 1]);
    const restored = SmaStream.fromJSON(saved);
    expect(Object.is((restored as unknown as { window: Float64Array }).window[0], -0)).toBe(true);
    expect(restored.next(2)).toBe(sma.next(2));
  });

  it('restoreStreamState writes a valid state into an existing stream and leaves it unchanged on a bad one', () => {
    const source = fed(new MacdStream(), 60);
    const target = fed(new MacdStream(), 10);
    const before = JSON.stringify(target.toJSON());
    const saved = json(source);
    const nested = saved.state.fast as Record<string, unknown>;
    const bad = { ...saved, state: { ...saved.state, fast: { ...nested, count: 99 } } };
    expect(() => restoreStreamState(target as unknown as BaseStream<never[], unknown>, bad)).toThrow(StateError);
    expect(JSON.stringify(target.toJSON()), 'a failed restore writes nothing').toBe(before);
    expect(() => restoreStreamState(target as unknown as BaseStream<never[], unknown>, { ...saved, args: [12, 26, 10] })).toThrow(/MACD\.args/);
    restoreStreamState(target as unknown as BaseStream<never[], unknown>, saved);
    expect(target.next(close[60]!)).toEqual(source.next(close[60]!));
  });

  it('check a composite against its nested streams: a cold producer must not be fed onwards', () => {
    const dema = json(fed(new DemaStream(10), 12));
    const ema1 = dema.state.ema1 as Record<string, unknown>;
    const e = expectCode(() => DemaStream.fromJSON({ ...dema, state: { ...dema.state, ema1: { ...ema1, count: 2, sum: 1 } } }), 'INVALID_STATE');
    expect(e.message).toBe('DEMA.count: must be an integer in [0, 2] (a nested stream it feeds on is not warm enough), got 12');
  });

  it('reject unknown fields, other arguments and foreign states', () => {
    const saved = json(fed(new SmaStream(10), 20));
    expect(expectCode(() => SmaStream.fromJSON(withState(saved, 'bogus', 1)), 'INVALID_STATE').message).toBe('SMA.bogus: not a state field of SMA');
    expect(expectCode(() => SmaStream.fromJSON({ ...saved, extra: true }), 'INVALID_STATE').message).toContain('SMA.extra');
    expect(expectCode(() => SmaStream.fromJSON({ ...saved, args: [] }), 'INVALID_STATE').message).toContain('SMA.args');
    expect(expectCode(() => SmaStream.fromJSON({ ...saved, args: Array.from({ length: 1e6 }, () => 10) }), 'INVALID_STATE').message.length).toBeLessThan(200);
    expect(expectCode(() => RsiStream.fromJSON(saved), 'INVALID_STATE').message).toBe('RSI: serialized state is for "SMA", not RSI');
    expect(expectCode(() => SmaStream.fromJSON(withState(saved, 'window', 'x'.repeat(1e6))), 'INVALID_STATE').message.length).toBeLessThan(200);
  });

  it('bound what a hostile MAVP configuration may allocate', () => {
    expectCode(() => new MavpStream(2, 100000), 'INVALID_PARAMETER');
    expectCode(() => MavpStream.fromJSON({ indicator: 'MAVP', args: [2, 100000, 0], state: {} }), 'INVALID_STATE');
  });
});

describe.each(INDICATORS.map((d) => [d.meta.name, d] as const))('%s: every hostile value in every state field', (_name, def) => {
  it('is a StateError or a stream that goes on', () => {
    const { meta } = def;
    const inputs = SERIES[0]!.inputs;
    const stream = def.stream();
    const n = meta.lookback() + 5;
    for (let i = 0; i < n; i++) call(stream, 'next', streamArgs(meta, inputs, i));
    const saved = json(stream);
    const Ctor = stream.constructor as unknown as { fromJSON(j: unknown): IndicatorStream };
    let rejected = 0;
    const all = leaves(saved.state, []);
    const step = Math.ceil(all.length / 80); // MAVP nests 29 averages: every field kind, not every copy
    const paths = all.filter((_, i) => i % step === 0);
    for (const path of paths) {
      for (const [label, value] of [...HOSTILE_STATE_VALUES, ['removed', undefined] as const]) {
        const tampered = structuredClone(saved);
        const parent = path.slice(0, -1).reduce<Record<string | number, unknown>>((o, k) => o[k] as Record<string | number, unknown>, tampered.state);
        if (value === undefined) delete parent[path[path.length - 1]!];
        else parent[path[path.length - 1]!] = value;
        let restored: IndicatorStream;
        try {
          restored = Ctor.fromJSON(tampered);
        } catch (e) {
          if (!(e instanceof StateError)) throw new Error(`${meta.name} ${path.join('.')} = ${label}: ${String(e)}`);
          expect((e as AlphaError).message.length).toBeLessThanOrEqual(AlphaError.MAX_MESSAGE);
          rejected++;
          continue;
        }
        call(restored, 'next', streamArgs(meta, inputs, n));
        call(restored, 'peek', streamArgs(meta, inputs, n + 1));
      }
    }
    expect(rejected > 0 || paths.length === 0, 'some hostile value is rejected').toBe(true);
  });
});

/** Paths of the fields and of the first and last elements of the arrays of a serialized state. */
function leaves(state: unknown, at: (string | number)[]): (string | number)[][] {
  if (Array.isArray(state)) return state.length === 0 ? [at] : [at, [...at, 0], [...at, state.length - 1]];
  if (typeof state === 'object' && state !== null) return [...(at.length > 0 ? [at] : []), ...Object.entries(state).flatMap(([k, v]) => leaves(v, [...at, k]))];
  return [at];
}
