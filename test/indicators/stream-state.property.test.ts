/**
 * Property tests of the indicator streams' state (issue 13, items 6 and 7), for every indicator of the registry with
 * its default parameters and its smallest ones:
 *
 * - round trip: any state a stream reaches on random valid series survives toJSON -> JSON -> fromJSON, and the
 *   restored stream continues bit-identically;
 * - tampering: a serialized state with any field, element, nested state, argument or the indicator replaced by a
 *   hostile value (./hostile.ts) or a nearby number, removed, or joined by an unknown field either gives a
 *   `StateError` (INVALID_STATE, a short message naming the indicator) or restores faithfully a state the stream
 *   recovers from: fed enough further candles, it never throws and is defined wherever the untampered stream is
 *   (a tampered ring position, count, period or "no value yet" marker used to give NaN forever);
 * - inputs: a hostile input to `next` or `peek` throws INVALID_PARAMETER and leaves toJSON() unchanged;
 * - configuration: a state field that no candle ever changes (configuration derived from the constructor arguments)
 *   has a rule in `stateRules`, so a restore checks it, and a field declared FIXED never changes.
 *
 * Set FC_SEED (and FC_RUNS, a multiplier of the number of runs) to explore other random cases; the default seed keeps
 * `npm test` deterministic.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INDICATORS } from '../../src/indicators/registry.js';
import { AlphaError } from '../../src/core/errors.js';
import type { FieldRule, SerializedStream, StateRules } from '../../src/core/stream.js';
import type { IndicatorDefinition, IndicatorMeta, IndicatorParams, IndicatorStream, InputName } from '../../src/indicators/types.js';
import { HOSTILE_CANDLES, HOSTILE_NUMBERS, HOSTILE_STATE_VALUES } from '../support/hostile.js';
import { call, streamArgs, takesCandle, values } from './harness.js';

const SEED = Number(process.env.FC_SEED ?? 13);
/** FC_RUNS multiplies the number of runs, to explore further. */
const RUNS = Number(process.env.FC_RUNS ?? 1);
type Inputs = Record<InputName, Float64Array>;
interface Restorable {
  fromJSON(json: unknown): IndicatorStream;
}

/** A small deterministic generator (mulberry32), so one fast-check integer describes a whole series. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random walk of valid candles at price scale `scale`: some flat, some without volume. */
function series(seed: number, n: number, scale: number): Inputs {
  const r = rng(seed);
  const col = () => new Float64Array(n);
  const s = { open: col(), high: col(), low: col(), close: col(), volume: col(), real: col(), real0: col(), real1: col(), periods: col() };
  let price = scale;
  let other = scale * 2;
  for (let i = 0; i < n; i++) {
    const flat = r() < 0.1;
    const open = price;
    price = flat ? price : price * (1 + (r() - 0.5) * 0.04);
    other = other * (1 + (r() - 0.5) * 0.03);
    s.open[i] = open;
    s.close[i] = price;
    s.high[i] = flat ? price : Math.max(open, price) * (1 + r() * 0.01);
    s.low[i] = flat ? price : Math.min(open, price) * (1 - r() * 0.01);
    s.volume[i] = flat || r() < 0.1 ? 0 : r() * 1000;
    s.real1[i] = other;
    s.periods[i] = 2 + Math.floor(r() * 40);
  }
  s.real = s.real0 = s.close;
  return s;
}

const seriesArb = fc.record({ seed: fc.integer(), scale: fc.constantFrom(1e-3, 1, 100, 1e5) });

/**
 * Defaults, the smallest parameters (MA types at their default), and for indicators taking MA types, each other
 * type (every MA-type parameter set to it), which nests a different kind of stream.
 */
function configurations(meta: IndicatorMeta): IndicatorParams[] {
  const isMaType = (p: IndicatorMeta['params'][number]) => p.talib.includes('MAType');
  const defaults = Object.fromEntries(meta.params.map((p) => [p.name, p.default]));
  const smallest = Object.fromEntries(meta.params.map((p) => [p.name, isMaType(p) ? p.default : Math.max(p.min, Math.min(p.default, p.integer ? 2 : p.min))]));
  const types = meta.params.some(isMaType) ? [1, 2, 3, 4, 5, 6, 7, 8].map((t) => Object.fromEntries(meta.params.map((p) => [p.name, isMaType(p) ? t : p.default]))) : [];
  const all = [defaults, smallest, ...types];
  return all.filter((c, i) => all.findIndex((d) => JSON.stringify(d) === JSON.stringify(c)) === i);
}

/** Bars after which every output is defined: the lookback, with room for the slowest recursions to settle. */
function horizon(meta: IndicatorMeta, params: IndicatorParams): number {
  return 3 * meta.lookback(params) + 60;
}

function feed(meta: IndicatorMeta, stream: IndicatorStream, inputs: Inputs, from: number, to: number): number[][] {
  const out: number[][] = [];
  for (let i = from; i < to; i++) out.push(values(meta, call(stream, 'next', streamArgs(meta, inputs, i))));
  return out;
}

