/**
 * Property tests of the rolling-moment streams' state and inputs (issue 13, items 6 and 9), on long random series
 * with regime changes (volatility changing 100-fold, constant stretches, levels from 0 and 1e-8 to 1e5), where the
 * running sums and co-moments carry the rounding of every earlier window:
 *
 * - round trip: every state reached restores (the restore rules never refuse a real state) and goes on bit for bit;
 * - tampering: any field or element changed is refused with a `StateError` or restored as written, and then the
 *   outputs are defined and finite wherever the untampered stream's are, one window later;
 * - inputs: a hostile `next`/`peek` argument throws INVALID_PARAMETER and leaves `toJSON()` unchanged.
 *
 * Set FC_SEED to explore other random cases.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AlphaError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { CoMomentsStream, ZScoreStream } from '../../src/synthetic/index.js';
import { HOSTILE_NUMBERS } from '../support/hostile.js';
import { applyChange, changeArb, places } from '../features/tamper.js';

const SEED = Number(process.env.FC_SEED ?? 13);

/**
 * Two series of `n` values around one level (from 1e-8 to 1e5, or 0 as returns are), in regimes of 97 values whose
 * volatility changes up to 100-fold (variance 1e4-fold: calm markets and crashes), with stretches where x, y or both
 * stay constant.
 */
function series(seed: number, n: number): [Float64Array, Float64Array] {
  const rng = new Rng(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const level = [0, 1e-8, 1, 3, 1e5][Math.floor(rng.uniform() * 5)]!;
  const unit = level === 0 ? 1e-2 : level;
  let vol = 0;
  let mode = 0;
  for (let i = 0; i < n; i++) {
    if (i % 97 === 0) {
      vol = unit * [1e-4, 1e-3, 1e-2][Math.floor(rng.uniform() * 3)]!;
      mode = Math.floor(rng.uniform() * 4); // 0 moving, 1 x constant, 2 both constant, 3 y constant
    }
    const e = rng.normal();
    x[i] = (mode === 1 || mode === 2) && i > 0 ? x[i - 1]! : level + vol * e;
    y[i] = (mode === 3 || mode === 2) && i > 0 ? y[i - 1]! : level + vol * (0.6 * e + 0.8 * rng.normal());
  }
  x[0] = NaN; // a warm-up, as log returns have
  y[1] = y[0]!;
  return [x, y];
}

type Stream = CoMomentsStream | ZScoreStream;
const KINDS = [
  { name: 'CoMomentsStream', make: (w: number): Stream => new CoMomentsStream(w), width: 2, restore: (j: unknown): Stream => CoMomentsStream.fromJSON(j) },
  { name: 'ZScoreStream', make: (w: number): Stream => new ZScoreStream(w), width: 1, restore: (j: unknown): Stream => ZScoreStream.fromJSON(j) },
] as const;

function feed(s: Stream, x: Float64Array, y: Float64Array, from: number, to: number, width: number): Float64Array {
  const ins = new Float64Array(width);
  const out = new Float64Array(width);
  for (let i = from; i < to; i++) {
    ins[0] = x[i]!;
    if (width === 2) ins[1] = y[i]!;
    s.next(ins, out);
  }
  return out;
}

const jsonOf = (s: Stream): Record<string, unknown> => JSON.parse(JSON.stringify(s.toJSON())) as Record<string, unknown>;

describe.each(KINDS)('$name', ({ make, width, restore }) => {
  it('restores every state reached on long series with regime changes, and goes on bit for bit', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 2, max: 60 }), (seed, window) => {
        const n = 3000;
        const [x, y] = series(seed, n);
        const s = make(window);
        for (let at = 0; at < n; at += 37) {
          feed(s, x, y, at, Math.min(n, at + 37), width);
          const json = jsonOf(s);
          const r = restore(json);
          expect(jsonOf(r)).toEqual(json);
          const a = feed(restore(json), x, y, at + 37, Math.min(n, at + 74), width);
          const b = feed(r, x, y, at + 37, Math.min(n, at + 74), width);
          expect(Array.from(b)).toEqual(Array.from(a));
        }
      }),
      { seed: SEED, numRuns: 8 },
    );
  });

  it('refuses a tampered state or recovers from it within a window', () => {
    const window = 20;
    const where = places(jsonOf(feed(make(window), ...series(1, 100), 0, 100, width) && make(window)));
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 400 }), fc.constantFrom(...where), changeArb, (seed, cut, path, change) => {
        const [x, y] = series(seed, cut + 3 * window);
        const s = make(window);
        feed(s, x, y, 0, cut, width);
        const json = jsonOf(s);
        const what = applyChange(json, path, change);
        let r: Stream;
        try {
          r = restore(json);
        } catch (e) {
          expect(e, `${what}: ${String(e)}`).toBeInstanceOf(AlphaError);
          expect((e as AlphaError).code, `${what}: ${(e as Error).message}`).toBe('INVALID_STATE');
          return;
        }
        expect(jsonOf(r), `${what}: a restore writes what it accepts`).toEqual(json);
        const want = feed(s, x, y, cut, cut + 3 * window, width);
        const got = feed(r, x, y, cut, cut + 3 * window, width);
        want.forEach((v, k) => {
          if (!Number.isNaN(v)) expect(Number.isNaN(got[k]!), `${what}: output ${k} NaN, reference ${v}`).toBe(false);
          if (Number.isFinite(v)) expect(Number.isFinite(got[k]!), `${what}: output ${k} ${got[k]}, reference ${v}`).toBe(true);
        });
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('rejects hostile next and peek arguments and keeps its state', () => {
    const [x, y] = series(5, 200);
    const hostile = [
      // numbers and other non-arrays in place of the input array (a Float64Array long enough is a valid input)
      ...HOSTILE_NUMBERS.filter(([, v]) => !(v instanceof Float64Array)).map(([name, v]) => [`inputs ${name}`, v, new Float64Array(2)] as const),
      ['inputs an empty Float64Array', new Float64Array(0), new Float64Array(2)],
      ['an infinite value', Float64Array.of(Infinity, 1), new Float64Array(2)],
      ['a NaN after the warm-up', Float64Array.of(NaN, NaN), new Float64Array(2)],
      ['no output array', Float64Array.of(1, 1), undefined],
      ['an output array of 0', Float64Array.of(1, 1), new Float64Array(0)],
      ['a plain output array', Float64Array.of(1, 1), [0, 0]],
    ] as const;
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 199 }), fc.constantFrom(...hostile), fc.constantFrom('next' as const, 'peek' as const), (cut, [name, ins, out], method) => {
        const s = make(10);
        feed(s, x, y, 0, cut, width);
        const before = JSON.stringify(s.toJSON());
        let error: unknown;
        try {
          s[method](ins as Float64Array, out as Float64Array);
        } catch (e) {
          error = e;
        }
        expect(error, `${method}(${name})`).toBeInstanceOf(AlphaError);
        expect((error as AlphaError).code).toBe('INVALID_PARAMETER');
        expect(JSON.stringify(s.toJSON()), `${method}(${name}) changed the state`).toBe(before);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