function restore(stream: IndicatorStream, json: unknown): IndicatorStream {
  return (stream.constructor as unknown as Restorable).fromJSON(json);
}

const jsonOf = (stream: IndicatorStream): SerializedStream => JSON.parse(JSON.stringify(stream.toJSON())) as SerializedStream;

/** Every place of a serialized state a tamper can hit: a field, an array element, a nested state, the header. */
type Path = readonly (string | number)[];
function paths(value: unknown, at: Path = []): Path[] {
  if (Array.isArray(value)) return [at, ...value.slice(0, 8).map((_, i) => [...at, i])];
  if (typeof value === 'object' && value !== null) return [...(at.length > 0 ? [at] : []), ...Object.entries(value).flatMap(([k, v]) => paths(v, [...at, k]))];
  return [at];
}

function get(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root);
}

/** How a tamper changes the value at its path. */
type Tamper = { readonly value: unknown } | { readonly op: keyof typeof OPS };

/** Changes relative to the current value (a number; anything else counts as 0), and structural changes. */
const OPS = {
  plusOne: (n: number) => n + 1,
  minusOne: (n: number) => n - 1,
  negate: (n: number) => 0 - n,
  double: (n: number) => n * 2,
  half: (n: number) => n / 2,
  plusHalf: (n: number) => n + 0.5,
  nudge: (n: number) => n + Math.abs(n) * 1e-9 + 1e-12,
  remove: () => undefined,
  extraField: () => undefined,
} as const;

const tamperArb: fc.Arbitrary<Tamper> = fc.oneof(
  fc.constantFrom(...HOSTILE_STATE_VALUES.map(([, value]) => ({ value }))),
  fc.constantFrom(...(Object.keys(OPS) as (keyof typeof OPS)[]).map((op) => ({ op }))),
);

/** Applies `t` at `path` of `root` and returns a description for failure messages. */
function tamper(root: unknown, path: Path, t: Tamper): string {
  const parent = get(root, path.slice(0, -1)) as Record<string | number, unknown>;
  const key = path[path.length - 1]!;
  const at = JSON.stringify(path);
  if ('value' in t) {
    parent[key] = t.value;
    return `${at} = ${typeof t.value === 'object' ? JSON.stringify(t.value)?.slice(0, 40) : String(t.value)}`;
  }
  if (t.op === 'remove') delete parent[key];
  else if (t.op === 'extraField') {
    const target = typeof parent[key] === 'object' && parent[key] !== null ? (parent[key] as Record<string, unknown>) : parent;
    if (Array.isArray(target)) target.push(1);
    else target.bogus = 1;
  }
  else parent[key] = OPS[t.op](typeof parent[key] === 'number' ? (parent[key] as number) : 0);
  return `${at} ${t.op} -> ${JSON.stringify(parent[key])?.slice(0, 40)}`;
}

describe.each(INDICATORS.map((d) => [d.meta.name, d] as const))('%s', (_name, def: IndicatorDefinition) => {
  const { meta } = def;

  it.each(configurations(meta).map((p) => [JSON.stringify(p), p] as const))('round-trips any reachable state with %s', (_label, params) => {
    const n = horizon(meta, params) + 40;
    fc.assert(
      fc.property(seriesArb, fc.integer({ min: 0, max: n }), ({ seed, scale }, cut) => {
        const inputs = series(seed, n, scale);
        const stream = def.stream(params);
        feed(meta, stream, inputs, 0, cut);
        const json = jsonOf(stream);
        const restored = restore(stream, json);
        expect(jsonOf(restored)).toEqual(json);
        expect(feed(meta, restored, inputs, cut, n)).toEqual(feed(meta, stream, inputs, cut, n));
      }),
      { seed: SEED, numRuns: 6 * RUNS },
    );
  });

  it.each(configurations(meta).map((p) => [JSON.stringify(p), p] as const))('rejects or recovers from any tampered state with %s', (_label, params) => {
    const settle = horizon(meta, params);
    const n = settle * 2 + 40;
    const base = def.stream(params);
    const where = paths(base.toJSON());
    fc.assert(
      fc.property(
        seriesArb,
        fc.integer({ min: 0, max: settle + 20 }),
        fc.constantFrom(...where),
        tamperArb,
        ({ seed, scale }, cut, path, t) => {
          const inputs = series(seed, n, scale);
          const stream = def.stream(params);
          feed(meta, stream, inputs, 0, cut);
          const json = jsonOf(stream);
          const what = tamper(json, path, t);
          const value = 'value' in t ? t.value : get(json, path);
          // a finite but extreme value is a state that extreme inputs reach too, and it overflows as batch would
          const extreme = typeof value === 'number' && Math.abs(value) >= 1e100;
          let restored: IndicatorStream;
          try {
            restored = restore(stream, json);
          } catch (e) {
            expect(e, `${what}: ${String(e)}`).toBeInstanceOf(AlphaError);
            expect((e as AlphaError).code, (e as Error).message).toBe('INVALID_STATE');
            expect((e as AlphaError).message.length).toBeLessThanOrEqual(AlphaError.MAX_MESSAGE);
            return;
          }
          expect(jsonOf(restored), `${what}: a restore writes what it accepts`).toEqual(json);
          const tampered = feed(meta, restored, inputs, cut, cut + settle).at(-1);
          const reference = feed(meta, stream, inputs, cut, cut + settle).at(-1);
          if (tampered === undefined || reference === undefined || extreme) return;
          reference.forEach((want, k) => {
            const got = tampered[k]!;
            expect(Number.isNaN(got) && !Number.isNaN(want), `${what} leaves ${meta.outputs[k]!.name} NaN`).toBe(false);
            expect(Math.abs(got), `${what} makes ${meta.outputs[k]!.name} infinite`).not.toBe(Infinity);
          });
        },
      ),
      { seed: SEED, numRuns: 60 * RUNS },
    );
  });

  it('rejects hostile next/peek inputs and keeps its state', () => {
    const params = configurations(meta)[0]!;
    const n = horizon(meta, params);
    const hostile = takesCandle(meta)
      ? HOSTILE_CANDLES.filter(([, c]) => !meta.inputs.every((f) => Number.isFinite((c as Record<string, unknown> | null)?.[f]))).map(([, c]) => (_: unknown[]) => [c])
      : meta.inputs.flatMap((_, k) => HOSTILE_NUMBERS.map(([, v]) => (good: unknown[]) => good.map((g, j) => (j === k ? v : g))));
    fc.assert(
      fc.property(seriesArb, fc.integer({ min: 0, max: n }), fc.constantFrom(...hostile), fc.constantFrom('next' as const, 'peek' as const), ({ seed, scale }, cut, make, method) => {
        const inputs = series(seed, n + 1, scale);
        const stream = def.stream(params);
        feed(meta, stream, inputs, 0, cut);
        const before = JSON.stringify(stream.toJSON());
        let caught: unknown;
        try {
          call(stream, method, make(streamArgs(meta, inputs, cut)));
        } catch (e) {
          caught = e;
        }
        expect((caught as AlphaError | undefined)?.code).toBe('INVALID_PARAMETER');
        expect(JSON.stringify(stream.toJSON())).toBe(before);
      }),
      { seed: SEED, numRuns: 25 * RUNS },
    );
  });

  it('declares every field no candle changes (configuration) and never changes a FIXED one', () => {
    const params = configurations(meta)[0]!;
    const n = horizon(meta, params) * 2 + 200;
    const inputs = series(7, n, 100);
    const stream = def.stream(params);
    const fresh = jsonOf(stream).state;
    const changed = new Set<string>();
    for (let i = 0; i < n; i++) {
      feed(meta, stream, inputs, i, i + 1);
      diff(fresh, jsonOf(stream).state, '', changed);
    }
    const undeclared: string[] = [];
    const fixedChanged: string[] = [];
    visit(stream, '', (path, field, rule) => {
      if (!changed.has(path) && rule === undefined) undeclared.push(path);
      if (changed.has(path) && !Array.isArray(rule) && (rule as FieldRule | undefined)?.fixed === true) fixedChanged.push(path);
      void field;
    });
    expect(undeclared, 'unchanging fields without a state rule').toEqual([]);
    expect(fixedChanged, 'FIXED fields that changed').toEqual([]);
  });
});

/** Adds to `out` the paths (field level) where `a` and `b` differ. */
function diff(a: Record<string, unknown>, b: Record<string, unknown>, at: string, out: Set<string>): void {
  for (const [k, v] of Object.entries(a)) {
    const w = b[k];
    const path = `${at}${k}`;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) diff(v as Record<string, unknown>, w as Record<string, unknown>, `${path}.`, out);
    else if (JSON.stringify(v) !== JSON.stringify(w)) out.add(path);
  }
}

/** Calls `f` on every state field of `stream` and its nested streams with the rule the stream declares for it. */
function visit(stream: unknown, at: string, f: (path: string, field: string, rule: FieldRule | readonly FieldRule[] | undefined) => void): void {
  const s = stream as { keys(): string[]; stateRules(): StateRules } & Record<string, unknown>;
  const rules = s.stateRules();
  for (const k of s.keys()) {
    const v = s[k];
    if (typeof v === 'object' && v !== null && !ArrayBuffer.isView(v)) {
      if (typeof (v as { keys?: unknown }).keys === 'function' && typeof (v as { toJSON?: unknown }).toJSON === 'function') visit(v, `${at}${k}.`, f);
      continue;
    }
    if (ArrayBuffer.isView(v) && (v as Float64Array).length === 0) continue;
    f(`${at}${k}`, k, rules[k]);
  }
}
